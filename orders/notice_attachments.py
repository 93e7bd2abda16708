"""What an order's emails carry beside their text: the pickup code as a QR code, the slot as a calendar event."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import segno
from icalendar import Calendar, Event, vDatetime


def qr_png(*, code: str) -> bytes:
    """The pickup code as a QR code PNG, large enough to scan from a phone screen."""
    buffer = io.BytesIO()
    # A full QR code: for six characters segno.make would pick a Micro QR, which phone readers miss.
    segno.make_qr(code, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def ics_event(
    *,
    uid: str,
    starts: datetime | str,
    ends: datetime | str,
    summary: str,
    location: str,
    description: str,
    sequence: int = 0,
) -> str:
    """A one-event iCalendar (RFC 5545) for the slot; times are aware datetimes or UTC stamps (20301231T083000Z).

    icalendar escapes the shop's text (it cannot add properties of its own) and folds long lines.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//En bas de ma rue//Retrait en boutique//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", _ics_time(starts))
    event.add("dtend", _ics_time(ends))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _ics_time(value: datetime | str) -> datetime:
    # Written in UTC ("…Z"), which every calendar reads without a time-zone block.
    moment = vDatetime.from_ical(value) if isinstance(value, str) else value
    return moment.astimezone(UTC)
