"""Reads of the editorial pages: the footer's links, the news, and the marketplace's current state for
the live blocks (only what a shopper may see: approved shops, products they can buy)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, F, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from django.utils import timezone
from oscar.core.loading import get_class
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from shops.models import Shop
from shops.nearby import nearby_origin_from_request
from shops.selectors import public as shop_selectors
from shops.selectors.directory import DirectoryQuery, directory_shops
from shops.selectors.products import product_list_public

# The news list's picture (templates/editorial/includes/news_card.html asks for this rendition).
NEWS_CARD_RENDITION = "fill-640x400"


def footer_links() -> list[Page]:
    """Live French pages the editors chose to show in menus, for the footer, each with its English title
    (`title_en`: its published English version's title, else its English twin title, blank if none), in
    one query. Each links to its one address, where an English reader gets the English version."""
    from .models import EditorialPage
    from .translation import default_language

    english_version_title = Subquery(
        Page.objects.live()
        .filter(translation_key=OuterRef("translation_key"), alias_of__isnull=True)
        .exclude(locale__language_code=default_language())
        .values("title")[:1]
    )
    # The English title lives in each page type's own table: read from whichever holds the page.
    english_titles = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values("title_en")[:1])
        for model in apps.get_models()
        if issubclass(model, EditorialPage)
    ]
    return list(
        Page.objects.live()
        .in_menu()
        .filter(depth__gte=3, locale__language_code=default_language())
        .only("id", "title", "url_path")
        .annotate(title_en=Coalesce(english_version_title, *english_titles, Value("")))
        .order_by("path")[:20]
    )


@dataclass(frozen=True)
class ShopCard:
    shop: Shop
    today: shop_selectors.ShopToday


def shop_card(*, shop: Shop | None) -> ShopCard | None:
    """A chosen shop as a shopper sees it now, or None when it is gone or no longer approved."""
    if shop is None:
        return None
    try:
        # Read again, approved only, with its category, hours and coming closures (the slots reuse them).
        shop = shop_selectors.shop_get_public(slug=shop.slug)
    except Shop.DoesNotExist:
        return None
    return ShopCard(shop=shop, today=shop_selectors.shop_today(shop=shop))


def shop_list_newest(*, limit: int) -> list[Shop]:
    """The most recently approved shops (the home's "new shops")."""
    return shop_selectors.shop_list_newest(limit=limit)


def shop_list_for_block(*, town: str, category, limit: int, nearest: bool, request) -> list[Shop]:
    """Approved shops of a town and/or category, nearest to the visitor's chosen place first (when they
    chose one and `nearest`), else newest first."""
    origin = nearby_origin_from_request(request) if (nearest and request is not None) else None
    query = DirectoryQuery(
        town=town, category=category.slug if category else "", origin=origin.point if origin else None
    )
    shops = directory_shops(query=query, now=timezone.now())
    if origin is None:
        shops = shops.order_by("-approved_at", "-pk")
    return list(shops[:limit])


def _strategy(request):
    strategy = getattr(request, "strategy", None)
    if strategy is None:
        strategy = get_class("partner.strategy", "Selector")().strategy(request=request)
    return strategy


def _buyable(products, request) -> list:
    strategy = _strategy(request)
    return [product for product in products if strategy.fetch_for_product(product).availability.is_available_to_buy]


def products_for_sale(*, ids: list[int], request) -> list:
    """These products, in this order, less those deleted, hidden, of a shop not approved or not buyable now."""
    if not ids:
        return []
    found = {product.pk: product for product in product_list_public().filter(pk__in=ids).distinct()}
    return _buyable([found[pk] for pk in ids if pk in found], request)


def product_list_for_block(*, ids: list[int], category, limit: int, request) -> list:
    """The chosen products still for sale, then the newest buyable products of the category (and its
    sub-categories), `limit` in all."""
    products = products_for_sale(ids=ids, request=request)[:limit]
    if category is not None and len(products) < limit:
        newest = (
            product_list_public()
            .filter(categories__in=category.get_descendants_and_self())
            .exclude(pk__in=[product.pk for product in products])
            .distinct()
            .order_by("-date_created", "-pk")
        )
        # A few more than needed: some may be sold out.
        products += _buyable(newest[: 2 * limit], request)[: limit - len(products)]
    return products


def news_list(*, index: Page | None = None, category: str = "", tag: str = ""):
    """Published news articles (the French ones: their English versions are read through
    news_in_visitor_language), newest first, with their picture and categories (of one index, one
    category slug, one tag when given)."""
    from .news import NewsPage
    from .translation import default_language

    articles = (
        NewsPage.objects.live().filter(locale__language_code=default_language()).filter(~Exists(_restricted_above()))
    )
    if index is not None:
        articles = articles.descendant_of(index)
    if category:
        articles = articles.filter(categories__slug=category)
    if tag:
        articles = articles.filter(tags__slug=tag)
    images = get_image_model().objects.prefetch_renditions(NEWS_CARD_RENDITION)
    return (
        articles.order_by("-date", "-pk").prefetch_related(Prefetch("image", queryset=images), "categories").distinct()
    )


def _restricted_above():
    """The view restrictions on a page or any of its ancestors (Wagtail's `.public()` as a subquery of the
    same statement instead of a query of every restriction first)."""
    return PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))


def news_latest(*, limit: int) -> list:
    """The newest published articles (the home's "latest news"), in the visitor's language where written."""
    return news_in_visitor_language(list(news_list()[:limit]))


def news_in_visitor_language(articles: list) -> list:
    """These French articles, each replaced by its published English version for an English reader where
    one exists (one query; none for a French reader)."""
    from .news import NewsPage
    from .translation import reads_another_language, visitor_language

    if not articles or not reads_another_language():
        return articles
    images = get_image_model().objects.prefetch_renditions(NEWS_CARD_RENDITION)
    english = {
        article.translation_key: article
        for article in NewsPage.objects.live()
        .public()
        .filter(
            locale__language_code=visitor_language(),
            alias_of__isnull=True,
            translation_key__in=[article.translation_key for article in articles],
        )
        .prefetch_related(Prefetch("image", queryset=images), "categories")
    }
    for version in english.values():
        version.english_version = True
    return [english.get(article.translation_key, article) for article in articles]
