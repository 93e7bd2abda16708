"""Demo English versions (Wagtail translations, as an editor's "Translate" makes them): the home page, the
two guides and one news article. The other pages stay French only, so the demo shows both an English
version and the French page an English reader gets with a note."""

from __future__ import annotations

from collections import Counter

from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from editorial.models import ContentPage, HomePage, NewsPage
from editorial.translation import default_language

ENGLISH = "en-gb"
# The site's name, as the French home's title (the hero's heading).
HOME_TITLE_EN = "En bas de ma rue"
NEWS_TITLE_EN = "News"
NEWS_INTRO_EN = "News from the shops of Nord-Isère and from the CCI."

# The article translated: its English title, summary and body.
ARTICLE_SLUG = "marche-de-noel-place-carnot"
ARTICLE_EN = {
    "title": "The Christmas market is back on Place Carnot in Bourgoin-Jallieu",
    "summary": "Three festive weekends, and your end-of-year orders to collect straight from the stalls.",
    "body": [
        (
            "paragraph",
            RichText(
                "<p>From 6 to 22 December, some forty stallholders set up on Place Carnot: craftspeople, "
                "producers and the town centre's shopkeepers.</p>"
                "<p>New this year: orders placed on En bas de ma rue are collected from the shopkeeper's stall, "
                "in the slot you chose. Yule logs, chocolates and foie gras can be ordered now.</p>"
            ),
        ),
    ],
}


def _english_version(page: Page, locale: Locale) -> Page | None:
    """A new English translation of the page, made as an editor's "Translate" makes it (its parent must be
    translated first), or None when it has one already."""
    if page.get_translation_or_none(locale) is not None:
        return None
    return CopyPageForTranslationAction(page=page, locale=locale, include_subtree=False).execute(
        skip_permission_checks=True
    )


def _publish(page: Page, **fields) -> None:
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def translations_ensure(*, home: HomePage, guides: list[dict], created: Counter) -> None:
    """The demo's English versions (of the home, of these guides' pages and of one article), each written
    and published once (a second run changes nothing)."""
    english, _ = Locale.objects.get_or_create(language_code=ENGLISH)
    if home.locale.language_code != default_language():
        return
    if (version := _english_version(home, english)) is not None:
        _publish(version, title=HOME_TITLE_EN, intro=home.intro_en, body=list(home.body_en.raw_data))
        created["english_pages"] += 1
    pages = {page.slug: page for page in ContentPage.objects.child_of(home)}
    for spec in guides:
        guide = pages.get(spec["slug"])
        if guide is not None and (version := _english_version(guide, english)) is not None:
            _publish(version, title=spec["title_en"], intro=spec["intro_en"], body=spec["body_en"])
            created["english_pages"] += 1
    article = NewsPage.objects.descendant_of(home).filter(slug=ARTICLE_SLUG).first()
    if article is None:
        return
    # The article's parent first, as simple_translation asks: the English news index lists every article,
    # each in English where translated.
    if (version := _english_version(article.get_parent().specific, english)) is not None:
        _publish(version, title=NEWS_TITLE_EN, intro=NEWS_INTRO_EN)
        created["english_pages"] += 1
    if (version := _english_version(article, english)) is not None:
        _publish(version, **ARTICLE_EN)
        created["english_pages"] += 1
