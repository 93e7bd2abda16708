"""Emails of click and collect, through an outbox: a Notice row per email owed, sent once by a task.

A change writes its Notice rows in its own transaction (so an email is owed exactly when the change
happened) and queues their sending once committed. Sending never touches the order: a failed email
leaves the change in place, records the error, and `notices_retry` (the orders_jobs command) tries again.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from email.mime.image import MIMEImage

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from kernel.emails import email_message
from shops.models import Weekday
from shops.schedule import PARIS

from .models import ORDER_STATUSES_OPEN, Notice, OrderStatus, order_status_label
from .notice_attachments import ics_event, qr_png

logger = logging.getLogger(__name__)

# The HTML shows the QR code through this Content-ID: an attached image, since many mail
# clients refuse data: URIs.
QR_CONTENT_ID = "code-retrait-qr"
# The shopper's order page from an email, for guests too: the signed order id, no account needed.
TRACK_SALT = "orders.track"
# Emails for the shopper; the others go to the shop.
SHOPPER_KINDS = frozenset(
    {
        Notice.Kind.PLACED,
        Notice.Kind.ACCEPTED,
        Notice.Kind.REFUSED,
        Notice.Kind.READY,
        Notice.Kind.COLLECTED,
        Notice.Kind.CANCELLED,
        Notice.Kind.SLOT_CHANGED,
        Notice.Kind.PICKUP_REMINDER,
    }
)
# Where the code is worth showing again (and scanning at the counter).
WITH_QR = frozenset(
    {Notice.Kind.PLACED, Notice.Kind.ACCEPTED, Notice.Kind.READY, Notice.Kind.SLOT_CHANGED, Notice.Kind.PICKUP_REMINDER}
)
WITH_ICS = frozenset({Notice.Kind.PLACED, Notice.Kind.SLOT_CHANGED})
# The order statuses in which each email still says something true; sent later (a retry, a slow
# worker), an email about a state the order has left is dropped. Refusals and cancellations always go.
STILL_TRUE_WHILE = {
    Notice.Kind.PLACED: ORDER_STATUSES_OPEN,
    Notice.Kind.ACCEPTED: (OrderStatus.ACCEPTED, OrderStatus.READY),
    Notice.Kind.READY: (OrderStatus.READY,),
    Notice.Kind.COLLECTED: (OrderStatus.COLLECTED,),
    Notice.Kind.SLOT_CHANGED: (OrderStatus.PLACED, OrderStatus.ACCEPTED),
    Notice.Kind.PICKUP_REMINDER: (OrderStatus.ACCEPTED, OrderStatus.READY),
    Notice.Kind.SHOP_NEW_ORDER: ORDER_STATUSES_OPEN,
    Notice.Kind.SHOP_ACCEPT_REMINDER: (OrderStatus.PLACED,),
    Notice.Kind.SHOP_SLOT_CHANGED: (OrderStatus.PLACED, OrderStatus.ACCEPTED),
}
# A failed email is tried again by the clock's next run (orders_jobs, every minute): once the mail server
# is back, what it owes goes out within a minute or so, not after a back-off grown through the outage.
# Shorter than the clock's minute, so that an email which failed just after one run is due at the next.
# A failure costs one refused connection, so retrying this often is cheap.
NOTICE_RETRY_DELAY = timedelta(seconds=30)
# After this many failed attempts (a day of them at the clock's pace) a notice is left for a person to
# look at (admin): a day-old email about a pickup has little left to say, and a wrong address would
# otherwise be tried forever.
NOTICE_MAX_ATTEMPTS = 24 * 60
# An email sent whose "sent" mark lost its connection: marked again on a fresh one, for up to 10 s (a
# PostgreSQL restart), before giving up.
MARK_SENT_TRIES = 20
MARK_SENT_PAUSE_SECONDS = 0.5


def order_track_token(*, order) -> str:
    """The signed token of the shopper's order page: unguessable, unlike the order number."""
    return signing.dumps(order.pk, salt=TRACK_SALT)


def order_track_token_read(token: str) -> int | None:
    """The order id a token was made for, or None if it was not made here."""
    try:
        value = signing.loads(token, salt=TRACK_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def order_track_url(*, order) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "orders:track", kwargs={"token": order_track_token(order=order)}
    )


def notice_recipients(*, order, kind: str) -> list[str]:
    """Who receives this kind of email about the order: the shopper, or the shop (its address, else its staff)."""
    if kind in SHOPPER_KINDS:
        return [order.email] if order.email else []
    shop = order.pickup.shop
    if shop.email:
        return [shop.email]
    return sorted({user.email for user in shop.partner.users.all() if user.is_active and user.email})


def notice_queue(*, order, kind: str, change=None, key: str = "") -> Notice | None:
    """Owe one email for an event (once per `key`, by default one per order and kind), sent after commit."""
    key = key or f"{kind}:{order.pk}"
    to = notice_recipients(order=order, kind=kind)
    if not to:
        return None
    notice, created = Notice.objects.get_or_create(
        key=key, defaults={"order": order, "kind": kind, "change": change, "to": to}
    )
    if created:
        _notices_send_after_commit(notice_ids=[notice.pk])
    return notice


def notices_queue_new(*, owed: list[tuple[object, str]]) -> list[Notice]:
    """notice_queue for events that cannot have a notice yet (orders just written): one INSERT for all."""
    shop_orders = [order for order, kind in owed if kind not in SHOPPER_KINDS and not order.pickup.shop.email]
    prefetch_related_objects([order.pickup.shop.partner for order in shop_orders], "users")
    notices = [
        Notice(key=f"{kind}:{order.pk}", order=order, kind=kind, to=to)
        for order, kind in owed
        if (to := notice_recipients(order=order, kind=kind))
    ]
    Notice.objects.bulk_create(notices)
    if notices:
        # One task for all of them: with the database backend each task is a row written after the commit.
        _notices_send_after_commit(notice_ids=[notice.pk for notice in notices])
    return notices


def _notices_send_after_commit(*, notice_ids: list[int]) -> None:
    def notices_send_enqueue() -> None:
        try:
            if len(notice_ids) == 1:
                notice_send.enqueue(notice_id=notice_ids[0])
            else:
                notices_send.enqueue(notice_ids=notice_ids)
        except (OperationalError, InterfaceError) as error:
            # The connection went just after the commit: the change is made and must be answered as such,
            # and the clock queues these emails again a minute later. A fresh connection for what follows.
            logger.warning("Email task of notices %s not queued: %r", notice_ids, error)
            transaction.get_connection().close()

    transaction.on_commit(notices_send_enqueue)


@task()
def notice_send(*, notice_id: int) -> bool:
    return notice_deliver(notice_id=notice_id)


@task()
def notices_send(*, notice_ids: list[int]) -> int:
    """notice_send for each notice, in turn; how many this call sent. One that fails does not stop the others
    (the first error is raised once they are all tried, and notices_retry queues what was not sent)."""
    sent, first_error = 0, None
    for notice_id in notice_ids:
        try:
            sent += notice_deliver(notice_id=notice_id)
        except Exception as error:  # a bug or a lost database: the others are still tried
            logger.exception("Notice %s not sent", notice_id)
            first_error = first_error or error
    if first_error is not None:
        raise first_error
    return sent


def notice_deliver(*, notice_id: int, now: datetime | None = None) -> bool:
    """Send the notice if it has not been sent; True if this call sent it. Never raises for a mail failure."""
    now = now or timezone.now()
    sent: list[bool] = []
    try:
        return _notice_deliver_locked(notice_id=notice_id, now=now, sent=sent)
    except (OperationalError, InterfaceError):
        if not sent or transaction.get_connection().in_atomic_block:
            raise
        # The email left, then the database connection went before it was marked sent (PostgreSQL
        # restarted, a session terminated): marked on a fresh connection, or the retry would send it twice.
        _notice_mark_sent_again(notice_id=notice_id, now=now)
        return True


def _notice_deliver_locked(*, notice_id: int, now: datetime, sent: list[bool]) -> bool:
    with transaction.atomic():
        # The row lock makes two senders of one notice take turns: the second finds it sent.
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("order__pickup__slot", "order__pickup__shop", "change")
            .filter(pk=notice_id, sent_at__isnull=True, dropped_at__isnull=True)
            .first()
        )
        if notice is None:
            return False
        if not notice_still_true(notice=notice):
            Notice.objects.filter(pk=notice.pk).update(dropped_at=now)
            return False
        try:
            notice_message(notice=notice).send()
        except Exception as error:  # any mail failure: recorded, retried later
            logger.warning("Email %s not sent: %r", notice.key, error)
            Notice.objects.filter(pk=notice.pk).update(
                attempts=F("attempts") + 1, last_attempt_at=now, last_error=repr(error)[:2000]
            )
            return False
        sent.append(True)
        Notice.objects.filter(pk=notice.pk).update(attempts=F("attempts") + 1, last_attempt_at=now, sent_at=now)
    return True


def _notice_mark_sent_again(*, notice_id: int, now: datetime) -> None:
    connection = transaction.get_connection()
    for _attempt in range(MARK_SENT_TRIES):
        connection.close()
        try:
            Notice.objects.filter(pk=notice_id, sent_at__isnull=True).update(
                attempts=F("attempts") + 1, last_attempt_at=now, sent_at=now
            )
            return
        except (OperationalError, InterfaceError):
            time.sleep(MARK_SENT_PAUSE_SECONDS)
    logger.error("Email of notice %s sent but not marked sent: the retry may send it again", notice_id)


def notice_still_true(*, notice: Notice) -> bool:
    """Whether the email would still tell the truth about the order (its status, its latest slot)."""
    statuses = STILL_TRUE_WHILE.get(notice.kind)
    if statuses is not None and notice.order.status not in statuses:
        return False
    if notice.kind in (Notice.Kind.SLOT_CHANGED, Notice.Kind.SHOP_SLOT_CHANGED) and notice.change_id:
        # A later move has its own email, which gives the slot as it now is.
        return not notice.order.changes.filter(kind="slot", pk__gt=notice.change_id).exists()
    return True


def notices_retry(*, now: datetime | None = None) -> int:
    """Queue again the notices not sent yet, at each run after a failure, for a day; how many were queued."""
    now = now or timezone.now()
    # Never tried after a minute: its task was lost (a worker stopped). Failed: at the clock's next run.
    due = Q(attempts=0, created_at__lte=now - timedelta(minutes=1)) | Q(
        attempts__gt=0, attempts__lt=NOTICE_MAX_ATTEMPTS, last_attempt_at__lte=now - NOTICE_RETRY_DELAY
    )
    ids = list(
        Notice.objects.filter(due, sent_at__isnull=True, dropped_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    for notice_id in ids:
        notice_send.enqueue(notice_id=notice_id)
    return len(ids)


def notice_context(*, notice: Notice) -> dict:
    """What the email says, read from the order as it is when the email is sent."""
    # Here, not at the top: orders.services imports this module.
    from .services.handover import line_handed_price, line_handed_quantity, order_handed_over_total

    order = notice.order
    pickup = order.pickup
    shop = pickup.shop
    starts_at = pickup.slot.starts_at.astimezone(PARIS)
    ends_at = pickup.slot.ends_at.astimezone(PARIS)
    by_day: dict[int, list[str]] = {}
    for r in sorted(shop.opening_ranges.all(), key=lambda r: (r.weekday, r.opens)):
        by_day.setdefault(r.weekday, []).append(f"{r.opens:%H:%M} – {r.closes:%H:%M}")
    hours = [
        str(_("%(day)s : %(hours)s")) % {"day": Weekday(weekday).label, "hours": ", ".join(ranges)}
        for weekday, ranges in by_day.items()
    ]
    change = notice.change
    return {
        "kind": notice.kind,
        "number": order.number,
        "status": order_status_label(order.status),
        "customer_name": pickup.customer_name,
        "customer_phone": pickup.customer_phone,
        "customer_email": order.email,
        "shop_name": shop.name,
        "shop_address": shop.address,
        "shop_town": f"{shop.postcode} {shop.town}".strip(),
        "shop_phone": shop.phone,
        "hours": hours,
        "instructions": shop.pickup_instructions,
        "slot_day": formats.date_format(starts_at, "l j F"),
        "slot_starts": formats.time_format(starts_at, "H:i"),
        "slot_ends": formats.time_format(ends_at, "H:i"),
        "code": pickup.code,
        "total": formats.number_format(order.total_incl_tax, 2),
        "lines": [(line.quantity, line.title) for line in order.lines.all()],
        # The receipt's lines: what was handed over (after a partial handover, only that), at what price.
        "priced_lines": [
            (line_handed_quantity(line), line.title, formats.number_format(line_handed_price(line), 2))
            for line in order.lines.select_related("handover")
            if line_handed_quantity(line)
        ],
        "receipt_total": formats.number_format(order_handed_over_total(order=order), 2),
        "collected_at": _day_at(change.created_at) if change and change.status_to == OrderStatus.COLLECTED else "",
        "reason": change.reason if change else "",
        "by_shopper": bool(change and change.actor_kind == change.Actor.SHOPPER),
        "slot_from": _day_at(change.slot_from_at) if change and change.slot_from_at else "",
        "placed_at": formats.date_format(order.date_placed.astimezone(PARIS), "l j F à H:i"),
        "accept_by": formats.date_format(pickup.accept_by.astimezone(PARIS), "l j F à H:i") if pickup.accept_by else "",
        "qr_content_id": QR_CONTENT_ID,
        "order_url": order_track_url(order=order),
        "board_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("pickup-board:index"),
        "site_url": settings.WAGTAILADMIN_BASE_URL,
    }


def _day_at(moment: datetime) -> str:
    # In the email's language: "mercredi 5 juin à 10:00", "Wednesday 5 June at 10:00".
    local = moment.astimezone(PARIS)
    return str(_("%(day)s à %(time)s")) % {
        "day": formats.date_format(local, "l j F"),
        "time": formats.time_format(local, "H:i"),
    }


def notice_message(*, notice: Notice) -> EmailMultiAlternatives:
    """The email of a notice: subject, text and HTML from emails/order_<kind>*, QR code and .ics as needed."""
    # One language for every word, dates and amounts included, whatever the language of the request
    # that happened to run the task (the immediate backend runs it at the end of one): the shopper's
    # is the one they ordered in, the shop's the site's.
    language = notice_language(notice=notice)
    with translation.override(language):
        context = notice_context(notice=notice)
        summary = str(_("Retrait de la commande %(number)s – %(shop)s")) % {
            "number": context["number"],
            "shop": context["shop_name"],
        }
        description = str(_("Code de retrait : %(code)s")) % {"code": context["code"]}
    message = email_message(to=list(notice.to), template=f"order_{notice.kind}", context=context, language=language)
    if notice.kind in WITH_QR:
        qr = MIMEImage(qr_png(code=context["code"]), "png")
        qr.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
        qr.add_header("Content-Disposition", "inline", filename="code-retrait.png")
        message.attach(qr)
    if notice.kind in WITH_ICS:
        slot = notice.order.pickup.slot
        message.attach(
            "retrait.ics",
            ics_event(
                # One event per order: a calendar replaces it when the slot changes (higher SEQUENCE).
                uid=f"commande-{context['number']}@enbasdemarue.fr",
                sequence=notice.order.changes.filter(kind="slot").count(),
                starts=slot.starts_at,
                ends=slot.ends_at,
                summary=summary,
                location=", ".join(filter(None, [context["shop_name"], context["shop_address"], context["shop_town"]])),
                description=description,
            ),
            "text/calendar; charset=utf-8; method=PUBLISH",
        )
    return message


def notice_language(*, notice: Notice) -> str:
    """The language of a notice's email: the shopper's order language for theirs, the site's for the shop."""
    language = notice.order.pickup.language if notice.kind in SHOPPER_KINDS else ""
    try:
        return translation.get_supported_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE
