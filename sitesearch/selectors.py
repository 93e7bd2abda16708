"""Reads of the site search: what a query finds among the things shoppers may see, grouped by kind."""

import difflib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Left, Length
from oscar.core.loading import get_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from shops.models import Shop, ShopCategory
from shops.selectors.visibility import shop_public_q

from .models import SearchDocument, SearchTerm
from .text import CORRECTION_MIN_LENGTH, term_key

StockRecord = get_model("partner", "StockRecord")
ProductImage = get_model("catalogue", "ProductImage")

Kind = SearchDocument.Kind
# The kinds listed as groups on the results page, in this order; categories show as quick links.
GROUPS = (Kind.SHOP, Kind.PRODUCT, Kind.PAGE)
# How many of each group the overview shows before its "voir tout" link, and per page after it.
OVERVIEW_CAPS = {Kind.SHOP: 8, Kind.PRODUCT: 24, Kind.PAGE: 8, Kind.CATEGORY: 6}
PER_PAGE = {Kind.SHOP: 24, Kind.PRODUCT: 24, Kind.PAGE: 20}
# Suggestions: places to go first (a category, a shop), then things to buy, then reading.
SUGGESTION_CAPS = {Kind.CATEGORY: 2, Kind.SHOP: 3, Kind.PRODUCT: 5, Kind.PAGE: 2}
SUGGESTIONS_MAX = 8
# How close a known word must be to stand for a typed one: trigram similarity on PostgreSQL ("baguete" and
# "baguette" score 0.7), difflib's ratio on SQLite (0.93); lower, unrelated words start to match.
CORRECTION_MIN_SIMILARITY = 0.45
CORRECTION_MIN_RATIO = 0.8
# On SQLite, the words compared with difflib: same first letter, about the same length.
CORRECTION_LENGTH_SLACK = 2


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    count: int
    documents: list[SearchDocument]

    @property
    def has_more(self) -> bool:
        return self.count > len(self.documents)


@dataclass(frozen=True)
class SearchOutcome:
    terms: list[str]
    # True when no whole word matched and the results are words that begin with what was typed.
    prefix: bool = False
    # True when nothing matched what was typed and `terms` are the closest known words (a typo corrected).
    corrected: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    categories: list[SearchDocument] = field(default_factory=list)
    groups: list[SearchGroup] = field(default_factory=list)
    # The page of one group when a single kind was asked for (?type=products&page=2).
    page: PaginatorPage | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.get(kind, 0) for kind in GROUPS)


def search_documents_visible() -> QuerySet[SearchDocument]:
    """Documents of what shoppers may see now: approved shops, their public products, live public pages.

    Decided from the objects themselves at every query, never from the index: a shop suspended a
    second ago has no document found, nor have its products.
    """
    # Correlated to each document (one index lookup per matched document): an uncorrelated list of
    # every public product made PostgreSQL spend seconds per search over a million products.
    # Business-only channels are approved but never public (shops.selectors.visibility).
    approved_shops = Shop.objects.filter(shop_public_q())
    public_products = Subquery(
        StockRecord.objects.filter(
            shop_public_q("partner__shop__"),
            product_id=OuterRef("product_id"),
            product__is_public=True,
            product__parent__isnull=True,
        ).values("product_id")
    )
    return SearchDocument.objects.filter(
        Q(kind=Kind.SHOP, shop__in=approved_shops.values("pk"))
        | Q(kind=Kind.PRODUCT, product__in=public_products)
        | Q(kind=Kind.PAGE, page__in=_pages_public())
        # A category is worth suggesting only when it leads to at least one shop.
        | Q(kind=Kind.CATEGORY, category__in=approved_shops.values("category_id"))
    )


def _pages_public() -> QuerySet[Page]:
    """Live pages outside any private section: Wagtail's public(), as a subquery instead of a query."""
    # A page is private when a view restriction sits on it or on one of its ancestors, i.e. on a page
    # whose path starts this page's path (treebeard's materialised paths).
    restricted = PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    # One result per page: the French page (its address serves an English reader its English version).
    french = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return (
        Page.objects.live().filter(depth__gt=1, locale__language_code=french).exclude(Exists(restricted)).values("pk")
    )


def search_results(*, terms: list[str], kind: str | None = None, page_number=None) -> SearchOutcome:
    """What the terms (text.query_terms) find: counts per kind, the first of each group, or one page of one kind.

    Whole words first; when none matches, words that begin with the terms ("boulan" → boulangerie).
    A bounded number of queries whatever the size of the catalogue.
    """
    if not terms:
        return SearchOutcome(terms=terms)
    visible = search_documents_visible()
    prefix = corrected = False
    counts = _counts(visible, terms, prefix=False)
    if not any(counts.values()):
        prefix = True
        counts = _counts(visible, terms, prefix=True)
    if not any(counts.values()):
        # Neither whole words nor beginnings: perhaps a typo. Only what the correction finds is shown.
        closest = search_terms_corrected(terms=terms)
        if closest != terms:
            closest_counts = _counts(visible, closest, prefix=False)
            if any(closest_counts.values()):
                terms, counts, prefix, corrected = closest, closest_counts, False, True

    def matches(*kinds: str):
        return _match(_with_related(visible.filter(kind__in=kinds), *kinds), terms, prefix=prefix)

    if kind in GROUPS:
        page = Paginator(matches(kind), PER_PAGE[kind]).get_page(page_number)
        return SearchOutcome(terms=terms, prefix=prefix, corrected=corrected, counts=counts, page=page)
    found = {group: [] for group in (Kind.CATEGORY, *GROUPS)}
    # Categories are few (one per trade) and come with the shops, in one query: asking for all the
    # matching categories plus the shops shown still returns every shop shown, whatever the ranking.
    places = counts.get(Kind.CATEGORY, 0) + min(counts.get(Kind.SHOP, 0), OVERVIEW_CAPS[Kind.SHOP])
    for document in matches(Kind.CATEGORY, Kind.SHOP)[:places] if places else []:
        found[document.kind].append(document)
    for group in (Kind.PRODUCT, Kind.PAGE):
        if counts.get(group):
            found[group] = list(matches(group)[: OVERVIEW_CAPS[group]])
    categories = found[Kind.CATEGORY][: OVERVIEW_CAPS[Kind.CATEGORY]]
    groups = [
        SearchGroup(kind=group, count=counts.get(group, 0), documents=found[group][: OVERVIEW_CAPS[group]])
        for group in GROUPS
    ]
    return SearchOutcome(
        terms=terms, prefix=prefix, corrected=corrected, counts=counts, categories=categories, groups=groups
    )


def search_terms_corrected(*, terms: list[str]) -> list[str]:
    """The terms, each word the index does not know replaced by the closest one it knows ("baguete" →
    "baguette"), or kept when none is close enough. One query, plus one per unknown word."""
    known = set(SearchTerm.objects.filter(term__in=terms).values_list("term", flat=True))
    corrected = []
    for term in terms:
        closest = None
        if term not in known and len(term) >= CORRECTION_MIN_LENGTH and not term.isdigit():
            closest = _closest_term(term)
        # The index's word is a full form ("baguettes"): queries look for keys, as text.query_terms gives.
        key = term_key(closest) if closest else term
        if key not in corrected:
            corrected.append(key)
    return corrected


def _closest_term(term: str) -> str | None:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        # `%` finds the candidates through the trigram index (migration 0003); the threshold then keeps
        # the close ones only.
        return (
            SearchTerm.objects.filter(TrigramSimilar(F("term"), Value(term)))
            .annotate(similarity=TrigramSimilarity("term", Value(term)))
            .filter(similarity__gte=CORRECTION_MIN_SIMILARITY)
            .order_by("-similarity", "term")
            .values_list("term", flat=True)
            .first()
        )
    # SQLite has no trigrams: difflib over the words that could be the one meant.
    candidates = (
        SearchTerm.objects.filter(term__startswith=term[0])
        .annotate(length=Length("term"))
        .filter(length__range=(len(term) - CORRECTION_LENGTH_SLACK, len(term) + CORRECTION_LENGTH_SLACK))
        .values_list("term", flat=True)
    )
    matches = difflib.get_close_matches(term, list(candidates), n=1, cutoff=CORRECTION_MIN_RATIO)
    return matches[0] if matches else None


def search_suggestions(*, terms: list[str]) -> list[SearchDocument]:
    """At most SUGGESTIONS_MAX documents whose words begin with the terms, categories and shops first."""
    if not terms:
        return []
    documents = (
        search_documents_visible()
        .select_related("shop__category", "product__product_class", "seller", "page", "category")
        .prefetch_related(_stock_records())
    )
    found = list(_match(documents, terms, prefix=True)[: SUGGESTIONS_MAX * 3])
    chosen = []
    for kind, cap in SUGGESTION_CAPS.items():
        chosen += [document for document in found if document.kind == kind][:cap]
    # Room left by a kind with few matches goes to the best of the others, in relevance order.
    chosen += [document for document in found if document not in chosen][: SUGGESTIONS_MAX - len(chosen)]
    order = list(SUGGESTION_CAPS)
    return sorted(chosen[:SUGGESTIONS_MAX], key=lambda document: order.index(document.kind))


def search_browse_categories() -> QuerySet[ShopCategory]:
    """Shop categories that have at least one approved shop, in the directory's order."""
    return ShopCategory.objects.filter(shop_public_q("shops__")).distinct()


def _match(documents: QuerySet[SearchDocument], terms: list[str], *, prefix: bool):
    # Every term must match; with prefix, the last one as the beginning of a word.
    text = " ".join(terms)
    if prefix:
        return documents.autocomplete(text, operator="and", backend=_backend())
    return documents.search(text, operator="and", backend=_backend())


def _backend() -> str:
    """The configured search backend, or on SQLite with FTS5 the same one ranking in a single pass."""
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(get_search_backend(), SQLiteSearchBackend):
            return "sitesearch.sqlite_backend"
    return "default"


def _counts(visible: QuerySet[SearchDocument], terms: list[str], *, prefix: bool) -> dict[str, int]:
    return dict(_match(visible, terms, prefix=prefix).facet("kind"))


def _stock_records() -> Prefetch:
    # Oscar's strategy (FrenchRetail) reads each record's shop to refuse a suspended one, and its stock mode.
    return Prefetch("product__stockrecords", queryset=StockRecord.objects.select_related("partner__shop", "stock_mode"))


def _with_related(documents: QuerySet[SearchDocument], *kinds: str) -> QuerySet[SearchDocument]:
    """What a result of these kinds shows, fetched with it: one query, plus one for products' stock."""
    if Kind.PRODUCT in kinds:
        # Oscar's strategy reads the prefetched stock record (price TTC, stock); a parent product
        # has none, its cheapest variant gives a "from" price. The first picture's file comes as a
        # column rather than a prefetch of every picture.
        cheapest_variant = (
            StockRecord.objects.filter(product__parent_id=OuterRef("product_id"), price__isnull=False)
            .order_by("price")
            .values("price")[:1]
        )
        first_image = (
            ProductImage.objects.filter(product_id=OuterRef("product_id"))
            .order_by("display_order", "pk")
            .values("original")[:1]
        )
        documents = (
            documents.select_related("seller", "product__product_class")
            .prefetch_related(_stock_records())
            .annotate(variant_price_min=Subquery(cheapest_variant), image_file=Subquery(first_image))
        )
    if Kind.SHOP in kinds:
        documents = documents.select_related("shop__category")
    if Kind.PAGE in kinds:
        documents = documents.select_related("page")
    if Kind.CATEGORY in kinds:
        documents = documents.select_related("category")
    return documents
