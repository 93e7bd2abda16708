"""Allo CCI: the number, hours and closures edited once by CCI staff and shown everywhere, open now or when it opens."""

from datetime import date, time

import pytest
from django.urls import reverse

from pure.models import Hotline, HotlineClosure
from pure.selectors.hotline import hotline_now
from pure.services.hotline import hotline_closure_add, hotline_update

from .conftest import paris

pytestmark = pytest.mark.django_db

# The demo hotline: Monday to Friday, 8:30–12:00 and 13:30–17:30. 7 December 2026 is a Monday.


def test_open_on_a_weekday_morning_until_noon():
    hotline = hotline_now(now=paris(2026, 12, 7, 10, 0))
    assert hotline.status.is_open
    assert hotline.status.changes_at == paris(2026, 12, 7, 12, 0)


def test_closed_before_opening_opens_later_today():
    hotline = hotline_now(now=paris(2026, 12, 7, 7, 0))
    assert not hotline.status.is_open
    assert hotline.opens_today
    assert hotline.status.changes_at == paris(2026, 12, 7, 8, 30)


def test_on_friday_evening_it_opens_on_monday():
    hotline = hotline_now(now=paris(2026, 12, 11, 18, 0))
    assert not hotline.status.is_open
    assert not hotline.opens_today and not hotline.opens_tomorrow
    assert hotline.status.changes_at == paris(2026, 12, 14, 8, 30)


def test_a_closure_moves_the_next_opening_past_it():
    hotline_closure_add(starts_on=date(2026, 12, 14), ends_on=date(2026, 12, 15), reason="Inventaire")
    hotline = hotline_now(now=paris(2026, 12, 11, 18, 0))
    assert hotline.status.changes_at == paris(2026, 12, 16, 8, 30)
    assert hotline.closures == [(date(2026, 12, 14), date(2026, 12, 15), "Inventaire")]


def test_opening_after_the_spring_clock_change_is_in_summer_time():
    # Clocks go forward on Sunday 29 March 2026: Monday's 8:30 is UTC+2.
    hotline = hotline_now(now=paris(2026, 3, 28, 12, 0))
    assert hotline.status.changes_at.utcoffset().total_seconds() == 7200
    assert hotline.status.changes_at == paris(2026, 3, 30, 8, 30)


def test_landing_page_shows_number_as_tel_link_and_open_now(client, clock):
    clock(paris(2026, 12, 7, 10, 0))
    page = client.get(reverse("pure:index")).content.decode()
    assert 'href="tel:+33474952400"' in page
    assert "04 74 95 24 00" in page
    assert "Ouvert maintenant" in page
    assert "jusqu&#x27;à 12h00" in page or "jusqu'à 12h00" in page


def test_every_page_footer_says_when_the_hotline_opens(client, clock, page_cache_off):
    clock(paris(2026, 12, 11, 18, 0))  # Friday evening
    page = client.get("/").content.decode()
    footer = page[page.index('class="site-footer"') :]
    assert 'href="tel:+33474952400"' in footer
    assert "Fermé" in footer
    assert "ouvre lundi à 08h30" in footer


def test_shopkeeper_dashboard_home_shows_the_hotline(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])
    page = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="allo-cci-card"' in page
    assert 'href="tel:+33474952400"' in page


def test_staff_edit_reaches_the_cached_footer_at_once(client, demo_users, clock):
    clock(paris(2026, 12, 7, 10, 0))
    assert "04 74 95 24 00" in client.get("/").content.decode()  # now kept in the page cache
    staff = client.__class__()
    staff.force_login(demo_users["staff"])
    days = {f"day_{d}": "9h-12h" for d in range(1, 6)}
    response = staff.post(reverse("pure-support:hotline"), {"phone": "0474000001", "text": "Nouveau texte", **days})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "04 74 00 00 01" in page and 'href="tel:+33474000001"' in page
    assert "jusqu&#x27;à 12h00" in page or "jusqu'à 12h00" in page


@pytest.mark.parametrize(
    "data, field_error",
    [
        ({"phone": "pas un numéro"}, "Numéro de téléphone invalide."),
        ({"phone": ""}, "Champ requis."),
        ({"day_1": "25h-26h"}, "heure impossible"),
        ({"day_1": "12h-9h"}, "doit suivre l&#x27;ouverture"),
        ({"day_2": "9h-12h, 11h-14h"}, "se chevauchent"),
        ({"text": "x" * 601}, "600 caract"),
        ({"text": "nul\x00"}, "caract"),
    ],
)
def test_bad_hotline_input_is_refused_in_french_and_nothing_changes(client, demo_users, data, field_error):
    client.force_login(demo_users["staff"])
    before = list(Hotline.objects.values_list("phone", "text"))
    ranges_before = Hotline.objects.get().ranges.count()
    response = client.post(reverse("pure-support:hotline"), {"phone": "04 74 95 24 00", **data})
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert list(Hotline.objects.values_list("phone", "text")) == before
    assert Hotline.objects.get().ranges.count() == ranges_before


def test_closure_added_by_staff_shows_on_the_landing_page(client, demo_users, clock):
    clock(paris(2026, 12, 7, 10, 0))
    client.force_login(demo_users["staff"])
    response = client.post(
        reverse("pure-support:hotline"),
        {
            "add_closure": "1",
            "closure-starts_on": "2026-12-24",
            "closure-ends_on": "2026-12-26",
            "closure-reason": "Noël",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("pure:index")).content.decode()
    assert "du 24 décembre au 26 décembre" in page and "Noël" in page


def test_closure_ending_before_it_starts_is_refused(client, demo_users):
    client.force_login(demo_users["staff"])
    response = client.post(
        reverse("pure-support:hotline"),
        {"add_closure": "1", "closure-starts_on": "2026-12-26", "closure-ends_on": "2026-12-24"},
    )
    assert response.status_code == 200
    assert "La date de fin doit" in response.content.decode()
    assert not HotlineClosure.objects.exists()


def test_service_refuses_overlapping_ranges():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        hotline_update(phone="04 74 95 24 00", text="", ranges=[(1, time(9), time(12)), (1, time(11), time(13))])


@pytest.mark.parametrize("role", ["shopper", "shopkeeper_a", "editor"])
def test_hotline_screen_is_for_staff_only(client, demo_users, role):
    client.force_login(demo_users[role])
    assert client.get(reverse("pure-support:hotline")).status_code == 403
    response = client.post(reverse("pure-support:hotline"), {"phone": "0474000001"})
    assert response.status_code == 403
    assert Hotline.objects.get().phone == "04 74 95 24 00"


def test_hotline_screen_sends_anonymous_visitors_to_the_login(client):
    response = client.get(reverse("pure-support:hotline"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard:login"))


def test_menu_shows_pure_to_staff_only(client, demo_users):
    client.force_login(demo_users["staff"])
    assert reverse("pure-support:queue") in client.get(reverse("dashboard:index")).content.decode()
    client.force_login(demo_users["shopkeeper_a"])
    assert reverse("pure-support:queue") not in client.get(reverse("dashboard:index")).content.decode()
