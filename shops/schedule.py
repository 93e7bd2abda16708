"""A shop's calendar: when it is open and which pickup slots it offers.

Pure functions over plain values, so they are cheap to test across daylight-saving
changes. Rules are in Europe/Paris wall-clock time; results are aware datetimes.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
# How far ahead "opens at…" looks for the next opening.
LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class Hours:
    """A shop's rules: weekly ranges (ISO weekday, opens, closes) and closed date ranges (both ends included)."""

    ranges: tuple[tuple[int, time, time], ...]
    closures: tuple[tuple[date, date], ...] = ()

    def is_closed_on(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.closures)

    def ranges_on(self, day: date) -> list[tuple[time, time]]:
        if self.is_closed_on(day):
            return []
        weekday = day.isoweekday()
        return sorted((opens, closes) for wd, opens, closes in self.ranges if wd == weekday)


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    # When open: when the current range ends. When closed: when the next one starts (None if none soon).
    changes_at: datetime | None


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime

    @property
    def key(self) -> str:
        """A stable identifier of the slot: its start in UTC, ISO 8601."""
        return self.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def local_datetime(day: date, moment: time) -> datetime | None:
    """The aware Paris datetime for a wall-clock time, or None when the clocks skip it (spring forward)."""
    candidate = datetime.combine(day, moment, tzinfo=PARIS)
    # A time inside the spring-forward gap does not survive a round trip through UTC.
    back = candidate.astimezone(UTC).astimezone(PARIS)
    if back.replace(tzinfo=None) != candidate.replace(tzinfo=None):
        return None
    return candidate


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The first instant of the Paris day and of the next one (aware): 23, 24 or 25 hours apart, as the
    clocks go (they never change at midnight here)."""
    return (
        datetime.combine(day, time(0), tzinfo=PARIS),
        datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS),
    )


def _range_bounds(day: date, opens: time, closes: time) -> tuple[datetime, datetime] | None:
    start = local_datetime(day, opens) or datetime.combine(day, opens, tzinfo=PARIS).astimezone(UTC).astimezone(PARIS)
    end = local_datetime(day, closes) or datetime.combine(day, closes, tzinfo=PARIS).astimezone(UTC).astimezone(PARIS)
    if start >= end:
        return None
    return start, end


def opening_status(*, hours: Hours, now: datetime) -> OpeningStatus:
    """Whether the shop is open at `now`, and when that changes."""
    local_now = now.astimezone(PARIS)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = local_now.date() + timedelta(days=offset)
        for opens, closes in hours.ranges_on(day):
            bounds = _range_bounds(day, opens, closes)
            if bounds is None:
                continue
            start, end = bounds
            if start <= now < end:
                return OpeningStatus(is_open=True, changes_at=end)
            if start > now:
                return OpeningStatus(is_open=False, changes_at=start)
    return OpeningStatus(is_open=False, changes_at=None)


def slots_offered(
    *,
    hours: Hours,
    now: datetime,
    slot_minutes: int,
    preparation_minutes: int,
    days_ahead: int,
    same_day_cutoff: time | None = None,
) -> list[Slot]:
    """Every pickup slot the rules allow from `now`, in order, ignoring how full they are.

    A slot lies wholly inside an opening range, starts at least the preparation time
    after `now`, on one of the next `days_ahead` days (today included), and not today
    once the same-day cut-off has passed.
    """
    local_now = now.astimezone(PARIS)
    earliest = now + timedelta(minutes=preparation_minutes)
    length = timedelta(minutes=slot_minutes)
    slots: list[Slot] = []
    seen: set[datetime] = set()
    for offset in range(days_ahead):
        day = local_now.date() + timedelta(days=offset)
        if offset == 0 and same_day_cutoff is not None and local_now.time() >= same_day_cutoff:
            continue
        for opens, closes in hours.ranges_on(day):
            slots.extend(_slots_in_range(day, opens, closes, length, earliest, seen))
    return slots


def _slots_in_range(
    day: date, opens: time, closes: time, length: timedelta, earliest: datetime, seen: set[datetime]
) -> Iterable[Slot]:
    # Step in wall-clock time so slots stay on the shop's grid (9:00, 9:30…) on the
    # days the clocks change; skip starts the clocks jump over.
    wall = datetime.combine(day, opens)
    wall_close = datetime.combine(day, closes)
    while wall + length <= wall_close:
        start = local_datetime(day, wall.time())
        end = local_datetime(day, (wall + length).time()) if (wall + length).date() == day else None
        if start is not None and end is not None and end > start:
            if start >= earliest and start.astimezone(UTC) not in seen:
                seen.add(start.astimezone(UTC))
                yield Slot(starts_at=start, ends_at=end)
        wall += length


def opening_time_add(*, hours: Hours, start: datetime, minutes: int) -> datetime | None:
    """The moment `minutes` of the shop's opening time have passed since `start` (None: not within 2 weeks).

    Time while the shop is closed does not count: an order placed at night is due a while after opening.
    """
    left = timedelta(minutes=minutes)
    local_start = start.astimezone(PARIS)
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = local_start.date() + timedelta(days=offset)
        for opens, closes in hours.ranges_on(day):
            bounds = _range_bounds(day, opens, closes)
            if bounds is None or bounds[1] <= start:
                continue
            begin = max(bounds[0], start)
            # Aware arithmetic in UTC: an hour is an hour on the days the clocks change.
            span = bounds[1].astimezone(UTC) - begin.astimezone(UTC)
            if left <= span:
                return (begin.astimezone(UTC) + left).astimezone(PARIS)
            left -= span
    return None
