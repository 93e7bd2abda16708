"""Catalogue listings served from the database.

Oscar 4.2 builds these pages through Haystack: its "simple" engine lists nothing and
Whoosh manages about 2 requests/s at 2,000 products. A plain queryset does better.
"""

from urllib.parse import unquote

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.context_processors import metadata
from oscar.core.loading import get_model

from kernel.cached_html import PageAnswered, cached_html, shared_template_page
from shops.selectors.products import product_list_public, product_list_version

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

# Counting a million products takes most of a second; shoppers see a total at most this old,
# while the products listed are always current.
COUNT_SECONDS = 300
# The key holds the version of the page's products, so a change shows at once; the timeout only bounds
# what the version does not see (an image added, a category renamed).
PRODUCT_CARDS_SECONDS = 60 * 60


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the cache."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cache.get_or_set(self.count_key, self.object_list.count, COUNT_SECONDS)


class CatalogueView(ListView):
    """Every public product of every approved shop."""

    context_object_name = "products"
    template_name = "oscar/catalogue/browse.html"
    paginate_by = 24
    shared_name = "catalogue"

    def get_queryset(self):
        # The page's ids only: its cards come from the cache, keyed by those products' version.
        return (
            product_list_public().prefetch_related(None).order_by("-date_created", "-pk").values_list("pk", flat=True)
        )

    def count_key(self) -> str:
        return "catalogue-count"

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        return CachedCountPaginator(
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
            count_key=self.count_key(),
            **kwargs,
        )

    def paginate_queryset(self, queryset, page_size):
        try:
            return super().paginate_queryset(queryset, page_size)
        except (Http404, InvalidPage) as error:
            raise _InvalidPage from error

    def get(self, request, *args, **kwargs):
        # The same for every visitor: built once a minute per address and language, under the public pages'
        # version, as the whole-page cache keeps the page for visitors who are not signed in.
        try:
            parts = shared_template_page(
                request,
                name=self.shared_name,
                vary=[request.get_full_path()],
                template=self.template_name,
                context=self._shared_context,
            )
        except _InvalidPage:
            messages.error(request, _("Cette page de résultats n'existe pas."))
            return redirect(self.page_one_url())
        except PageAnswered as answered:
            return answered.response
        return render(request, self.template_name, {**parts["values"], "shared_parts": parts})

    def _shared_context(self) -> dict:
        """The listing's context for its parts (a miss of shared_template_page); may raise _InvalidPage."""
        self.object_list = self.get_queryset()
        context = self.get_context_data()
        return {**metadata(self.request), **context, "shared_values": {"summary": str(context["summary"])}}

    def page_one_url(self):
        return "catalogue:index"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["products"] = product_ids = list(context["products"])
        context["product_cards"] = _product_cards(self.request, product_ids=product_ids)
        context["summary"] = _("Tous les produits")
        return context


class ProductCategoryView(CatalogueView):
    """The public products of one category and its subcategories."""

    template_name = "oscar/catalogue/category.html"
    shared_name = "category"

    def _shared_context(self) -> dict:
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        if not (self.category.is_public or self.request.user.is_staff):
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(self.request.path):
            raise PageAnswered(HttpResponsePermanentRedirect(expected))
        context = super()._shared_context()
        # What the page reads beside its parts: the header's name and the staff's edit link.
        context["shared_values"]["category"] = {
            "id": self.category.pk,
            "pk": self.category.pk,
            "name": self.category.name,
        }
        # A category hidden from the public, which staff look at, is not kept for everybody.
        context["private"] = not self.category.is_public
        return context

    def page_one_url(self):
        return self.category.get_absolute_url()

    def count_key(self) -> str:
        return f"catalogue-count:{self.category.pk}"

    def get_queryset(self):
        categories = self.category.get_descendants_and_self()
        # EXISTS, not a join with DISTINCT, which sorts every product of the category per request.
        in_category = ProductCategory.objects.filter(product=OuterRef("pk"), category__in=categories)
        return super().get_queryset().filter(Exists(in_category))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context


def _product_cards(request, *, product_ids: list[int]) -> str:
    """The cards of these products, in order: rendered once per version of those products and language,
    with the CSRF placeholder (the listing's part puts the visitor's token in)."""
    # The version is read before the products: a change landing in between is cached under the older
    # version, which the next request no longer asks for, so it costs a render, never stale cards.
    key = f"catalogue:product-cards:{get_language()}:{product_list_version(product_ids=product_ids)}"

    def products() -> dict:
        by_id = product_list_public().in_bulk(product_ids)
        return {"products": [by_id[pk] for pk in product_ids if pk in by_id]}

    return cached_html(
        request,
        key=key,
        template="includes/catalogue_product_cards.html",
        context=products,
        timeout=PRODUCT_CARDS_SECONDS,
    )


class _InvalidPage(Exception):
    pass
