"""The fake Stripe of the tests (localstripe behind our shim), through the real `stripe` client: what the shim
adds must behave as Stripe does, or the payment tests would prove nothing."""

import pytest

from payments import gateway


@pytest.fixture
def shop_account(stripe_on):
    import uuid

    account = gateway.account_create(email="shop@example.fr", shop_name="Boulangerie", shop_reference=str(uuid.uuid4()))
    stripe_on.activate(account.id)
    return account.id


def _card(stripe_on, number="4242424242424242", key="basket-t"):
    import uuid

    setup = gateway.setup_intent_create(idempotency_key=f"{key}-{uuid.uuid4()}")
    stripe_on.card_setup(setup.id, setup.client_secret, number)
    return gateway.setup_intent_retrieve(setup_intent=setup.id)


def _authorise(account, card, key, amount=1250):
    clone = gateway.payment_method_clone(
        payment_method=card.payment_method, customer=card.customer, account=account, idempotency_key=f"{key}-pm"
    )
    return gateway.payment_intent_authorise(
        account=account, amount=amount, payment_method=clone, metadata={"order": key}, idempotency_key=key
    )


def test_onboarding_through_an_account_link(stripe_on):
    account = gateway.account_create(
        email="shop@example.fr", shop_name="Fromagerie", shop_reference="t-onb-" + str(id(stripe_on))
    )
    assert not account.charges_enabled
    url = gateway.account_link_create(account=account.id, refresh_url="http://m/refresh", return_url="http://m/back")
    import requests

    assert "Activer les paiements" in requests.get(url, timeout=5).text
    answer = requests.post(url, data={"action": "complete"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 303 and answer.headers["Location"] == "http://m/back"
    assert gateway.account_retrieve(account=account.id).charges_enabled
    # A link is used once.
    assert requests.post(url, data={"action": "complete"}, allow_redirects=False, timeout=5).status_code == 404


def test_a_charge_on_a_shops_account_is_that_accounts_only(stripe_on, shop_account):
    card = _card(stripe_on)
    intent = _authorise(shop_account, card, "order-scope")
    assert intent.status == "requires_capture" and intent.amount_capturable == 1250
    assert intent.capture_before is not None
    other = gateway.account_create(email="o@example.fr", shop_name="Autre", shop_reference="t-other").id
    for account in ("", other):
        with pytest.raises(gateway.GatewayError) as caught:
            gateway.payment_intent_retrieve(account=account, payment_intent=intent.id)
        assert caught.value.code == "resource_missing"
    listed = stripe_on.get("/v1/payment_intents", account=other).json()["data"]
    assert listed == []
    assert [i["id"] for i in stripe_on.get("/v1/payment_intents", account=shop_account).json()["data"]] == [intent.id]


def test_the_same_idempotency_key_gives_the_same_intent_and_other_params_are_refused(stripe_on, shop_account):
    card = _card(stripe_on)
    first = _authorise(shop_account, card, "order-idem")
    again = _authorise(shop_account, card, "order-idem")
    assert again.id == first.id
    with pytest.raises(gateway.GatewayError):
        _authorise(shop_account, card, "order-idem", amount=999)


def test_declined_card(stripe_on, shop_account):
    card = _card(stripe_on, number="4000000000000341")
    with pytest.raises(gateway.CardDeclined):
        _authorise(shop_account, card, "order-declined")


def test_partial_capture_then_refund(stripe_on, shop_account):
    intent = _authorise(shop_account, _card(stripe_on), "order-capture", amount=2000)
    captured = gateway.payment_intent_capture(
        account=shop_account, payment_intent=intent.id, amount=1500, idempotency_key="cap-order-capture"
    )
    assert captured.status == "succeeded" and captured.amount_received == 1500
    refund = gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=500, idempotency_key="r1")
    assert refund.amount == 500


def test_cancel_releases_the_authorisation(stripe_on, shop_account):
    intent = _authorise(shop_account, _card(stripe_on), "order-cancel")
    cancelled = gateway.payment_intent_cancel(account=shop_account, payment_intent=intent.id, idempotency_key="c1")
    assert cancelled.status == "canceled"


def test_a_500_is_unavailable_and_creates_nothing(stripe_on, shop_account):
    card = _card(stripe_on)
    # Twice: the client retries a 500 once, with the same idempotency key.
    stripe_on.fail_next("/v1/payment_intents", times=2)
    with pytest.raises(gateway.GatewayUnavailable):
        _authorise(shop_account, card, "order-500")
    assert stripe_on.get("/v1/payment_intents", account=shop_account).json()["data"] == []
    assert _authorise(shop_account, card, "order-500").status == "requires_capture"


def test_a_lost_answer_is_retried_with_the_same_key_and_charges_once(stripe_on, shop_account):
    card = _card(stripe_on)
    stripe_on.fail_next("/v1/payment_intents", mode="drop")
    intent = _authorise(shop_account, card, "order-drop")
    listed = stripe_on.get("/v1/payment_intents", account=shop_account).json()["data"]
    assert [i["id"] for i in listed] == [intent.id]


def test_a_period_of_500s_then_a_hang_longer_than_the_timeout(settings, stripe_on, shop_account):
    import time

    card = _card(stripe_on)
    stripe_on.fail_for(1.5)
    with pytest.raises(gateway.GatewayUnavailable):
        gateway.account_retrieve(account=shop_account)
    time.sleep(1.6)
    assert gateway.account_retrieve(account=shop_account).charges_enabled
    settings.STRIPE_TIMEOUT = 1
    stripe_on.fail_for(3, mode="hang", delay=2)
    started = time.monotonic()
    with pytest.raises(gateway.GatewayUnavailable):
        _authorise(shop_account, card, "order-hang")
    # The client gave up at its timeout (one retry), not at the hang's end; nothing was created.
    assert time.monotonic() - started < 3
    time.sleep(3)
    assert stripe_on.get("/v1/payment_intents", account=shop_account).json()["data"] == []


def test_stripe_unreachable(settings, stripe_on):
    from tests.fake_stripe import free_port

    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(gateway.GatewayUnavailable):
        gateway.account_retrieve(account="acct_x")


def test_webhook_signature(stripe_on):
    import json
    import time

    from payments.devserver.shim import sign

    payload = json.dumps(
        {"id": "evt_1", "type": "account.updated", "account": "acct_1", "data": {"object": {"id": "acct_1"}}}
    )
    good = sign(payload.encode(), "whsec_x", int(time.time()))
    assert (
        gateway.webhook_event_construct(payload=payload.encode(), signature=good, secret="whsec_x")["account"]
        == "acct_1"
    )
    with pytest.raises(gateway.WebhookSignatureInvalid):
        gateway.webhook_event_construct(payload=payload.encode(), signature=good, secret="whsec_other")
    old = sign(payload.encode(), "whsec_x", int(time.time()) - 3600)
    with pytest.raises(gateway.WebhookSignatureInvalid):
        gateway.webhook_event_construct(payload=payload.encode(), signature=old, secret="whsec_x")


def test_capture_before_follows_the_window_the_test_sets(stripe_on, shop_account):
    import time

    card = _card(stripe_on)
    stripe_on.capture_window(3600)
    intent = _authorise(shop_account, card, "order-window")
    assert abs(intent.capture_before.timestamp() - (time.time() + 3600)) < 60


def test_refunds_never_exceed_what_was_captured(stripe_on, shop_account):
    intent = _authorise(shop_account, _card(stripe_on), "order-refunds", amount=2000)
    with pytest.raises(gateway.GatewayError) as uncaptured:
        gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=100, idempotency_key="r0")
    assert uncaptured.value.code == "charge_not_captured"
    gateway.payment_intent_capture(account=shop_account, payment_intent=intent.id, amount=1500, idempotency_key="c")
    gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=1000, idempotency_key="r1")
    with pytest.raises(gateway.GatewayError) as too_much:
        gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=501, idempotency_key="r2")
    assert too_much.value.code == "amount_too_large"
    gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=500, idempotency_key="r3")
    with pytest.raises(gateway.GatewayError) as again:
        gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=1, idempotency_key="r4")
    assert again.value.code == "charge_already_refunded"
    assert sorted(r["amount"] for r in stripe_on.refunds(shop_account, intent.id)) == [500, 1000]
    charge = stripe_on.get(f"/v1/payment_intents/{intent.id}", account=shop_account).json()["latest_charge"]
    fetched = gateway.charge_retrieve(account=shop_account, charge=charge["id"])
    # The 5 € a partial capture released is not a refund (localstripe counts it as one).
    assert (fetched.payment_intent, fetched.amount_captured, fetched.amount_refunded) == (intent.id, 1500, 1500)


def test_a_refund_is_its_accounts_only(stripe_on, shop_account):
    intent = _authorise(shop_account, _card(stripe_on), "order-refund-scope", amount=800)
    gateway.payment_intent_capture(account=shop_account, payment_intent=intent.id, amount=800, idempotency_key="c")
    other = gateway.account_create(email="o@example.fr", shop_name="Autre", shop_reference="t-other-refund").id
    with pytest.raises(gateway.GatewayError) as caught:
        gateway.refund_create(account=other, payment_intent=intent.id, amount=100, idempotency_key="x")
    assert caught.value.code == "resource_missing"
    assert stripe_on.refunds(shop_account, intent.id) == []


def test_the_same_refund_key_replays_and_other_amounts_are_refused(stripe_on, shop_account):
    intent = _authorise(shop_account, _card(stripe_on), "order-refund-idem", amount=800)
    gateway.payment_intent_capture(account=shop_account, payment_intent=intent.id, amount=800, idempotency_key="c")
    first = gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=300, idempotency_key="k")
    again = gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=300, idempotency_key="k")
    assert again.id == first.id
    with pytest.raises(gateway.GatewayError) as caught:
        gateway.refund_create(account=shop_account, payment_intent=intent.id, amount=200, idempotency_key="k")
    assert caught.value.code == "idempotency_mismatch"
    assert [r["amount"] for r in stripe_on.refunds(shop_account, intent.id)] == [300]


THREE_DS_CARDS = ("4000002760003184", "4000000000003220")


@pytest.mark.parametrize("number", THREE_DS_CARDS)
def test_3ds_card_is_authenticated_in_the_browser_for_the_shops_account(stripe_on, shop_account, number):
    card = _card(stripe_on, number)
    assert card.status == "succeeded"  # 3-D Secure passed once on the platform to keep the card
    intent = _authorise(shop_account, card, f"order-3ds-{number}")
    assert intent.status == "requires_action" and intent.amount_capturable == 0
    assert intent.client_secret.startswith(intent.id + "_secret_")
    answer = stripe_on.authenticate(intent.client_secret, account=shop_account)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "requires_capture"
    # The server's own look, not the browser's word.
    fetched = gateway.payment_intent_retrieve(account=shop_account, payment_intent=intent.id)
    assert fetched.status == "requires_capture" and fetched.amount_capturable == 1250


def test_3ds_failed_leaves_nothing_to_capture(stripe_on, shop_account):
    card = _card(stripe_on, THREE_DS_CARDS[0])
    intent = _authorise(shop_account, card, "order-3ds-fail")
    answer = stripe_on.authenticate(intent.client_secret, account=shop_account, passes=False)
    assert answer.json()["status"] == "requires_payment_method"
    fetched = gateway.payment_intent_retrieve(account=shop_account, payment_intent=intent.id)
    assert fetched.status == "requires_payment_method" and fetched.last_error


def test_3ds_of_a_shops_intent_is_refused_from_another_account_or_without_key(stripe_on, shop_account):
    import requests

    card = _card(stripe_on, THREE_DS_CARDS[0])
    intent = _authorise(shop_account, card, "order-3ds-scope")
    other = gateway.account_create(email="o@example.fr", shop_name="Autre", shop_reference="t-3ds-other").id
    for account in ("", other):
        assert stripe_on.authenticate(intent.client_secret, account=account).status_code == 404
    keyless = requests.post(
        f"{stripe_on.url}/v1/payment_intents/{intent.id}/_authenticate",
        data={"client_secret": intent.client_secret, "success": "true", "_stripe_account": shop_account},
        timeout=10,
    )
    assert keyless.status_code == 401
    wrong_secret = stripe_on.authenticate(intent.id + "_secret_nope", account=shop_account)
    assert wrong_secret.status_code == 401
    assert gateway.payment_intent_retrieve(account=shop_account, payment_intent=intent.id).status == "requires_action"


def test_3ds_failed_on_the_platform_keeps_no_card(stripe_on):
    import uuid

    setup = gateway.setup_intent_create(idempotency_key=f"basket-3ds-{uuid.uuid4()}")
    stripe_on.card_setup(setup.id, setup.client_secret, THREE_DS_CARDS[0], passes_3ds=False)
    assert gateway.setup_intent_retrieve(setup_intent=setup.id).status == "canceled"
