from datetime import date, datetime, timezone

import pytest

from program.rules.timeline import Phase, program_phase, submitted_before_closure
from tests.rules.conftest import at


@pytest.mark.parametrize(
    "now, phase, can_apply",
    [
        (at(2021, 4, 21), Phase.NOT_YET_OPEN, False),
        (at(2021, 4, 22, 0, 1), Phase.INTAKE_OPEN, True),
        (at(2021, 10, 31, 23, 59), Phase.INTAKE_OPEN, True),
        (at(2021, 11, 1), Phase.RUNNING, False),
        (at(2021, 11, 3), Phase.INTAKE_OPEN, True),
        (at(2022, 10, 31), Phase.INTAKE_OPEN, True),
        (at(2023, 6, 1), Phase.RUNNING, False),
        (at(2025, 12, 31, 23, 59), Phase.RUNNING, False),
        (at(2026, 1, 1, 0, 0), Phase.CLOSED, False),
        (at(2026, 11, 22), Phase.CLOSED, False),
        (at(2030, 1, 1), Phase.CLOSED, False),
    ],
)
def test_phase_on_date(now, phase, can_apply):
    info = program_phase(now)
    assert info.phase is phase
    assert info.can_submit_new_application is can_apply


def test_phase_uses_montreal_date_not_utc():
    # 2026-01-01 03:00 UTC is still December 31, 2025 in Montréal.
    assert program_phase(datetime(2026, 1, 1, 3, 0, tzinfo=timezone.utc)).phase is Phase.RUNNING
    assert program_phase(datetime(2026, 1, 1, 5, 0, tzinfo=timezone.utc)).phase is Phase.CLOSED


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        program_phase(datetime(2026, 1, 1))


def test_timeline_dates():
    t = program_phase(at(2026, 11, 22)).timeline
    assert t.launch == date(2021, 4, 22)
    assert t.first_intake == (date(2021, 4, 22), date(2021, 10, 31))
    assert t.second_intake[0] == date(2021, 11, 3)
    assert t.end == date(2026, 1, 1)


@pytest.mark.parametrize(
    "submitted, before", [(date(2025, 12, 31), True), (date(2026, 1, 1), False), (date(2026, 3, 4), False)]
)
def test_submitted_before_closure(submitted, before):
    assert submitted_before_closure(submitted) is before
