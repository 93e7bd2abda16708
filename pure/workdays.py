"""Working days of the support cell, as plain functions: Monday to Friday, minus the hotline's closures."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from shops.schedule import PARIS

# A closure longer than this is a data-entry mistake, not a reason to loop for ever.
_MAX_STEPS = 60


def is_working_day(day: date, *, closures: Iterable[tuple[date, date]] = ()) -> bool:
    """A weekday on which the hotline is not closed."""
    return day.isoweekday() <= 5 and not any(start <= day <= end for start, end in closures)


def working_day_before(moment: datetime, *, closures: Iterable[tuple[date, date]] = ()) -> datetime:
    """The same Paris wall-clock time on the working day before `moment`'s day.

    A request made at or before it has waited at least one working day at `moment`: on Monday at 10:00,
    Friday's requests of 10:00 or earlier (and the weekend's are not yet late until Tuesday 10:00).
    """
    closures = tuple(closures)
    local = moment.astimezone(PARIS)
    day = local.date()
    for _step in range(_MAX_STEPS):
        day -= timedelta(days=1)
        if is_working_day(day, closures=closures):
            break
    # The wall-clock time, in that day's own offset (the clocks may have changed in between).
    return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=PARIS)
