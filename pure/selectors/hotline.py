"""The "Allo CCI" hotline as every page shows it: number, text, week, closures, open now or when it opens.

The footer of every page reads it, so it is kept in the cache (HOTLINE_CACHE_SECONDS, cleared by
pure.services.hotline on every change); "open now" is computed at each read from the kept rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import phonenumbers
from django.core.cache import cache
from django.utils import timezone

from shops.models import Weekday
from shops.schedule import PARIS, Hours, OpeningStatus, opening_status

from ..models import HOTLINE_DEFAULT_PHONE, Hotline

HOTLINE_CACHE_KEY = "pure:hotline"
HOTLINE_CACHE_SECONDS = 300
# How far ahead the landing page lists the hotline's closures.
CLOSURES_AHEAD_DAYS = 60


@dataclass(frozen=True)
class HotlineInfo:
    phone: str
    text: str
    hours: Hours
    closure_reasons: tuple[str, ...] = ()

    @property
    def tel(self) -> str:
        """The number for a tel: link (E.164), or its digits when it cannot be parsed."""
        try:
            number = phonenumbers.parse(self.phone, "FR")
        except phonenumbers.NumberParseException:
            return "".join(char for char in self.phone if char.isdigit() or char == "+")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    @property
    def week(self) -> list[tuple[str, list[tuple[time, time]]]]:
        """(day name, ranges) from Monday to Sunday."""
        return [
            (str(day.label), sorted((o, c) for wd, o, c in self.hours.ranges if wd == day.value)) for day in Weekday
        ]

    def closures_from(self, today: date) -> list[tuple[date, date, str]]:
        """The closures not over yet and starting within CLOSURES_AHEAD_DAYS, with their reasons."""
        horizon = today + timedelta(days=CLOSURES_AHEAD_DAYS)
        return [
            (start, end, reason)
            for (start, end), reason in zip(self.hours.closures, self.closure_reasons, strict=True)
            if end >= today and start <= horizon
        ]


@dataclass(frozen=True)
class HotlineNow:
    """The hotline read at one moment: what the templates show."""

    info: HotlineInfo
    status: OpeningStatus
    now: datetime

    @property
    def opens_today(self) -> bool:
        changes = self.status.changes_at
        return changes is not None and changes.astimezone(PARIS).date() == self.now.astimezone(PARIS).date()

    @property
    def opens_tomorrow(self) -> bool:
        changes = self.status.changes_at
        tomorrow = self.now.astimezone(PARIS).date() + timedelta(days=1)
        return changes is not None and changes.astimezone(PARIS).date() == tomorrow

    @property
    def closures(self) -> list[tuple[date, date, str]]:
        return self.info.closures_from(self.now.astimezone(PARIS).date())


def hotline_info() -> HotlineInfo:
    """The hotline's number, text and rules (from the cache when kept); the CCI's number if never edited."""
    info = cache.get(HOTLINE_CACHE_KEY)
    if info is None:
        info = _hotline_load()
        cache.set(HOTLINE_CACHE_KEY, info, HOTLINE_CACHE_SECONDS)
    return info


def _hotline_load() -> HotlineInfo:
    hotline = Hotline.objects.prefetch_related("ranges", "closures").order_by("pk").first()
    if hotline is None:
        return HotlineInfo(phone=HOTLINE_DEFAULT_PHONE, text="", hours=Hours(ranges=()))
    closures = list(hotline.closures.all())
    return HotlineInfo(
        phone=hotline.phone,
        text=hotline.text,
        hours=Hours(
            ranges=tuple((r.weekday, r.opens, r.closes) for r in hotline.ranges.all()),
            closures=tuple((c.starts_on, c.ends_on) for c in closures),
        ),
        closure_reasons=tuple(c.reason for c in closures),
    )


def hotline_now(*, now: datetime | None = None) -> HotlineNow:
    """The hotline and whether it answers at `now` (default: the present), in Europe/Paris."""
    now = now or timezone.now()
    info = hotline_info()
    return HotlineNow(info=info, status=opening_status(hours=info.hours, now=now), now=now)
