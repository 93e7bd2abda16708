"""All the personal data the site holds about one account (RGPD, right of access and portability), as one
document for the JSON download and as rows for the CSV one.

A fixed number of queries whatever the number of orders: the account, its addresses, its orders with their
shop and slot, their lines, their history, the emails sent to them, the account's own emails.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from ..models import Notice, order_status_label
from ..notifications import SHOPPER_KINDS

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
CommunicationEmail = get_model("communication", "Email")

PROFILE_FIELDS = ("email", "first_name", "last_name", "phone", "date_joined", "last_login", "email_confirmed_at")
ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode", "phone_number")


def _value(value):
    """A JSON-ready value: dates as ISO 8601 (Paris time), amounts as strings with their cents."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _order(order) -> dict:
    pickup = getattr(order, "pickup", None)
    document = {
        "number": order.number,
        "placed_at": _value(order.date_placed),
        "status": order_status_label(order.status),
        "total_incl_tax": _value(order.total_incl_tax),
        "currency": order.currency,
        "lines": [
            {
                "product": line.title,
                "quantity": line.quantity,
                "unit_price_incl_tax": _value(line.unit_price_incl_tax),
                "line_price_incl_tax": _value(line.line_price_incl_tax),
            }
            for line in order.lines.all()
        ],
        "history": [
            {
                "at": _value(change.created_at),
                "status_from": order_status_label(change.status_from) if change.status_from else "",
                "status_to": order_status_label(change.status_to) if change.status_to else "",
                "slot_to": _value(change.slot_to_at),
                "reason": change.reason,
            }
            for change in order.changes.all()
        ],
    }
    if pickup is not None:
        document.update(
            shop=pickup.shop.name,
            pickup={
                "slot_starts_at": _value(pickup.slot.starts_at),
                "slot_ends_at": _value(pickup.slot.ends_at),
                "code": pickup.code,
                "name": pickup.customer_name,
                "phone": pickup.customer_phone,
                "language": pickup.language,
            },
        )
    return document


def account_data(*, user) -> dict:
    """Everything about the account: profile, addresses, orders (lines, slot, history), emails sent to it."""
    orders = (
        Order.objects.filter(user=user)
        .select_related("pickup__shop", "pickup__slot")
        .prefetch_related("lines", "changes")
        .order_by("date_placed", "pk")
    )
    notices = (
        Notice.objects.filter(order__user=user, kind__in=SHOPPER_KINDS, sent_at__isnull=False)
        .select_related("order")
        .order_by("sent_at", "pk")
    )
    return {
        "exported_at": _value(timezone.now()),
        "profile": {field: _value(getattr(user, field, None)) for field in PROFILE_FIELDS},
        "addresses": [
            {field: _value(getattr(address, field)) for field in ADDRESS_FIELDS} | {"country": address.country_id}
            for address in UserAddress.objects.filter(user=user).order_by("pk")
        ],
        "orders": [_order(order) for order in orders],
        "emails": [
            {
                "order": notice.order.number,
                "subject": str(Notice.Kind(notice.kind).label),
                "to": notice.to,
                "sent_at": _value(notice.sent_at),
            }
            for notice in notices
        ]
        + [
            {
                "order": "",
                "subject": email.subject,
                "to": [email.email or user.email],
                "sent_at": _value(email.date_sent),
            }
            for email in CommunicationEmail.objects.filter(user=user).order_by("date_sent", "pk")
        ],
    }


def account_data_rows(*, data: dict):
    """The document as (section, reference, field, value) rows: every datum on its own line of the CSV."""
    for field, value in data["profile"].items():
        yield ("profil", "", field, value)
    for number, address in enumerate(data["addresses"], start=1):
        for field, value in address.items():
            yield ("adresse", number, field, value)
    for order in data["orders"]:
        reference = order["number"]
        for field in ("placed_at", "shop", "status", "total_incl_tax", "currency"):
            yield ("commande", reference, field, order.get(field, ""))
        for field, value in (order.get("pickup") or {}).items():
            yield ("retrait", reference, field, value)
        for number, line in enumerate(order["lines"], start=1):
            for field, value in line.items():
                yield ("ligne de commande", f"{reference}-{number}", field, value)
        for number, change in enumerate(order["history"], start=1):
            for field, value in change.items():
                yield ("historique", f"{reference}-{number}", field, value)
    for number, email in enumerate(data["emails"], start=1):
        for field, value in email.items():
            yield ("email", number, field, ", ".join(value) if isinstance(value, list) else value)


__all__ = ["account_data", "account_data_rows"]
