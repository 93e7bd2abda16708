"""A French page with no English version (no published Wagtail translation, test_translations.py) shows
English readers the editors' English text of its fields ending in _en where written, and marks the French it
falls back to with lang="fr": the home hero and sections, content and legal pages, the footer links."""

import re
from html import unescape

import pytest
from django.conf import settings
from wagtail.models import Site
from wagtail.rich_text import RichText

from editorial.models import ContentPage, HomePage, LegalPage
from editorial.selectors import footer_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    return client


def _home() -> HomePage:
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def no_english_home():
    """The demo's English home (a translation) unpublished: English readers get the French home."""
    english_home = HomePage.objects.get(locale__language_code="en-gb")
    english_home.unpublish()


def _html(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_english_home_hero_is_in_english_and_the_french_one_in_french(client, english):
    html = _html(english.get("/"))
    assert '<p class="hero__intro">Your neighbourhood shops: order online, collect in store.</p>' in html
    assert "commandés en ligne" not in html

    client.cookies.clear()
    assert "Vos commerces de proximité, commandés en ligne, retirés en boutique." in _html(client.get("/"))


def test_the_home_sections_are_in_english_once_written_and_marked_french_until_then(english, no_english_home):
    home = _home()
    # A section an editor has not translated yet (the demo's comes with its English).
    home.body_en = []
    home.save()
    html = _html(english.get("/"))
    # The demo's French section, with no English yet: said to be French.
    assert '<section class="editorial-body" lang="fr">' in html
    assert "Commandez en ligne, retirez en boutique" in html

    # The English sections, arranged by the editor as the French ones are.
    home.body_en = [
        ("hero", {"title": "", "text": "", "image": None, "search": True}),
        ("heading", "Order online, collect in store"),
        ("paragraph", RichText("<p>Pay when you collect, in the shop.</p>")),
    ]
    home.save()
    html = _html(english.get("/"))
    assert '<section class="editorial-body">' in html
    assert "Order online, collect in store" in _text(html)
    assert "Pay when you collect, in the shop." in _text(html)
    assert "Commandez en ligne, retirez en boutique" not in html
    assert '<p class="hero__intro">Your neighbourhood shops: order online, collect in store.</p>' in html


def test_the_french_home_sections_keep_their_interface_in_english_and_only_their_text_marked_french(
    english, no_english_home
):
    home = _home()
    home.body = [
        ("hero", {"title": "Bienvenue en bas de chez vous", "text": "", "image": None, "search": True}),
        ("new_shops", {"title": "Les petites dernières", "count": 4}),
        ("heading", "Commandez en ligne, retirez en boutique"),
    ]
    home.body_en = []
    home.save()
    html = _html(english.get("/"))
    # The editor's French words are said to be French, the interface around them is in English.
    assert '<h1 lang="fr">Bienvenue en bas de chez vous</h1>' in html
    assert '<p class="hero__intro">Your neighbourhood shops: order online, collect in store.</p>' in html
    assert 'lang="fr">Les petites dernières</h2>' in html
    assert '<h2 lang="fr">Commandez en ligne, retirez en boutique</h2>' in html
    assert "Find a shop" in html


def test_the_footer_names_pages_in_english_where_the_editor_gave_an_english_title(client, english):
    legal = LegalPage.objects.get(slug="mentions-legales")
    legal.title_en = "Legal notice"
    legal.save()
    # A page an editor has not translated yet (the demo's come with their English).
    LegalPage.objects.filter(slug="confidentialite").update(title_en="")

    english_footer = _html(english.get("/boutiques/")).split('class="site-footer"', 1)[1]
    assert ">Legal notice</a>" in english_footer
    assert ">Mentions légales</a>" not in english_footer
    # A page with no English title keeps its French one, said to be French.
    assert 'lang="fr">Confidentialité</a>' in english_footer

    client.cookies.clear()
    french_footer = _html(client.get("/boutiques/")).split('class="site-footer"', 1)[1]
    assert ">Mentions légales</a>" in french_footer
    assert "Legal notice" not in french_footer


def test_the_footer_links_cost_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        links = footer_links()
    assert {page.title for page in links} >= {"Mentions légales", "Confidentialité"}


def test_a_content_page_reads_in_english_when_written(client, english):
    page = ContentPage.objects.get(slug="rejoindre")
    page.title_en = "Shopkeepers: join the marketplace"
    page.intro_en = "Your free online shop in minutes."
    page.body_en = [("heading", "How does it work?")]
    page.save()

    text = _text(_html(english.get(page.url)))
    assert "Shopkeepers: join the marketplace" in text
    assert "Your free online shop in minutes." in text
    assert "How does it work?" in text
    assert "Comment ça marche" not in text

    client.cookies.clear()
    french = _text(_html(client.get(page.url)))
    assert "Comment ça marche" in french
