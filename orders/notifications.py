"""Emails of click and collect: one confirmation per placed order, with its QR code and an .ics of the slot."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email.mime.image import MIMEImage
from functools import partial

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from shops.schedule import PARIS

TEMPLATE = "order_placed"
# The HTML shows the QR code through this Content-ID: an attached image, since many mail
# clients refuse data: URIs.
QR_CONTENT_ID = "code-retrait-qr"
ICS_TIME = "%Y%m%dT%H%M%SZ"

WEEKDAYS = {
    1: _("lundi"),
    2: _("mardi"),
    3: _("mercredi"),
    4: _("jeudi"),
    5: _("vendredi"),
    6: _("samedi"),
    7: _("dimanche"),
}


def order_placed_context(*, order) -> dict:
    """What the confirmation email says about one order, as plain JSON-serialisable values."""
    pickup = order.pickup
    shop = pickup.shop
    starts_at = pickup.slot.starts_at.astimezone(PARIS)
    ends_at = pickup.slot.ends_at.astimezone(PARIS)
    by_day: dict[int, list[str]] = {}
    for r in sorted(shop.opening_ranges.all(), key=lambda r: (r.weekday, r.opens)):
        by_day.setdefault(r.weekday, []).append(f"{r.opens:%H:%M} – {r.closes:%H:%M}")
    hours = [f"{WEEKDAYS[weekday]} : {', '.join(ranges)}" for weekday, ranges in by_day.items()]
    return {
        "number": order.number,
        "customer_name": pickup.customer_name,
        "shop_name": shop.name,
        "shop_address": shop.address,
        "shop_town": f"{shop.postcode} {shop.town}".strip(),
        "shop_phone": shop.phone,
        "hours": hours,
        "instructions": shop.pickup_instructions,
        "slot_day": formats.date_format(starts_at, "l j F"),
        "slot_starts": starts_at.strftime("%H:%M"),
        "slot_ends": ends_at.strftime("%H:%M"),
        "slot_starts_utc": pickup.slot.starts_at.astimezone(UTC).strftime(ICS_TIME),
        "slot_ends_utc": pickup.slot.ends_at.astimezone(UTC).strftime(ICS_TIME),
        "code": pickup.code,
        "total": formats.number_format(order.total_incl_tax, 2),
        "qr_content_id": QR_CONTENT_ID,
    }


def order_placed_notify(*, orders: list) -> None:
    """Queue one confirmation email per order, once the transaction that placed them has committed."""
    for order in orders:
        if order.email:
            # The context is built now (the order is at hand) and is plain data, as a queued task needs.
            context = order_placed_context(order=order)
            transaction.on_commit(partial(order_placed_deliver.enqueue, to=[order.email], context=context))


@task()
def order_placed_deliver(*, to: list[str], context: dict, language: str = "fr") -> None:
    context = {"site_url": settings.WAGTAILADMIN_BASE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"emails/{TEMPLATE}_subject.txt", context).strip()
        text = render_to_string(f"emails/{TEMPLATE}.txt", context)
        html = render_to_string(f"emails/{TEMPLATE}.html", context)
        summary = str(_("Retrait de la commande %(number)s – %(shop)s")) % {
            "number": context["number"],
            "shop": context["shop_name"],
        }
        description = str(_("Code de retrait : %(code)s")) % {"code": context["code"]}
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=to)
    message.attach_alternative(html, "text/html")
    qr = MIMEImage(qr_png(code=context["code"]), "png")
    qr.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    qr.add_header("Content-Disposition", "inline", filename="code-retrait.png")
    message.attach(qr)
    message.attach(
        "retrait.ics",
        ics_event(
            uid=f"commande-{context['number']}@enbasdemarue.fr",
            starts=context["slot_starts_utc"],
            ends=context["slot_ends_utc"],
            summary=summary,
            location=", ".join(filter(None, [context["shop_name"], context["shop_address"], context["shop_town"]])),
            description=description,
        ),
        "text/calendar; charset=utf-8; method=PUBLISH",
    )
    message.send()


def qr_png(*, code: str) -> bytes:
    """The pickup code as a QR code PNG, large enough to scan from a phone screen."""
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def ics_event(*, uid: str, starts: str, ends: str, summary: str, location: str, description: str) -> str:
    """A one-event iCalendar (RFC 5545) for the slot; times are UTC stamps like 20301231T083000Z."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//En bas de ma rue//Retrait en boutique//FR",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{datetime.now(UTC).strftime(ICS_TIME)}",
        f"DTSTART:{starts}",
        f"DTEND:{ends}",
        f"SUMMARY:{_ics_text(summary)}",
        f"LOCATION:{_ics_text(location)}",
        f"DESCRIPTION:{_ics_text(description)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{_ics_fold(line)}\r\n" for line in lines)


def _ics_text(value: str) -> str:
    # RFC 5545 escapes; a shop's text must not be able to add its own properties.
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _ics_fold(line: str) -> str:
    # RFC 5545: lines longer than 75 octets continue on the next line after a space.
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    return "\r\n".join([*parts, current])
