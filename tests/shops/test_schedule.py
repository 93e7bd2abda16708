from datetime import UTC, date, datetime, time, timedelta

from shops.schedule import PARIS, Hours, opening_status, slots_offered

# Tuesday to Saturday 9:00–12:00 and 14:00–19:00, Sunday 9:00–12:00, closed Monday.
WEEK = Hours(
    ranges=tuple([(day, time(9), time(12)) for day in range(2, 8)] + [(day, time(14), time(19)) for day in range(2, 7)])
)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_open_in_the_morning_until_the_lunch_break():
    status = opening_status(hours=WEEK, now=paris(2026, 12, 1, 10, 0))  # a Tuesday
    assert status.is_open
    assert status.changes_at == paris(2026, 12, 1, 12, 0)


def test_closed_at_lunch_and_reopens_in_the_afternoon():
    status = opening_status(hours=WEEK, now=paris(2026, 12, 1, 12, 30))
    assert not status.is_open
    assert status.changes_at == paris(2026, 12, 1, 14, 0)


def test_closing_time_itself_is_closed():
    status = opening_status(hours=WEEK, now=paris(2026, 12, 1, 19, 0))
    assert not status.is_open
    assert status.changes_at == paris(2026, 12, 2, 9, 0)


def test_after_midnight_on_sunday_night_the_next_opening_is_tuesday():
    status = opening_status(hours=WEEK, now=paris(2026, 12, 6, 23, 30))  # Sunday night
    assert not status.is_open
    assert status.changes_at == paris(2026, 12, 8, 9, 0)


def test_a_closure_skips_its_days():
    hours = Hours(ranges=WEEK.ranges, closures=((date(2026, 12, 1), date(2026, 12, 3)),))
    status = opening_status(hours=hours, now=paris(2026, 12, 1, 10, 0))
    assert not status.is_open
    assert status.changes_at == paris(2026, 12, 4, 9, 0)


def test_no_opening_hours_means_closed_with_no_next_opening():
    status = opening_status(hours=Hours(ranges=()), now=paris(2026, 12, 1, 10, 0))
    assert status == status.__class__(is_open=False, changes_at=None)


def _slots(now, hours=WEEK, **overrides):
    options = {"slot_minutes": 30, "preparation_minutes": 0, "days_ahead": 7, "same_day_cutoff": None}
    options.update(overrides)
    return slots_offered(hours=hours, now=now, **options)


def test_slots_fill_each_range_and_skip_the_lunch_break():
    slots = [s for s in _slots(paris(2026, 12, 1, 7, 0)) if s.starts_at.date() == date(2026, 12, 1)]
    starts = [s.starts_at.astimezone(PARIS).strftime("%H:%M") for s in slots]
    assert starts[:6] == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert "12:00" not in starts and "13:30" not in starts
    assert starts[6] == "14:00"
    assert starts[-1] == "18:30"


def test_preparation_time_pushes_the_first_slot():
    slots = _slots(paris(2026, 12, 1, 9, 10), preparation_minutes=60)
    assert slots[0].starts_at == paris(2026, 12, 1, 10, 30)


def test_same_day_cut_off_moves_pickup_to_the_next_day():
    slots = _slots(paris(2026, 12, 1, 12, 30), same_day_cutoff=time(12, 0))
    assert slots[0].starts_at == paris(2026, 12, 2, 9, 0)
    before = _slots(paris(2026, 12, 1, 11, 0), same_day_cutoff=time(12, 0))
    assert before[0].starts_at == paris(2026, 12, 1, 11, 0)


def test_days_ahead_limits_the_calendar():
    slots = _slots(paris(2026, 12, 1, 7, 0), days_ahead=2)
    assert {s.starts_at.date() for s in slots} == {date(2026, 12, 1), date(2026, 12, 2)}


def test_closed_days_offer_no_slot():
    hours = Hours(ranges=WEEK.ranges, closures=((date(2026, 12, 2), date(2026, 12, 2)),))
    slots = _slots(paris(2026, 12, 1, 7, 0), hours=hours)
    assert date(2026, 12, 2) not in {s.starts_at.date() for s in slots}
    assert date(2026, 12, 7) not in {s.starts_at.date() for s in slots}  # Monday: closed every week


def test_spring_forward_sunday_slots_are_at_the_right_utc_instant():
    # 29 March 2026, last Sunday of March: Paris goes from UTC+1 to UTC+2 at 2:00.
    slots = _slots(paris(2026, 3, 28, 20, 0), days_ahead=2)
    saturday = [s for s in slots if s.starts_at.date() == date(2026, 3, 28)]
    sunday = [s for s in slots if s.starts_at.date() == date(2026, 3, 29)]
    assert saturday == []  # 20:00: nothing left on Saturday
    assert sunday[0].starts_at.astimezone(UTC) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert sunday[0].starts_at.astimezone(PARIS).strftime("%H:%M") == "09:00"
    assert all(s.ends_at - s.starts_at == timedelta(minutes=30) for s in sunday)


def test_fall_back_sunday_slots_are_at_the_right_utc_instant():
    # 25 October 2026, last Sunday of October: Paris goes from UTC+2 back to UTC+1 at 3:00.
    slots = _slots(paris(2026, 10, 24, 20, 0), days_ahead=2)
    sunday = [s for s in slots if s.starts_at.date() == date(2026, 10, 25)]
    assert sunday[0].starts_at.astimezone(UTC) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    assert len(sunday) == 6  # 9:00 to 11:30, as on any Sunday


def test_slots_in_the_skipped_hour_do_not_exist():
    night = Hours(ranges=((7, time(1, 0), time(4, 0)),))
    slots = _slots(paris(2026, 3, 28, 20, 0), hours=night, days_ahead=2)
    starts = [s.starts_at.strftime("%H:%M") for s in slots]
    assert "02:00" not in starts and "02:30" not in starts
    assert starts[0] == "01:00" and "03:00" in starts
    instants = [s.starts_at.astimezone(UTC) for s in slots]
    assert instants == sorted(set(instants))


def test_slots_in_the_repeated_hour_are_offered_once():
    night = Hours(ranges=((7, time(1, 0), time(4, 0)),))
    slots = _slots(paris(2026, 10, 24, 20, 0), hours=night, days_ahead=2)
    instants = [s.starts_at.astimezone(UTC) for s in slots]
    assert instants == sorted(set(instants))
    assert len(slots) == 6
