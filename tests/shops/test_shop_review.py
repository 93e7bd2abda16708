"""The CCI's validation of shops: decisions, audit trail, emails, warnings, the dashboard pages and who may use them."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from kernel.accounts.groups import SHOPKEEPERS
from shops.models import Shop, ShopDecision
from shops.selectors import review as selectors
from shops.services.review import shop_approve, shop_reinstate, shop_reject, shop_suspend
from shops.validators import validate_siret
from tests.factories import luhn_complete, shop_pending_create, siret_make

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")

QUEUE_URL = "/dashboard/boutiques/"


@pytest.fixture
def staff(demo_users):
    return demo_users["staff"]


@pytest.fixture
def pending():
    return shop_pending_create(name="Boulangerie Martin", owner_email="jeanne.martin@example.com")


@pytest.fixture
def demo_shop():
    return Shop.objects.select_related("owner").get(slug="au-pain-dore")


@pytest.fixture
def send_emails(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the emails) of what happens in the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _decisions(shop, action=None):
    decisions = ShopDecision.objects.filter(shop=shop)
    return decisions.filter(action=action) if action else decisions


# --- The factory ------------------------------------------------------------------------------------


def test_factory_sirets_are_valid_and_distinct():
    sirets = {siret_make() for _ in range(20)}
    assert len(sirets) == 20
    for siret in sirets:
        validate_siret(siret)
    assert luhn_complete("7328293200007") == "73282932000074"


def test_factory_creates_a_pending_shop_with_its_submission_on_record(pending):
    assert pending.status == Shop.Status.PENDING
    assert pending.owner in pending.partner.users.all()
    assert list(_decisions(pending).values_list("action", flat=True)) == [ShopDecision.Action.SUBMITTED]


# --- Transitions ------------------------------------------------------------------------------------


def test_approving_a_pending_shop_makes_it_public_and_records_who(pending, staff):
    shop = shop_approve(shop=pending, actor=staff)

    shop.refresh_from_db()
    assert shop.status == Shop.Status.APPROVED
    assert shop.approved_at is not None
    decision = _decisions(shop, ShopDecision.Action.APPROVED).get()
    assert decision.actor == staff
    assert decision.created_at is not None


@pytest.mark.parametrize("status", ["draft", "approved", "rejected", "suspended"])
def test_only_a_pending_shop_can_be_approved(pending, staff, status):
    Shop.objects.filter(pk=pending.pk).update(status=status)

    with pytest.raises(ValidationError) as caught:
        shop_approve(shop=pending, actor=staff)

    assert caught.value.code == "invalid_transition"
    assert "en attente de validation" in caught.value.messages[0]
    pending.refresh_from_db()
    assert pending.status == status
    assert not _decisions(pending, ShopDecision.Action.APPROVED).exists()


@pytest.mark.parametrize("status", ["draft", "approved", "rejected", "suspended"])
def test_only_a_pending_shop_can_be_rejected(pending, staff, status):
    Shop.objects.filter(pk=pending.pk).update(status=status)
    with pytest.raises(ValidationError):
        shop_reject(shop=pending, actor=staff, reason="SIRET introuvable.")
    assert not _decisions(pending, ShopDecision.Action.REJECTED).exists()


def test_rejecting_records_the_reason_and_who(pending, staff):
    shop = shop_reject(shop=pending, actor=staff, reason="  Le SIRET ne correspond pas à un commerce de détail.  ")

    assert shop.status == Shop.Status.REJECTED
    assert shop.approved_at is None
    decision = _decisions(shop, ShopDecision.Action.REJECTED).get()
    assert decision.actor == staff
    assert decision.reason == "Le SIRET ne correspond pas à un commerce de détail."


@pytest.mark.parametrize(
    "reason", ["", "   \n ", "a" * 2001, "Motif\x00caché"], ids=["empty", "blank", "too-long", "nul"]
)
def test_rejecting_needs_a_clean_reason(pending, staff, reason):
    with pytest.raises(ValidationError) as caught:
        shop_reject(shop=pending, actor=staff, reason=reason)

    assert caught.value.messages[0]  # a French sentence, not a code
    pending.refresh_from_db()
    assert pending.status == Shop.Status.PENDING
    assert _decisions(pending).count() == 1  # only the submission


def test_suspending_and_reinstating_an_approved_shop(demo_shop, staff):
    shop = shop_suspend(shop=demo_shop, actor=staff, reason="Produits non conformes.")
    assert shop.status == Shop.Status.SUSPENDED
    approved_at = shop.approved_at

    shop = shop_reinstate(shop=shop, actor=staff)
    assert shop.status == Shop.Status.APPROVED
    assert shop.approved_at == approved_at  # the first approval date is kept

    trail = list(_decisions(shop).values_list("action", "reason", "actor"))
    assert trail[:2] == [
        (ShopDecision.Action.REINSTATED, "", staff.pk),
        (ShopDecision.Action.SUSPENDED, "Produits non conformes.", staff.pk),
    ]


def test_suspending_needs_a_reason(demo_shop, staff):
    with pytest.raises(ValidationError):
        shop_suspend(shop=demo_shop, actor=staff, reason=" ")
    demo_shop.refresh_from_db()
    assert demo_shop.status == Shop.Status.APPROVED


def test_only_an_approved_shop_can_be_suspended_and_only_a_suspended_one_reinstated(pending, demo_shop, staff):
    with pytest.raises(ValidationError):
        shop_suspend(shop=pending, actor=staff, reason="Fraude.")
    with pytest.raises(ValidationError):
        shop_reinstate(shop=demo_shop, actor=staff)
    with pytest.raises(ValidationError):
        shop_reinstate(shop=pending, actor=staff)
    assert not ShopDecision.objects.filter(
        shop__in=[pending, demo_shop], action__in=["suspended", "reinstated"]
    ).exists()


def test_a_second_approval_of_the_same_shop_is_refused_and_recorded_once(pending, staff, demo_users):
    # Two reviewers loaded the page while the shop was pending; both click "Valider".
    first_copy = Shop.objects.get(pk=pending.pk)
    second_copy = Shop.objects.get(pk=pending.pk)

    shop_approve(shop=first_copy, actor=staff)
    with pytest.raises(ValidationError) as caught:
        shop_approve(shop=second_copy, actor=demo_users["superuser"])

    assert "validée" in caught.value.messages[0]
    assert _decisions(pending, ShopDecision.Action.APPROVED).count() == 1


def test_a_rejection_after_an_approval_is_refused(pending, staff):
    stale = Shop.objects.get(pk=pending.pk)
    shop_approve(shop=pending, actor=staff)
    with pytest.raises(ValidationError):
        shop_reject(shop=stale, actor=staff, reason="Trop tard.")
    assert Shop.objects.get(pk=pending.pk).status == Shop.Status.APPROVED


@pytest.mark.parametrize("role", ["shopper", "shopkeeper_a", "editor"])
def test_only_cci_reviewers_may_decide(pending, demo_users, role):
    with pytest.raises(PermissionDenied):
        shop_approve(shop=pending, actor=demo_users[role])
    pending.refresh_from_db()
    assert pending.status == Shop.Status.PENDING


# --- Emails -----------------------------------------------------------------------------------------


def _html(message) -> str:
    assert len(message.alternatives) == 1
    content, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return content


def test_approval_emails_the_owner_and_the_shop_in_french(staff, send_emails):
    shop = shop_pending_create(name="Fleurs d'Anaïs", owner_email="anais@example.com", email="contact@fleurs.example")
    with send_emails():
        shop_approve(shop=shop, actor=staff)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anais@example.com", "contact@fleurs.example"]
    assert message.subject == "Votre boutique « Fleurs d'Anaïs » est validée"
    assert "Bonjour Jeanne," in message.body
    assert f"/boutiques/{shop.slug}/" in message.body
    assert "&#x27;" not in message.body  # the text part is not HTML-escaped
    html = _html(message)
    assert f"/boutiques/{shop.slug}/" in html
    assert "Fleurs d&#x27;Anaïs" in html


def test_the_shop_email_is_not_added_when_it_is_the_owner_email(staff, send_emails):
    shop = shop_pending_create(owner_email="paul@example.com", email="Paul@Example.com")
    with send_emails():
        shop_approve(shop=shop, actor=staff)
    assert mail.outbox[0].to == ["paul@example.com"]


def test_rejection_email_gives_the_reason_and_the_link_to_resubmit(pending, staff, send_emails):
    reason = "Le SIRET indiqué est celui d'une autre entreprise.\nMerci de vérifier votre Kbis."
    with send_emails():
        shop_reject(shop=pending, actor=staff, reason=reason)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jeanne.martin@example.com"]
    assert message.subject == "Votre inscription « Boulangerie Martin » est à corriger"
    assert reason in message.body
    assert "http://127.0.0.1:8000/commercants/inscription/" in message.body
    html = _html(message)
    assert "Le SIRET indiqué est celui d&#x27;une autre entreprise." in html
    assert 'href="http://127.0.0.1:8000/commercants/inscription/"' in html


def test_suspension_and_reinstatement_emails(demo_shop, staff, send_emails):
    with send_emails():
        shop_suspend(shop=demo_shop, actor=staff, reason="Plaintes répétées de clients.")
    with send_emails():
        shop_reinstate(shop=demo_shop, actor=staff, reason="Merci pour vos explications.")

    suspended, reinstated = mail.outbox
    assert suspended.to == ["boulangerie@demo.enbasdemarue.fr"]
    assert suspended.subject == "Votre boutique « Au Pain Doré » est suspendue"
    assert "Plaintes répétées de clients." in suspended.body
    assert "Plaintes répétées de clients." in _html(suspended)
    assert reinstated.subject == "Votre boutique « Au Pain Doré » est de nouveau en ligne"
    assert "Merci pour vos explications." in reinstated.body
    assert "Merci pour vos explications." in _html(reinstated)


def test_a_refused_decision_sends_no_email(pending, staff, send_emails):
    Shop.objects.filter(pk=pending.pk).update(status=Shop.Status.APPROVED)
    with send_emails(), pytest.raises(ValidationError):
        shop_approve(shop=pending, actor=staff)
    assert mail.outbox == []


# --- What a decision changes for the shopkeeper and the shoppers --------------------------------------


def test_approval_opens_the_dashboard_to_the_shop_people(pending, staff, client):
    owner = pending.owner
    colleague = shop_pending_create(owner_email="collegue@example.com").owner
    pending.partner.users.add(colleague)
    client.force_login(owner)
    assert "en attente de validation" in client.get("/dashboard/").content.decode()

    shop_approve(shop=pending, actor=staff)

    group = Group.objects.get(name=SHOPKEEPERS)
    assert set(group.user_set.filter(pk__in=[owner.pk, colleague.pk])) == {owner, colleague}
    client.force_login(owner)  # a fresh session: permissions are cached on the user object
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "Premiers pas" in response.content.decode()


def test_approved_shop_appears_on_its_storefront(pending, staff, client):
    assert client.get(f"/boutiques/{pending.slug}/").status_code == 404
    shop_approve(shop=pending, actor=staff)
    assert client.get(f"/boutiques/{pending.slug}/").status_code == 200


def _public_product(shop):
    return Product.objects.filter(is_public=True, stockrecords__partner=shop.partner).first()


def _catalogue_lists(client, product) -> bool:
    response = client.get("/catalogue/")
    assert response.status_code == 200
    return response.context["paginator"].object_list.filter(pk=product.pk).exists()


def test_suspension_hides_the_storefront_and_its_products_from_the_catalogue(demo_shop, staff, client):
    product = _public_product(demo_shop)
    assert client.get("/boutiques/au-pain-dore/").status_code == 200
    assert _catalogue_lists(client, product)

    shop_suspend(shop=demo_shop, actor=staff, reason="Contrôle en cours.")

    assert client.get("/boutiques/au-pain-dore/").status_code == 404
    assert not _catalogue_lists(client, product)
    directory = client.get("/boutiques/")
    assert "au-pain-dore" not in directory.content.decode()

    shop_reinstate(shop=demo_shop, actor=staff)
    assert client.get("/boutiques/au-pain-dore/").status_code == 200
    assert _catalogue_lists(client, product)


def test_suspension_hides_the_product_pages(demo_shop, staff, client):
    product = _public_product(demo_shop)
    shop_suspend(shop=demo_shop, actor=staff, reason="Contrôle en cours.")
    assert client.get(product.get_absolute_url()).status_code == 404


# --- Warnings ---------------------------------------------------------------------------------------


def _warnings(shop) -> dict[str, list[str]]:
    found = {}
    for warning in selectors.shop_warnings(shops=[shop])[shop.pk]:
        found.setdefault(warning.kind, []).append(warning.message)
    return found


def test_a_clean_pending_shop_has_no_warning(pending):
    assert _warnings(pending) == {}


def test_warning_when_another_shop_has_the_same_siren(demo_shop):
    other_establishment = luhn_complete(f"{demo_shop.siret[:9]}9876")
    validate_siret(other_establishment)
    shop = shop_pending_create(siret=other_establishment)

    warnings = _warnings(shop)

    assert list(warnings) == ["siren"]
    assert "Au Pain Doré" in warnings["siren"][0]
    siren = demo_shop.siret
    assert f"SIREN {siren[:3]}\u00a0{siren[3:6]}\u00a0{siren[6:9]}" in warnings["siren"][0]


def test_warning_when_the_owner_email_is_another_shops_email(demo_shop):
    Shop.objects.filter(pk=demo_shop.pk).update(email="contact@paindore.example")
    shop = shop_pending_create(name="Chez Zoé", owner_email="CONTACT@paindore.example")

    assert _warnings(shop) == {"email": ["Email déjà utilisé par la boutique « Au Pain Doré »."]}


def test_warning_when_the_owner_already_runs_another_shop(demo_users):
    baker = demo_users["shopkeeper_a"]  # a user of "Au Pain Doré"
    shop = shop_pending_create(name="Chez Zoé")
    Shop.objects.filter(pk=shop.pk).update(owner=baker)
    shop = Shop.objects.select_related("owner").get(pk=shop.pk)

    warnings = _warnings(shop)

    assert warnings == {"email": ["Le titulaire gère déjà la boutique « Au Pain Doré »."]}


def test_an_owner_of_two_shops_is_warned_about_once_per_shop():
    first = shop_pending_create(name="Chez Zoé", owner_email="zoe@example.com", email="zoe@example.com")
    second = shop_pending_create(name="La Cave de Léon")
    Shop.objects.filter(pk=second.pk).update(owner=first.owner)
    second.partner.users.add(first.owner)
    second = Shop.objects.select_related("owner").get(pk=second.pk)

    # Same owner, same account in both partners, owner email = the other shop's email: one warning.
    assert _warnings(second) == {"email": ["Le titulaire gère déjà la boutique « Chez Zoé »."]}


def test_warning_when_the_shop_email_is_another_owners_email():
    first = shop_pending_create(name="Chez Zoé", owner_email="zoe@example.com")
    second = shop_pending_create(name="La Cave de Léon", email="Zoe@example.com")
    assert _warnings(second) == {"email": ["Email déjà utilisé par le titulaire de « Chez Zoé »."]}
    assert _warnings(first) == {"email": ["Email déjà utilisé par la boutique « La Cave de Léon »."]}


def test_warning_when_the_name_is_close_to_another_shops():
    dupont = shop_pending_create(name="Boulangerie Dupont")
    Shop.objects.filter(pk=dupont.pk).update(status=Shop.Status.APPROVED)
    dupond = shop_pending_create(name="Boulangerie  DUPOND")

    warnings = _warnings(dupond)

    assert list(warnings) == ["name"]
    assert warnings["name"] == ["Nom proche de « Boulangerie Dupont » (validée)."]


def test_names_differing_only_by_accents_and_case_are_close(demo_shop):
    shop = shop_pending_create(name="AU PAIN DORE")
    assert "name" in _warnings(shop)


def test_no_name_warning_against_drafts_or_different_names():
    draft = shop_pending_create(name="Boulangerie Dupont")
    Shop.objects.filter(pk=draft.pk).update(status=Shop.Status.DRAFT)
    shop = shop_pending_create(name="Boulangerie Dupond")
    other = shop_pending_create(name="Boucherie Chabert")
    assert "name" not in _warnings(shop)
    assert "name" not in _warnings(other)


def test_warning_when_the_postcode_is_outside_the_territory():
    shop = shop_pending_create(name="Le Marais Gourmand", postcode="75001")
    assert _warnings(shop) == {"postcode": ["Code postal 75001 hors du territoire de la CCI Nord-Isère."]}


def test_warnings_of_many_shops_take_two_queries(django_assert_num_queries):
    shops = [shop_pending_create(name=f"Commerce numéro {index}") for index in range(20)]
    shops = list(Shop.objects.filter(pk__in=[shop.pk for shop in shops]).select_related("owner"))
    with django_assert_num_queries(2):
        selectors.shop_warnings(shops=shops)


# --- The queue and the list ---------------------------------------------------------------------------


def test_queue_lists_pending_shops_newest_first(staff, client):
    now = timezone.now()
    oldest = shop_pending_create(name="Ancienne demande", submitted_at=now - timedelta(days=3))
    newest = shop_pending_create(name="Nouvelle demande", submitted_at=now - timedelta(minutes=5))
    client.force_login(staff)

    response = client.get(QUEUE_URL)

    assert response.status_code == 200
    assert [shop for shop, _ in response.context["rows"]] == [newest, oldest]
    page = response.content.decode()
    assert "Au Pain Doré" not in page  # approved shops are not in the queue
    assert "en attente depuis 3\xa0jours" in page
    assert "Nouvelle demande" in page
    assert page.index("Nouvelle demande") < page.index("Ancienne demande")


def test_queue_shows_siret_address_category_and_warnings(staff, client):
    shop = shop_pending_create(name="Le Marais Gourmand", postcode="75001", siret="73282932000074")
    client.force_login(staff)

    page = client.get(QUEUE_URL).content.decode()

    assert "732 829 320 00074" in page
    assert f"{shop.address}, 75001 Paris" in page
    assert shop.category.name in page
    assert "Code postal 75001 hors du territoire" in page


def _queue_queries(client, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(QUEUE_URL)
    assert response.status_code == 200
    return len(captured)


def test_queue_query_count_does_not_grow_with_the_number_of_shops(staff, client, django_assert_max_num_queries):
    client.force_login(staff)
    for index in range(2):
        shop_pending_create(name=f"Petit commerce {index}")
    with_two = _queue_queries(client, django_assert_max_num_queries, 13)
    for index in range(18):
        shop_pending_create(name=f"Grand commerce {index}")
    with_twenty = _queue_queries(client, django_assert_max_num_queries, 13)
    assert with_twenty == with_two


def test_list_filters_shops_by_status(staff, client, pending):
    client.force_login(staff)

    everything = client.get(reverse("shop-review:list"))
    approved = client.get(reverse("shop-review:list"), {"status": "approved"})
    waiting = client.get(reverse("shop-review:list"), {"status": "pending"})
    nonsense = client.get(reverse("shop-review:list"), {"status": "<script>"})

    assert pending in everything.context["shops"]
    assert pending not in approved.context["shops"]
    assert "Au Pain Doré" in approved.content.decode()
    assert list(waiting.context["shops"]) == [pending]
    assert nonsense.status_code == 200
    assert nonsense.context["status"] == ""


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"q": "x" * 5000}, {"page": "abc"}, {"page": "99999"}])
def test_list_survives_odd_parameters(staff, client, params):
    client.force_login(staff)
    assert client.get(reverse("shop-review:list"), params).status_code == 200


def test_list_searches_by_name_siret_or_town(staff, client, pending):
    client.force_login(staff)
    by_name = client.get(reverse("shop-review:list"), {"q": "martin"})
    by_siret = client.get(reverse("shop-review:list"), {"q": pending.siret[:9]})
    assert list(by_name.context["shops"]) == [pending]
    assert list(by_siret.context["shops"]) == [pending]


# --- The detail page and the decisions through the dashboard ------------------------------------------


def test_detail_page_shows_the_shop_its_hours_warnings_and_history(staff, client, demo_shop):
    shop_suspend(shop=demo_shop, actor=staff, reason="Contrôle d'hygiène en cours.")
    client.force_login(staff)

    response = client.get(reverse("shop-review:detail", args=[demo_shop.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for text in [demo_shop.name, demo_shop.legal_name, demo_shop.address, demo_shop.phone, demo_shop.email]:
        assert str(text) in page
    assert demo_shop.logo.url in page
    assert demo_shop.cover.url in page
    assert "Lundi" in page
    assert "Contrôle d&#x27;hygiène en cours." in page
    assert "par Thomas Bernard" in page
    assert "Rétablir la boutique" in page


def test_detail_page_of_a_pending_shop_offers_approve_and_reject(staff, client, pending):
    client.force_login(staff)
    page = client.get(reverse("shop-review:detail", args=[pending.pk])).content.decode()
    assert reverse("shop-review:approve", args=[pending.pk]) in page
    assert reverse("shop-review:reject", args=[pending.pk]) in page
    assert 'name="reject-reason"' in page
    assert "Soumise pour validation" in page


def test_detail_page_neutralises_hostile_description(staff, client, pending):
    Shop.objects.filter(pk=pending.pk).update(
        description='<p>Bonjour</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    )
    client.force_login(staff)
    page = client.get(reverse("shop-review:detail", args=[pending.pk])).content.decode()
    assert "<p>Bonjour</p>" in page
    assert 'alert("x")' not in page
    assert "onerror" not in page


def test_missing_shop_is_404(staff, client):
    client.force_login(staff)
    assert client.get(reverse("shop-review:detail", args=[999999])).status_code == 404
    assert client.post(reverse("shop-review:approve", args=[999999])).status_code == 404


def test_staff_approves_from_the_dashboard(staff, client, pending, send_emails):
    client.force_login(staff)
    with send_emails():
        response = client.post(reverse("shop-review:approve", args=[pending.pk]), follow=True)

    assert response.redirect_chain == [(QUEUE_URL, 302)]
    assert "La boutique « Boulangerie Martin » est validée" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Shop.Status.APPROVED
    assert len(mail.outbox) == 1


def test_decisions_only_answer_post(staff, client, pending):
    client.force_login(staff)
    for name in ["approve", "reject", "suspend", "reinstate"]:
        assert client.get(reverse(f"shop-review:{name}", args=[pending.pk])).status_code == 405
    pending.refresh_from_db()
    assert pending.status == Shop.Status.PENDING


def test_decisions_need_the_csrf_token(staff, pending):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(reverse("shop-review:approve", args=[pending.pk]))
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Shop.Status.PENDING


def test_rejecting_without_a_reason_shows_the_error_and_changes_nothing(staff, client, pending):
    client.force_login(staff)
    response = client.post(reverse("shop-review:reject", args=[pending.pk]), {"reject-reason": "  "})

    assert response.status_code == 200
    assert "Indiquez le motif : le commerçant le recevra par email." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Shop.Status.PENDING
    assert _decisions(pending).count() == 1


def test_rejecting_with_a_nul_character_is_refused_cleanly(staff, client, pending):
    client.force_login(staff)
    response = client.post(reverse("shop-review:reject", args=[pending.pk]), {"reject-reason": "Motif\x00"})
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == Shop.Status.PENDING


def test_staff_rejects_with_a_reason_from_the_dashboard(staff, client, pending, send_emails):
    client.force_login(staff)
    with send_emails():
        response = client.post(
            reverse("shop-review:reject", args=[pending.pk]), {"reject-reason": "Adresse hors du territoire."}
        )

    assert response.status_code == 302
    assert response["Location"] == QUEUE_URL
    decision = _decisions(pending, ShopDecision.Action.REJECTED).get()
    assert (decision.actor, decision.reason) == (staff, "Adresse hors du territoire.")
    assert "Adresse hors du territoire." in mail.outbox[0].body


def test_staff_suspends_and_reinstates_from_the_dashboard(staff, client, demo_shop):
    client.force_login(staff)
    detail = reverse("shop-review:detail", args=[demo_shop.pk])

    response = client.post(reverse("shop-review:suspend", args=[demo_shop.pk]), {"suspend-reason": "Fraude."})
    assert (response.status_code, response["Location"]) == (302, detail)
    assert Shop.objects.get(pk=demo_shop.pk).status == Shop.Status.SUSPENDED

    response = client.post(reverse("shop-review:reinstate", args=[demo_shop.pk]), {"reinstate-reason": ""})
    assert (response.status_code, response["Location"]) == (302, detail)
    assert Shop.objects.get(pk=demo_shop.pk).status == Shop.Status.APPROVED


def test_a_double_click_on_approve_records_one_decision(staff, client, pending, send_emails):
    client.force_login(staff)
    url = reverse("shop-review:approve", args=[pending.pk])
    with send_emails():
        client.post(url)
        response = client.post(url, follow=True)

    assert response.redirect_chain == [(reverse("shop-review:detail", args=[pending.pk]), 302)]
    assert "Seule une boutique en attente de validation peut être validée" in response.content.decode()
    assert _decisions(pending, ShopDecision.Action.APPROVED).count() == 1
    assert len(mail.outbox) == 1


# --- Who may see and decide ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_dashboard_login(client, pending):
    response = client.get(QUEUE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/login/?next=/dashboard/boutiques/")

    response = client.post(reverse("shop-review:approve", args=[pending.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/login/")
    pending.refresh_from_db()
    assert pending.status == Shop.Status.PENDING


@pytest.mark.parametrize("role", ["shopper", "shopkeeper_a", "editor"])
def test_people_outside_the_cci_cannot_see_or_decide(client, demo_users, pending, demo_shop, role):
    client.force_login(demo_users[role])

    assert client.get(QUEUE_URL).status_code == 403
    assert client.get(reverse("shop-review:list")).status_code == 403
    assert client.get(reverse("shop-review:detail", args=[pending.pk])).status_code == 404
    assert client.post(reverse("shop-review:approve", args=[pending.pk])).status_code == 404
    assert client.post(reverse("shop-review:reject", args=[pending.pk]), {"reject-reason": "x"}).status_code == 404
    assert client.post(reverse("shop-review:suspend", args=[demo_shop.pk]), {"suspend-reason": "x"}).status_code == 404

    pending.refresh_from_db()
    demo_shop.refresh_from_db()
    assert (pending.status, demo_shop.status) == (Shop.Status.PENDING, Shop.Status.APPROVED)
    assert not ShopDecision.objects.filter(shop__in=[pending, demo_shop]).exclude(action="submitted").exists()


def test_staff_without_the_shop_permission_cannot_review(client, pending):
    clerk = get_user_model().objects.create_user(email="stagiaire@example.com", password="x")
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    assert client.get(QUEUE_URL).status_code == 403
    assert client.post(reverse("shop-review:approve", args=[pending.pk])).status_code == 404


def test_the_menu_shows_the_review_entry_to_reviewers_only(client, demo_users):
    client.force_login(demo_users["staff"])
    assert QUEUE_URL in client.get("/dashboard/").content.decode()
    client.force_login(demo_users["shopkeeper_a"])
    assert QUEUE_URL not in client.get("/dashboard/").content.decode()
