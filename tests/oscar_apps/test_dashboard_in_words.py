"""The dashboard speaks French words, not codes: order statuses in the order list, its filters and the
order page; the catalogue's bulk-action prompt; the CMS page tree's root."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, Page

from orders.services import order_accept, order_mark_collected, order_mark_ready
from tests.orders.builders import order_placed, product_for_sale, shop_open, shop_user, slot_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def bakery(db):
    return shop_open(name="Boulangerie du Marché", capacity=10)


@pytest.fixture
def keeper(client, bakery):
    user = shop_user(shop=bakery)
    user.groups.add(Group.objects.get(name="Commerçants"))
    client.force_login(user)
    return user


@pytest.fixture
def orders(bakery, keeper):
    bread = product_for_sale(shop=bakery, title="Baguette", price="1.20", stock=50)
    placed = order_placed(shop=bakery, items=[(bread, 1)], key=slot_key(1, 10))
    collected = order_placed(shop=bakery, items=[(bread, 2)], key=slot_key(1, 11))
    order_accept(order=collected, by=keeper)
    order_mark_ready(order=collected, by=keeper)
    order_mark_collected(order=collected, by=keeper)
    return placed, collected


def _html(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def _cells(html: str) -> list[str]:
    return [" ".join(cell.split()) for cell in re.findall(r"<td>(.*?)</td>", html, re.S)]


def _options(html: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {
        value: " ".join(label.split())
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select, re.S)
    }


def test_the_order_list_names_each_status_in_words(client, orders):
    html = _html(client.get(reverse("dashboard:order-list")))

    cells = _cells(html)
    assert "Nouvelle" in cells and "Retirée" in cells
    assert "placed" not in cells and "collected" not in cells
    # The search filter and the bulk status change offer words too.
    filter_choices = _options(html, "status")
    assert filter_choices["placed"] == "Nouvelle"
    assert filter_choices["not_collected"] == "Non retirée"
    assert _options(html, "new_status")["accepted"] == "Acceptée"
    # French punctuation in what the override gives again: a space before the colon.
    assert "Changer l'état de la commande :" in html


def test_the_order_list_filtered_by_status_says_which_in_french(client, orders):
    html = _html(client.get(reverse("dashboard:order-list"), {"status": "collected"}))

    assert "Filtres :" in html and "Filters:" not in html
    assert "L'état de la commande est Retirée" in html


def test_the_order_page_names_the_status_and_its_next_ones_in_words(client, orders):
    placed, _collected = orders
    html = _html(client.get(reverse("dashboard:order-detail", kwargs={"number": placed.number})))

    assert "<td>Nouvelle</td>" in html
    assert "<td>placed</td>" not in html
    choices = _options(html, "new_status")
    assert choices["accepted"] == "Acceptée"
    assert choices["refused"] == "Refusée"
    assert "Changer l'état de la commande :" in html
    assert "Avec les lignes sélectionnées :" in html


def test_the_catalogue_bulk_action_prompt_is_in_french(client, bakery, keeper):
    product_for_sale(shop=bakery, title="Baguette", price="1.20", stock=5)

    html = _html(client.get(reverse("dashboard:catalogue-product-list")))

    assert "-- choisir une action --" in html
    assert "choose action" not in html


def test_the_cms_root_is_named_in_french(client, demo_users):
    assert Page.objects.get(depth=1).title == "Racine"
    assert Collection.objects.get(depth=1).name == "Racine"
    client.force_login(demo_users["editor"])

    html = _html(client.get(reverse("wagtailadmin_explore_root")))

    assert "Racine" in html
    assert ">Root<" not in html
