"""The emails of an order: each event sends each email once, to the right person, saying the right thing.

Emails leave through the Notice outbox (orders.notifications): a change owes its email in its own
transaction and the task sends it once committed, so the tests run the on-commit callbacks.
"""

from __future__ import annotations

import html
import re
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from orders.models import Notice, OrderChange, OrderStatus
from orders.notifications import (
    NOTICE_MAX_ATTEMPTS,
    QR_CONTENT_ID,
    notice_deliver,
    notice_queue,
    notices_retry,
    qr_png,
)
from orders.services import (
    Customer,
    order_accept,
    order_cancel_by_shop,
    order_cancel_by_shopper,
    order_mark_collected,
    order_mark_ready,
    order_refuse,
    order_slot_change,
)
from orders.services.jobs import orders_jobs_run, pickups_remind_today
from shops.schedule import PARIS

from .builders import NOW, order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db

SHOP_NAME = "Boulangerie L'Épi d'Or"
SHOP_EMAIL = "contact@epi-dor.example"
CAMILLE = Customer(email="camille.martin@example.fr", phone="06 12 34 56 78", name="Camille Martin")
TOMORROW_10 = slot_key(1, 10)  # Wednesday 5 June 2030, 10:00 in Paris
TOMORROW_11 = slot_key(1, 11)
PICKUP_MORNING = datetime(2030, 6, 5, 7, 30, tzinfo=PARIS)
REFUSAL = "Plus de farine ce jour-là, toutes nos excuses."
CANCELLATION = "Fermeture exceptionnelle : dégât des eaux."


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connexion au serveur SMTP perdue")


MAIL_DOWN = override_settings(EMAIL_BACKEND=f"{__name__}.FailingEmailBackend")


@pytest.fixture
def shop(db):
    shop = shop_open(name=SHOP_NAME)
    shop.email = SHOP_EMAIL
    shop.phone = "04 74 11 22 33"
    shop.pickup_instructions = "Entrée par la cour, sonnez à la porte verte."
    shop.save()
    return shop


@pytest.fixture
def keeper(shop):
    return shop_user(shop=shop)


@pytest.fixture
def bread(shop):
    return product_for_sale(shop=shop, title="Baguette tradition", price="1.20", stock=10)


@pytest.fixture
def order(shop, bread, mailoutbox, django_capture_on_commit_callbacks):
    """Camille's order (2 baguettes, tomorrow 10:00), placed and its two emails already sent."""
    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(bread, 2)], key=TOMORROW_10, customer=CAMILLE)
    assert len(mailoutbox) == 2, list(order.notices.values_list("last_error", flat=True))
    mailoutbox.clear()
    return order


def flat(text: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


def bodies(message) -> tuple[str, str]:
    (alternative,) = message.alternatives
    assert alternative[1] == "text/html"
    return flat(message.body), flat(alternative[0])


def qr_of(message):
    images = [part for part in message.attachments if getattr(part, "get", None) and part.get("Content-ID")]
    assert len(images) <= 1
    return images[0] if images else None


def ics_of(message) -> str | None:
    files = [part for part in message.attachments if isinstance(part, tuple) and part[0] == "retrait.ics"]
    assert len(files) <= 1
    return files[0][1] if files else None


def track_url_of(message) -> str:
    """The order page link, found in the text body."""
    path = reverse("orders:track", kwargs={"token": "JETON"}).replace("JETON/", "")
    prefix = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    (url,) = [word for word in message.body.split() if word.startswith(prefix)]
    return url


def board_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("pickup-board:index")


def accept(order, keeper):
    order_accept(order=order, by=keeper)


def refuse(order, keeper):
    order_refuse(order=order, by=keeper, reason=REFUSAL)


def ready(order, keeper):
    order_mark_ready(order=order, by=keeper)


def cancel_by_shop(order, keeper):
    order_cancel_by_shop(order=order, by=keeper, reason=CANCELLATION)


def cancel_by_shopper(order, keeper):
    order_cancel_by_shopper(order=order, by=None)


def move_to_eleven(order, keeper):
    order_slot_change(order=order, choice=TOMORROW_11, now=NOW)


# Each event: what had to happen first, the event, the subject, what both bodies say, what they must
# not say, and whether the QR code (inline image) and the calendar file come with it.
EVENTS = {
    "accepted": (
        [],
        accept,
        "Commande {number} acceptée par Boulangerie L'Épi d'Or : retrait mercredi 5 juin à 10:00",
        ["votre commande {number} est acceptée", "mercredi 5 juin entre 10:00 et 10:30", "{code}"],
        [],
        True,
        False,
    ),
    "refused": (
        [],
        refuse,
        "Commande {number} refusée par Boulangerie L'Épi d'Or",
        [REFUSAL, "rien ne vous sera demandé", "ne peut pas honorer votre commande {number}"],
        ["{code}"],
        False,
        False,
    ),
    "ready": (
        [accept],
        ready,
        "Votre commande {number} est prête chez Boulangerie L'Épi d'Or",
        [
            "Votre commande {number} est prête",
            "{code}",
            "1 place du Marché",
            "38300 Bourgoin-Jallieu",
            "Entrée par la cour, sonnez à la porte verte.",
            "mercredi : 08:00 – 20:00",
        ],
        [],
        True,
        False,
    ),
    "cancelled_by_shop": (
        [accept],
        cancel_by_shop,
        "Commande {number} annulée par Boulangerie L'Épi d'Or",
        ["Boulangerie L'Épi d'Or a annulé votre commande {number}", CANCELLATION, "Rien ne vous sera demandé"],
        ["{code}", "Vous avez annulé"],
        False,
        False,
    ),
    "cancelled_by_shopper": (
        [],
        cancel_by_shopper,
        "Annulation de votre commande {number} chez Boulangerie L'Épi d'Or",
        ["Vous avez annulé votre commande {number}", "Elle ne sera pas préparée"],
        ["{code}", "a annulé votre commande"],
        False,
        False,
    ),
    "slot_changed": (
        [accept],
        move_to_eleven,
        "Commande {number} : nouveau créneau de retrait mercredi 5 juin à 11:00",
        ["Nouveau créneau : mercredi 5 juin entre 11:00 et 11:30", "{code}", "retrait.ics"],
        ["10:30"],
        True,
        True,
    ),
}


@pytest.mark.parametrize("event", list(EVENTS))
def test_each_shopper_event_sends_one_email_saying_it_in_text_and_html(
    event, order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    before, act, subject, says, never_says, with_qr, with_ics = EVENTS[event]
    for step in before:
        with django_capture_on_commit_callbacks(execute=True):
            step(order, keeper)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(order, keeper)

    (message,) = [m for m in mailoutbox if m.to == [CAMILLE.email]]
    order.pickup.refresh_from_db()
    fill = {"number": order.number, "code": order.pickup.code}
    assert message.subject == subject.format(**fill)
    text, page = bodies(message)
    for phrase in says:
        assert phrase.format(**fill) in text
        assert phrase.format(**fill) in page
    for phrase in never_says:
        assert phrase.format(**fill) not in text
        assert phrase.format(**fill) not in page
    # Every shopper email leads to the order page, the same link in both bodies.
    url = track_url_of(message)
    assert f'href="{url}"' in message.alternatives[0][0]
    qr = qr_of(message)
    assert (qr is not None) == with_qr
    if with_qr:
        assert qr["Content-ID"] == f"<{QR_CONTENT_ID}>"
        assert qr["Content-Disposition"].startswith("inline")
        assert qr.get_payload(decode=True) == qr_png(code=order.pickup.code)
        assert f"cid:{QR_CONTENT_ID}" in message.alternatives[0][0]
    else:
        assert "cid:" not in message.alternatives[0][0]
    assert (ics_of(message) is not None) == with_ics
    if with_ics:
        # The calendar event moves to the new slot: same event, a higher sequence.
        ics = ics_of(message)
        assert f"DTSTART:{order.pickup.slot.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n" in ics
        assert f"UID:commande-{order.number}@" in ics
        assert "SEQUENCE:1\r\n" in ics


def test_the_order_page_link_of_an_email_opens_that_order(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    from orders.notifications import order_track_token_read

    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)

    token = track_url_of(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert order_track_token_read(token) == order.pk


def test_placing_sends_the_shopper_their_confirmation_and_the_shop_its_new_order(
    shop, bread, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(bread, 2)], key=TOMORROW_10, customer=CAMILLE)

    assert sorted(message.to[0] for message in mailoutbox) == [CAMILLE.email, SHOP_EMAIL]
    confirmation = next(message for message in mailoutbox if message.to == [CAMILLE.email])
    text, page = bodies(confirmation)
    for phrase in [f"Votre commande {order.number}", order.pickup.code, "mercredi 5 juin entre 10:00 et 10:30"]:
        assert phrase in text
        assert phrase in page
    assert track_url_of(confirmation) in confirmation.alternatives[0][0]
    assert qr_of(confirmation).get_payload(decode=True) == qr_png(code=order.pickup.code)
    ics = ics_of(confirmation)
    assert f"DTSTART:{order.pickup.slot.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n" in ics
    assert "SEQUENCE:0\r\n" in ics

    (new_order,) = (message for message in mailoutbox if message.to == [SHOP_EMAIL])
    assert new_order.subject == f"Nouvelle commande {order.number} : retrait mercredi 5 juin à 10:00"
    text, page = bodies(new_order)
    for phrase in [
        "Camille Martin",
        "06 12 34 56 78",
        "camille.martin@example.fr",
        "2 × Baguette tradition",
        "Total TTC : 2,40 €",
        "mercredi 5 juin entre 10:00 et 10:30",
        "À accepter avant",
    ]:
        assert phrase in text
        assert phrase in page
    assert board_url() in text
    assert f'href="{board_url()}"' in new_order.alternatives[0][0]
    # The code is the shopper's proof at the counter: it is not mailed around the shop.
    assert order.pickup.code not in text
    assert order.pickup.code not in page
    assert qr_of(new_order) is None
    assert ics_of(new_order) is None


def test_the_shop_emails_go_to_its_active_users_when_it_has_no_address(
    shop, bread, mailoutbox, django_capture_on_commit_callbacks
):
    shop.email = ""
    shop.save()
    first, second = shop_user(shop=shop), shop_user(shop=shop)
    shop_user(shop=shop, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=CAMILLE)
    with django_capture_on_commit_callbacks(execute=True):
        orders_jobs_run(now=order.pickup.accept_by + timedelta(minutes=1))

    shop_messages = [message for message in mailoutbox if message.to != [CAMILLE.email]]
    assert [message.subject.split(" ")[0] for message in shop_messages] == ["Nouvelle", "Commande"]
    for message in shop_messages:
        assert message.to == sorted([first.email, second.email])


def test_a_shop_with_neither_address_nor_user_owes_no_email_and_the_shopper_still_gets_theirs(
    bread, shop, mailoutbox, django_capture_on_commit_callbacks
):
    shop.email = ""
    shop.save()

    with django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=CAMILLE)

    assert [message.to for message in mailoutbox] == [[CAMILLE.email]]
    assert list(order.notices.values_list("kind", flat=True)) == [Notice.Kind.PLACED]


def test_a_guest_and_a_signed_in_shopper_each_get_their_emails(
    shop, bread, keeper, demo_users, mailoutbox, django_capture_on_commit_callbacks
):
    shopper = demo_users["shopper"]
    with django_capture_on_commit_callbacks(execute=True):
        guest_order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=CAMILLE)
        account_order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_11, owner=shopper)
    assert guest_order.guest_email == CAMILLE.email
    assert account_order.user == shopper
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=guest_order, by=keeper)
        order_accept(order=account_order, by=keeper)
        order_mark_ready(order=guest_order, by=keeper)
        order_mark_ready(order=account_order, by=keeper)

    sent = sorted((message.to[0], message.subject.split(" ")[0]) for message in mailoutbox)
    assert sent == sorted(
        [(CAMILLE.email, "Commande"), (CAMILLE.email, "Votre"), (shopper.email, "Commande"), (shopper.email, "Votre")]
    )


def test_an_email_sent_while_english_is_active_is_still_in_french(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    # The immediate backend sends at the end of the request that made the change, in its language.
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)

    (message,) = mailoutbox
    text, page = bodies(message)
    assert "mercredi 5 juin" in message.subject
    assert "mercredi 5 juin entre 10:00 et 10:30" in text
    assert "Wednesday" not in page


def test_the_pickup_morning_reminder_says_today_with_the_code(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        orders_jobs_run(now=PICKUP_MORNING)

    (message,) = mailoutbox
    assert message.to == [CAMILLE.email]
    assert message.subject == (
        f"Rappel : commande {order.number} à retirer aujourd'hui entre 10:00 et 10:30 chez {SHOP_NAME}"
    )
    text, page = bodies(message)
    for phrase in ["aujourd'hui entre 10:00 et 10:30", SHOP_NAME, "1 place du Marché", order.pickup.code]:
        assert phrase in text
        assert phrase in page
    assert qr_of(message).get_payload(decode=True) == qr_png(code=order.pickup.code)
    assert ics_of(message) is None
    track_url_of(message)


def test_the_shop_is_reminded_of_an_order_still_waiting(order, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        orders_jobs_run(now=order.pickup.accept_by + timedelta(minutes=1))

    (message,) = mailoutbox
    assert message.to == [SHOP_EMAIL]
    assert message.subject == f"Commande {order.number} en attente : acceptez-la ou refusez-la"
    text, page = bodies(message)
    placed = timezone.localtime(order.date_placed, PARIS)
    for phrase in [
        f"La commande {order.number} de Camille Martin attend votre réponse depuis le",
        f"à {placed:%H:%M}",
        "mercredi 5 juin entre 10:00 et 10:30",
    ]:
        assert phrase in text
        assert phrase in page
    assert board_url() in text
    assert order.pickup.code not in text


# Sent once, whoever sends it and however often.


def test_delivering_a_notice_twice_sends_it_once(shop, bread, mailoutbox):
    # Without the on-commit callbacks nothing is sent: this is a task that has not run yet.
    order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=CAMILLE)
    notice = order.notices.get(kind=Notice.Kind.PLACED)
    assert mailoutbox == []

    assert notice_deliver(notice_id=notice.pk) is True
    assert notice_deliver(notice_id=notice.pk) is False

    assert [message.to for message in mailoutbox] == [[CAMILLE.email]]
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.attempts == 1


def test_the_same_event_owed_twice_is_one_email(order, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notice_queue(order=order, kind=Notice.Kind.SHOP_ACCEPT_REMINDER)
        second = notice_queue(order=order, kind=Notice.Kind.SHOP_ACCEPT_REMINDER)

    assert first.pk == second.pk
    assert len(mailoutbox) == 1


def test_a_refused_second_change_sends_no_second_email(order, keeper, mailoutbox, django_capture_on_commit_callbacks):
    from orders.services import OrderChangeError

    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    with pytest.raises(OrderChangeError), django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)

    assert len(mailoutbox) == 1
    assert order.notices.filter(kind=Notice.Kind.ACCEPTED).count() == 1


def test_the_retry_after_a_delivery_sends_nothing(order, keeper, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    assert len(mailoutbox) == 1

    assert notices_retry(now=timezone.now() + timedelta(days=1)) == 0
    for notice in order.notices.all():
        assert notice_deliver(notice_id=notice.pk) is False

    assert len(mailoutbox) == 1


def test_a_lost_task_is_sent_once_by_the_retry(shop, bread, mailoutbox):
    order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=CAMILLE)
    created_at = order.notices.get(kind=Notice.Kind.PLACED).created_at

    # A task may still be on its way for a minute.
    assert notices_retry(now=created_at + timedelta(seconds=30)) == 0
    assert notices_retry(now=created_at + timedelta(minutes=2)) == 2
    assert sorted(message.to[0] for message in mailoutbox) == [CAMILLE.email, SHOP_EMAIL]

    assert notices_retry(now=created_at + timedelta(minutes=3)) == 0
    for notice in order.notices.all():
        assert notice_deliver(notice_id=notice.pk) is False
    assert len(mailoutbox) == 2


def test_the_whole_jobs_run_twice_sends_each_reminder_once(
    shop, bread, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accepted = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=CAMILLE)
        waiting = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_11, customer=CAMILLE)
        order_accept(order=accepted, by=keeper)
    mailoutbox.clear()

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            orders_jobs_run(now=PICKUP_MORNING)

    assert sorted((message.to[0], message.subject.split(" ")[0]) for message in mailoutbox) == [
        (CAMILLE.email, "Rappel"),
        (SHOP_EMAIL, "Commande"),
    ]
    assert waiting.number in next(message.subject for message in mailoutbox if message.to == [SHOP_EMAIL])


# A mail server that fails.


def test_a_failing_mail_server_never_undoes_the_change_and_the_retry_sends_it_once(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        change = order_accept(order=order, by=keeper)

    assert mailoutbox == []
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    assert OrderChange.objects.filter(pk=change.pk, status_to=OrderStatus.ACCEPTED).exists()
    notice = order.notices.get(kind=Notice.Kind.ACCEPTED)
    assert notice.sent_at is None
    assert notice.attempts == 1
    assert "SMTPServerDisconnected" in notice.last_error
    assert "Connexion au serveur SMTP perdue" in notice.last_error

    # Not at once (the task that failed may still be finishing), but at the clock's next run, a minute later.
    assert notices_retry(now=notice.last_attempt_at + timedelta(seconds=10)) == 0
    assert notices_retry(now=notice.last_attempt_at + timedelta(minutes=1)) == 1

    (message,) = mailoutbox
    assert message.to == [CAMILLE.email]
    assert order.number in message.subject
    notice.refresh_from_db()
    assert notice.sent_at is not None
    assert notice.attempts == 2
    assert notices_retry(now=notice.last_attempt_at + timedelta(days=1)) == 0
    assert len(mailoutbox) == 1


def test_placing_with_the_mail_server_down_still_places_the_order(
    shop, bread, mailoutbox, django_capture_on_commit_callbacks
):
    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(bread, 2)], key=TOMORROW_10, customer=CAMILLE)

    assert mailoutbox == []
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    bread.refresh_from_db()
    assert bread.num_allocated == 2
    notices = list(order.notices.order_by("kind"))
    assert [(notice.kind, notice.attempts, notice.sent_at) for notice in notices] == [
        (Notice.Kind.PLACED, 1, None),
        (Notice.Kind.SHOP_NEW_ORDER, 1, None),
    ]
    assert all(notice.last_error for notice in notices)


def test_a_notice_that_keeps_failing_is_left_alone_after_a_day_of_attempts(order, keeper, mailoutbox):
    change = order_accept(order=order, by=keeper)
    notice = order.notices.get(change=change)
    moment = notice.created_at
    with MAIL_DOWN:
        for attempt in range(1, 4):
            moment += timedelta(minutes=1)
            assert notices_retry(now=moment) == 1
            notice.refresh_from_db()
            assert notice.attempts == attempt
            Notice.objects.filter(pk=notice.pk).update(last_attempt_at=moment)
        # A day of minutes later, the last attempt.
        Notice.objects.filter(pk=notice.pk).update(attempts=NOTICE_MAX_ATTEMPTS - 1)
        moment += timedelta(minutes=1)
        assert notices_retry(now=moment) == 1
        Notice.objects.filter(pk=notice.pk).update(last_attempt_at=moment)

    notice.refresh_from_db()
    assert notice.attempts == NOTICE_MAX_ATTEMPTS
    assert notices_retry(now=moment + timedelta(days=30)) == 0
    assert mailoutbox == []


def test_emails_owed_through_a_long_outage_go_out_at_the_first_run_after_the_mail_server_is_back(
    shop, bread, mailoutbox, django_capture_on_commit_callbacks
):
    # The clock every minute through a two-hour outage: each run tries again what failed before it,
    # so the back-off has not grown when the server returns.
    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        order = order_placed(shop=shop, items=[(bread, 1)], key=TOMORROW_10, customer=CAMILLE)
    notices = order.notices.all()
    moment = max(notice.last_attempt_at for notice in notices)
    with MAIL_DOWN:
        for _minute in range(120):
            moment += timedelta(minutes=1)
            assert notices_retry(now=moment) == 2
            # The worker's tries land a few seconds after the clock's run.
            notices.update(last_attempt_at=moment + timedelta(seconds=3))
    assert mailoutbox == []

    assert notices_retry(now=moment + timedelta(minutes=1)) == 2
    assert sorted(message.to[0] for message in mailoutbox) == [CAMILLE.email, SHOP_EMAIL]
    assert notices_retry(now=moment + timedelta(minutes=2)) == 0


def test_a_reminder_the_mail_server_refused_is_sent_once_by_a_later_run(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    mailoutbox.clear()

    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        assert pickups_remind_today(now=PICKUP_MORNING) == 1

    assert mailoutbox == []
    reminder = order.notices.get(kind=Notice.Kind.PICKUP_REMINDER)
    assert (reminder.attempts, reminder.sent_at) == (1, None)

    for minutes in (5, 10, 15):
        with django_capture_on_commit_callbacks(execute=True):
            orders_jobs_run(now=PICKUP_MORNING + timedelta(minutes=minutes))

    (message,) = mailoutbox
    assert message.subject.startswith(f"Rappel : commande {order.number}")
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


@pytest.mark.parametrize(
    ("act", "subject", "says"),
    [
        (
            cancel_by_shopper,
            "Commande {number} annulée par le client",
            ["a annulé la commande {number}", "inutile de la préparer"],
        ),
        (
            move_to_eleven,
            "Commande {number} : nouveau créneau mercredi 5 juin à 11:00",
            [
                "a changé le créneau de retrait de la commande {number}",
                "mercredi 5 juin entre 11:00 et 11:30",
                "mercredi 5 juin à 10:00",
            ],
        ),
    ],
    ids=["cancelled by the shopper", "slot changed by the shopper"],
)
def test_the_shop_hears_when_the_shopper_cancels_or_moves_the_slot(
    act, subject, says, order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(order, keeper)
    (message,) = [m for m in mailoutbox if m.to != [CAMILLE.email]]
    assert message.subject == subject.format(number=order.number)
    text, page = bodies(message)
    for phrase in says:
        assert phrase.format(number=order.number) in text
        assert phrase.format(number=order.number) in page
    order.pickup.refresh_from_db()
    assert order.pickup.code not in text


def test_the_shopper_is_not_told_twice_and_the_shop_not_at_all_when_the_shop_cancels(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accept(order, keeper)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_by_shop(order, keeper)
    assert [m.to for m in mailoutbox] == [[CAMILLE.email]]


# --- An email about a state the order has left is dropped, not sent late --------------------------


def test_a_placed_email_that_failed_is_dropped_once_the_shopper_has_cancelled(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    accepted = order.notices.get(kind=Notice.Kind.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel_by_shop(order=order, by=keeper, reason="Four en panne.")
    mailoutbox.clear()

    assert notices_retry(now=accepted.last_attempt_at + timedelta(hours=1)) == 1
    # "Acceptée" is no longer true: nothing is sent, and the notice is not tried again.
    assert mailoutbox == []
    accepted.refresh_from_db()
    assert accepted.sent_at is None and accepted.dropped_at is not None
    assert notices_retry(now=accepted.last_attempt_at + timedelta(days=1)) == 0


def test_handing_over_an_accepted_order_sends_no_ready_email(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order, by=keeper)
    mailoutbox.clear()
    # The counter marks it ready and collected in one go: the shopper is already there.
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            order_mark_ready(order=order, by=keeper)
            order_mark_collected(order=order, by=keeper)
    # Only the receipt goes out.
    assert [message.subject.split(" ")[0] for message in mailoutbox] == ["Reçu"]
    assert order.notices.get(kind=Notice.Kind.READY).dropped_at is not None


def test_of_two_slot_moves_only_the_latest_one_is_told_when_the_first_email_failed(
    order, keeper, mailoutbox, django_capture_on_commit_callbacks
):
    with MAIL_DOWN, django_capture_on_commit_callbacks(execute=True):
        order_slot_change(order=order, choice=TOMORROW_11, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        order_slot_change(order=order, choice=TOMORROW_10, now=NOW)
    assert {m.to[0] == CAMILLE.email for m in mailoutbox} == {True, False}
    mailoutbox.clear()
    notices_retry(now=timezone.now() + timedelta(hours=1))
    assert mailoutbox == []
    assert order.notices.filter(kind__in=["slot_changed", "shop_slot_changed"], dropped_at__isnull=False).count() == 2
