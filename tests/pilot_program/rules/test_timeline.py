from datetime import date, datetime, timezone

import pytest

from pilot_program.rules.timeline import Phase, program_phase, submitted_before_closure
from tests.pilot_program.rules.conftest import K, at

# The fixture: launch 2022-03-15, intakes 2022-03-15..09-30 and 2022-11-01..2023-06-30, end 2025-07-01.


@pytest.mark.parametrize(
    "now, phase, can_apply",
    [
        (at(2022, 3, 14, 23, 59), Phase.NOT_YET_OPEN, False),
        (at(2022, 3, 15, 0, 1), Phase.INTAKE_OPEN, True),
        (at(2022, 9, 30, 23, 59), Phase.INTAKE_OPEN, True),
        (at(2022, 10, 1), Phase.RUNNING, False),
        (at(2022, 11, 1), Phase.INTAKE_OPEN, True),
        (at(2023, 6, 30), Phase.INTAKE_OPEN, True),
        (at(2023, 7, 1), Phase.RUNNING, False),
        (at(2025, 6, 30, 23, 59), Phase.RUNNING, False),
        (at(2025, 7, 1, 0, 0), Phase.CLOSED, False),
        (at(2026, 11, 22), Phase.CLOSED, False),
    ],
)
def test_phase_on_date(now, phase, can_apply):
    info = program_phase(K, now)
    assert info.phase is phase
    assert info.can_submit_new_application is can_apply
    assert info.today == now.date()


def test_phase_uses_montreal_date_not_utc():
    # 2025-07-01 03:00 UTC is still June 30 in Montréal (EDT, UTC-4); 05:00 UTC is July 1.
    assert program_phase(K, datetime(2025, 7, 1, 3, 0, tzinfo=timezone.utc)).phase is Phase.RUNNING
    assert program_phase(K, datetime(2025, 7, 1, 5, 0, tzinfo=timezone.utc)).phase is Phase.CLOSED


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        program_phase(K, datetime(2025, 7, 1))


def test_timeline_dates_come_from_the_knowledge_given():
    t = program_phase(K, at(2026, 11, 22)).timeline
    assert t.launch == date(2022, 3, 15)
    assert t.first_intake == (date(2022, 3, 15), date(2022, 9, 30))
    assert t.second_intake == (date(2022, 11, 1), date(2023, 6, 30))
    assert t.end == date(2025, 7, 1)


@pytest.mark.parametrize(
    "submitted, before", [(date(2025, 6, 30), True), (date(2025, 7, 1), False), (date(2026, 3, 4), False)]
)
def test_submitted_before_closure(submitted, before):
    assert submitted_before_closure(K, submitted) is before
