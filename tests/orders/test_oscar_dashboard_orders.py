"""Oscar's own order dashboard moves an order only through the lifecycle services."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from orders.models import Notice, OrderChange, OrderStatus, PickupSlot
from orders.services import order_place_for_basket

from .builders import NOW, basket_with, guest, slot_key


@pytest.fixture
def order(bakery, bread):
    (placed,) = order_place_for_basket(
        basket=basket_with((bread, 2)), customer=guest(), choices={bakery.pk: slot_key(1, 10)}, now=NOW
    )
    return placed


@pytest.fixture
def keeper(bakery, django_user_model):
    user = django_user_model.objects.create_user(email="fournil@example.com", password="x", first_name="Léa")
    user.groups.add(Group.objects.get(name="Commerçants"))
    bakery.partner.users.add(user)
    return user


def _detail(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def test_accepting_from_oscars_order_page_goes_through_the_service(client, keeper, order):
    client.force_login(keeper)
    response = client.post(_detail(order), {"order_action": "change_order_status", "new_status": "accepted"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    change = OrderChange.objects.get(order=order)
    assert (change.actor, change.actor_kind, change.status_from) == (keeper, "shop", "placed")
    assert Notice.objects.filter(order=order, kind=Notice.Kind.ACCEPTED).exists()


def test_refusing_from_oscars_order_page_without_a_reason_changes_nothing(client, keeper, order):
    client.force_login(keeper)
    booked = PickupSlot.objects.get(pickups__order=order).booked
    response = client.post(
        _detail(order), {"order_action": "change_order_status", "new_status": "refused"}, follow=True
    )
    assert "Indiquez le motif" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED
    assert not OrderChange.objects.filter(order=order).exists()
    assert PickupSlot.objects.get(pickups__order=order).booked == booked


def test_oscars_list_bulk_change_skips_forbidden_moves_without_an_error_page(client, keeper, order):
    client.force_login(keeper)
    response = client.post(
        reverse("dashboard:order-list"),
        {"action": "change_order_statuses", "selected_order": [order.pk], "new_status": "collected"},
        follow=True,
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED


def test_line_statuses_do_not_move_apart_from_their_order(client, keeper, order):
    client.force_login(keeper)
    line = order.lines.get()
    client.post(
        _detail(order),
        {"line_action": "change_line_statuses", "selected_line": [line.pk], "new_status": "accepted"},
    )
    line.refresh_from_db()
    assert line.status == "placed"


def test_staff_move_an_order_as_staff(client, order, demo_users):
    staff = demo_users["staff"]
    client.force_login(staff)
    client.post(_detail(order), {"order_action": "change_order_status", "new_status": "accepted"})
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    assert OrderChange.objects.get(order=order).actor_kind == "staff"


def test_a_line_action_without_quantities_is_an_error_message_not_a_500(client, keeper, order):
    client.force_login(keeper)
    line = order.lines.get()
    response = client.post(
        _detail(order),
        {"line_action": "create_payment_event", "selected_line": [line.pk], "payment_event_type": "x"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Indiquez une quantité" in response.content.decode()
