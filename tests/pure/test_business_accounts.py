"""Verified business accounts (PURE, part 3): a member applies with their SIRET, CCI staff verify it in the
shops' review queue; then, and only then, the equipment is theirs to order."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from shops.models import BusinessAccount
from shops.selectors.visibility import business_identity
from tests.factories import siret_make

User = get_user_model()
MASKS = "Masques chirurgicaux type IIR"


@pytest.fixture
def member(db):
    return User.objects.create_user("gerant@atelier-test.fr", "membre-test", first_name="Paul", last_name="Gérant")


@pytest.fixture
def member_client(member):
    client = Client()
    client.force_login(member)
    return client


@pytest.fixture
def staff_client(db, demo_users):
    client = Client()
    client.force_login(demo_users["staff"])
    return client


def test_the_application_page_asks_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get("/pure/entreprise/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("1234", "14 chiffres ; vous en avez saisi 4"),
        ("12345678901234", "pas valide"),
        ("abcdefghijklmn", "que des chiffres de 0 à 9"),
    ],
)
def test_a_bad_siret_is_refused_in_french_and_nothing_is_written(member_client, siret, message):
    response = member_client.post("/pure/entreprise/", {"legal_name": "Atelier Test", "siret": siret})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BusinessAccount.objects.filter(legal_name="Atelier Test").exists()


def test_an_applicant_waits_for_staff_then_orders_once_verified(member, member_client, staff_client):
    siret = siret_make()
    response = member_client.post(
        "/pure/entreprise/", {"legal_name": "Atelier Test", "siret": siret[:3] + " " + siret[3:]}
    )
    assert response.status_code == 302
    account = BusinessAccount.objects.get(user=member)
    assert (account.siret, account.status) == (siret, BusinessAccount.Status.PENDING)
    # Pending: still nothing to see.
    assert MASKS not in member_client.get("/pure/equipements/").content.decode()
    assert "attend la vérification" in member_client.get("/pure/entreprise/").content.decode()

    queue = staff_client.get("/dashboard/boutiques/entreprises/").content.decode()
    assert "Atelier Test" in queue
    staff_client.post(f"/dashboard/boutiques/entreprises/{account.pk}/valider/")
    account.refresh_from_db()
    assert account.status == BusinessAccount.Status.APPROVED and account.decided_by is not None
    member.refresh_from_db()
    assert business_identity(user=member).siret == siret
    assert MASKS in member_client.get("/pure/equipements/").content.decode()


def test_a_refusal_needs_a_reason_and_the_member_may_apply_again(member, member_client, staff_client):
    member_client.post("/pure/entreprise/", {"legal_name": "Atelier Test", "siret": siret_make()})
    account = BusinessAccount.objects.get(user=member)
    staff_client.post(f"/dashboard/boutiques/entreprises/{account.pk}/refuser/", {"reason": ""})
    account.refresh_from_db()
    assert account.status == BusinessAccount.Status.PENDING
    staff_client.post(
        f"/dashboard/boutiques/entreprises/{account.pk}/refuser/", {"reason": "Raison sociale différente"}
    )
    account.refresh_from_db()
    assert account.status == BusinessAccount.Status.REJECTED
    page = member_client.get("/pure/entreprise/").content.decode()
    assert "Raison sociale différente" in page
    member_client.post("/pure/entreprise/", {"legal_name": "Atelier Test SARL", "siret": siret_make()})
    account.refresh_from_db()
    assert (account.status, account.legal_name) == (BusinessAccount.Status.PENDING, "Atelier Test SARL")


def test_a_pending_application_cannot_be_sent_twice(member, member_client):
    member_client.post("/pure/entreprise/", {"legal_name": "Atelier Test", "siret": siret_make()})
    second = siret_make()
    member_client.post("/pure/entreprise/", {"legal_name": "Autre", "siret": second})
    assert BusinessAccount.objects.get(user=member).legal_name == "Atelier Test"


def test_only_reviewers_open_the_business_queue(db, demo_users):
    for role in ("shopper", "shopkeeper_a", "editor"):
        client = Client()
        client.force_login(demo_users[role])
        assert client.get("/dashboard/boutiques/entreprises/").status_code == 403


def test_staff_set_and_remove_a_cap_on_a_business_only_product(staff_client, demo_users):
    from oscar.core.loading import get_model

    from shops.models import BusinessCap, Shop

    supplier = Shop.objects.get(slug="protections-nord-isere")
    screen = get_model("catalogue", "Product").objects.get(upc="pure-ecran-comptoir")
    url = f"/dashboard/boutiques/{supplier.pk}/plafonds/"
    assert (
        f'data-business-cap="{screen.pk}"' in staff_client.get(f"/dashboard/boutiques/{supplier.pk}/").content.decode()
    )
    staff_client.post(url, {"product_id": screen.pk, "quantity": "2", "period_days": "30"})
    cap = BusinessCap.objects.get(product=screen)
    assert (cap.quantity, cap.period_days) == (2, 30)
    # Bad input: a clear message, the cap unchanged.
    response = staff_client.post(url, {"product_id": screen.pk, "quantity": "-3", "period_days": "30"}, follow=True)
    assert response.status_code == 200 and BusinessCap.objects.get(product=screen).quantity == 2
    # A product of another shop cannot be capped through this one.
    bread = get_model("catalogue", "Product").objects.filter(stockrecords__partner__shop__slug="au-pain-dore").first()
    staff_client.post(url, {"product_id": bread.pk, "quantity": "2", "period_days": "7"})
    assert not BusinessCap.objects.filter(product=bread).exists()
    staff_client.post(url, {"product_id": screen.pk, "quantity": "", "period_days": "7"})
    assert not BusinessCap.objects.filter(product=screen).exists()
