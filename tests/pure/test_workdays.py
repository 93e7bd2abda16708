from datetime import date

from pure.workdays import is_working_day, working_day_before

from .conftest import paris


def test_weekend_is_not_a_working_day():
    assert is_working_day(date(2026, 12, 11))  # Friday
    assert not is_working_day(date(2026, 12, 12))
    assert not is_working_day(date(2026, 12, 13))


def test_tuesday_looks_back_to_monday_same_time():
    assert working_day_before(paris(2026, 12, 8, 10, 0)) == paris(2026, 12, 7, 10, 0)


def test_monday_looks_back_over_the_weekend_to_friday():
    assert working_day_before(paris(2026, 12, 14, 9, 15)) == paris(2026, 12, 11, 9, 15)


def test_a_closure_is_not_a_working_day():
    closures = [(date(2026, 12, 11), date(2026, 12, 11))]
    assert working_day_before(paris(2026, 12, 14, 9, 0), closures=closures) == paris(2026, 12, 10, 9, 0)


def test_across_the_autumn_clock_change_the_wall_clock_time_is_kept():
    # Clocks go back on Sunday 25 October 2026.
    before = working_day_before(paris(2026, 10, 26, 10, 0))
    assert before == paris(2026, 10, 23, 10, 0)
    assert before.utcoffset().total_seconds() == 7200
