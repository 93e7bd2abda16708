"""The shopkeeper sign-up wizard at /commercants/, driven with Django's test client."""

import io
import re
import struct
import time
import zlib
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.query import QuerySet
from django.utils.html import escape
from oscar.core.loading import get_model
from PIL import Image

from kernel.accounts.groups import SHOPKEEPERS
from shops.images import MESSAGE_BAD_FORMAT, MESSAGE_CORRUPT, MESSAGE_TOO_MANY_PIXELS
from shops.models import OpeningRange, Shop, ShopCategory, ShopDecision
from shops.services import signup as services
from shops.territory import town_find
from shops.validators import validate_siret

pytestmark = pytest.mark.django_db

User = get_user_model()
Partner = get_model("partner", "Partner")
PASSWORD = "Brioche-du-matin-42"
CONFIRM_PATH = re.compile(r"/commercants/confirmer/[^/\s\"<>]+/")
# Valid SIRETs (Luhn on the SIREN and on all 14 digits); tests take the first one no demo shop uses.
SIRETS = ["73282932000074", "44306184100047", "55208131766522", "32543725915384", "84714485472984"]
WEEK = {
    "day_1": "9h00-12h30, 14h00-19h00",
    "day_2": "9h00-12h30, 14h00-19h00",
    "day_3": "9h00-12h30",
    "day_4": "9h00-12h30, 14h00-19h00",
    "day_5": "9h00-12h30, 14h00-19h00",
    "day_6": "8h00-13h00",
    "day_7": "",
}


def _step(number: int) -> str:
    return f"/commercants/inscription/etape-{number}/"


def _shows(response, message) -> bool:
    # Literal template text keeps its apostrophes; messages rendered as variables are escaped.
    content = response.content.decode()
    return str(message) in content or escape(str(message)) in content


def _siret_message(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_siret(value)
    return caught.value.messages[0]


@pytest.fixture
def free_sirets():
    taken = set(Shop.objects.values_list("siret", flat=True))
    return [siret for siret in SIRETS if siret not in taken]


@pytest.fixture
def category():
    return ShopCategory.objects.order_by("position").first()


def _account(client, **overrides):
    data = {
        "first_name": "Anne",
        "last_name": "Martin",
        "email": "anne.martin@exemple.fr",
        "phone": "06 12 34 56 78",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        **overrides,
    }
    return client.post(_step(1), data)


def _confirm_link() -> str:
    """The path of the confirmation link in the last email sent."""
    match = CONFIRM_PATH.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def _business(client, *, siret, category, **overrides):
    data = {"siret": siret, "name": "Le Fournil d'Anne", "legal_name": "SARL Martin", "category": category.pk}
    return client.post(_step(2), {**data, **overrides})


def _shop_data(**overrides):
    return {
        "address": "12 rue de la République",
        "postcode": "38300",
        "town": "Bourgoin-Jallieu",
        "latitude": "",
        "longitude": "",
        "phone": "04 74 00 00 00",
        "email": "",
        "description": "<p>Pain au levain et <script>alert(1)</script>viennoiseries.</p>",
        **overrides,
    }


def _shop(client, **overrides):
    return client.post(_step(3), _shop_data(**overrides))


def _hours(client, *, action="submit", terms=True, follow=False, **days):
    data = {**WEEK, **days, "action": action}
    if terms:
        data["terms_accepted"] = "on"
    return client.post(_step(4), data, follow=follow)


@pytest.fixture
def at_step(client, free_sirets, category):
    """A function bringing a new shopkeeper (email confirmed or not) to the start of a given step."""

    def go(step: int, *, confirmed: bool = True):
        assert _account(client).status_code == 302
        user = User.objects.get(email="anne.martin@exemple.fr")
        if confirmed:
            client.get(_confirm_link())
        if step >= 3:
            assert _business(client, siret=free_sirets[0], category=category).status_code == 302
        if step >= 4:
            assert _shop(client).status_code == 302
        user.refresh_from_db()
        return user

    return go


# --- The happy path ---------------------------------------------------------------------------------


def test_landing_page_explains_the_four_steps_and_leads_to_the_wizard(client):
    response = client.get("/commercants/")
    assert response.status_code == 200
    assert _shows(response, "Créez votre vitrine gratuitement")
    for title in ["Votre compte", "Votre entreprise", "Votre boutique", "Horaires et conditions"]:
        assert _shows(response, title)
    assert 'href="/commercants/inscription/"' in response.content.decode()


def test_anonymous_visitor_starts_at_step_1_with_a_login_link(client):
    response = client.get("/commercants/inscription/")
    assert response.status_code == 302
    assert response["Location"] == _step(1)
    page = client.get(_step(1))
    assert _shows(page, "Étape 1 sur 4")
    assert 'href="/accounts/login/?next=/commercants/inscription/"' in page.content.decode()


def test_anonymous_visitor_cannot_open_a_later_step(client):
    for number in (2, 3, 4):
        response = client.get(_step(number))
        assert response.status_code == 302
        assert response["Location"] == _step(1)


def test_each_step_page_takes_a_bounded_number_of_queries(client, at_step, django_assert_max_num_queries):
    at_step(4)
    for number in (1, 2, 3, 4):
        with django_assert_max_num_queries(15):
            assert client.get(_step(number)).status_code == 200


def test_unknown_step_is_not_found(client):
    assert client.get("/commercants/inscription/etape-5/").status_code == 404
    assert client.get("/commercants/inscription/etape-0/").status_code == 404


def test_shopkeeper_goes_from_the_landing_page_to_a_pending_shop(client, free_sirets, category):
    assert client.get("/commercants/").status_code == 200

    # Step 1: the account, signed in at once, a confirmation email sent.
    response = _account(client, email="Anne.Martin@Exemple.FR")
    assert response.status_code == 302
    assert response["Location"] == _step(2)
    user = User.objects.get(email__iexact="anne.martin@exemple.fr")
    assert user.email == "Anne.Martin@exemple.fr"
    assert user.check_password(PASSWORD)
    assert (user.first_name, user.last_name, user.phone) == ("Anne", "Martin", "06 12 34 56 78")
    assert not user.is_staff and not user.is_superuser
    assert user.email_confirmed_at is None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Anne.Martin@exemple.fr"]
    assert "Confirmez votre adresse" in mail.outbox[0].subject
    confirm_path = _confirm_link()
    assert confirm_path in mail.outbox[0].alternatives[0][0]

    # Step 2: the business creates the partner and the draft shop.
    page = client.get(_step(2))
    assert _shows(page, "Étape 2 sur 4")
    assert _shows(page, "Renvoyer l'email")
    response = _business(client, siret=free_sirets[0][:3] + " " + free_sirets[0][3:], category=category)
    assert response.status_code == 302
    assert response["Location"] == _step(3)
    shop = Shop.objects.get(owner=user)
    assert shop.status == Shop.Status.DRAFT
    assert shop.siret == free_sirets[0]
    assert (shop.name, shop.legal_name, shop.category) == ("Le Fournil d'Anne", "SARL Martin", category)
    assert shop.slug == "le-fournil-danne"
    assert shop.partner.name == "Le Fournil d'Anne"
    assert list(shop.partner.users.all()) == [user]
    assert shop.signup_step == 3

    # The confirmation link, opened in the same browser.
    response = client.get(confirm_path)
    assert response.status_code == 200
    assert _shows(response, "Votre adresse email est confirmée")
    user.refresh_from_db()
    assert user.email_confirmed_at is not None

    # Step 3: the shop's address, position (from the town, no JavaScript here) and description.
    page = client.get(_step(3))
    assert _shows(page, "Étape 3 sur 4")
    assert 'list="signup-towns"' in page.content.decode()
    assert '<option value="Villefontaine">' in page.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in page.content.decode()
    assert "/static/js/shop-map.js" in page.content.decode()
    response = _shop(client)
    assert response.status_code == 302
    assert response["Location"] == _step(4)
    shop.refresh_from_db()
    town = town_find(name="Bourgoin-Jallieu")
    assert (shop.address, shop.postcode, shop.town) == ("12 rue de la République", "38300", "Bourgoin-Jallieu")
    assert (shop.latitude, shop.longitude) == (town.latitude, town.longitude)
    assert "<script>" not in shop.description
    assert "Pain au levain" in shop.description
    assert shop.signup_step == 4

    # Step 4: hours, terms, submit.
    page = client.get(_step(4))
    assert _shows(page, "Étape 4 sur 4")
    assert 'href="/cgu/"' in page.content.decode()
    response = _hours(client)
    assert response.status_code == 302
    assert response["Location"] == "/commercants/inscription/merci/"
    shop.refresh_from_db()
    assert shop.status == Shop.Status.PENDING
    assert shop.submitted_at is not None
    assert shop.terms_accepted_at is not None
    assert shop.opening_ranges.count() == 10
    decision = shop.decisions.get()
    assert (decision.action, decision.actor) == (ShopDecision.Action.SUBMITTED, user)
    assert mail.outbox[-1].to == ["Anne.Martin@exemple.fr"]
    assert "bien reçu" in mail.outbox[-1].subject
    assert "bien reçu votre demande" in mail.outbox[-1].body

    done = client.get("/commercants/inscription/merci/")
    assert _shows(done, "Merci, votre boutique est en attente de validation")
    assert client.get("/commercants/inscription/")["Location"] == "/commercants/inscription/merci/"
    # Approval, not sign-up, makes a shopkeeper: no dashboard access yet.
    assert not user.groups.filter(name=SHOPKEEPERS).exists()
    assert not User.objects.get(pk=user.pk).has_perm("partner.dashboard_access")


def test_new_account_is_a_plain_user_outside_every_group(client):
    _account(client)
    user = User.objects.get(email="anne.martin@exemple.fr")
    assert not user.is_staff
    assert user.groups.count() == 0
    assert Group.objects.filter(name=SHOPKEEPERS).exists()


# --- Resuming and moving between steps ---------------------------------------------------------------


def test_shopkeeper_who_leaves_resumes_at_the_step_reached(client, at_step):
    at_step(4)
    client.post("/accounts/logout/")
    assert client.get("/commercants/inscription/")["Location"] == _step(1)
    response = client.post(
        "/accounts/login/?next=/commercants/inscription/",
        {
            "login_submit": "1",
            "login-username": "ANNE.MARTIN@exemple.fr",
            "login-password": PASSWORD,
            "login-redirect_url": "/commercants/inscription/",
        },
    )
    assert response["Location"] == "/commercants/inscription/"
    assert client.get("/commercants/inscription/")["Location"] == _step(4)


def test_logged_in_user_without_a_shop_resumes_at_step_2(client, at_step):
    at_step(2)
    assert client.get("/commercants/inscription/")["Location"] == _step(2)


def test_earlier_steps_show_what_was_saved_and_later_ones_stay_closed(client, at_step, free_sirets):
    at_step(3)
    step_1 = client.get(_step(1))
    assert step_1.status_code == 200
    assert _shows(step_1, "anne.martin@exemple.fr")
    step_2 = client.get(_step(2))
    assert f'value="{free_sirets[0]}"' in step_2.content.decode()
    assert 'href="/commercants/inscription/etape-1/"' in step_2.content.decode()
    # Step 4 is not reached yet: it sends back to step 3, and the progress bar does not link to it.
    assert client.get(_step(4))["Location"] == _step(3)
    assert 'href="/commercants/inscription/etape-4/"' not in client.get(_step(3)).content.decode()


def test_going_back_and_changing_the_business_keeps_the_step_reached(client, at_step, free_sirets, category):
    user = at_step(4)
    response = _business(client, siret=free_sirets[1], category=category, name="Fournil Martin")
    assert response.status_code == 302
    shop = Shop.objects.get(owner=user)
    assert (shop.siret, shop.name, shop.slug, shop.partner.name) == (
        free_sirets[1],
        "Fournil Martin",
        "fournil-martin",
        "Fournil Martin",
    )
    assert shop.signup_step == 4
    assert Shop.objects.filter(owner=user).count() == 1


def test_posting_step_1_again_when_signed_in_creates_nothing(client, at_step):
    at_step(2)
    response = _account(client, email="autre@exemple.fr")
    assert response["Location"] == _step(2)
    assert not User.objects.filter(email="autre@exemple.fr").exists()


def test_user_with_an_approved_shop_is_sent_to_the_dashboard(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])
    assert client.get("/commercants/inscription/")["Location"] == "/dashboard/"
    assert client.get(_step(2))["Location"] == "/dashboard/"


def test_slug_of_a_name_already_taken_gets_a_number(client, at_step, free_sirets, category):
    user = at_step(2)
    _business(client, siret=free_sirets[0], category=category, name="Au Pain Doré")
    assert Shop.objects.get(owner=user).slug == "au-pain-dore-2"


# --- Email confirmation -----------------------------------------------------------------------------


def test_submit_is_refused_until_the_email_is_confirmed(client, at_step):
    user = at_step(4, confirmed=False)
    response = _hours(client, follow=True)
    assert response.redirect_chain == [(_step(4), 302)]
    assert _shows(response, services.MESSAGE_EMAIL_NOT_CONFIRMED)
    assert 'action="/commercants/confirmer/renvoyer/"' in response.content.decode()
    assert _shows(response, "Renvoyer l'email")
    shop = Shop.objects.get(owner=user)
    assert shop.status == Shop.Status.DRAFT
    assert shop.submitted_at is None and shop.terms_accepted_at is None
    assert not shop.decisions.exists()
    # The hours themselves are a draft worth keeping.
    assert shop.opening_ranges.count() == 10

    sent = len(mail.outbox)
    response = client.post("/commercants/confirmer/renvoyer/", {"next": _step(4)})
    assert response["Location"] == _step(4)
    assert len(mail.outbox) == sent + 1
    client.get(_confirm_link())
    assert _hours(client)["Location"] == "/commercants/inscription/merci/"
    shop.refresh_from_db()
    assert shop.status == Shop.Status.PENDING


def test_resend_never_redirects_off_site(client, at_step):
    at_step(2, confirmed=False)
    response = client.post("/commercants/confirmer/renvoyer/", {"next": "https://evil.example/"})
    assert response["Location"] == "/commercants/inscription/"


def test_resend_requires_post_and_a_signed_in_user(client):
    assert client.get("/commercants/confirmer/renvoyer/").status_code == 405
    assert client.post("/commercants/confirmer/renvoyer/")["Location"] == "/commercants/inscription/"
    assert mail.outbox == []


def test_confirmation_link_works_signed_out_and_twice(client, at_step):
    user = at_step(2, confirmed=False)
    link = _confirm_link()
    client.post("/accounts/logout/")
    response = client.get(link)
    assert response.status_code == 200
    assert _shows(response, "Me connecter pour continuer")
    user.refresh_from_db()
    first = user.email_confirmed_at
    assert first is not None
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert user.email_confirmed_at == first


@pytest.mark.parametrize("token", ["abc", "eyJ1c2VyIjoxfQ:1abcde:forged-signature", "x" * 300])
def test_forged_confirmation_link_is_refused(client, token):
    response = client.get(f"/commercants/confirmer/{token}/")
    assert response.status_code == 400
    assert _shows(response, services.MESSAGE_LINK_INVALID)


def test_expired_confirmation_link_is_refused(client, at_step, monkeypatch):
    user = at_step(2, confirmed=False)
    four_days_ago = time.time() - 4 * 24 * 3600
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: four_days_ago)
        token = services.signup_confirmation_token(user=user)
    response = client.get(f"/commercants/confirmer/{token}/")
    assert response.status_code == 400
    assert _shows(response, services.MESSAGE_LINK_EXPIRED)
    user.refresh_from_db()
    assert user.email_confirmed_at is None


def test_link_sent_to_a_former_address_does_not_confirm_the_new_one(client, at_step):
    user = at_step(2, confirmed=False)
    link = _confirm_link()
    user.email = "nouvelle@exemple.fr"
    user.save(update_fields=["email"])
    assert client.get(link).status_code == 400
    user.refresh_from_db()
    assert user.email_confirmed_at is None


# --- Bad input: the account -------------------------------------------------------------------------


def test_email_taken_in_another_case_is_refused(client):
    User.objects.create_user("anne@x.fr", "Un-autre-mot-de-passe-7")
    response = _account(client, email="Anne@X.fr")
    assert response.status_code == 200
    assert _shows(response, services.MESSAGE_EMAIL_TAKEN)
    assert User.objects.filter(email__iexact="anne@x.fr").count() == 1
    assert "_auth_user_id" not in client.session
    assert mail.outbox == []


def test_email_race_caught_by_the_database_constraint_is_a_clear_message(monkeypatch):
    User.objects.create_user("anne@x.fr", "Un-autre-mot-de-passe-7")
    # As if the other sign-up committed between the check and the insert.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(ValidationError) as caught:
        services.signup_account_create(
            email="ANNE@x.fr", password=PASSWORD, first_name="Anne", last_name="Martin", phone="0612345678"
        )
    assert caught.value.message_dict["email"] == [str(services.MESSAGE_EMAIL_TAKEN)]
    assert User.objects.filter(email__iexact="anne@x.fr").count() == 1


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("1234", "Ce mot de passe est trop court"),
        ("motdepasse", "Ce mot de passe est trop courant"),
        ("84736251907", "Ce mot de passe est entièrement numérique"),
        ("anne.martin@exemple", "Le mot de passe est trop semblable"),
    ],
)
def test_weak_password_is_refused(client, password, expected):
    response = _account(client, password=password, password_confirm=password)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not User.objects.filter(email="anne.martin@exemple.fr").exists()


def test_weak_password_is_refused_by_the_service_too():
    with pytest.raises(ValidationError) as caught:
        services.signup_account_create(
            email="anne@exemple.fr", password="1234", first_name="Anne", last_name="Martin", phone="0612345678"
        )
    assert "password" in caught.value.message_dict
    assert not User.objects.filter(email="anne@exemple.fr").exists()


def test_passwords_that_differ_are_refused(client):
    response = _account(client, password_confirm=PASSWORD + "!")
    assert _shows(response, "Les deux mots de passe ne sont pas identiques.")
    assert not User.objects.filter(email="anne.martin@exemple.fr").exists()


@pytest.mark.parametrize("phone", ["123", "not a phone", "06 12"])
def test_invalid_phone_is_refused(client, phone):
    response = _account(client, phone=phone)
    assert _shows(response, "Numéro de téléphone invalide.")
    assert not User.objects.filter(email="anne.martin@exemple.fr").exists()


def test_nul_byte_in_a_name_is_refused(client):
    response = _account(client, first_name="An\x00ne")
    assert response.status_code == 200
    assert not User.objects.filter(email="anne.martin@exemple.fr").exists()


# --- Bad input: the business ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "7328293200007",  # 13 digits
        "73282932000O74",  # a letter O for a zero
        "７３２８２９３２０００００７４",  # full-width digits
        "00000000000000",  # all zeros pass Luhn
        "73282932000075",  # Luhn failure
    ],
)
def test_invalid_siret_is_refused_with_the_validator_message(client, at_step, category, typed):
    at_step(2)
    shops_before = Shop.objects.count()
    response = _business(client, siret=typed, category=category)
    assert response.status_code == 200
    assert _shows(response, _siret_message(typed))
    assert Shop.objects.count() == shops_before
    assert not Shop.objects.filter(owner__email="anne.martin@exemple.fr").exists()


def test_siret_with_spaces_inside_is_accepted_and_stored_without_them(client, at_step, category, free_sirets):
    user = at_step(2)
    siret = free_sirets[0]
    typed = f" {siret[:3]} {siret[3:6]}\u00a0{siret[6:9]} {siret[9:]} "
    assert _business(client, siret=typed, category=category)["Location"] == _step(3)
    assert Shop.objects.get(owner=user).siret == siret


def test_siret_of_an_existing_shop_is_refused(client, at_step, category, demo_users):
    at_step(2)
    existing = Shop.objects.get(slug="au-pain-dore").siret
    assert existing
    spaced = f"{existing[:3]} {existing[3:6]} {existing[6:9]} {existing[9:]}"
    count = Shop.objects.count()
    response = _business(client, siret=spaced, category=category)
    assert _shows(response, services.MESSAGE_SIRET_TAKEN)
    assert Shop.objects.count() == count


def test_siret_taken_is_refused_by_the_service_too(at_step, category):
    user = at_step(2)
    existing = Shop.objects.get(slug="au-pain-dore").siret
    with pytest.raises(ValidationError) as caught:
        services.signup_business_save(user=user, siret=existing, name="Copie", legal_name="", category=category)
    assert caught.value.message_dict["siret"] == [str(services.MESSAGE_SIRET_TAKEN)]
    assert not Shop.objects.filter(owner=user).exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("Le Fournil\x00 d'Anne", "caractère nul"), ("A" * 200_000, "au plus 120 caractères (actuellement 200000)")],
    ids=["nul-byte", "200-kb"],
)
def test_hostile_trade_name_is_refused_and_nothing_is_created(client, at_step, category, free_sirets, name, message):
    at_step(2)
    count = Shop.objects.count()
    response = _business(client, siret=free_sirets[0], category=category, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Shop.objects.count() == count


def test_siret_race_caught_by_the_database_constraint_leaves_no_partner(at_step, category, monkeypatch):
    user = at_step(2)
    existing = Shop.objects.get(slug="au-pain-dore").siret
    partners = Partner.objects.count()
    # As if another sign-up took the SIRET between the service's check and its insert.
    real_check, calls = services.signup_siret_taken, []

    def first_check_misses(*, siret, shop):
        calls.append(siret)
        return False if len(calls) == 1 else real_check(siret=siret, shop=shop)

    monkeypatch.setattr(services, "signup_siret_taken", first_check_misses)
    with pytest.raises(ValidationError) as caught:
        services.signup_business_save(user=user, siret=existing, name="Copie", legal_name="", category=category)
    monkeypatch.undo()
    assert caught.value.message_dict["siret"] == [str(services.MESSAGE_SIRET_TAKEN)]
    assert not Shop.objects.filter(owner=user).exists()
    assert Partner.objects.count() == partners


@pytest.mark.parametrize("name", ["Le Fournil\x00 d'Anne", "A" * 200_000], ids=["nul-byte", "200-kb"])
def test_hostile_trade_name_is_refused_by_the_service(at_step, category, free_sirets, name):
    user = at_step(2)
    with pytest.raises(ValidationError) as caught:
        services.signup_business_save(user=user, siret=free_sirets[0], name=name, legal_name="", category=category)
    assert "name" in caught.value.message_dict
    assert not Shop.objects.filter(owner=user).exists()


def test_business_form_ignores_a_posted_shop_id(client, at_step, category, free_sirets):
    user = at_step(3)
    other = Shop.objects.get(slug="fromagerie-des-roches")
    before = (other.name, other.siret)
    _business(client, siret=free_sirets[1], category=category, name="Piratage", shop=other.pk, id=other.pk)
    other.refresh_from_db()
    assert (other.name, other.siret) == before
    assert Shop.objects.get(owner=user).name == "Piratage"


# --- Bad input: the shop ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "message"),
    [("Pain\x00 au levain", "caractère nul"), ("B" * 200_000, "Ce texte est trop long (200000 caractères")],
    ids=["nul-byte", "200-kb"],
)
def test_hostile_description_is_refused_and_nothing_is_saved(client, at_step, description, message):
    user = at_step(3)
    response = _shop(client, description=description)
    assert response.status_code == 200
    assert message in response.content.decode()
    shop = Shop.objects.get(owner=user)
    assert (shop.address, shop.description, shop.signup_step) == ("", "", 3)


def _png(size=(4, 3), color=(200, 80, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_claiming_10000_by_10000() -> bytes:
    header = struct.pack(">IIBBBBB", 10_000, 10_000, 8, 2, 0, 0, 0)
    head = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\x00"))
    tail = _png_chunk(b"IEND", b"")
    # A text chunk brings it to the 118 bytes of the file people pass around.
    padding = 118 - len(head) - len(tail) - 12
    return head + _png_chunk(b"tEXt", b"Comment\x00" + b"x" * (padding - 8)) + tail


POSTSCRIPT = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(/etc/passwd) (r) file\nshowpage\n"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def _gif_with_script() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (4, 4)).save(buffer, "GIF")
    return buffer.getvalue() + b"<script>alert(document.cookie)</script>"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (_png_claiming_10000_by_10000(), "logo.png", MESSAGE_TOO_MANY_PIXELS),
        (POSTSCRIPT, "photo.jpg", MESSAGE_BAD_FORMAT),
        (SVG, "logo.svg", MESSAGE_BAD_FORMAT),
        (_gif_with_script(), "logo.gif", MESSAGE_BAD_FORMAT),
        (_jpeg()[:-400], "photo.jpg", MESSAGE_CORRUPT),
    ],
    ids=["png-claims-10000x10000", "postscript-named-jpg", "svg", "gif-with-script", "truncated-jpeg"],
)
@pytest.mark.parametrize("field", ["logo", "cover"])
def test_hostile_image_is_refused_and_nothing_is_saved(client, at_step, content, name, message, field):
    user = at_step(3)
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(_step(3), {**_shop_data(), field: upload})
    assert response.status_code == 200
    content_text = response.content.decode()
    assert escape(str(message)).split("%")[0] in content_text
    shop = Shop.objects.get(owner=user)
    assert not shop.logo and not shop.cover
    assert (shop.address, shop.signup_step) == ("", 3)


def test_png_claiming_10000_by_10000_is_118_bytes():
    assert len(_png_claiming_10000_by_10000()) == 118


def test_uploaded_file_name_never_reaches_storage(client, at_step):
    user = at_step(3)
    upload = SimpleUploadedFile("../../../etc/passwd.png", _png(), content_type="image/png")
    assert client.post(_step(3), {**_shop_data(), "logo": upload})["Location"] == _step(4)
    shop = Shop.objects.get(owner=user)
    assert re.fullmatch(r"shops/logos/[0-9a-f]{32}\.png", shop.logo.name)
    assert ".." not in shop.logo.name and "passwd" not in shop.logo.name
    shop.logo.delete(save=False)


def test_town_change_without_javascript_takes_the_new_town_centre(client, at_step):
    user = at_step(4)
    shop = Shop.objects.get(owner=user)
    # The form posts back the old town's position, untouched, with a new town.
    _shop(client, town="Villefontaine", postcode="38090", latitude=str(shop.latitude), longitude=str(shop.longitude))
    shop.refresh_from_db()
    villefontaine = town_find(name="Villefontaine")
    assert (shop.latitude, shop.longitude) == (villefontaine.latitude, villefontaine.longitude)


def test_pin_moved_on_the_map_is_kept(client, at_step):
    user = at_step(3)
    _shop(client, latitude="45.587123", longitude="5.276543")
    shop = Shop.objects.get(owner=user)
    assert (str(shop.latitude), str(shop.longitude)) == ("45.587123", "5.276543")
    page = client.get(_step(3)).content.decode()
    # Hidden fields carry a dot, whatever the page's language: the map script reads them back.
    assert 'value="45.587123"' in page


def test_position_outside_france_is_refused(client, at_step):
    user = at_step(3)
    response = _shop(client, latitude="0", longitude="0")
    assert _shows(response, "Position hors de France")
    assert Shop.objects.get(owner=user).address == ""


# --- Bad input: hours, terms and submission ---------------------------------------------------------


@pytest.mark.parametrize(
    ("monday", "message"),
    [
        ("19h00-9h00", "la fermeture (09:00) doit suivre l'ouverture (19:00)"),
        ("9h00-12h30, 12h00-19h00", "deux plages horaires se chevauchent"),
        ("tous les jours", "n'est pas une plage horaire"),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_saved(client, at_step, monday, message):
    user = at_step(4)
    response = _hours(client, day_1=monday)
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    shop = Shop.objects.get(owner=user)
    assert shop.status == Shop.Status.DRAFT
    assert not shop.opening_ranges.exists()


def test_submit_without_accepting_the_terms_is_refused(client, at_step):
    user = at_step(4)
    response = _hours(client, terms=False)
    assert _shows(response, "Acceptez les conditions générales pour soumettre votre boutique.")
    shop = Shop.objects.get(owner=user)
    assert shop.status == Shop.Status.DRAFT and shop.terms_accepted_at is None


def test_save_for_later_keeps_the_hours_without_submitting(client, at_step):
    user = at_step(4)
    assert _hours(client, action="save", terms=False)["Location"] == _step(4)
    shop = Shop.objects.get(owner=user)
    assert shop.status == Shop.Status.DRAFT
    assert shop.opening_ranges.count() == 10


def test_submit_without_any_opening_range_is_refused(client, at_step):
    user = at_step(4)
    response = _hours(client, follow=True, **{f"day_{day}": "" for day in range(1, 8)})
    assert _shows(response, "il manque : horaires d")
    assert Shop.objects.get(owner=user).status == Shop.Status.DRAFT


def test_shop_submit_lists_what_is_missing(at_step, category, free_sirets):
    user = at_step(3)
    shop = Shop.objects.get(owner=user)
    with pytest.raises(ValidationError) as caught:
        services.shop_submit(shop=shop, user=user)
    assert caught.value.code == "incomplete"
    for label in ["adresse", "code postal", "commune", "horaires d'ouverture"]:
        assert label in caught.value.messages[0]
    shop.refresh_from_db()
    assert shop.status == Shop.Status.DRAFT


def test_only_the_owner_may_submit_a_shop(at_step, demo_users):
    user = at_step(4)
    shop = Shop.objects.get(owner=user)
    OpeningRange.objects.create(shop=shop, weekday=1, opens="09:00", closes="12:00")
    with pytest.raises(ValidationError):
        services.shop_submit(shop=shop, user=demo_users["shopkeeper_b"])
    shop.refresh_from_db()
    assert shop.status == Shop.Status.DRAFT


def test_second_submit_changes_nothing(client, at_step):
    user = at_step(4)
    _hours(client)
    response = _hours(client)
    assert response["Location"] == "/commercants/inscription/merci/"
    assert ShopDecision.objects.filter(shop__owner=user).count() == 1


def test_pending_shop_can_no_longer_be_changed_by_the_wizard(client, at_step, category, free_sirets):
    user = at_step(4)
    _hours(client)
    response = _business(client, siret=free_sirets[1], category=category, name="Autre nom")
    assert response["Location"] == "/commercants/inscription/merci/"
    shop = Shop.objects.get(owner=user)
    assert (shop.name, shop.siret) == ("Le Fournil d'Anne", free_sirets[0])
    with pytest.raises(ValidationError):
        services.signup_business_save(
            user=user, siret=free_sirets[1], name="Autre nom", legal_name="", category=category
        )


def test_rejected_shop_is_corrected_and_submitted_again(client, at_step):
    user = at_step(4)
    _hours(client)
    shop = Shop.objects.get(owner=user)
    shop.status = Shop.Status.REJECTED
    shop.save(update_fields=["status"])
    ShopDecision.objects.create(shop=shop, action=ShopDecision.Action.REJECTED, reason="Adresse incomplète.")

    assert client.get("/commercants/inscription/")["Location"] == _step(4)
    page = client.get(_step(3))
    assert _shows(page, "Votre demande a été refusée")
    assert _shows(page, "Adresse incomplète.")
    assert _shop(client, address="12 bis rue de la République")["Location"] == _step(4)
    assert _hours(client)["Location"] == "/commercants/inscription/merci/"
    shop.refresh_from_db()
    assert shop.status == Shop.Status.PENDING
    assert shop.address == "12 bis rue de la République"
    actions = list(shop.decisions.order_by("pk").values_list("action", flat=True))
    assert actions == ["submitted", "rejected", "submitted"]


def test_done_page_without_a_submitted_shop_goes_back_to_the_wizard(client, at_step):
    assert client.get("/commercants/inscription/merci/")["Location"] == "/commercants/inscription/"
    at_step(3)
    assert client.get("/commercants/inscription/merci/")["Location"] == "/commercants/inscription/"


# --- The login page's ?next= --------------------------------------------------------------------------


def _login(client, *, next_url: str):
    return client.post(
        "/accounts/login/?" + f"next={next_url}",
        {
            "login_submit": "1",
            "login-username": "client@demo.enbasdemarue.fr",
            "login-password": "client-demo",
            "login-redirect_url": next_url,
        },
    )


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/commercants/inscription/",
        "https:evil.example",
        "/\\evil.example/",
        "\\\\evil.example",
        " https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_login_never_redirects_off_site(client, demo_users, next_url):
    response = _login(client, next_url=next_url)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    target = urlsplit(response["Location"])
    assert target.netloc in ("", "testserver")
    assert target.scheme in ("", "http", "https")
    assert "evil" not in response["Location"]


def test_login_follows_a_next_on_our_site(client, demo_users):
    response = _login(client, next_url="/commercants/inscription/")
    assert response["Location"] == "/commercants/inscription/"
