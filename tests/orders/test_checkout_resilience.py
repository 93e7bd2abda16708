"""The checkout seen from outside, over the test client, against committed data (a copy of the test database).

- A guest's duplicate submits (a double click, a flaky network resending) all land on the confirmation.
- A database connection cut in the middle of a request is retried once on a fresh connection, else a
  French "réessayez" page with status 503: never a 500.

Each request runs in a worker thread on its own connection to the copy (tests/orders/racedb.py).
"""

from __future__ import annotations

import uuid
from functools import partial

import pytest
from django.db import connection
from django.test import Client, override_settings
from oscar.core.loading import get_model

from orders.checkout import views as checkout_views
from orders.slots.availability import slot_first_free, slots_available

from .builders import product_for_sale, shop_open
from .racedb import Outcome, RaceDatabase

Order = get_model("order", "Order")
GUEST = {"email": "doublon@example.fr", "phone": "06 12 34 56 78", "name": "Camille Doublon"}
SUBMITS = 5
ROUNDS = 4


def _shop_with_product() -> tuple[int, int]:
    shop = shop_open(name="Boulangerie des doublons", capacity=50)
    return shop.pk, product_for_sale(shop=shop, title="Pain de campagne", stock=10_000).product_id


def _browser_with_basket(*, product_id: int, signed_in: bool = False) -> Client:
    """A shopper's browser (its cookies) with one product in the basket."""
    client = Client()
    if signed_in:
        from django.contrib.auth import get_user_model

        unique = uuid.uuid4().hex[:12]
        user = get_user_model().objects.create_user(email=f"u{unique}@example.fr")
        client.force_login(user)
    response = client.post(f"/basket/add/{product_id}/", {"quantity": 1})
    assert response.status_code == 302, response.status_code
    return client


def _slot_key(*, shop_id: int) -> str:
    from shops.models import Shop

    return slot_first_free(slots_available(shop=Shop.objects.get(pk=shop_id))).key


def _tab(cookies) -> Client:
    """One more tab of the same browser: the same cookies, its own responses."""
    client = Client()
    for key, morsel in cookies.items():
        client.cookies[key] = morsel.value
    return client


def _submit_and_follow(*, cookies, data: dict) -> tuple[int, str, str]:
    tab = _tab(cookies)
    response = tab.post("/commande/", data)
    location = response.get("Location", "")
    page = tab.get(location).content.decode() if response.status_code == 302 else ""
    return response.status_code, location, page


def _orders_for(*, email: str) -> list[str]:
    return sorted(Order.objects.filter(guest_email=email).values_list("number", flat=True))


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "signed-in"])
def test_parallel_duplicate_submits_all_land_on_the_same_confirmation(race: RaceDatabase, signed_in):
    shop_id, product_id = race.call(_shop_with_product)
    for round_number in range(ROUNDS):
        browser = race.call(_browser_with_basket, product_id=product_id, signed_in=signed_in)
        email = f"r{round_number}-{GUEST['email']}" if not signed_in else ""
        data = {f"slot-{shop_id}": race.call(_slot_key, shop_id=shop_id), "payment": "pickup"}
        if not signed_in:
            data.update({**GUEST, "email": email})
        submit = partial(_submit_and_follow, cookies=browser.cookies, data=data)
        # Five tabs at once, then a sixth that the network delivered late: the same cookies as the others
        # (the browser had not yet seen any answer), arriving once the order is committed.
        outcomes = race.all_at_once([submit] * SUBMITS)
        outcomes.append(Outcome(value=race.call(submit)))
        assert [outcome.error for outcome in outcomes] == [None] * (SUBMITS + 1)
        statuses = [(status, location) for status, location, _page in (outcome.value for outcome in outcomes)]
        assert statuses == [(302, "/commande/confirmation/")] * (SUBMITS + 1), f"round {round_number}: {statuses}"
        pages = [page for _status, _location, page in (outcome.value for outcome in outcomes)]
        if not signed_in:
            (number,) = race.call(_orders_for, email=email)
            assert all(number in page for page in pages), f"round {round_number}"
        assert all('class="pickup-code' in page for page in pages), f"round {round_number}"


# A connection cut mid-request.


def _terminate_own_backend() -> None:
    """What `pg_terminate_backend` from another session (a failover, an admin) does to this request."""
    import psycopg

    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    with psycopg.connect(**params, autocommit=True) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", [pid])


def _cut_once(original, cuts: list):
    def wrapper(*args, **kwargs):
        if cuts:
            cuts.pop()
            connection.ensure_connection()
            _terminate_own_backend()
        return original(*args, **kwargs)

    return wrapper


def _cut_after(original, cuts: list):
    """The connection cut just after `original` ran (its writes sent), before the rest of the request."""

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        if cuts:
            cuts.pop()
            _terminate_own_backend()
        return result

    return wrapper


def _basket_add_with_cut(*, product_id: int, cuts: int, monkeypatch) -> tuple[int, list[int]]:
    """A first add to a new basket, its connection cut once the basket and its line are written."""
    Basket = get_model("basket", "Basket")
    browser = Client()
    plan = [True] * cuts
    monkeypatch.setattr(Basket, "add_product", _cut_after(Basket.add_product, plan))
    response = browser.post(f"/basket/add/{product_id}/", {"quantity": 1})
    monkeypatch.undo()
    assert plan == [], "the cut did not happen"
    Line = get_model("basket", "Line")
    return response.status_code, list(Line.objects.filter(product_id=product_id).values_list("quantity", flat=True))


def _checkout_with_cut(*, product_id: int, shop_id: int, cuts: int, email: str, monkeypatch) -> tuple[int, str]:
    browser = _browser_with_basket(product_id=product_id)
    data = {f"slot-{shop_id}": _slot_key(shop_id=shop_id), "payment": "pickup", **GUEST, "email": email}
    plan = [True] * cuts
    monkeypatch.setattr(checkout_views, "basket_sections", _cut_once(checkout_views.basket_sections, plan))
    response = browser.post("/commande/", data)
    monkeypatch.undo()
    return response.status_code, response.content.decode()


def _login_with_cut(*, cuts: int, monkeypatch) -> tuple[int, str]:
    from django.contrib.auth import get_user_model
    from oscar.apps.customer.views import AccountAuthView

    get_user_model().objects.filter(email="coupure@example.fr").delete()
    get_user_model().objects.create_user(email="coupure@example.fr", password="un-mot-de-passe-solide")
    plan = [True] * cuts
    original = AccountAuthView.get_login_form_kwargs
    monkeypatch.setattr(AccountAuthView, "get_login_form_kwargs", _cut_once(original, plan))
    credentials = {"login-username": "coupure@example.fr", "login-password": "un-mot-de-passe-solide"}
    response = Client().post("/accounts/login/", {**credentials, "login_submit": "1"})
    monkeypatch.undo()
    return response.status_code, response.content.decode()


@pytest.fixture
def postgresql_only(race_db):
    if "postgresql" not in race_db.settings_dict["ENGINE"]:
        pytest.skip("pg_terminate_backend needs PostgreSQL")


def test_a_connection_cut_before_anything_was_committed_is_retried_and_the_order_placed(
    race: RaceDatabase, postgresql_only, monkeypatch
):
    shop_id, product_id = race.call(_shop_with_product)
    status, _page = race.call(
        _checkout_with_cut,
        product_id=product_id,
        shop_id=shop_id,
        cuts=1,
        email="coupe1@example.fr",
        monkeypatch=monkeypatch,
    )
    assert status == 302
    assert len(race.call(_orders_for, email="coupe1@example.fr")) == 1


def test_a_connection_cut_twice_gives_a_french_retry_page_with_503_and_no_order(
    race: RaceDatabase, postgresql_only, monkeypatch
):
    shop_id, product_id = race.call(_shop_with_product)
    status, page = race.call(
        _checkout_with_cut,
        product_id=product_id,
        shop_id=shop_id,
        cuts=2,
        email="coupe2@example.fr",
        monkeypatch=monkeypatch,
    )
    assert status == 503
    assert "réessayez" in page
    assert race.call(_orders_for, email="coupe2@example.fr") == []
    # The next request, on a fresh connection, works.
    status, _page = race.call(
        _checkout_with_cut,
        product_id=product_id,
        shop_id=shop_id,
        cuts=0,
        email="coupe2@example.fr",
        monkeypatch=monkeypatch,
    )
    assert status == 302
    assert len(race.call(_orders_for, email="coupe2@example.fr")) == 1


def test_signing_in_survives_one_cut_and_answers_503_not_500_after_two(
    race: RaceDatabase, postgresql_only, monkeypatch
):
    status, _page = race.call(_login_with_cut, cuts=1, monkeypatch=monkeypatch)
    assert status == 302
    status, page = race.call(_login_with_cut, cuts=2, monkeypatch=monkeypatch)
    assert status == 503
    assert "réessayez" in page


def test_a_connection_cut_after_the_basket_was_written_is_retried_and_adds_the_product_once(
    race: RaceDatabase, postgresql_only, monkeypatch
):
    # The basket row and its line are written, then the connection goes before the request ends: the
    # writes were not committed (one transaction per POST), so the whole request runs again, once.
    _shop_id, product_id = race.call(_shop_with_product)
    status, quantities = race.call(_basket_add_with_cut, product_id=product_id, cuts=1, monkeypatch=monkeypatch)
    assert status == 302
    assert quantities == [1]


def _checkout_with_cut_after_commit(*, product_id: int, shop_id: int, email: str, monkeypatch) -> tuple[int, str]:
    """The order committed, then the connection goes while its emails' tasks are being queued."""
    from django_tasks.base import Task

    browser = _browser_with_basket(product_id=product_id)
    data = {f"slot-{shop_id}": _slot_key(shop_id=shop_id), "payment": "pickup", **GUEST, "email": email}
    plan = [True]
    original = Task.enqueue

    def enqueue_on_a_lost_connection(task, *args, **kwargs):
        if plan:
            plan.pop()
            _terminate_own_backend()
        return original(task, *args, **kwargs)

    monkeypatch.setattr(Task, "enqueue", enqueue_on_a_lost_connection)
    response = browser.post("/commande/", data)
    monkeypatch.undo()
    assert plan == [], "the cut did not happen"
    return response.status_code, response.get("Location", "")


def test_a_connection_lost_after_the_order_was_committed_still_confirms_it(
    race: RaceDatabase, postgresql_only, monkeypatch
):
    # The emails' tasks are queued after the commit: the order is placed, so the shopper is told so; the
    # email whose task was lost is queued again by the clock (orders.notifications.notices_retry).
    shop_id, product_id = race.call(_shop_with_product)
    # As in production: queueing a task writes it in the database, for the worker.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        status, location = race.call(
            _checkout_with_cut_after_commit,
            product_id=product_id,
            shop_id=shop_id,
            email="apres-commit@example.fr",
            monkeypatch=monkeypatch,
        )
    assert (status, location) == (302, "/commande/confirmation/")
    assert len(race.call(_orders_for, email="apres-commit@example.fr")) == 1
