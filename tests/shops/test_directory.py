from datetime import datetime, time

import pytest
from django.urls import reverse

from orders.models import PickupSlot
from orders.slots.availability import shops_with_free_slot_today, slots_available
from shops.models import Closure, Shop
from shops.schedule import PARIS
from shops.selectors.directory import DirectoryQuery, directory_shops
from shops.selectors.visibility import shop_public_q

pytestmark = pytest.mark.django_db

TUESDAY_10H = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
TUESDAY_13H = datetime(2026, 12, 1, 13, 0, tzinfo=PARIS)


def _names(response):
    return [shop.name for shop in response.context["shops"]]


def test_directory_lists_every_approved_shop(client):
    response = client.get(reverse("shops:directory"))
    assert response.status_code == 200
    assert response.context["shops"].paginator.count == Shop.objects.filter(shop_public_q()).count()


def test_filter_by_town_and_category(client):
    response = client.get(reverse("shops:directory"), {"town": "Vienne"})
    assert _names(response)
    assert all(shop.town == "Vienne" for shop in response.context["shops"])
    response = client.get(reverse("shops:directory"), {"category": "boulangerie"})
    assert all(shop.category.slug == "boulangerie" for shop in response.context["shops"])
    assert "Au Pain Doré" in _names(response)


def test_text_query_finds_a_shop_by_name(client):
    assert _names(client.get(reverse("shops:directory"), {"q": "pain dor"})) == ["Au Pain Doré"]


def test_distance_from_a_town_orders_nearest_first_and_shows_it(client):
    response = client.get(reverse("shops:directory"), {"near": "Vienne"})
    shops = list(response.context["shops"])
    distances = [shop.distance_km for shop in shops]
    assert distances == sorted(distances)
    assert shops[0].town == "Vienne"
    assert distances[0] < 2
    html = response.content.decode()
    assert "à 0," in html and " km" in html


def test_distance_from_the_browser_position(client):
    # The Bourgoin-Jallieu town hall area.
    response = client.get(reverse("shops:directory"), {"lat": "45.5864", "lng": "5.2741"})
    assert response.context["shops"][0].town == "Bourgoin-Jallieu"


def test_filters_are_in_the_url_and_pages_keep_them(client):
    response = client.get(reverse("shops:directory"), {"near": "Vienne", "page": "1"})
    assert "near=Vienne" in response.context["querystring"]
    assert "page" not in response.context["querystring"]


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "abc"},
        {"lat": "95", "lng": "5"},
        {"town": "\x00"},
        {"page": "xyz"},
        {"q": "x" * 5000},
        {"near": "Paris"},
    ],
)
def test_bad_filters_never_fail(client, params):
    response = client.get(reverse("shops:directory"), params)
    assert response.status_code == 200


def test_open_now_follows_hours_lunch_breaks_and_closures():
    bakery = Shop.objects.get(slug="au-pain-dore")  # Tue–Sat 7:00–12:30 and 15:00–19:00
    open_at_10 = directory_shops(query=DirectoryQuery(open_now=True), now=TUESDAY_10H)
    assert bakery in open_at_10
    open_at_13 = directory_shops(query=DirectoryQuery(open_now=True), now=TUESDAY_13H)
    assert bakery not in open_at_13
    Closure.objects.create(shop=bakery, starts_on=TUESDAY_10H.date(), ends_on=TUESDAY_10H.date(), reason="Inventaire")
    assert bakery not in directory_shops(query=DirectoryQuery(open_now=True), now=TUESDAY_10H)


def test_pickup_today_needs_a_slot_left_after_the_preparation_time():
    bakery = Shop.objects.get(slug="au-pain-dore")
    late = datetime(2026, 12, 1, 18, 20, tzinfo=PARIS)
    Shop.objects.filter(pk=bakery.pk).update(preparation_minutes=60, slot_minutes=30, same_day_cutoff=None)
    candidates = directory_shops(query=DirectoryQuery(pickup_today=True), now=late)
    assert bakery not in shops_with_free_slot_today(shops=candidates, now=late)
    Shop.objects.filter(pk=bakery.pk).update(preparation_minutes=10)
    candidates = directory_shops(query=DirectoryQuery(pickup_today=True), now=late)
    assert bakery in shops_with_free_slot_today(shops=candidates, now=late)
    Shop.objects.filter(pk=bakery.pk).update(same_day_cutoff=time(18, 0))
    candidates = directory_shops(query=DirectoryQuery(pickup_today=True), now=late)
    assert bakery not in shops_with_free_slot_today(shops=candidates, now=late)


def test_pickup_today_leaves_out_a_shop_whose_slots_of_today_are_all_taken():
    bakery = Shop.objects.get(slug="au-pain-dore")
    late = datetime(2026, 12, 1, 18, 20, tzinfo=PARIS)
    Shop.objects.filter(pk=bakery.pk).update(preparation_minutes=10, slot_minutes=30, same_day_cutoff=None)
    candidates = directory_shops(query=DirectoryQuery(pickup_today=True), now=late)
    assert bakery in shops_with_free_slot_today(shops=candidates, now=late)
    bakery.refresh_from_db()
    today = slots_available(shop=bakery, now=late)[0]
    assert today.day == late.date()
    for slot in today.slots:
        PickupSlot.objects.create(
            shop=bakery, starts_at=slot.starts_at, ends_at=slot.ends_at, capacity=slot.capacity, booked=slot.capacity
        )
    candidates = directory_shops(query=DirectoryQuery(pickup_today=True), now=late)
    assert bakery not in shops_with_free_slot_today(shops=candidates, now=late)


def test_suspended_shops_are_not_listed(client):
    Shop.objects.filter(slug="au-pain-dore").update(status=Shop.Status.SUSPENDED)
    assert "Au Pain Doré" not in _names(client.get(reverse("shops:directory")))


def test_directory_queries_are_bounded(client, django_assert_max_num_queries):
    client.get(reverse("shops:directory"))
    with django_assert_max_num_queries(10):
        client.get(reverse("shops:directory"), {"near": "Vienne", "category": "fromagerie", "open_now": "on"})


def test_home_page_shows_shops_near_the_chosen_town_and_remembers_it(client):
    response = client.get("/", {"near": "Vienne"})
    near = response.context["near_shops"]
    assert near and near[0].town == "Vienne"
    assert "Près de Vienne" in response.content.decode()
    # Without the parameter, the cookie remembers the town.
    assert client.get("/").context["near_shops"][0].town == "Vienne"


def test_directory_position_is_remembered_for_the_home_page(client):
    client.get(reverse("shops:directory"), {"lat": "45.5864", "lng": "5.2741"})
    response = client.get("/")
    assert response.context["near_shops"][0].town == "Bourgoin-Jallieu"
    assert "Autour de vous" in response.content.decode()


def test_home_page_without_a_place_asks_for_one(client):
    response = client.get("/")
    assert response.context["near_shops"] == []
    assert 'name="near"' in response.content.decode()


def test_map_view_carries_the_same_shops_as_the_list(client):
    response = client.get(reverse("shops:directory"), {"view": "map", "town": "Vienne"})
    markers = response.context["map_markers"]
    assert {m["name"] for m in markers} == {shop.name for shop in response.context["shops"]}
    assert 'id="directory-markers"' in response.content.decode()
    # The list is still there for browsers without JavaScript.
    assert 'class="shop-card"' in response.content.decode()


def test_pagination_links_keep_the_map_view(client):
    response = client.get(reverse("shops:directory"), {"view": "map"})
    assert "view=map" in response.context["querystring"]


def test_storefront_announces_the_first_slot_with_a_place_left(client):
    from orders.models import PickupSlot
    from orders.slots.availability import slots_available

    shop = Shop.objects.get(slug="au-pain-dore")
    first = slots_available(shop=shop)[0].slots[0]
    PickupSlot.objects.create(
        shop=shop,
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        capacity=shop.slot_capacity,
        booked=shop.slot_capacity,
    )
    response = client.get(shop.get_absolute_url())
    assert response.context["next_slot"].starts_at > first.starts_at


def test_storefront_of_a_pending_shop_is_404(client):
    Shop.objects.filter(slug="au-pain-dore").update(status=Shop.Status.PENDING)
    assert client.get("/boutiques/au-pain-dore/").status_code == 404


def _town_choices(response) -> list[str]:
    return [value for value, _label in response.context["form"].fields["town"].choices if value]


def test_the_town_filter_lists_a_town_as_soon_as_its_first_shop_is_approved(client, demo_users, page_cache_off):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shops.services.review import shop_approve
    from tests.factories import shop_pending_create

    towns = _town_choices(client.get(reverse("shops:directory")))
    assert towns == sorted(towns) and "Vienne" in towns
    with CaptureQueriesContext(connection) as queries:
        assert _town_choices(client.get(reverse("shops:directory"))) == towns
    assert not any("DISTINCT" in query["sql"] for query in queries.captured_queries)

    shop = shop_pending_create(name="Épicerie de Saint-Chef", postcode="38890", town="Saint-Chef")
    assert "Saint-Chef" not in _town_choices(client.get(reverse("shops:directory")))
    shop_approve(shop=shop, actor=demo_users["staff"])

    assert "Saint-Chef" in _town_choices(client.get(reverse("shops:directory")))
