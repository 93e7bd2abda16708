"""An email sent just before the database connection goes is marked sent all the same: never sent twice.

The sender sends, then marks the notice sent in the same transaction. If PostgreSQL restarts or the
session is terminated between the two, the mark is lost with the transaction, and the clock's retry
would send the email again. Against committed data (a copy of the test database, tests/orders/racedb.py),
since the connection has to really go.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection

from orders.models import Notice
from orders.notifications import notice_deliver, notices_retry
from orders.services import Customer

from .builders import order_placed, product_for_sale, shop_open, slot_key
from .racedb import RaceDatabase
from .test_checkout_resilience import _terminate_own_backend

CAMILLE = Customer(email="camille.coupure@example.fr", phone="06 12 34 56 78", name="Camille Coupure")


@pytest.fixture
def race(race_db, django_db_blocker):
    if "postgresql" not in race_db.settings_dict["ENGINE"]:
        pytest.skip("pg_terminate_backend needs PostgreSQL")
    with django_db_blocker.unblock():
        yield race_db


def _notice_owed() -> int:
    """A placed order's email to the shopper, owed and not sent yet (as if its task had not run)."""
    shop = shop_open(name="Fromagerie de la coupure")
    cheese = product_for_sale(shop=shop, title="Saint-Marcellin", stock=50)
    order = order_placed(shop=shop, items=[(cheese, 1)], key=slot_key(1, 10), customer=CAMILLE)
    notice = order.notices.get(kind=Notice.Kind.PLACED)
    Notice.objects.filter(pk=notice.pk).update(sent_at=None, attempts=0, last_attempt_at=None)
    return notice.pk


def _deliver_with_cut_after_sending(*, notice_id: int, monkeypatch) -> tuple[bool, int]:
    sent_before = len(mail.outbox)
    original = EmailMessage.send

    def send_then_lose_the_connection(message, *args, **kwargs):
        result = original(message, *args, **kwargs)
        _terminate_own_backend()
        return result

    monkeypatch.setattr(EmailMessage, "send", send_then_lose_the_connection)
    try:
        delivered = notice_deliver(notice_id=notice_id)
    finally:
        monkeypatch.undo()
    return delivered, len(mail.outbox) - sent_before


def _state(notice_id: int) -> tuple[bool, int]:
    connection.close()
    notice = Notice.objects.get(pk=notice_id)
    later = notice.created_at + timedelta(hours=1)
    sent_before = len(mail.outbox)
    notices_retry(now=later)
    return notice.sent_at is not None, len(mail.outbox) - sent_before


def test_an_email_sent_just_before_the_connection_went_is_marked_sent_and_not_sent_again(
    race: RaceDatabase, monkeypatch
):
    notice_id = race.call(_notice_owed)

    delivered, messages = race.call(_deliver_with_cut_after_sending, notice_id=notice_id, monkeypatch=monkeypatch)
    assert (delivered, messages) == (True, 1)

    marked_sent, sent_by_the_retry = race.call(_state, notice_id)
    assert marked_sent
    assert sent_by_the_retry == 0
