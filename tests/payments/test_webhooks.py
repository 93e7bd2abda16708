"""Stripe's webhooks: signed raw body, each event applied once, the object fetched again from Stripe."""

import json
import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from payments import gateway
from payments.devserver.shim import sign
from payments.models import ConnectedAccount, WebhookEvent
from shops.access import shop_of_user
from tests.fake_stripe import CONNECT_WEBHOOK_SECRET

CONNECT = "/stripe/webhook/connect/"

pytestmark = pytest.mark.django_db


def _event(account_id: str, *, event_id="evt_test_1", type_="account.updated", obj=None) -> bytes:
    obj = obj if obj is not None else {"id": account_id, "object": "account", "charges_enabled": True}
    return json.dumps(
        {"id": event_id, "object": "event", "type": type_, "account": account_id, "data": {"object": obj}}
    ).encode()


def _post(client, payload: bytes, *, secret=CONNECT_WEBHOOK_SECRET, at=None):
    signature = sign(payload, secret, int(at if at is not None else time.time()))
    return client.post(CONNECT, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


@pytest.fixture
def bakery_account(demo_users, stripe_on):
    bakery = shop_of_user(demo_users["shopkeeper_a"])
    created = gateway.account_create(email="b@example.fr", shop_name=bakery.name, shop_reference=f"wh-{time.time()}")
    return ConnectedAccount.objects.create(shop=bakery, stripe_id=created.id)


def test_account_updated_enables_payment_after_fetching_the_account(client, bakery_account, stripe_on):
    # The body says charges_enabled, but Stripe (asked again) does not yet: nothing changes.
    assert _post(client, _event(bakery_account.stripe_id)).status_code == 200
    bakery_account.refresh_from_db()
    assert not bakery_account.charges_enabled
    stripe_on.activate(bakery_account.stripe_id)
    assert _post(client, _event(bakery_account.stripe_id, event_id="evt_test_2")).status_code == 200
    bakery_account.refresh_from_db()
    assert bakery_account.charges_enabled


def test_a_duplicate_event_is_a_200_with_no_effect(client, bakery_account, stripe_on):
    stripe_on.activate(bakery_account.stripe_id)
    assert _post(client, _event(bakery_account.stripe_id)).status_code == 200
    ConnectedAccount.objects.filter(pk=bakery_account.pk).update(charges_enabled=False)
    assert _post(client, _event(bakery_account.stripe_id)).status_code == 200
    assert not ConnectedAccount.objects.get(pk=bakery_account.pk).charges_enabled
    assert WebhookEvent.objects.filter(stripe_id="evt_test_1").count() == 1


def test_bad_or_old_signature_is_a_400(client, bakery_account):
    payload = _event(bakery_account.stripe_id)
    assert _post(client, payload, secret="whsec_wrong").status_code == 400
    assert _post(client, payload, at=time.time() - 3600).status_code == 400
    assert client.post(CONNECT, data=payload, content_type="application/json").status_code == 400
    assert not WebhookEvent.objects.exists()


def test_missing_secret_is_a_500(client, bakery_account, settings):
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    assert _post(client, _event(bakery_account.stripe_id)).status_code == 500
    assert not WebhookEvent.objects.exists()


def test_platform_endpoint_checks_its_own_secret(client, stripe_on):
    payload = _event("acct_x", type_="customer.created", obj={"id": "cus_x"})
    url = reverse("stripe-webhooks:platform")
    signature = sign(payload, CONNECT_WEBHOOK_SECRET, int(time.time()))
    assert (
        client.post(url, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature).status_code
        == 400
    )
    signature = sign(payload, stripe_on and "whsec_test_platform", int(time.time()))
    assert (
        client.post(url, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature).status_code
        == 200
    )


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_the_webhooks_are_the_only_csrf_exempt_views():
    from rest_framework.views import APIView

    # Django REST framework marks its views exempt and enforces CSRF itself (SessionAuthentication):
    # Wagtail's admin API. Every other view goes through Django's CSRF middleware but Stripe's two.
    exempt = sorted(
        route
        for route, view in _views(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False) and not issubclass(getattr(view, "cls", object), APIView)
    )
    # Beside Stripe's two, one other: a mail client's one-click unsubscribe (RFC 8058, which the big mailbox
    # providers require of bulk senders) posts without a token; the signed member token in the address is
    # the proof there (surveys/public/views.py).
    assert exempt == ["enquetes/desinscription/<str:token>/", "stripe/webhook/", "stripe/webhook/connect/"]
