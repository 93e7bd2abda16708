"""English versions of pages through Wagtail's internationalisation (issue 16): an English reader gets a
page's published English version at the page's address, else the French page with a note; each version
has its address (?lang=en-gb) named by `hreflang` links and the sitemap; editors translate in /cms/."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from editorial.models import ContentPage, FaqPage, HomePage, NewsIndexPage, NewsPage
from kernel import page_cache

from .helpers import xml_of

pytestmark = pytest.mark.django_db

NOTE = "This page is not yet available in English; here it is in French."
XHTML = "{http://www.w3.org/1999/xhtml}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    return client


def _french(model, slug):
    return model.objects.get(slug=slug, locale__language_code="fr")


def _english_version(page):
    return page.get_translation(Locale.objects.get(language_code="en-gb"))


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.fixture
def guide_in_english():
    """The demo's English version of "Comment ça marche ?", rewritten so that it differs from the French
    page's English twin fields (which an English reader would otherwise get)."""
    guide = _french(ContentPage, "comment-ca-marche")
    version = _english_version(guide)
    version.title = "How the marketplace works"
    version.intro = "Three steps from your sofa to the shop counter."
    version.body = [("paragraph", RichText("<p>Choose, order, collect: the English version.</p>"))]
    version.save_revision().publish()
    return guide


def test_an_english_reader_gets_the_published_english_version(english, guide_in_english):
    html = _html(english.get(guide_in_english.url))
    main = _main(html)
    assert "<h1>How the marketplace works</h1>" in main
    assert "Choose, order, collect: the English version." in _text(main)
    assert "Trouvez vos commerces" not in html
    assert NOTE not in html
    assert 'lang="fr"' not in main
    assert '<html lang="en-gb"' in html


def test_a_french_reader_keeps_the_french_page(client, guide_in_english):
    html = _html(client.get(guide_in_english.url))
    assert "<h1>Comment ça marche ?</h1>" in html
    assert "Trouvez vos commerces" in html
    assert "How the marketplace works" not in html
    assert NOTE not in html
    assert '<html lang="fr"' in html


def test_an_english_reader_of_a_french_only_page_gets_it_in_french_with_a_note(english):
    faq = _french(FaqPage, "questions-frequentes")
    assert faq.get_translations().count() == 0
    html = _html(english.get(faq.url))
    main = _main(html)
    assert f'<p class="translation-note" role="note">{NOTE}</p>' in main
    # The French content says it is French; the page around it is English.
    assert '<details class="faq__item" open lang="fr">' in main
    assert "Faut-il un compte pour commander ?" in main
    assert '<html lang="en-gb"' in html

    # A French reader gets no note.
    english.cookies.clear()
    assert NOTE not in _html(english.get(faq.url))


def test_a_news_article_without_english_gets_the_note_and_the_translated_one_does_not(english):
    french_only = _french(NewsPage, "quarante-commerces-en-ligne")
    translated = _french(NewsPage, "marche-de-noel-place-carnot")
    html = _html(english.get(french_only.url))
    assert NOTE in html
    assert '<h1 lang="fr">' in html

    html = _html(english.get(translated.url))
    assert "The Christmas market is back on Place Carnot in Bourgoin-Jallieu" in html
    assert "Du 6 au 22 décembre" not in html
    assert NOTE not in html


def test_a_draft_english_translation_is_not_shown(english):
    faq = _french(FaqPage, "questions-frequentes")
    draft = CopyPageForTranslationAction(page=faq, locale=Locale.objects.get(language_code="en-gb")).execute(
        skip_permission_checks=True
    )
    draft.title = "Draft FAQ in English"
    draft.save_revision()
    assert not Page.objects.get(pk=draft.pk).live

    html = _html(english.get(faq.url))
    assert "Draft FAQ in English" not in html
    assert NOTE in html
    assert _alternates(html) == {}
    sitemap = english.get("/sitemap-pages.xml").content.decode()
    assert "Draft FAQ in English" not in sitemap and "questions-frequentes/?lang=" not in sitemap


def test_an_unpublished_english_version_gives_way_to_the_french_page(english, guide_in_english):
    _english_version(guide_in_english).unpublish()
    html = _html(english.get(guide_in_english.url))
    assert "How the marketplace works" not in html
    # The French page, in English through its English twin fields where the editor wrote them.
    assert "How does it work?" in html


def test_hreflang_links_name_the_versions_that_exist(client, guide_in_english):
    html = _html(client.get(guide_in_english.url))
    assert _alternates(html) == {
        "fr": "http://testserver/comment-ca-marche/",
        "x-default": "http://testserver/comment-ca-marche/",
        "en-gb": "http://testserver/comment-ca-marche/?lang=en-gb",
    }
    assert '<link rel="canonical" href="http://testserver/comment-ca-marche/">' in html
    # The English version names the same versions and is its own canonical address.
    english_html = _html(client.get("/comment-ca-marche/?lang=en-gb"))
    assert _alternates(english_html) == _alternates(html)
    assert '<link rel="canonical" href="http://testserver/comment-ca-marche/?lang=en-gb">' in english_html

    # A page in French only names no other version.
    assert _alternates(_html(client.get(_french(FaqPage, "questions-frequentes").url))) == {}


def test_an_address_with_lang_reads_in_english_and_remembers_it(guide_in_english):
    visitor = Client()
    response = visitor.get("/comment-ca-marche/?lang=en-gb")
    assert "How the marketplace works" in _html(response)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en-gb"
    # The language switch returns to the page without ?lang=, or the choice of French would be undone.
    assert '<input name="next" type="hidden" value="/comment-ca-marche/">' in _html(response)
    # The next page is read in English too.
    assert "How the marketplace works" in _html(visitor.get("/comment-ca-marche/"))
    # An unknown language in the address changes nothing.
    assert "Comment ça marche ?" in _html(Client().get("/comment-ca-marche/?lang=xx"))


def test_the_sitemap_lists_each_version_with_its_alternates(client):
    urls = {
        url.findtext(f"{SITEMAP}loc"): {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in xml_of(client.get("/sitemap-pages.xml")).iter(f"{SITEMAP}url")
    }
    versions = {
        "fr": "http://testserver/comment-ca-marche/",
        "en-gb": "http://testserver/comment-ca-marche/?lang=en-gb",
        "x-default": "http://testserver/comment-ca-marche/",
    }
    assert urls["http://testserver/comment-ca-marche/"] == versions
    assert urls["http://testserver/comment-ca-marche/?lang=en-gb"] == versions
    assert urls["http://testserver/?lang=en-gb"]["fr"] == "http://testserver/"
    # A French-only page is listed once, with no alternates.
    assert urls["http://testserver/questions-frequentes/"] == {}
    assert not any("questions-frequentes/?lang" in url for url in urls)


def test_the_english_news_index_lists_every_article_in_english_where_translated(english):
    index = _french(NewsIndexPage, "actualites")
    text = _text(_html(english.get(index.url)))
    assert "The Christmas market is back on Place Carnot in Bourgoin-Jallieu" in text
    assert "Le marché de Noël revient" not in text
    # The articles with no English version are listed in French.
    assert "Click and collect : les commerces du Nord-Isère s'organisent" in text
    french = _text(_html(Client().get(index.url)))
    assert "Le marché de Noël revient place Carnot à Bourgoin-Jallieu" in french
    assert "The Christmas market" not in french


def test_the_english_feed_lists_the_english_version_at_its_english_address(english):
    response = english.get("/actualites/flux/")
    items = {item.findtext("title"): item.findtext("link") for item in xml_of(response).iter("item")}
    assert items["The Christmas market is back on Place Carnot in Bourgoin-Jallieu"] == (
        "http://testserver/actualites/marche-de-noel-place-carnot/?lang=en-gb"
    )
    assert len(items) == NewsPage.objects.live().filter(locale__language_code="fr").count()


def test_the_footer_names_a_page_by_its_english_version(english, guide_in_english):
    footer = _html(english.get("/boutiques/")).split('class="site-footer"', 1)[1]
    assert '<a href="/comment-ca-marche/">How the marketplace works</a>' in footer
    # Each page once: the English versions are not listed beside their French pages.
    assert footer.count('href="/comment-ca-marche/"') == 1


def test_the_site_search_lists_a_translated_page_once(client):
    from sitesearch.services import search_index_rebuild

    search_index_rebuild()
    html = _html(client.get("/recherche/", {"q": "Carnot", "type": "page"}))
    assert html.count('href="/actualites/marche-de-noel-place-carnot/"') == 1


def test_each_language_gets_its_own_cached_page(settings, guide_in_english, monkeypatch):
    monkeypatch.setattr(page_cache, "_minute", lambda: 29_000_000)
    french, english = Client(), Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-gb"
    for round_ in ("miss", "hit"):
        french_response = french.get("/comment-ca-marche/")
        english_response = english.get("/comment-ca-marche/")
        assert french_response["X-Page-Cache"] == round_ == english_response["X-Page-Cache"]
        assert "Comment ça marche ?" in _html(french_response)
        assert "How the marketplace works" in _html(english_response)
        assert NOTE not in _html(english_response)


# Editors translate in /cms/ (wagtail.contrib.simple_translation).


@pytest.fixture
def senior_editor(django_db_setup):
    return get_user_model().objects.get(email="redaction@demo.enbasdemarue.fr")


def _translate_url(page) -> str:
    return f"/cms/translation/submit/page/{page.pk}/"


@pytest.mark.parametrize("role", ["editor", "senior_editor"])
def test_an_editor_translates_a_page_into_english_as_a_draft(client, demo_users, senior_editor, role):
    user = senior_editor if role == "senior_editor" else demo_users["editor"]
    faq = _french(FaqPage, "questions-frequentes")
    client.force_login(user)
    # The page's header offers "Translate".
    assert _translate_url(faq) in client.get(f"/cms/pages/{faq.pk}/edit/").content.decode()
    assert client.get(_translate_url(faq)).status_code == 200

    english = Locale.objects.get(language_code="en-gb")
    response = client.post(_translate_url(faq), {"locales": [english.pk]})
    version = faq.get_translation(english)
    assert response.status_code == 302
    assert response["Location"] == f"/cms/pages/{version.pk}/edit/"
    # A draft until published: English readers still get the French page with the note.
    assert not version.live
    assert version.get_parent().specific.locale == english
    assert client.get(f"/cms/pages/{version.pk}/edit/").status_code == 200


@pytest.mark.parametrize("role", ["shopkeeper_a", "shopper", "staff"])
def test_a_shopkeeper_shopper_or_staff_member_cannot_translate(client, demo_users, role):
    faq = _french(FaqPage, "questions-frequentes")
    client.force_login(demo_users[role])
    response = client.get(_translate_url(faq))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]
    english = Locale.objects.get(language_code="en-gb")
    client.post(_translate_url(faq), {"locales": [english.pk]})
    assert not faq.get_translations().exists()


def test_an_anonymous_visitor_is_sent_to_sign_in():
    response = Client().get(_translate_url(_french(FaqPage, "questions-frequentes")))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_page_of_the_english_home_cannot_take_an_application_prefix():
    from django.core.exceptions import ValidationError

    english_home = HomePage.objects.get(locale__language_code="en-gb")
    page = ContentPage(title="Shops", slug="boutiques", locale=english_home.locale)
    with pytest.raises(ValidationError) as error:
        english_home.add_child(instance=page)
    assert "boutiques" in str(error.value.message_dict["slug"])


def test_the_preview_of_an_english_version_shows_its_own_text_whatever_the_editors_language(guide_in_english, rf):
    version = _english_version(guide_in_english).specific
    for language in ("fr", "en-gb"):
        # Wagtail's preview request carries the editor's cookies, hence their site language.
        editor_request = rf.get("/cms/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}={language}")
        html = unescape(version.make_preview_request(original_request=editor_request).content.decode())
        assert f'<html lang="{language}"' in html
        assert "Choose, order, collect: the English version." in html
        # Not the French page's English twin text, which the version was copied with.
        assert "Choose your town or let the map guide you." not in html


def test_the_english_twin_fields_are_offered_on_french_pages_only(client, demo_users, guide_in_english):
    client.force_login(demo_users["editor"])
    french_form = client.get(f"/cms/pages/{guide_in_english.pk}/edit/").content.decode()
    english_form = client.get(f"/cms/pages/{_english_version(guide_in_english).pk}/edit/").content.decode()
    assert 'name="intro_en"' in french_form
    assert 'name="intro_en"' not in english_form
    assert 'name="intro"' in english_form

    # The English version's form saves without them.
    version = _english_version(guide_in_english)
    data = {"title": "How it works, edited", "slug": version.slug, "intro": "Edited intro", "body-count": "0"}
    response = client.post(f"/cms/pages/{version.pk}/edit/", data)
    assert response.status_code == 302
    draft = ContentPage.objects.get(pk=version.pk).get_latest_revision_as_object()
    assert (draft.title, draft.intro) == ("How it works, edited", "Edited intro")
