from django.db import models
from django.db.models import Q
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
    # One of these is the object described; a product also keeps the shop that sells it.
    shop = models.ForeignKey(
        "shops.Shop", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("boutique")
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("produit"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("page")
    )
    category = models.ForeignKey(
        "shops.ShopCategory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("catégorie"),
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
                    Q(kind="shop", shop__isnull=False)
                    | Q(kind="product", product__isnull=False)
                    | Q(kind="page", page__isnull=False)
                    | Q(kind="category", category__isnull=False)
                ),
                name="sitesearch_document_has_its_object",
            ),
            models.UniqueConstraint(fields=["shop"], condition=Q(kind="shop"), name="sitesearch_one_per_shop"),
            models.UniqueConstraint(fields=["product"], condition=Q(kind="product"), name="sitesearch_one_per_product"),
            models.UniqueConstraint(fields=["page"], condition=Q(kind="page"), name="sitesearch_one_per_page"),
            models.UniqueConstraint(
                fields=["category"], condition=Q(kind="category"), name="sitesearch_one_per_category"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.label}"
