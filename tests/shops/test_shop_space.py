"""The "Ma boutique" space: a shopkeeper edits their own shop, and only theirs, from Oscar's dashboard."""

import io
import re
import time as clock
from datetime import date, time, timedelta
from html import unescape
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kernel.accounts import groups
from shops.models import Closure, Shop, ShopDecision, ShopInvitation
from shops.services import space
from tests.factories import shop_pending_create

pytestmark = pytest.mark.django_db

User = get_user_model()
POSTSCRIPT = b"%!PS-Adobe-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 0 0 moveto 100 100 lineto stroke\nshowpage\n"


@pytest.fixture
def shop_a(demo_users):
    shop = Shop.objects.get(slug="au-pain-dore")
    # The demo data does not record who signed the demo shops up; sign-up does, for real shops.
    if shop.owner_id is None:
        shop.owner = demo_users["shopkeeper_a"]
        shop.save(update_fields=["owner"])
    return shop


@pytest.fixture
def shop_b(demo_users):
    shop = Shop.objects.get(slug="fromagerie-des-roches")
    if shop.owner_id is None:
        shop.owner = demo_users["shopkeeper_b"]
        shop.save(update_fields=["owner"])
    return shop


@pytest.fixture
def owner_a(client, demo_users):
    client.force_login(demo_users["shopkeeper_a"])
    return demo_users["shopkeeper_a"]


@pytest.fixture
def colleague_a(shop_a):
    """A colleague of shop A's owner, already accepted: in the partner and in the shopkeepers' group."""
    user = User.objects.create_user("collegue.a@example.fr", "collegue-test", first_name="Paul", last_name="Martin")
    shop_a.partner.users.add(user)
    user.groups.add(Group.objects.get(name=groups.SHOPKEEPERS))
    return user


def _png(size=(40, 30), colour=(200, 80, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def _profile_data(shop: Shop, **changes) -> dict:
    data = {
        "name": shop.name,
        "address": shop.address,
        "postcode": shop.postcode,
        "town": shop.town,
        "latitude": str(shop.latitude) if shop.latitude is not None else "",
        "longitude": str(shop.longitude) if shop.longitude is not None else "",
        "phone": shop.phone,
        "email": shop.email,
        "description": shop.description,
    }
    data.update(changes)
    return data


def _snapshot(shop: Shop) -> dict:
    shop = Shop.objects.get(pk=shop.pk)
    return {field.attname: getattr(shop, field.attname) for field in Shop._meta.concrete_fields} | {
        "ranges": list(shop.opening_ranges.values_list("weekday", "opens", "closes")),
        "closures": list(shop.closures.values_list("starts_on", "ends_on", "reason")),
    }


def _text(response) -> str:
    """The page's text, entities decoded: an apostrophe is one whether escaped or not."""
    return unescape(response.content.decode())


# --- Who reaches "Ma boutique" ---------------------------------------------------------------------


def test_index_shows_the_signed_in_shopkeepers_own_shop(client, owner_a, shop_a, shop_b):
    response = client.get(reverse("my-shop:index"))
    assert response.status_code == 200
    html = _text(response)
    assert shop_a.name in html
    assert shop_a.siret in html
    assert shop_b.name not in html
    assert "Vue d'ensemble" in html
    # Oscar's dashboard chrome, with our menu entry.
    assert 'class="navbar navbar-expand-lg navbar-dark bg-dark navbar-primary"' in html


def test_anonymous_visitor_is_sent_to_the_dashboard_login(client):
    response = client.get(reverse("my-shop:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("dashboard:login") + "?next=")


@pytest.mark.parametrize("role", ["shopper", "editor", "staff"])
def test_user_without_a_shop_gets_404(client, demo_users, role):
    client.force_login(demo_users[role])
    for name in ["index", "profile", "hours", "closures", "pickup", "team"]:
        assert client.get(reverse(f"my-shop:{name}")).status_code == 404


def test_pending_shop_user_is_sent_to_the_signup_wizard(client):
    shop = shop_pending_create(name="Boucherie en attente")
    client.force_login(shop.owner)
    response = client.get(reverse("my-shop:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("signup:start")
    before = _snapshot(shop)
    client.post(reverse("my-shop:pickup"), {"slot_minutes": 10, "slot_capacity": 9, "preparation_minutes": 5})
    assert _snapshot(shop) == before


def test_suspended_shop_is_shown_read_only_with_its_reason(client, owner_a, shop_a):
    Shop.objects.filter(pk=shop_a.pk).update(status=Shop.Status.SUSPENDED)
    ShopDecision.objects.create(
        shop=shop_a, action=ShopDecision.Action.SUSPENDED, actor=None, reason="Hygiène à vérifier"
    )
    html = _text(client.get(reverse("my-shop:pickup")))
    assert "Votre boutique est suspendue" in html
    assert "Hygiène à vérifier" in html
    assert "<fieldset disabled>" in html
    before = _snapshot(shop_a)
    response = client.post(
        reverse("my-shop:pickup"),
        {"slot_minutes": 10, "slot_capacity": 9, "preparation_minutes": 5, "days_ahead": 3},
        follow=True,
    )
    assert "rien n'a été modifié" in _text(response)
    assert _snapshot(shop_a) == before


# --- Profile ---------------------------------------------------------------------------------------


def test_profile_update_saves_the_public_profile_with_a_sanitised_description(client, owner_a, shop_a):
    data = _profile_data(
        shop_a,
        name="Au Pain Doré – fournil",
        address="12 rue de la Liberté",
        phone="0474000000",
        email="contact@pain-dore.example",
        description='<p>Pain au levain</p><script>alert("x")</script><a href="javascript:alert(1)">lien</a>',
    )
    response = client.post(reverse("my-shop:profile"), data)
    assert response.status_code == 302
    shop_a.refresh_from_db()
    assert shop_a.name == "Au Pain Doré – fournil"
    assert shop_a.address == "12 rue de la Liberté"
    assert shop_a.phone == "04 74 00 00 00"
    assert shop_a.email == "contact@pain-dore.example"
    assert "<script" not in shop_a.description
    assert "javascript:" not in shop_a.description
    assert "Pain au levain" in shop_a.description


def test_profile_ignores_business_fields_which_only_the_cci_changes(client, owner_a, shop_a):
    siret, legal_name, category = shop_a.siret, shop_a.legal_name, shop_a.category_id
    data = _profile_data(shop_a, siret="73282932000074", legal_name="Autre SARL", category=999, status="approved")
    assert client.post(reverse("my-shop:profile"), data).status_code == 302
    shop_a.refresh_from_db()
    assert (shop_a.siret, shop_a.legal_name, shop_a.category_id) == (siret, legal_name, category)


def test_profile_stores_an_uploaded_logo_reencoded_under_a_generated_name(client, owner_a, shop_a):
    data = _profile_data(shop_a)
    data["logo"] = SimpleUploadedFile("../../mon logo.php.png", _png(), content_type="image/png")
    assert client.post(reverse("my-shop:profile"), data).status_code == 302
    shop_a.refresh_from_db()
    assert re.fullmatch(r"shops/logos/[0-9a-f]{32}\.png", shop_a.logo.name)


@pytest.mark.parametrize(
    ("field", "filename", "content"),
    [
        ("logo", "logo.jpg", POSTSCRIPT),
        ("cover", "couverture.jpg", POSTSCRIPT),
        ("logo", "vide.png", b""),
        ("cover", "tronquee.png", _png()[:60]),
    ],
)
def test_profile_refuses_a_file_that_is_not_an_image_and_changes_nothing(
    client, owner_a, shop_a, field, filename, content
):
    before = _snapshot(shop_a)
    data = _profile_data(shop_a, name="Nom qui ne doit pas être enregistré")
    data[field] = SimpleUploadedFile(filename, content, content_type="image/jpeg")
    response = client.post(reverse("my-shop:profile"), data)
    assert response.status_code == 400
    html = _text(response)
    assert "Rien n'a été enregistré" in html
    assert re.search(r"(Format d.image non accepté|illisible|vide|fichier)", html)
    assert _snapshot(shop_a) == before


@pytest.mark.parametrize(
    "description",
    ["Bonjour\x00<script>", "a" * 200_000],
    ids=["nul-byte", "200-kb"],
)
def test_profile_refuses_a_hostile_description_and_changes_nothing(client, owner_a, shop_a, description):
    before = _snapshot(shop_a)
    response = client.post(reverse("my-shop:profile"), _profile_data(shop_a, description=description))
    assert response.status_code == 400
    assert re.search(r"(trop long|non autorisés|caractère nul|Null characters)", _text(response))
    assert _snapshot(shop_a) == before


def test_profile_moves_the_map_position_to_the_new_town_without_javascript(client, owner_a, shop_a):
    data = _profile_data(shop_a, postcode="38090", town="Villefontaine")
    assert client.post(reverse("my-shop:profile"), data).status_code == 302
    shop_a.refresh_from_db()
    from shops.territory import town_find

    villefontaine = town_find(name="Villefontaine")
    assert (shop_a.latitude, shop_a.longitude) == (villefontaine.latitude, villefontaine.longitude)


def test_profile_keeps_a_position_placed_on_the_map(client, owner_a, shop_a):
    data = _profile_data(shop_a, latitude="45.590000", longitude="5.280000")
    assert client.post(reverse("my-shop:profile"), data).status_code == 302
    shop_a.refresh_from_db()
    assert (str(shop_a.latitude), str(shop_a.longitude)) == ("45.590000", "5.280000")


# --- Opening hours ---------------------------------------------------------------------------------


def test_hours_replace_the_weekly_opening_ranges(client, owner_a, shop_a):
    data = {f"day_{day}": "" for day in range(1, 8)}
    data.update(day_2="7h-12h30, 15h-19h", day_6="7h00-13h00")
    assert client.post(reverse("my-shop:hours"), data).status_code == 302
    assert list(shop_a.opening_ranges.values_list("weekday", "opens", "closes")) == [
        (2, time(7), time(12, 30)),
        (2, time(15), time(19)),
        (6, time(7), time(13)),
    ]


@pytest.mark.parametrize(
    ("monday", "message"),
    [
        ("19h-9h", "doit suivre l'ouverture"),
        ("9h-13h, 12h-19h", "se chevauchent"),
        ("9h-25h", "heure impossible"),
        ("n'importe quoi", "n'est pas une plage horaire"),
    ],
)
def test_hours_refuse_bad_ranges_and_change_nothing(client, owner_a, shop_a, monday, message):
    before = _snapshot(shop_a)
    response = client.post(reverse("my-shop:hours"), {"day_1": monday})
    assert response.status_code == 400
    assert message in _text(response)
    assert _snapshot(shop_a) == before


# --- Closures --------------------------------------------------------------------------------------


def test_closure_is_added_and_listed(client, owner_a, shop_a):
    starts = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("my-shop:closures"),
        {"starts_on": starts.isoformat(), "ends_on": (starts + timedelta(days=6)).isoformat(), "reason": "Congés"},
    )
    assert response.status_code == 302
    closure = shop_a.closures.get()
    assert (closure.starts_on, closure.ends_on, closure.reason) == (starts, starts + timedelta(days=6), "Congés")
    assert "Congés" in _text(client.get(reverse("my-shop:closures")))


def test_closure_ending_before_it_starts_is_refused_with_a_clear_message(client, owner_a, shop_a):
    starts = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("my-shop:closures"),
        {"starts_on": starts.isoformat(), "ends_on": (starts - timedelta(days=1)).isoformat(), "reason": ""},
    )
    assert response.status_code == 400
    assert "La date de fin doit être le même jour que la date de début ou après." in _text(response)
    assert not shop_a.closures.exists()


def test_closure_service_refuses_an_inverted_period_too(shop_a):
    starts = timezone.localdate() + timedelta(days=3)
    with pytest.raises(ValidationError) as raised:
        space.closure_add(shop=shop_a, starts_on=starts, ends_on=starts - timedelta(days=2), reason="")
    assert "ne peut pas se terminer" in str(raised.value.message_dict["ends_on"])
    assert not shop_a.closures.exists()


def test_closure_overlapping_another_or_already_over_is_refused(shop_a):
    today = timezone.localdate()
    space.closure_add(shop=shop_a, starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=9))
    with pytest.raises(ValidationError, match="chevauche"):
        space.closure_add(shop=shop_a, starts_on=today + timedelta(days=9), ends_on=today + timedelta(days=12))
    with pytest.raises(ValidationError, match="déjà passée"):
        space.closure_add(shop=shop_a, starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=2))
    with pytest.raises(ValidationError, match="au plus un an"):
        space.closure_add(shop=shop_a, starts_on=today + timedelta(days=20), ends_on=today + timedelta(days=500))
    assert shop_a.closures.count() == 1


@pytest.mark.parametrize("reason", ["Congés\x00", "x" * 200_000], ids=["nul-byte", "200-kb"])
def test_closure_with_a_hostile_reason_is_refused(client, owner_a, shop_a, reason):
    starts = timezone.localdate() + timedelta(days=2)
    response = client.post(
        reverse("my-shop:closures"),
        {"starts_on": starts.isoformat(), "ends_on": starts.isoformat(), "reason": reason},
    )
    assert response.status_code == 400
    assert not shop_a.closures.exists()


def test_closure_is_deleted_after_confirmation(client, owner_a, shop_a):
    starts = timezone.localdate() + timedelta(days=4)
    closure = space.closure_add(shop=shop_a, starts_on=starts, ends_on=starts, reason="Inventaire")
    url = reverse("my-shop:closure-delete", kwargs={"pk": closure.pk})
    assert "Inventaire" in _text(client.get(url))
    assert client.post(url).status_code == 302
    assert not Closure.objects.filter(pk=closure.pk).exists()


def test_shopkeeper_b_gets_404_on_shop_a_closure_and_it_stays(client, demo_users, shop_a):
    starts = timezone.localdate() + timedelta(days=4)
    closure = space.closure_add(shop=shop_a, starts_on=starts, ends_on=starts, reason="Inventaire")
    client.force_login(demo_users["shopkeeper_b"])
    url = reverse("my-shop:closure-delete", kwargs={"pk": closure.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Closure.objects.filter(pk=closure.pk, shop=shop_a).exists()
    with pytest.raises(Closure.DoesNotExist):
        space.closure_remove(shop=Shop.objects.get(slug="fromagerie-des-roches"), closure_id=closure.pk)


# --- Pickup settings -------------------------------------------------------------------------------


def test_pickup_settings_are_saved(client, owner_a, shop_a):
    data = {
        "slot_minutes": "15",
        "slot_capacity": "6",
        "preparation_minutes": "90",
        "days_ahead": "14",
        "same_day_cutoff": "16:30",
        "pickup_instructions": "Sonnez à la porte du fournil.",
        "acceptance_minutes": "45",
        "no_show_grace_hours": "48",
    }
    assert client.post(reverse("my-shop:pickup"), data).status_code == 302
    shop_a.refresh_from_db()
    assert (shop_a.slot_minutes, shop_a.slot_capacity, shop_a.preparation_minutes, shop_a.days_ahead) == (
        15,
        6,
        90,
        14,
    )
    assert shop_a.same_day_cutoff == time(16, 30)
    assert shop_a.pickup_instructions == "Sonnez à la porte du fournil."
    assert (shop_a.acceptance_minutes, shop_a.no_show_grace_hours) == (45, 48)


def test_pickup_cutoff_may_be_left_empty(client, owner_a, shop_a):
    Shop.objects.filter(pk=shop_a.pk).update(same_day_cutoff=time(12))
    data = {
        "slot_minutes": "30",
        "slot_capacity": "4",
        "preparation_minutes": "0",
        "days_ahead": "1",
        "acceptance_minutes": "120",
        "no_show_grace_hours": "0",
    }
    assert client.post(reverse("my-shop:pickup"), data).status_code == 302
    shop_a.refresh_from_db()
    assert shop_a.same_day_cutoff is None
    assert shop_a.preparation_minutes == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slot_minutes", "25"),
        ("slot_minutes", "0"),
        ("slot_capacity", "0"),
        ("slot_capacity", "51"),
        ("preparation_minutes", "-1"),
        ("preparation_minutes", "2881"),
        ("days_ahead", "0"),
        ("days_ahead", "31"),
        ("days_ahead", "1e9"),
        ("same_day_cutoff", "25:00"),
        ("pickup_instructions", "Sonnez\x00"),
        ("pickup_instructions", "x" * 200_000),
        ("pickup_instructions", "x" * 1001),
        ("acceptance_minutes", "14"),
        ("acceptance_minutes", "2881"),
        ("acceptance_minutes", ""),
        ("no_show_grace_hours", "-1"),
        ("no_show_grace_hours", "337"),
        ("no_show_grace_hours", "1.5"),
    ],
)
def test_pickup_settings_refuse_bad_input_and_change_nothing(client, owner_a, shop_a, field, value):
    data = {
        "slot_minutes": "15",
        "slot_capacity": "6",
        "preparation_minutes": "90",
        "days_ahead": "14",
        "same_day_cutoff": "",
        "pickup_instructions": "",
        "acceptance_minutes": "120",
        "no_show_grace_hours": "24",
    }
    data[field] = value
    before = _snapshot(shop_a)
    response = client.post(reverse("my-shop:pickup"), data)
    assert response.status_code == 400
    assert 'class="error-block"' in _text(response)
    assert _snapshot(shop_a) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"slot_minutes": 7},
        {"slot_minutes": True},
        {"slot_capacity": 51},
        {"preparation_minutes": 2881},
        {"days_ahead": 0},
        {"same_day_cutoff": "16:00"},
        {"pickup_instructions": "a\x00b"},
        {"slot_capacity": 5, "days_ahead": 99},
        {"acceptance_minutes": 10},
        {"no_show_grace_hours": 400},
        {"no_show_grace_hours": True},
    ],
)
def test_pickup_settings_service_refuses_out_of_range_values(shop_a, fields):
    before = _snapshot(shop_a)
    with pytest.raises(ValidationError):
        space.pickup_settings_update(shop=shop_a, **fields)
    assert _snapshot(shop_a) == before


def test_pickup_settings_service_refuses_other_fields(shop_a):
    with pytest.raises(TypeError):
        space.pickup_settings_update(shop=shop_a, status="approved")


# --- Team and invitations --------------------------------------------------------------------------


def _invite(shop, owner, email, django_capture_on_commit_callbacks) -> tuple[ShopInvitation, str]:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = space.shop_invite(shop=shop, invited_by=owner, email=email)
    link = re.search(r"https?://[^\s\"<]+/dashboard/ma-boutique/invitation/[^\s\"<]+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    return invitation, urlsplit(link.group(0)).path


def test_team_lists_the_shop_users_and_only_the_owner_sees_invite(client, demo_users, shop_a, colleague_a):
    client.force_login(demo_users["shopkeeper_a"])
    html = _text(client.get(reverse("my-shop:team")))
    assert demo_users["shopkeeper_a"].email in html
    assert colleague_a.email in html
    assert "Envoyer l'invitation" in html
    assert reverse("my-shop:team-remove", kwargs={"user_id": colleague_a.pk}) in html
    assert demo_users["shopkeeper_b"].email not in html

    client.force_login(colleague_a)
    html = _text(client.get(reverse("my-shop:team")))
    assert demo_users["shopkeeper_a"].email in html
    assert "Envoyer l'invitation" not in html
    assert "/retirer/" not in html


def test_owner_invites_a_colleague_by_email(client, owner_a, shop_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("my-shop:team"), {"email": "nouvelle@example.fr"})
    assert response.status_code == 302
    invitation = shop_a.invitations.get()
    assert (invitation.email, invitation.invited_by, invitation.accepted_at) == ("nouvelle@example.fr", owner_a, None)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@example.fr"]
    assert shop_a.name in message.subject
    assert "/dashboard/ma-boutique/invitation/" in message.body
    html_body = message.alternatives[0][0]
    assert "Accepter l'invitation" in unescape(html_body)
    assert "nouvelle@example.fr" in _text(client.get(reverse("my-shop:team")))


def test_invitation_is_refused_for_a_bad_email_or_a_current_member(
    client, owner_a, shop_a, colleague_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for email in ["pas-un-email", colleague_a.email.upper(), "x" * 300 + "@example.fr"]:
            response = client.post(reverse("my-shop:team"), {"email": email})
            assert response.status_code == 400
    assert not shop_a.invitations.exists()
    assert mail.outbox == []


def test_only_the_owner_invites(client, shop_a, colleague_a, django_capture_on_commit_callbacks):
    client.force_login(colleague_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("my-shop:team"), {"email": "ami@example.fr"}).status_code == 403
    with pytest.raises(PermissionDenied):
        space.shop_invite(shop=shop_a, invited_by=colleague_a, email="ami@example.fr")
    assert not shop_a.invitations.exists()
    assert mail.outbox == []


def test_new_user_accepts_an_invitation_by_opening_an_account(
    client, demo_users, shop_a, django_capture_on_commit_callbacks
):
    _invitation, path = _invite(
        shop_a, demo_users["shopkeeper_a"], "Nouvelle.Vendeuse@Example.fr", django_capture_on_commit_callbacks
    )
    html = _text(client.get(path))
    assert "Créez votre compte" in html
    assert shop_a.name in html
    response = client.post(
        path,
        {
            "first_name": "Nina",
            "last_name": "Vendeuse",
            "password1": "Fournil-2024-secret",
            "password2": "Fournil-2024-secret",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("my-shop:index")
    user = User.objects.get(email__iexact="nouvelle.vendeuse@example.fr")
    assert user.first_name == "Nina"
    assert user.email_confirmed_at is not None
    assert shop_a.partner.users.filter(pk=user.pk).exists()
    assert user.groups.filter(name=groups.SHOPKEEPERS).exists()
    assert shop_a.invitations.get().accepted_at is not None
    # Signed in, straight into the shop's space and Oscar's dashboard.
    assert client.get(reverse("my-shop:index")).status_code == 200
    assert client.get(reverse("dashboard:index")).status_code == 200


def test_new_account_form_refuses_a_weak_or_mismatched_password(
    client, demo_users, shop_a, django_capture_on_commit_callbacks
):
    _invitation, path = _invite(
        shop_a, demo_users["shopkeeper_a"], "nina@example.fr", django_capture_on_commit_callbacks
    )
    for password1, password2 in [("123", "123"), ("Fournil-2024-secret", "autre-chose-2024")]:
        response = client.post(
            path, {"first_name": "Nina", "last_name": "V", "password1": password1, "password2": password2}
        )
        assert response.status_code == 400
    response = client.post(
        path,
        {
            "first_name": "Nina\x00",
            "last_name": "V",
            "password1": "Fournil-2024-secret",
            "password2": "Fournil-2024-secret",
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="nina@example.fr").exists()
    assert shop_a.invitations.get().accepted_at is None


def test_existing_user_signs_in_then_accepts(client, demo_users, shop_a, django_capture_on_commit_callbacks):
    shopper = demo_users["shopper"]
    _invitation, path = _invite(shop_a, demo_users["shopkeeper_a"], shopper.email, django_capture_on_commit_callbacks)
    html = _text(client.get(path))
    assert "Un compte existe déjà" in html
    assert reverse("customer:login") + "?next=%2Fdashboard%2Fma-boutique%2Finvitation%2F" in html
    # A POST without signing in opens no account and joins nobody: it is sent to the login page.
    response = client.post(path, {"first_name": "X", "last_name": "Y", "password1": "a", "password2": "a"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("customer:login"))
    assert not shop_a.partner.users.filter(pk=shopper.pk).exists()

    client.force_login(shopper)
    assert "Accepter l'invitation" in _text(client.get(path))
    response = client.post(path)
    assert response.status_code == 302
    assert shop_a.partner.users.filter(pk=shopper.pk).exists()
    assert shopper.groups.filter(name=groups.SHOPKEEPERS).exists()
    assert client.get(reverse("my-shop:index")).status_code == 200


def test_signed_in_user_with_another_email_cannot_accept(
    client, demo_users, shop_a, django_capture_on_commit_callbacks
):
    _invitation, path = _invite(
        shop_a, demo_users["shopkeeper_a"], "invitee@example.fr", django_capture_on_commit_callbacks
    )
    shopper = demo_users["shopper"]
    client.force_login(shopper)
    html = _text(client.get(path))
    assert "Cette invitation est destinée à invitee@example.fr" in html
    assert "Accepter l'invitation" not in html
    response = client.post(path)
    assert response.status_code == 400
    assert "destinée à invitee@example.fr" in _text(response)
    assert not shop_a.partner.users.filter(pk=shopper.pk).exists()
    assert shop_a.invitations.get().accepted_at is None


def test_shopkeeper_of_another_shop_cannot_join_a_second_one(
    client, demo_users, shop_a, django_capture_on_commit_callbacks
):
    keeper_b = demo_users["shopkeeper_b"]
    _invitation, path = _invite(shop_a, demo_users["shopkeeper_a"], keeper_b.email, django_capture_on_commit_callbacks)
    client.force_login(keeper_b)
    response = client.post(path)
    assert response.status_code == 400
    assert "gère déjà une autre boutique" in _text(response)
    assert not shop_a.partner.users.filter(pk=keeper_b.pk).exists()


def test_expired_forged_used_or_replaced_tokens_are_refused(
    client, demo_users, shop_a, django_capture_on_commit_callbacks
):
    owner = demo_users["shopkeeper_a"]
    shopper = demo_users["shopper"]
    invitation, path = _invite(shop_a, owner, shopper.email, django_capture_on_commit_callbacks)
    token = path.rstrip("/").rsplit("/", 1)[1]
    with mock.patch("django.core.signing.time.time", return_value=clock.time() - 8 * 24 * 3600):
        expired = space.invitation_token(invitation=invitation)
    forged = signing.dumps({"i": invitation.pk, "e": shopper.email.casefold()}, salt="another-salt")
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    client.force_login(shopper)
    for bad, message in [
        (expired, "a expiré"),
        (forged, "n'est pas valide"),
        (tampered, "n'est pas valide"),
        ("n'importe-quoi", "n'est pas valide"),
    ]:
        url = reverse("my-shop:invitation-accept", kwargs={"token": bad})
        assert message in _text(client.get(url))
        assert client.post(url).status_code == 400
    assert not shop_a.partner.users.filter(pk=shopper.pk).exists()

    # A newer invitation to the same address voids the older link.
    _newer, newer_path = _invite(shop_a, owner, shopper.email, django_capture_on_commit_callbacks)
    assert client.post(path).status_code == 400
    assert client.post(newer_path).status_code == 302
    # And a link works once.
    assert client.post(newer_path).status_code == 400
    assert "déjà été acceptée" in _text(client.get(newer_path))


def test_accepting_for_a_pending_shop_waits_for_approval_to_open_the_dashboard(
    client, demo_users, django_capture_on_commit_callbacks
):
    shop = shop_pending_create(name="Épicerie en attente")
    shopper = demo_users["shopper"]
    _invitation, path = _invite(shop, shop.owner, shopper.email, django_capture_on_commit_callbacks)
    client.force_login(shopper)
    assert client.post(path).status_code == 302
    assert shop.partner.users.filter(pk=shopper.pk).exists()
    # Shop approval adds every partner user to the group; not before.
    assert not shopper.groups.filter(name=groups.SHOPKEEPERS).exists()


def test_owner_removes_a_colleague_who_loses_the_dashboard(client, owner_a, shop_a, colleague_a):
    url = reverse("my-shop:team-remove", kwargs={"user_id": colleague_a.pk})
    assert colleague_a.email in _text(client.get(url))
    assert client.post(url).status_code == 302
    assert not shop_a.partner.users.filter(pk=colleague_a.pk).exists()
    assert not colleague_a.groups.filter(name=groups.SHOPKEEPERS).exists()
    client.force_login(colleague_a)
    assert client.get(reverse("my-shop:index")).status_code == 404
    assert client.get(reverse("dashboard:index")).status_code == 403


def test_only_the_owner_removes_and_never_themselves(client, demo_users, shop_a, colleague_a):
    owner = demo_users["shopkeeper_a"]
    client.force_login(colleague_a)
    assert client.post(reverse("my-shop:team-remove", kwargs={"user_id": owner.pk})).status_code == 403
    with pytest.raises(PermissionDenied):
        space.shop_user_remove(shop=shop_a, actor=colleague_a, user_id=owner.pk)
    client.force_login(owner)
    response = client.post(reverse("my-shop:team-remove", kwargs={"user_id": owner.pk}), follow=True)
    assert "ne peut pas se retirer" in _text(response)
    with pytest.raises(ValidationError):
        space.shop_user_remove(shop=shop_a, actor=owner, user_id=owner.pk)
    assert set(shop_a.partner.users.values_list("pk", flat=True)) >= {owner.pk, colleague_a.pk}


def test_shopkeeper_b_cannot_remove_shop_a_people_nor_cancel_its_invitations(
    client, demo_users, shop_a, shop_b, colleague_a, django_capture_on_commit_callbacks
):
    invitation, _path = _invite(shop_a, demo_users["shopkeeper_a"], "x@example.fr", django_capture_on_commit_callbacks)
    client.force_login(demo_users["shopkeeper_b"])
    assert client.get(reverse("my-shop:team-remove", kwargs={"user_id": colleague_a.pk})).status_code == 404
    assert client.post(reverse("my-shop:team-remove", kwargs={"user_id": colleague_a.pk})).status_code == 404
    assert client.post(reverse("my-shop:invitation-cancel", kwargs={"pk": invitation.pk})).status_code == 404
    assert shop_a.partner.users.filter(pk=colleague_a.pk).exists()
    assert ShopInvitation.objects.filter(pk=invitation.pk).exists()


def test_owner_cancels_a_pending_invitation_and_its_link_stops_working(
    client, owner_a, shop_a, demo_users, django_capture_on_commit_callbacks
):
    invitation, path = _invite(shop_a, owner_a, demo_users["shopper"].email, django_capture_on_commit_callbacks)
    assert client.post(reverse("my-shop:invitation-cancel", kwargs={"pk": invitation.pk})).status_code == 302
    client.force_login(demo_users["shopper"])
    assert client.post(path).status_code == 400
    assert not shop_a.partner.users.filter(pk=demo_users["shopper"].pk).exists()


def test_invitation_email_says_who_invites_to_which_shop(demo_users, shop_a, django_capture_on_commit_callbacks):
    _invite(shop_a, demo_users["shopkeeper_a"], "a@example.fr", django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert "Julien Roux" in message.subject
    assert "Au Pain Doré" in message.body or shop_a.name in message.body
    assert "7 jours" in message.body
    # The text part is not HTML: no entity may show up in it.
    assert "&#" not in message.body and "&#" not in message.subject
    html_body = message.alternatives[0][0]
    assert '<html lang="fr">' in html_body


def test_invitation_pages_never_show_a_date_in_the_past(client, demo_users, shop_a, django_capture_on_commit_callbacks):
    _invitation, path = _invite(shop_a, demo_users["shopkeeper_a"], "b@example.fr", django_capture_on_commit_callbacks)
    html = _text(client.get(path))
    assert "Lien valable jusqu" in html
    assert date.today().year <= int(re.search(r"valable jusqu.au \d+ \w+ (\d{4})", html).group(1))
