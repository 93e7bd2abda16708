from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin


class SearchDocumentQuerySet(SearchableQuerySetMixin, models.QuerySet):
    """Adds Wagtail's .search() and .autocomplete() to the documents' querysets."""


class SearchDocument(index.Indexed, models.Model):
    """What the site search knows of one shop, product, page or shop category, in search terms.

    Oscar's Product and Wagtail's Page belong to other apps, and neither database folds French the
    way shoppers type it (see text.py): one table of our own carries the folded terms of all of them
    and is the only model of ours in Wagtail's search index. Every object gets a document whatever its
    state; whether it may be shown (approved shop, public product, live page) is decided at query time
    against the objects themselves, so a suspension hides a shop's products at once, with no re-index.
    """

    class Kind(models.TextChoices):
        SHOP = "shop", _("boutique")
        PRODUCT = "product", _("produit")
        PAGE = "page", _("page")
        CATEGORY = "category", _("catégorie de boutique")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    # The object described: exactly one of these four, the one its kind says.
    shop = models.OneToOneField(
        "shops.Shop", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("boutique")
    )
    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("produit"),
    )
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("page")
    )
    category = models.OneToOneField(
        "shops.ShopCategory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catégorie"),
    )
    # The shop that sells a product, shown beside it in the results.
    seller = models.ForeignKey(
        "shops.Shop", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("vendeur")
    )
    label = models.CharField(_("libellé"), max_length=255)
    summary = models.CharField(_("résumé"), max_length=300, blank=True)
    # Folded words and their keys (text.index_terms); "title" is the name Wagtail's index weights most.
    title = models.TextField(_("termes du titre"))
    body = models.TextField(_("termes du contenu"), blank=True)
    indexed_at = models.DateTimeField(_("indexé le"), auto_now=True)

    objects = SearchDocumentQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("shop"),
        index.FilterField("product"),
        index.FilterField("page"),
        index.FilterField("category"),
        index.FilterField("seller"),
    ]
    # Documents are written and indexed together by services.search_index_update/_rebuild, in bulk.
    search_auto_update = False
    # Not content: Wagtail's "usage" of a page must not list the search's own rows.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="shop", shop__isnull=False, product=None, page=None, category=None)
                    | Q(kind="product", product__isnull=False, shop=None, page=None, category=None)
                    | Q(kind="page", page__isnull=False, shop=None, product=None, category=None)
                    | Q(kind="category", category__isnull=False, shop=None, product=None, page=None)
                ),
                name="sitesearch_document_describes_one_object",
            ),
        ]
        indexes = [
            # Wagtail's index refers to a document by its id as text; on SQLite this index lets the
            # full-text match find its documents by key rather than by scanning (sqlite_backend.py).
            models.Index(Cast("id", output_field=models.CharField(max_length=50)), name="sitesearch_document_id_text"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.label}"


class SearchTerm(models.Model):
    """One word of the index's vocabulary, folded as text.index_terms writes it.

    A query word found nowhere is a typo or a word the site does not know: it is corrected to the
    closest word of this list ("baguete" → "baguette"), by trigram similarity on PostgreSQL (pg_trgm,
    migration 0003) or difflib on SQLite. Filled as documents are written, emptied by a rebuild.
    """

    term = models.CharField(_("mot"), max_length=40, primary_key=True)

    class Meta:
        verbose_name = _("mot de l'index")
        verbose_name_plural = _("vocabulaire de l'index")

    def __str__(self):
        return self.term
