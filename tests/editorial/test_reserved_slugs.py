import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from editorial.models import ContentPage

pytestmark = pytest.mark.django_db


def _home():
    return Site.objects.get(is_default_site=True).root_page.specific


def test_top_level_page_cannot_take_an_application_prefix():
    with pytest.raises(ValidationError) as error:
        _home().add_child(instance=ContentPage(title="Catalogue", slug="catalogue"))
    assert "réservé" in str(error.value.message_dict["slug"])
    assert not ContentPage.objects.filter(slug="catalogue").exists()


def test_a_deeper_page_may_use_the_same_word():
    parent = _home().add_child(instance=ContentPage(title="Guides", slug="guides-test"))
    child = parent.add_child(instance=ContentPage(title="Catalogue", slug="catalogue"))
    assert child.url_path.endswith("/guides-test/catalogue/")


def test_ordinary_slug_is_accepted():
    page = _home().add_child(instance=ContentPage(title="Marché de Noël", slug="marche-de-noel-test"))
    assert page.live


def test_the_cms_form_shows_the_error(client, demo_users):
    client.force_login(demo_users["editor"])
    home = _home()
    response = client.post(
        f"/cms/pages/add/editorial/contentpage/{home.pk}/",
        {
            "title": "Panier",
            "slug": "basket",
            "intro": "",
            "body-count": "0",
            "body_en-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200
    assert "réservé" in response.content.decode()
    assert not ContentPage.objects.filter(slug="basket").exists()
