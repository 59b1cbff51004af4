"""Where the action server gets "now": the real Montréal clock, or ASSISTANT_NOW for tests."""
from __future__ import annotations

import os
from datetime import datetime

from pilot_program.rules.clock import MONTREAL, montreal_now


def current_time() -> datetime:
    fixed = os.environ.get("ASSISTANT_NOW")
    if fixed:
        moment = datetime.fromisoformat(fixed)
        return moment if moment.tzinfo else moment.replace(tzinfo=MONTREAL)
    return montreal_now()
