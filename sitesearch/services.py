"""Writes of the site search: documents built from shops, products, pages and categories, then indexed.

Documents describe objects whatever their state (see SearchDocument); these services only need to run
when a text a shopper could search for changes: a shop's profile, a product, a published page.
"""

from collections.abc import Iterable, Iterator
from html import unescape

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from django.utils.text import Truncator
from oscar.core.loading import get_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from kernel.page_cache import public_pages_changed
from shops.models import Shop, ShopCategory

from .models import SearchDocument, SearchTerm
from .text import CORRECTION_MIN_LENGTH, index_terms
from .vocabulary import trade_words

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

Kind = SearchDocument.Kind
# Bounds the memory a rebuild needs and the size of each INSERT into the index.
CHUNK_SIZE = 500
SUMMARY_LENGTH = 300


@transaction.atomic
def search_index_rebuild() -> dict[str, int]:
    """Rebuild every document from the objects and re-index them all; running it twice changes nothing.

    Documents of objects that no longer exist (or are no longer listable, like a product turned into
    a variant) are deleted, and so are their index entries.
    """
    started_at = timezone.now()
    counts = dict.fromkeys(Kind.values, 0)
    sources = [
        (Kind.SHOP, _shop_documents(Shop.objects.all())),
        (Kind.CATEGORY, _category_documents(ShopCategory.objects.all())),
        (Kind.PRODUCT, _product_documents(Product.objects.filter(parent=None))),
        (Kind.PAGE, _page_documents(Page.objects.filter(depth__gt=1))),
    ]
    # Entries are re-added from scratch: cheaper than one UPDATE per entry on SQLite, and it clears
    # entries of documents deleted through a cascade (a deleted product takes its document with it).
    IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(SearchDocument)).delete()
    # The vocabulary too: words of objects gone are no longer offered as corrections.
    SearchTerm.objects.all().delete()
    for kind, documents in sources:
        for chunk in _chunks(documents):
            saved = _documents_save(chunk)
            _documents_index(saved)
            _terms_record(saved)
            counts[kind] += len(saved)
    # Every document written above was stamped after started_at: the others describe nothing now.
    SearchDocument.objects.filter(indexed_at__lt=started_at).delete()
    # The results kept under the public pages' version (templates/sitesearch/results.html) are stale.
    public_pages_changed()
    return counts


@transaction.atomic
def search_index_update(
    *,
    shops: Iterable[Shop] = (),
    products: Iterable[Product] = (),
    pages: Iterable[Page] = (),
    categories: Iterable[ShopCategory] = (),
) -> int:
    """Rewrite and re-index the documents of these objects (a variant stands for its parent product).

    Returns the number of documents written. Objects are read again from the database, so what is
    indexed is what was saved, not what the caller holds in memory.
    """
    product_ids = {product.parent_id or product.pk for product in products}
    documents = [
        *_shop_documents(Shop.objects.filter(pk__in=[shop.pk for shop in shops])),
        *_category_documents(ShopCategory.objects.filter(pk__in=[category.pk for category in categories])),
        *_product_documents(Product.objects.filter(pk__in=product_ids, parent=None)),
        *_page_documents(Page.objects.filter(pk__in=[page.pk for page in pages], depth__gt=1)),
    ]
    written = 0
    for chunk in _chunks(documents):
        saved = _documents_save(chunk)
        _documents_index(saved)
        _terms_record(saved)
        written += len(saved)
    return written


# --- Building documents ---------------------------------------------------------------------------


def _shop_documents(shops) -> Iterator[SearchDocument]:
    for shop in shops.select_related("category").order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        yield SearchDocument(
            kind=Kind.SHOP,
            shop=shop,
            label=shop.name,
            summary=_summary(shop.description),
            # The category counts as much as the name: "boulangerie" (and "pain") must find every bakery.
            title=index_terms(shop.name, trade_words(shop.category.name)),
            body=index_terms(shop.description, shop.address, shop.postcode, shop.town),
        )


def _category_documents(categories) -> Iterator[SearchDocument]:
    for category in categories.order_by("pk"):
        yield SearchDocument(
            kind=Kind.CATEGORY, category=category, label=category.name, title=index_terms(trade_words(category.name))
        )


def _product_documents(products) -> Iterator[SearchDocument]:
    shop_by_partner = {}
    kind_by_partner = {}
    for partner_id, shop_id, kind in Shop.objects.values_list("partner_id", "pk", "category__name"):
        shop_by_partner[partner_id] = shop_id
        kind_by_partner[partner_id] = kind
    # A parent product has no stock record of its own: its variants say which shop sells it.
    stock = Prefetch("stockrecords", queryset=StockRecord.objects.only("pk", "product_id", "partner_id"))
    variants_stock = Prefetch(
        "children__stockrecords", queryset=StockRecord.objects.only("pk", "product_id", "partner_id")
    )
    products = products.order_by("pk").prefetch_related("categories", stock, "children", variants_stock)
    # iterator() honours prefetch_related only with a chunk size.
    for product in products.iterator(chunk_size=CHUNK_SIZE):
        records = [*product.stockrecords.all()] + [
            r for child in product.children.all() for r in child.stockrecords.all()
        ]
        partner_id = next((r.partner_id for r in records if r.partner_id in shop_by_partner), None)
        shop_id = shop_by_partner.get(partner_id)
        # What the product is, by its categories and by the kind of shop selling it: a cheese shop's
        # Comté is found by "fromage" though its title does not say so.
        kinds = [category.name for category in product.categories.all()]
        if partner_id is not None:
            kinds.append(kind_by_partner[partner_id])
        yield SearchDocument(
            kind=Kind.PRODUCT,
            product=product,
            seller_id=shop_id,
            label=product.title or product.upc or "",
            summary=_summary(product.description),
            title=index_terms(product.title),
            body=index_terms(product.description, *(trade_words(kind) for kind in dict.fromkeys(kinds))),
        )


def _page_documents(pages) -> Iterator[SearchDocument]:
    # The site's own pages only: an English version is read through its French page (the search lists each
    # page once, in French), and its English words would offer "from" as the correction of "fromges".
    french = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    pages = pages.filter(locale__language_code=french)
    for page in pages.order_by("path").specific().iterator(chunk_size=CHUNK_SIZE):
        # The page type's own search_fields say what editors' text is searchable (intro, body…).
        texts = [page.search_description]
        for field in type(page).get_search_fields():
            if isinstance(field, index.SearchField) and field.field_name != "title":
                texts.append(_plain(field.get_value(page)))
        intro = getattr(page, "intro", "")
        yield SearchDocument(
            kind=Kind.PAGE,
            page=page,
            label=page.title,
            summary=_summary(page.search_description or (intro if isinstance(intro, str) else "")),
            title=index_terms(page.title),
            body=index_terms(*texts),
        )


def _plain(value) -> str:
    """Searchable content as one string: StreamFields give lists of strings, rich text gives HTML."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_plain(item) for item in value.values())
    return unescape(strip_tags(force_str(value)))


def _summary(html: str) -> str:
    text = " ".join(_plain(html).split())
    return Truncator(text).chars(SUMMARY_LENGTH)


# --- Writing and indexing -------------------------------------------------------------------------


# The one-to-one field of each kind: a document is matched to its object on it.
_TARGET = {Kind.SHOP: "shop", Kind.PRODUCT: "product", Kind.PAGE: "page", Kind.CATEGORY: "category"}
_UPDATED_FIELDS = ["seller", "label", "summary", "title", "body", "indexed_at"]


def _documents_save(documents: list[SearchDocument]) -> list[SearchDocument]:
    """Insert or update documents, one per object; returns them saved, with their keys.

    An upsert on the object's unique column, so two writers indexing the same product at once
    both succeed instead of one failing on the unique constraint.
    """
    saved = []
    for kind in sorted({document.kind for document in documents}):
        saved += SearchDocument.objects.bulk_create(
            [document for document in documents if document.kind == kind],
            update_conflicts=True,
            unique_fields=[_TARGET[kind]],
            update_fields=_UPDATED_FIELDS,
        )
    # Bulk writes send no signal: the search page shows these documents.
    public_pages_changed()
    return saved


def _documents_index(documents: list[SearchDocument]) -> None:
    if documents:
        get_search_backend().add_bulk(SearchDocument, documents)


def _terms_record(documents: list[SearchDocument]) -> None:
    """Add the documents' words to the index's vocabulary (selectors.search_terms_corrected reads it)."""
    terms = {term for document in documents for term in f"{document.title} {document.body}".split()}
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=term) for term in sorted(terms) if _worth_correcting_to(term)],
        ignore_conflicts=True,
        batch_size=CHUNK_SIZE,
    )


def _worth_correcting_to(term: str) -> bool:
    # Numbers and short words are never corrections: "de" is not a typo of "da".
    return len(term) >= CORRECTION_MIN_LENGTH and not term.isdigit()


def _chunks(items: Iterable[SearchDocument]) -> Iterator[list[SearchDocument]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK_SIZE:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
