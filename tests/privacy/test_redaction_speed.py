"""One message cannot stall a replica: redaction is linear in the length of the text, the store
scans at most what the NLU reads, and the event loop keeps beating while the largest hostile
messages are saved. Absolute times are measured by ``python -m tools.measuring.bench.redaction``; here, only
ratios and a heartbeat with a wide margin."""
from __future__ import annotations

import asyncio
import time

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from pilot_program.text import MAX_CHARS
from privacy.events import CUT_MARK, redact_event
from privacy.redaction import find
from rasa_server.channels.base import DEFAULT_MAX_REQUEST_BYTES
from rasa_server.stores.tracker_store import RedactingTrackerStore
from tools.measuring.adversarial import ADVERSARIAL

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

SMALL, LARGE = 8 * 1024, 32 * 1024  # four times longer: a linear scan takes about four times longer
HEARTBEAT = 0.01  # seconds between two beats of the test's event loop
MAX_GAP = 0.5  # the longest the loop may go without beating while a message is saved


def _seconds(text: str) -> float:
    started = time.perf_counter()
    find(text)
    return time.perf_counter() - started


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_each_adversarial_input_is_redacted_in_linear_time(name):
    build = ADVERSARIAL[name]
    small = min(_seconds(build(SMALL)) for _ in range(2))
    large = min(_seconds(build(LARGE)) for _ in range(2))
    # linear: about 4 times; quadratic: 16 times; the floor keeps timer noise out of tiny times
    assert large <= 8 * max(small, 0.005), f"{name}: {small:.3f} s for {SMALL} characters, {large:.3f} s for {LARGE}"


def _user_event(text: str) -> dict:
    return UserUttered(text, {"name": "nlu_fallback", "confidence": 1.0}, [],
                       {"text": text[:MAX_CHARS], "intent": {"name": "nlu_fallback", "confidence": 1.0}}).as_dict()


def test_the_store_keeps_at_most_what_the_nlu_reads_and_an_identifier_on_the_cut_whole():
    filler = "combien pour ma femme " * 200
    phone_start = MAX_CHARS - 6  # "514-555-0173" straddles the cut
    text = filler[:phone_start - 1] + " 514-555-0173 " + "x" * (DEFAULT_MAX_REQUEST_BYTES - phone_start - 13)
    stored = redact_event(_user_event(text))
    assert stored["text"].endswith(" [PHONE]" + CUT_MARK), stored["text"][-40:]
    assert len(stored["text"]) <= MAX_CHARS + len(CUT_MARK) + len("[PHONE]")
    assert "0173" not in stored["text"] and "514-5" not in stored["text"]
    # the NLU's copy (its first MAX_CHARS characters) loses the part of the number it has
    assert stored["parse_data"]["text"].endswith(" [PHONE]") and len(stored["parse_data"]["text"]) <= MAX_CHARS + 7


async def test_the_event_loop_keeps_beating_while_the_largest_hostile_messages_are_saved(tmp_path):
    """As the server does: the store saves each message while the loop serves other conversations."""
    store = RedactingTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    beats: list[float] = [time.monotonic()]
    stop = asyncio.Event()

    async def heartbeat() -> None:
        while not stop.is_set():
            await asyncio.sleep(HEARTBEAT)
            beats.append(time.monotonic())

    beating = asyncio.create_task(heartbeat())
    try:
        for name, build in ADVERSARIAL.items():
            tracker = DialogueStateTracker(f"hostile-{len(beats)}", None)
            tracker.update(UserUttered(build(DEFAULT_MAX_REQUEST_BYTES), {"name": "nlu_fallback"}))
            before = len(beats)
            await store.save(tracker)
            await asyncio.sleep(2 * HEARTBEAT)
            gaps = [b - a for a, b in zip(beats[before - 1:-1], beats[before:], strict=True)]
            assert max(gaps) < MAX_GAP, f"{name}: the event loop stopped for {max(gaps):.2f} s"
    finally:
        stop.set()
        await beating
