"""The shop's pickup board: its own orders only, new ones first, one-tap changes through the lifecycle services."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import OrderChange, OrderStatus, PickupSlot
from orders.services import order_accept, order_mark_ready, order_refuse
from shops.models import Shop

from .builders import NOW, order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

BOARD = "/dashboard/ma-boutique/commandes/"
PREP_LIST = "/dashboard/ma-boutique/commandes/preparation/"


class Clock:
    """timezone.now for the whole site (pages, services, sessions): the board reads the time of day."""

    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment


@pytest.fixture
def clock(monkeypatch):
    # Tuesday 4 June 2030, 8 o'clock in Paris: the shops have just opened.
    clock = Clock(NOW + timedelta(hours=1))
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def bakery(clock):
    return shop_open(name="Boulangerie du Marché", capacity=40)


@pytest.fixture
def other_shop(clock):
    return shop_open(name="Fromagerie des Halles", capacity=40)


@pytest.fixture
def keeper(client, bakery):
    user = shop_user(shop=bakery)
    client.force_login(user)
    return user


@pytest.fixture
def bread(bakery):
    return product_for_sale(shop=bakery, title="Baguette tradition", price="1.20", stock=500)


@pytest.fixture
def cake(bakery):
    return product_for_sale(shop=bakery, title="Fraisier", price="24.90", stock=50)


@pytest.fixture
def comte(other_shop):
    return product_for_sale(shop=other_shop, title="Comté 18 mois", price="8.40", stock=50)


def _place(shop, *items, day=0, hour=10, minute=0, name="Camille Martin", email="camille@example.fr"):
    from orders.services import Customer

    customer = Customer(email=email, phone="06 12 34 56 78", name=name)
    return order_placed(shop=shop, items=items, key=slot_key(day, hour, minute), customer=customer, now=NOW)


def _html(response) -> str:
    return unescape(response.content.decode())


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _status(order) -> str:
    return Order.objects.get(pk=order.pk).status


def test_board_shows_new_orders_first_with_the_customer_the_lines_and_the_total(client, keeper, bakery, bread, cake):
    new = _place(bakery, (bread, 3), (cake, 1), name="Camille Martin", email="camille@example.fr")
    accepted = _place(bakery, (bread, 2), day=1, hour=11, name="Louis Bernard", email="louis@example.fr")
    order_accept(order=accepted, by=keeper)

    response = client.get(BOARD)
    html = _html(response)

    assert response.status_code == 200
    new_at = html.index(f'id="commande-{new.number}"')
    accepted_at = html.index(f'id="commande-{accepted.number}"')
    assert html.index("Nouvelles commandes") < new_at < html.index("À préparer et à remettre") < accepted_at
    new_card = html[new_at:accepted_at]
    assert "Camille Martin" in new_card
    assert 'href="tel:0612345678"' in new_card
    assert 'href="mailto:camille@example.fr"' in new_card
    assert re.search(r"3\s×</strong> Baguette tradition", new_card)
    assert re.search(r"1\s×</strong> Fraisier", new_card)
    assert "28,50\xa0€" in new_card
    assert "Nouvelle" in new_card
    assert f'action="/dashboard/ma-boutique/commandes/{new.number}/accepter/"' in new_card
    assert f'action="/dashboard/ma-boutique/commandes/{new.number}/refuser/"' in new_card
    assert "Produit indisponible" in new_card  # one of the common refusal reasons
    accepted_card = html[accepted_at:]
    assert "Demain" in html[html.index("À préparer et à remettre") : accepted_at]
    assert "Acceptée" in accepted_card
    assert f'action="/dashboard/ma-boutique/commandes/{accepted.number}/prete/"' in accepted_card
    assert f'action="/dashboard/ma-boutique/commandes/{accepted.number}/annuler/"' in accepted_card
    # The history: placed, then accepted by the shop.
    assert "Commande passée" in accepted_card and "la boutique" in accepted_card


def test_board_groups_accepted_orders_by_slot_in_paris_time(client, keeper, bakery, bread):
    first = [_place(bakery, (bread, 1), hour=10) for _ in range(2)]
    later = _place(bakery, (bread, 1), hour=10, minute=30)
    ready = _place(bakery, (bread, 1), hour=14)
    for order in [*first, later, ready]:
        order_accept(order=order, by=keeper)
    order_mark_ready(order=ready, by=keeper)

    html = _html(client.get(BOARD))
    slots = re.findall(r"(\d\dh\d\d)–(\d\dh\d\d)\s*<span[^>]*>· (\d+) commandes?", html)

    # 10h00 in Paris is 08:00 UTC: the board speaks the shop's time.
    assert slots == [("10h00", "10h30", "2"), ("10h30", "11h00", "1"), ("14h00", "14h30", "1")]
    assert "Aujourd'hui" in html
    ready_card = html[html.index(f'id="commande-{ready.number}"') :]
    assert "le client donnera son code de retrait" in ready_card
    assert "Prête" in ready_card


def test_an_order_not_accepted_in_time_is_flagged_late(client, clock, keeper, bakery, bread):
    order = _place(bakery, (bread, 1), hour=18)
    accept_by = order.pickup.accept_by
    assert accept_by is not None

    clock.moment = accept_by - timedelta(minutes=1)
    html = _html(client.get(BOARD))
    assert "en retard" not in html
    assert "board-order--late" not in html

    clock.moment = accept_by + timedelta(minutes=1)
    html = _html(client.get(BOARD))
    card = html[html.index(f'id="commande-{order.number}"') :]
    assert "board-order--late" in html
    assert "en retard" in card
    assert "dont 1 en retard" in html


def test_menu_counts_new_orders_for_shop_users_only(client, keeper, bakery, bread, demo_users):
    orders = [_place(bakery, (bread, 1)) for _ in range(3)]
    order_accept(order=orders[0], by=keeper)

    html = client.get(reverse("my-shop:index")).content.decode()
    assert f'href="{BOARD}"' in html
    assert 'data-new-orders="2"' in html

    staff = Client()
    staff.force_login(demo_users["staff"])
    html = staff.get(reverse("dashboard:index")).content.decode()
    assert f'href="{BOARD}"' not in html
    assert "data-new-orders" not in html


def test_menu_counter_costs_one_query(bakery, bread, keeper, django_assert_num_queries):
    for _ in range(4):
        _place(bakery, (bread, 1))
    request = RequestFactory().get("/")
    request.user = keeper
    template = Template("{% load pickup_board %}{% pickup_board_new_count as count %}{{ count }}")
    with django_assert_num_queries(1):
        assert template.render(Context({"request": request})) == "4"


def test_accept_then_ready(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 2))

    response = client.post(f"{BOARD}{order.number}/accepter/")
    # Back to the top, where the message is and the next new orders wait.
    assert response.status_code == 302
    assert response["Location"] == BOARD
    assert _status(order) == OrderStatus.ACCEPTED
    assert any("acceptée" in message for message in _messages(response))

    response = client.post(f"{BOARD}{order.number}/prete/")
    # The card stays in its slot: back to it.
    assert response["Location"] == f"{BOARD}#commande-{order.number}"
    assert _status(order) == OrderStatus.READY
    changes = list(OrderChange.objects.filter(order=order).values_list("status_to", "actor_kind", "actor"))
    assert changes == [("accepted", "shop", keeper.pk), ("ready", "shop", keeper.pk)]


def test_refuse_without_a_reason_changes_nothing(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 2))
    slot = PickupSlot.objects.get(pk=order.pickup.slot_id)
    allocated = StockRecord.objects.get(pk=bread.pk).num_allocated

    response = client.post(f"{BOARD}{order.number}/refuser/", {"reason_choice": "", "reason_text": "  "})

    assert response.status_code == 302
    assert any("Indiquez le motif" in message for message in _messages(response))
    assert _status(order) == OrderStatus.PLACED
    assert not OrderChange.objects.filter(order=order).exists()
    assert PickupSlot.objects.get(pk=slot.pk).booked == slot.booked
    assert StockRecord.objects.get(pk=bread.pk).num_allocated == allocated


def test_refuse_with_a_common_reason_and_details_frees_slot_and_stock(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 2))
    booked = PickupSlot.objects.get(pk=order.pickup.slot_id).booked
    allocated = StockRecord.objects.get(pk=bread.pk).num_allocated

    response = client.post(
        f"{BOARD}{order.number}/refuser/", {"reason_choice": "unavailable", "reason_text": "plus de tradition ce matin"}
    )

    assert response.status_code == 302
    assert _status(order) == OrderStatus.REFUSED
    change = OrderChange.objects.get(order=order)
    assert change.reason == "Produit indisponible : plus de tradition ce matin"
    assert PickupSlot.objects.get(pk=order.pickup.slot_id).booked == booked - 1
    assert StockRecord.objects.get(pk=bread.pk).num_allocated == allocated - 2


def test_refuse_with_free_text_only(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 1))
    client.post(f"{BOARD}{order.number}/refuser/", {"reason_text": "Nous sommes en congés."})
    assert OrderChange.objects.get(order=order).reason == "Nous sommes en congés."


def test_refuse_with_an_unknown_reason_code_changes_nothing(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 1))
    response = client.post(f"{BOARD}{order.number}/refuser/", {"reason_choice": "<script>", "reason_text": "x"})
    assert response.status_code == 302
    assert _messages(response)
    assert _status(order) == OrderStatus.PLACED


def test_cancel_an_accepted_order_needs_a_reason(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 1))
    order_accept(order=order, by=keeper)

    response = client.post(f"{BOARD}{order.number}/annuler/", {})
    assert any("Indiquez le motif" in message for message in _messages(response))
    assert _status(order) == OrderStatus.ACCEPTED

    client.post(f"{BOARD}{order.number}/annuler/", {"reason_choice": "asked"})
    assert _status(order) == OrderStatus.CANCELLED
    assert OrderChange.objects.filter(order=order).last().reason == "À la demande du client"


@pytest.mark.parametrize(
    ("setup", "action", "data", "message"),
    [
        ("placed", "prete", {}, "Cette commande est « Nouvelle » : elle ne peut pas passer à « Prête »."),
        ("accepted", "accepter", {}, "Cette commande est déjà « Acceptée »."),
        ("placed", "annuler", {"reason_text": "Rupture"}, "elle ne peut pas passer à « Annulée »"),
        ("refused", "accepter", {}, "Cette commande est « Refusée » : elle ne peut pas passer à « Acceptée »."),
        ("ready", "refuser", {"reason_text": "Rupture"}, "Cette commande est « Prête » : elle ne peut pas passer"),
    ],
)
def test_forbidden_moves_show_the_service_message_and_change_nothing(
    client, keeper, bakery, bread, setup, action, data, message
):
    order = _place(bakery, (bread, 1))
    if setup in ("accepted", "ready"):
        order_accept(order=order, by=keeper)
    if setup == "ready":
        order_mark_ready(order=order, by=keeper)
    if setup == "refused":
        order_refuse(order=order, by=keeper, reason="Fermé")
    changes = OrderChange.objects.filter(order=order).count()

    response = client.post(f"{BOARD}{order.number}/{action}/", data)

    assert response.status_code == 302
    assert response["Location"] == BOARD  # the top of the page, where the message shows
    assert any(message in text for text in _messages(response)), _messages(response)
    assert _status(order) == setup
    assert OrderChange.objects.filter(order=order).count() == changes


@pytest.mark.parametrize("action", ["accepter", "refuser", "prete", "annuler"])
def test_another_shops_order_answers_404_and_nothing_changes(client, keeper, other_shop, comte, action):
    theirs = _place(other_shop, (comte, 1))
    if action in ("prete", "annuler"):
        order_accept(order=theirs, by=shop_user(shop=other_shop))
    status = _status(theirs)
    changes = OrderChange.objects.filter(order=theirs).count()

    response = client.post(f"{BOARD}{theirs.number}/{action}/", {"reason_text": "Rupture"})

    assert response.status_code == 404
    assert _status(theirs) == status
    assert OrderChange.objects.filter(order=theirs).count() == changes


def test_the_board_never_shows_another_shops_orders(client, keeper, bakery, bread, other_shop, comte):
    mine = _place(bakery, (bread, 1))
    theirs = _place(other_shop, (comte, 1), name="Autre Client", email="autre@example.fr")
    html = _html(client.get(BOARD))
    assert mine.number in html
    assert theirs.number not in html
    assert "autre@example.fr" not in html
    assert _html(client.get(PREP_LIST)).count(theirs.number) == 0


def test_anonymous_is_sent_to_the_login_page(client, bakery, bread):
    order = _place(bakery, (bread, 1))
    for response in (client.get(BOARD), client.post(f"{BOARD}{order.number}/accepter/"), client.get(PREP_LIST)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("dashboard:login"))
    assert _status(order) == OrderStatus.PLACED


def test_a_shopper_account_has_no_access(client, bakery, bread, demo_users):
    order = _place(bakery, (bread, 1))
    client.force_login(demo_users["shopper"])
    assert client.get(BOARD).status_code == 404
    assert client.get(PREP_LIST).status_code == 404
    assert client.post(f"{BOARD}{order.number}/accepter/").status_code == 404
    assert _status(order) == OrderStatus.PLACED


def test_actions_are_post_only_and_csrf_protected(keeper, bakery, bread):
    order = _place(bakery, (bread, 1))
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(keeper)

    assert browser.get(f"{BOARD}{order.number}/accepter/").status_code == 405
    assert browser.post(f"{BOARD}{order.number}/accepter/").status_code == 403
    assert _status(order) == OrderStatus.PLACED

    page = browser.get(BOARD).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(f"{BOARD}{order.number}/accepter/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert _status(order) == OrderStatus.ACCEPTED


def test_a_suspended_shop_reads_its_board_but_changes_nothing(client, keeper, bakery, bread):
    order = _place(bakery, (bread, 1))
    Shop.objects.filter(pk=bakery.pk).update(status=Shop.Status.SUSPENDED)

    html = _html(client.get(BOARD))
    assert order.number in html
    assert "Votre boutique est suspendue" in html
    assert f"{order.number}/accepter/" not in html

    response = client.post(f"{BOARD}{order.number}/accepter/")
    assert response.status_code == 302
    assert response["Location"] == BOARD
    assert any("suspendue" in message for message in _messages(response))
    assert _status(order) == OrderStatus.PLACED


def test_todays_closed_orders_are_folded_apart(client, keeper, bakery, bread):
    refused = _place(bakery, (bread, 1), day=3)
    order_refuse(order=refused, by=keeper, reason="Fermé ce jour-là")
    waiting = _place(bakery, (bread, 1))

    html = _html(client.get(BOARD))
    closed_at = html.index("Terminées aujourd'hui")
    assert html.index(f'id="commande-{waiting.number}"') < closed_at < html.index(f'id="commande-{refused.number}"')
    assert "<details>" in html[html.index("board-closed") : closed_at]
    assert "Fermé ce jour-là" in html[closed_at:]


def test_prep_list_sums_the_days_open_orders_per_product(client, keeper, bakery, bread, cake):
    first = _place(bakery, (bread, 3), (cake, 1), hour=10, name="Camille Martin")
    second = _place(bakery, (bread, 2), hour=11, name="Louis Bernard")
    order_accept(order=second, by=keeper)
    refused = _place(bakery, (bread, 7), hour=11)
    order_refuse(order=refused, by=keeper, reason="Fermé")
    tomorrow = _place(bakery, (cake, 4), day=1, hour=10)

    response = client.get(PREP_LIST)
    html = _html(response)

    assert response.status_code == 200
    items = [(item.title, item.quantity) for item in response.context["prep"].items]
    assert items == [("Baguette tradition", 5), ("Fraisier", 1)]
    assert re.search(r"<strong>5</strong></td><td>Baguette tradition</td>", html)
    assert first.number in html and second.number in html
    assert refused.number not in html and tomorrow.number not in html
    assert html.index("Camille Martin") < html.index("Louis Bernard")
    assert "@media print" in open("static/css/board.css", encoding="utf-8").read()
    assert "css/board.css" in html

    response = client.get(PREP_LIST, {"day": "2030-06-05"})
    assert [(item.title, item.quantity) for item in response.context["prep"].items] == [("Fraisier", 4)]


def test_board_links_to_the_prep_list(client, keeper):
    assert f'href="{PREP_LIST}"' in client.get(BOARD).content.decode()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("demain", "Date non reconnue"),
        ("2030-02-30", "Date non reconnue"),
        ("9999-12-31", "trop lointaine"),
        ("0001-01-01", "trop lointaine"),
    ],
)
def test_prep_list_falls_back_to_today_on_a_bad_day(client, keeper, bakery, bread, day, message):
    _place(bakery, (bread, 2))
    response = client.get(PREP_LIST, {"day": day})
    assert response.status_code == 200
    assert message in _html(response)
    assert response.context["prep"].day == NOW.date()
    assert [item.quantity for item in response.context["prep"].items] == [2]


@pytest.mark.parametrize("count", [3, 30])
def test_board_and_prep_list_queries_do_not_grow_with_orders(
    client, keeper, bakery, bread, cake, count, django_assert_max_num_queries
):
    for number in range(count):
        hour, minute = 9 + (number % 10), 30 * (number // 10 % 2)
        order = _place(bakery, (bread, 1 + number % 3), (cake, 1), hour=hour, minute=minute, name=f"Client {number}")
        # A mix of new, accepted and ready orders, with their history.
        if number % 3:
            order_accept(order=order, by=keeper)
        if number % 3 == 2:
            order_mark_ready(order=order, by=keeper)

    # Session, user, shop, orders, lines, history, footer links, then the menu: two access checks,
    # permissions (2) and the counter. None of them per order.
    with django_assert_max_num_queries(12):
        response = client.get(BOARD)
    assert response.status_code == 200
    assert _html(response).count('class="card board-order') == count
    with django_assert_max_num_queries(12):
        response = client.get(PREP_LIST)
    assert response.context["prep"].orders_count == count
