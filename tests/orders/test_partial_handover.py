"""A partial handover at the counter: the shop lowers a line's quantity (missing, or refused by the customer);
only what was handed over leaves the stock, the rest goes back on sale, and the shopper pays for what they took.
Bad quantities are refused with a French message and nothing written."""

import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import LineHandover, OrderChange, OrderStatus
from orders.notifications import order_track_token
from orders.services import OrderChangeError, order_hand_over
from orders.services.handover import order_handed_over_total

from .builders import NOW, shop_user
from .test_handover import (
    HANDOVER,
    _html,
    _messages,
    _place,
    _ready,
    _status,
)
from .test_handover import bakery as bakery
from .test_handover import bread as bread
from .test_handover import clock as clock
from .test_handover import comte as comte
from .test_handover import keeper as keeper
from .test_handover import other_shop as other_shop

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")


@pytest.fixture
def croissant(bakery):
    from .builders import product_for_sale

    return product_for_sale(shop=bakery, title="Croissant au beurre", price="1.10", stock=30)


def _stock(stockrecord):
    row = StockRecord.objects.get(pk=stockrecord.pk)
    return row.num_in_stock, row.num_allocated or 0


def _lines(order):
    return {line.title: line for line in order.lines.order_by("pk")}


def _hand_over(client, order, **quantities):
    """POST the handover with quantities by line title (the others left pre-filled to what was ordered)."""
    data = {"code": order.pickup.code}
    for line in order.lines.all():
        data[f"qty-{line.pk}"] = quantities.get(line.title, line.quantity)
    return client.post(f"{HANDOVER}{order.number}/", data)


def test_the_found_order_lists_its_lines_with_the_full_quantity_to_hand_over(client, keeper, bakery, bread, croissant):
    order = _ready(_place(bakery, (bread, 3), (croissant, 2)), keeper)

    html = _html(client.post(HANDOVER, {"code": order.pickup.code}))

    lines = _lines(order)
    for title, quantity in (("Baguette tradition", 3), ("Croissant au beurre", 2)):
        line = lines[title]
        field = re.search(rf'<input type="number" name="qty-{line.pk}" value="(\d+)" min="0" max="(\d+)"', html)
        assert field and field.groups() == (str(quantity), str(quantity))
        assert f'form="handover-{order.number}"' in html
    assert f'id="handover-{order.number}"' in html


def test_a_partial_handover_consumes_what_was_taken_and_gives_the_rest_back(
    client, keeper, bakery, bread, croissant, django_capture_on_commit_callbacks
):
    order = _ready(_place(bakery, (bread, 3), (croissant, 2)), keeper)
    bread_before, croissant_before = _stock(bread), _stock(croissant)

    with django_capture_on_commit_callbacks(execute=True):
        response = _hand_over(client, order, **{"Baguette tradition": 1, "Croissant au beurre": 0})

    assert response.status_code == 302 and response["Location"] == HANDOVER
    assert _status(order) == OrderStatus.COLLECTED
    # One baguette left the shop; two baguettes and both croissants are back on sale.
    assert _stock(bread) == (bread_before[0] - 1, bread_before[1] - 3)
    assert _stock(croissant) == (croissant_before[0], croissant_before[1] - 2)
    lines = _lines(order)
    assert LineHandover.objects.get(line=lines["Baguette tradition"]).quantity == 1
    assert LineHandover.objects.get(line=lines["Croissant au beurre"]).quantity == 0
    assert order_handed_over_total(order=order) == Decimal("1.20")
    (message,) = _messages(response)
    assert "remise à Camille Martin" in message
    assert "Remise partielle" in message and "À encaisser au comptoir : 1,20 €." in message


def test_full_quantities_hand_the_whole_order_over_as_one_click_did(client, keeper, bakery, bread, croissant):
    order = _ready(_place(bakery, (bread, 3), (croissant, 2)), keeper)
    before = _stock(bread)

    response = _hand_over(client, order)

    assert _status(order) == OrderStatus.COLLECTED
    assert _stock(bread) == (before[0] - 3, before[1] - 3)
    assert not LineHandover.objects.filter(line__order=order).exists()
    (message,) = _messages(response)
    # Paid at the counter: the whole total (3 × 1.20 + 2 × 1.10).
    assert "Remise partielle" not in message and "À encaisser au comptoir : 5,80 €." in message


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("4", "« Baguette tradition » : 4 remis pour 3 commandés"),
        ("-1", "« Baguette tradition » : la quantité remise ne peut pas être négative."),
        ("deux", "« Baguette tradition » : « deux » n'est pas une quantité"),
        ("1.5", "« 1.5 » n'est pas une quantité"),
        ("1_0", "« 1_0 » n'est pas une quantité"),
        ("", "« Baguette tradition » : indiquez la quantité remise"),
    ],
)
def test_a_bad_quantity_is_refused_and_nothing_is_handed_over(client, keeper, bakery, bread, typed, says):
    order = _ready(_place(bakery, (bread, 3)), keeper)
    before = _stock(bread)
    changes = OrderChange.objects.filter(order=order).count()

    response = _hand_over(client, order, **{"Baguette tradition": typed})

    assert response.status_code == 400
    html = _html(response)
    assert says in html and "Rien n'a été remis." in html
    # The order is shown again, with what was typed, ready for a corrected try.
    assert f'name="qty-{_lines(order)["Baguette tradition"].pk}" value="{typed}"' in html
    assert _status(order) == OrderStatus.READY
    assert _stock(bread) == before
    assert OrderChange.objects.filter(order=order).count() == changes
    assert not LineHandover.objects.exists()


def test_nothing_handed_over_is_refused_and_points_to_the_existing_flows(client, keeper, bakery, bread, croissant):
    order = _ready(_place(bakery, (bread, 3), (croissant, 1)), keeper)
    before = _stock(bread)

    response = _hand_over(client, order, **{"Baguette tradition": 0, "Croissant au beurre": "0"})

    assert response.status_code == 400
    assert "Aucun article remis" in _html(response) and "non retirée" in _html(response)
    assert _status(order) == OrderStatus.READY
    assert _stock(bread) == before


def test_an_accepted_order_with_a_bad_quantity_is_not_even_marked_ready(client, keeper, bakery, bread):
    from orders.services import order_accept

    order = _place(bakery, (bread, 2))
    order_accept(order=order, by=keeper)

    response = _hand_over(client, order, **{"Baguette tradition": 3})

    assert response.status_code == 400
    assert _status(order) == OrderStatus.ACCEPTED
    assert list(OrderChange.objects.filter(order=order).values_list("status_to", flat=True)) == ["accepted"]


def test_a_line_of_another_order_is_refused(client, keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 2)), keeper)
    other = _ready(_place(bakery, (bread, 2), name="Autre Client"), keeper)
    theirs = other.lines.get()

    response = client.post(
        f"{HANDOVER}{order.number}/", {"code": order.pickup.code, f"qty-{theirs.pk}": "1", "qty-abc": "1"}
    )

    assert response.status_code == 400
    assert "n'est pas dans cette commande" in _html(response)
    assert _status(order) == _status(other) == OrderStatus.READY


def test_another_shop_cannot_hand_over_part_of_an_order(client, keeper, other_shop, comte):
    theirs = _ready(_place(other_shop, (comte, 3), name="Autre Client"), shop_user(shop=other_shop))
    before = _stock(comte)
    line = theirs.lines.get()

    response = client.post(f"{HANDOVER}{theirs.number}/", {"code": theirs.pickup.code, f"qty-{line.pk}": "1"})

    assert response.status_code == 302
    assert _messages(response) == ["Code inconnu."]
    assert _status(theirs) == OrderStatus.READY
    assert _stock(comte) == before
    # Nor through the service, with another shop's user.
    with pytest.raises(OrderChangeError):
        order_hand_over(order=theirs, by=keeper, quantities={line.pk: 1})
    assert _status(theirs) == OrderStatus.READY and not LineHandover.objects.exists()


def test_the_service_refuses_nothing_and_too_much(keeper, bakery, bread):
    order = _ready(_place(bakery, (bread, 2)), keeper)
    line = order.lines.get()
    for quantities, words in (({line.pk: 0}, "Aucun article remis"), ({line.pk: 3}, "2 commandés")):
        with pytest.raises(OrderChangeError) as raised:
            order_hand_over(order=order, by=keeper, quantities=quantities)
        assert words in raised.value.message and raised.value.code == "quantity"
    assert _status(order) == OrderStatus.READY


def test_the_pages_show_what_was_handed_over_and_what_was_paid_at_the_counter(client, keeper, bakery, bread, croissant):
    order = _ready(_place(bakery, (bread, 3), (croissant, 2)), keeper)
    _hand_over(client, order, **{"Baguette tradition": 2, "Croissant au beurre": 0})

    keeper.groups.add(Group.objects.get(name="Commerçants"))
    dashboard = _text(client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})))
    assert "Remise partielle" in dashboard
    assert "Baguette tradition : 2 remis sur 3 commandés" in dashboard
    assert "Croissant au beurre : 0 remis sur 2 commandés" in dashboard
    assert "Montant de ce qui a été remis, TTC : 2,40 €." in dashboard
    assert "Payé en boutique, au retrait." in dashboard

    client.logout()
    shopper = _text(client.get(f"/commandes/suivi/{order_track_token(order=order)}/"))
    assert "3 × Baguette tradition (remis : 2 sur 3)" in shopper
    assert "2 × Croissant au beurre (remis : 0 sur 2)" in shopper
    assert "Réglée en boutique, au retrait : 2,40 € pour ce qui a été remis." in shopper


def test_an_early_partial_handover_keeps_the_quantities_while_asking_to_confirm(client, keeper, bakery, bread):
    from orders.services import Customer

    from .builders import order_placed, slot_key

    order = order_placed(
        shop=bakery,
        items=[(bread, 3)],
        key=slot_key(1, 10),
        customer=Customer(email="camille@example.fr", phone="06 12 34 56 78", name="Camille Martin"),
        now=NOW,
    )
    _ready(order, keeper)
    assert order.pickup.slot.starts_at - timezone.now() > timedelta(hours=12)

    response = _hand_over(client, order, **{"Baguette tradition": 2})
    assert response.status_code == 400
    assert f'name="qty-{order.lines.get().pk}" value="2"' in _html(response)
    assert _status(order) == OrderStatus.READY

    data = {"code": order.pickup.code, f"qty-{order.lines.get().pk}": "2", "early": "yes"}
    client.post(f"{HANDOVER}{order.number}/", data)
    assert _status(order) == OrderStatus.COLLECTED
    assert order.lines.get().handover.quantity == 2


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
