"""Names, titles and slugs refuse invisible and text-direction characters; the review screen flags look-alikes.

U+202E (right-to-left override) makes "Fournil\u202eeniA'd" read as something else; a zero-width space
makes two names differ for the database while they look identical on screen.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.models import Site

from editorial.models import ContentPage
from oscar_apps.dashboard.catalogue.forms import ProductForm
from shops.lookalike import name_skeleton
from shops.models import Shop
from shops.selectors import review as selectors
from shops.validators import validate_name_text
from tests.factories import shop_pending_create
from tests.shops.test_shop_space import _profile_data, owner_a, shop_a  # noqa: F401 - fixtures
from tests.shops.test_signup_wizard import _business, _step, at_step, category, free_sirets  # noqa: F401 - fixtures

ProductClass = get_model("catalogue", "ProductClass")

HOSTILE = {
    "rtl-override": "Le Fournil\u202e d'Anne",
    "rtl-isolate": "Le Fournil \u2067d'Anne\u2069",
    "zero-width-space": "Le Four\u200bnil d'Anne",
    "zero-width-joiner": "Le Fournil\u200d d'Anne",
    "byte-order-mark": "\ufeffLe Fournil d'Anne",
    "soft-hyphen": "Le Four\u00adnil d'Anne",
}
ORDINARY = set("Le Fournil d'Anne")
MESSAGE = "caractères invisibles ou qui inversent le sens d'écriture"


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_the_validator_refuses_each_invisible_character_and_names_it(name):
    with pytest.raises(ValidationError) as caught:
        validate_name_text(name)
    (message,) = caught.value.messages
    assert MESSAGE in message
    hidden = next(char for char in name if char not in ORDINARY)
    assert f"U+{ord(hidden):04X}" in message


@pytest.mark.parametrize("name", ["Le Fournil d'Anne", "Crème & Co — 2ᵉ", "Pâtisserie « Ô Délices » 🥐", "中文店"])
def test_ordinary_names_are_accepted(name):
    assert validate_name_text(name) is None


@pytest.mark.django_db
def test_sign_up_refuses_a_trade_name_with_a_right_to_left_override(client, at_step, category, free_sirets):  # noqa: F811
    user = at_step(2)
    response = _business(client, siret=free_sirets[0], category=category, name=HOSTILE["rtl-override"])
    assert response.status_code == 200
    assert MESSAGE in response.content.decode().replace("&#x27;", "'")
    assert not Shop.objects.filter(owner=user).exists()


@pytest.mark.django_db
def test_the_shop_profile_refuses_a_zero_width_space_and_keeps_the_name(client, owner_a, shop_a):  # noqa: F811
    before = shop_a.name
    response = client.post(reverse("my-shop:profile"), _profile_data(shop_a, name="Au Pain\u200b Doré"))
    assert response.status_code == 400
    assert MESSAGE in response.content.decode().replace("&#x27;", "'")
    shop_a.refresh_from_db()
    assert shop_a.name == before


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "slug"])
def test_a_product_title_or_slug_with_a_bidi_control_is_refused(field):
    product_class = ProductClass.objects.get(name="Produit")
    data = {"title": "Baguette", "slug": "baguette", "structure": "standalone", "is_public": "on"}
    data[field] = "Bague\u202ette" if field == "title" else "bague\u2066tte"
    form = ProductForm(product_class, data=data)
    assert not form.is_valid()
    # Django's slug validator already refused a slug with one (in French): the title is ours to refuse.
    expected = MESSAGE if field == "title" else "ne doit contenir que des lettres"
    assert any(expected in message for message in form.errors.get(field, [])), form.errors


@pytest.mark.django_db
def test_the_cms_refuses_a_page_title_with_a_zero_width_joiner(client, demo_users):
    client.force_login(demo_users["editor"])
    home = Site.objects.get(is_default_site=True).root_page
    response = client.post(
        f"/cms/pages/add/editorial/contentpage/{home.pk}/",
        {
            "title": "Marché\u200d de Noël",
            "slug": "marche-invisible",
            "intro": "",
            "body-count": "0",
            "body_en-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode().replace("&#x27;", "'")
    assert not ContentPage.objects.filter(slug="marche-invisible").exists()


# The staff review screen.


def _warnings(shop) -> dict[str, list[str]]:
    found = {}
    for warning in selectors.shop_warnings(shops=[shop])[shop.pk]:
        found.setdefault(warning.kind, []).append(warning.message)
    return found


def test_skeletons_read_other_scripts_digits_and_invisible_characters_as_latin():
    real = name_skeleton("Boulangerie Dupont")
    for imitation in ["Bоulangerie Dupont", "ΒOULANGΕRΙΕ DUPONT", "B0ulangerie Dupont", "Boulangerie\u200b Dupont"]:
        assert name_skeleton(imitation) == real, imitation
    assert name_skeleton("Boulangerie Durand") != real


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("imitation", "scripts"),
    [("Bоulangеriе Dupоnt", "latin, cyrillique"), ("Βoulangerie Dupont", "grec, latin")],
    ids=["cyrillic", "greek"],
)
def test_the_review_flags_a_name_that_imitates_an_approved_shop(imitation, scripts):
    real = shop_pending_create(name="Boulangerie Dupont")
    Shop.objects.filter(pk=real.pk).update(status=Shop.Status.APPROVED)
    fake = shop_pending_create(name=imitation)
    warnings = _warnings(fake)
    assert list(warnings) == ["lookalike"]
    (message,) = warnings["lookalike"]
    assert "Nom qui imite « Boulangerie Dupont » (validée)" in message
    assert scripts in message


@pytest.mark.django_db
def test_the_review_flags_a_stored_name_with_invisible_characters():
    shop_pending_create(name="Fromagerie Martin")
    Shop.objects.filter(name="Fromagerie Martin").update(status=Shop.Status.APPROVED)
    fake = shop_pending_create(name="Fromagerie\u202e Martin")
    messages = _warnings(fake)["lookalike"]
    assert "Le nom contient des caractères invisibles (U+202E)." in messages
    assert any("Nom qui imite « Fromagerie Martin »" in message for message in messages)


@pytest.mark.django_db
def test_the_review_page_shows_the_look_alike_warning(client, demo_users):
    real = shop_pending_create(name="Boucherie Lambert")
    Shop.objects.filter(pk=real.pk).update(status=Shop.Status.APPROVED)
    fake = shop_pending_create(name="Bоucherie Lambert")
    client.force_login(demo_users["staff"])
    page = client.get(reverse("shop-review:index")).content.decode()
    assert "review-warning-lookalike" in page
    assert "Nom qui imite" in page
    assert fake.name in page
