"""Each editorial page type renders with and without its optional fields, with what search engines read."""

import re

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from editorial.models import CampaignPage, ContentPage, FaqPage, LegalPage, NewsIndexPage, NewsPage
from editorial.news import NEWS_PER_PAGE

from .helpers import home, html_of, json_ld, meta, xml_of

pytestmark = pytest.mark.django_db


def _news_index() -> NewsIndexPage:
    return NewsIndexPage.objects.get(locale__language_code="fr")


def _article(title: str, **fields) -> NewsPage:
    article = NewsPage(title=title, slug=re.sub(r"\W+", "-", title.lower()).strip("-"), **fields)
    _news_index().add_child(instance=article)
    article.save_revision().publish()
    return article


@pytest.mark.parametrize(
    "page",
    [
        lambda: ContentPage(title="Page nue", slug="page-nue"),
        lambda: LegalPage(title="Légal nu", slug="legal-nu"),
        lambda: FaqPage(title="FAQ nue", slug="faq-nue"),
        lambda: CampaignPage(title="Campagne nue", slug="campagne-nue"),
    ],
)
def test_a_page_with_only_a_title_renders(client, page):
    created = home().add_child(instance=page())
    html = html_of(client.get(created.url))
    assert f"<h1>{created.title}</h1>" in html
    assert f'<link rel="canonical" href="http://testserver{created.url}">' in html


def test_an_article_with_only_a_title_renders_and_is_listed(client):
    article = _article("Article sans rien")
    assert "<h1>Article sans rien</h1>" in html_of(client.get(article.url))
    assert "Article sans rien" in html_of(client.get(_news_index().url))


def test_an_article_shows_its_date_summary_picture_body_rubric_and_tags(client):
    article = NewsPage.objects.get(slug="fromagerie-des-roches-dix-ans")
    html = html_of(client.get(article.url))
    assert article.summary in html
    assert "quatre-vingts fromages" in html
    assert f'datetime="{article.date:%Y-%m-%d}"' in html
    assert "?rubrique=vie-des-commerces" in html and "?tag=villefontaine" in html
    # The picture, and the same picture for social networks, at their size.
    assert re.search(r'<img [^>]*src="/media/images/demo-news-fromagerie-des-roches-dix-ans[^"]*"', html)
    assert meta(html, "og:image").startswith("http://testserver/media/images/")
    assert meta(html, "og:type") == "article"
    assert meta(html, "description") == article.summary
    [data] = json_ld(html)
    assert data["@type"] == "NewsArticle" and data["headline"] == article.title


def test_seo_title_and_description_win_over_title_and_summary(client):
    article = _article("Titre long", summary="Résumé", seo_title="Titre court", search_description="Pour Google")
    html = html_of(client.get(article.url))
    assert "<title>Titre court – En bas de ma rue</title>" in html
    assert meta(html, "description") == "Pour Google" and meta(html, "og:title") == "Titre court"


def test_news_index_pages_by_nine_newest_first_and_a_bad_page_number_is_not_an_error(client):
    for number in range(NEWS_PER_PAGE + 1):
        _article(f"Brève {number}", date=timezone.localdate() + timezone.timedelta(days=30 + number))
    first = html_of(client.get(_news_index().url))
    assert first.index("Brève 9") < first.index("Brève 8")
    assert "Brève 0" not in first and 'rel="next"' in first
    assert "Brève 0" in html_of(client.get(_news_index().url, {"page": 2}))
    for bad in ("abc", "-1", "99999", "1e9"):
        assert client.get(_news_index().url, {"page": bad}).status_code == 200


def test_news_index_narrows_to_a_rubric_or_a_tag(client):
    by_rubric = html_of(client.get(_news_index().url, {"rubrique": "place-de-marche"}))
    assert "Click and collect" in by_rubric and "Soldes d&#x27;hiver" not in by_rubric
    by_tag = html_of(client.get(_news_index().url, {"tag": "villefontaine"}))
    assert "Fromagerie des Roches fête" in by_tag and "Click and collect" not in by_tag
    assert "Aucun article" in html_of(client.get(_news_index().url, {"rubrique": "<script>"}))


def test_rss_feed_parses_and_lists_the_newest_articles_with_absolute_links(client):
    response = client.get(_news_index().url + "flux/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = xml_of(response).find("channel")
    items = channel.findall("item")
    french = NewsPage.objects.live().filter(locale__language_code="fr")
    newest = french.order_by("-date").first()
    assert items[0].findtext("title") == newest.title
    assert items[0].findtext("link") == f"http://testserver{newest.url}"
    assert len(items) == french.count()


def test_atom_feed_parses(client):
    response = client.get(_news_index().url + "atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = xml_of(response)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries and all(entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in entries)


def test_faq_folds_each_question_and_describes_a_faqpage(client):
    faq = FaqPage.objects.get(slug="questions-frequentes")
    html = html_of(client.get(faq.url))
    assert html.count('<details class="faq__item"') == len(faq.questions)
    [data] = json_ld(html)
    assert data["@type"] == "FAQPage"
    assert [q["name"] for q in data["mainEntity"]] == [block.value["question"] for block in faq.questions]
    assert all("<" not in q["acceptedAnswer"]["text"] for q in data["mainEntity"])


def test_faq_json_ld_cannot_close_its_script(client):
    faq = home().add_child(
        instance=FaqPage(
            title="FAQ piégée",
            slug="faq-piegee",
            questions=[
                ("question", {"question": "</script><script>alert(1)</script>", "answer": RichText("<p>a</p>")})
            ],
        )
    )
    html = html_of(client.get(faq.url))
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["mainEntity"][0]["name"] == "</script><script>alert(1)</script>"


def test_legal_pages_are_in_every_footer_and_marked_as_demo_text(client):
    html = html_of(client.get("/boutiques/"))
    for slug in ("mentions-legales", "cgu", "conditions-de-vente", "confidentialite", "accessibilite"):
        page = LegalPage.objects.get(slug=slug)
        assert f'href="{page.url}"' in html
    accessibility = html_of(client.get(LegalPage.objects.get(slug="accessibilite").url))
    assert "Texte de démonstration" in accessibility and "RGAA" in accessibility


def test_home_page_is_described_as_a_website_with_a_search(client):
    [data] = json_ld(html_of(client.get("/")))
    assert data["@type"] == "WebSite"
    assert data["potentialAction"]["target"].startswith("http://testserver/recherche/?q=")


def test_the_home_shows_the_three_newest_articles_and_the_campaign_banner(client):
    html = html_of(client.get("/"))
    newest = list(NewsPage.objects.live().filter(locale__language_code="fr").order_by("-date", "-pk")[:4])
    for article in newest[:3]:
        assert article.title.replace("'", "&#x27;") in html
    assert newest[3].title.replace("'", "&#x27;") not in html
    assert 'class="campaign-banner" href="/noel-dans-ma-rue/"' in html


def test_search_finds_a_news_article_by_a_word_of_its_body_without_accents(client):
    html = html_of(client.get("/recherche/", {"q": "producteurs isere"}))
    assert "Villefontaine : la Fromagerie des Roches fête ses dix ans" in html


def test_the_editorial_chrome_is_translated_to_english(client):
    client.post("/i18n/setlang/", {"language": "en-gb", "next": "/"})
    index = html_of(client.get(_news_index().url))
    assert "RSS feed" in index and "Flux RSS" not in index
    article = html_of(client.get(NewsPage.objects.get(slug="fromagerie-des-roches-dix-ans").url))
    assert "Order from Fromagerie des Roches" in article and "All news" in article


def test_an_article_kept_private_by_an_editor_is_listed_nowhere(client):
    """A password on the article, or on a page above it: not on the home, the news index or the feed."""
    from datetime import date

    from wagtail.models import PageViewRestriction

    secret = _article("Article réservé aux élus", date=date(2031, 1, 2), summary="Pas pour le public.")
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="cci")
    for address in ("/", _news_index().url):
        assert "Article réservé aux élus" not in html_of(client.get(address))
    PageViewRestriction.objects.all().delete()
    assert "Article réservé aux élus" in html_of(client.get("/"))
    PageViewRestriction.objects.create(page=_news_index(), restriction_type="password", password="cci")
    assert "Article réservé aux élus" not in html_of(client.get("/"))
