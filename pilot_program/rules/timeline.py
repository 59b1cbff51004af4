"""The program's phase on a date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from ..knowledge import Knowledge
from .clock import montreal_today


class Phase(str, Enum):
    NOT_YET_OPEN = "not_yet_open"
    INTAKE_OPEN = "intake_open"
    RUNNING = "running"
    CLOSED = "closed"


@dataclass(frozen=True)
class Timeline:
    launch: date
    first_intake: tuple[date, date]
    second_intake: tuple[date, date]
    end: date


@dataclass(frozen=True)
class PhaseInfo:
    phase: Phase
    today: date
    timeline: Timeline

    @property
    def can_submit_new_application(self) -> bool:
        """Only during an intake window the sources establish; never on or after the end."""
        return self.phase is Phase.INTAKE_OPEN


def timeline(k: Knowledge, cite: bool = False) -> Timeline:
    """The program's dates; read with ``cite``, their sources go to the answer's footer (see ``citing``), in
    the order the dates come."""
    launch = k.fact("timeline.launch", cite)
    first, second = k.fact("timeline.first_intake", cite), k.fact("timeline.second_intake", cite)
    return Timeline(
        launch=date.fromisoformat(launch["value"]),
        first_intake=(date.fromisoformat(first["start"]), date.fromisoformat(first["end"])),
        second_intake=(date.fromisoformat(second["start"]), date.fromisoformat(second["end"])),
        end=date.fromisoformat(k.fact("timeline.end", cite)["value"]),
    )


def program_phase(k: Knowledge, now: datetime) -> PhaseInfo:
    """Phase on Montréal's date: intake windows are the two the sources establish; between
    them and until the end the program ran (whether it was receiving is not known here)."""
    today = montreal_today(now)
    t = timeline(k)
    if today < t.launch:
        phase = Phase.NOT_YET_OPEN
    elif today >= t.end:
        phase = Phase.CLOSED
    elif any(start <= today <= end for start, end in (t.first_intake, t.second_intake)):
        phase = Phase.INTAKE_OPEN
    else:
        phase = Phase.RUNNING
    return PhaseInfo(phase=phase, today=today, timeline=t)


def submitted_before_closure(k: Knowledge, submission_date: date) -> bool:
    return submission_date < timeline(k).end
