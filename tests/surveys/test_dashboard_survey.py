"""A signed-in shopkeeper whose business is on the member list sees the open survey on their dashboard home."""

import pytest
from django.urls import reverse

from shops.models import Shop
from surveys.models import Member, Response, Wave

pytestmark = pytest.mark.django_db


def test_the_open_wave_invites_the_shopkeeper_until_they_answer(client, demo_users):
    shop = Shop.objects.get(partner__users=demo_users["shopkeeper_a"])
    member = Member.objects.get(siret=shop.siret)  # the demo member list holds the demo shops
    client.force_login(demo_users["shopkeeper_a"])
    page = client.get(reverse("dashboard:index")).content.decode()
    assert "data-open-survey" in page
    link = page.split("data-open-survey", 1)[1].split('href="', 1)[1].split('"', 1)[0]
    # The button is the member's personal link: it opens their form.
    assert "Ouvert" in client.get(link.replace("http://127.0.0.1:8000", "")).content.decode()
    wave = Wave.objects.filter(survey__slug="barometre-reprise", number=2).get()
    Response.objects.create(wave=wave, member=member, town=member.town, sector=member.sector)
    assert "data-answered" in client.get(reverse("dashboard:index")).content.decode()


def test_a_business_off_the_list_sees_no_survey(client, demo_users):
    shop = Shop.objects.get(partner__users=demo_users["shopkeeper_b"])
    Member.objects.filter(siret=shop.siret).delete()
    Member.objects.filter(email__in=[shop.email, demo_users["shopkeeper_b"].email]).delete()
    client.force_login(demo_users["shopkeeper_b"])
    assert "data-open-survey" not in client.get(reverse("dashboard:index")).content.decode()
