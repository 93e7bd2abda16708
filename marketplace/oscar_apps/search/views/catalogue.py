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
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

from shops.selectors import product_list_public

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

# Counting a million products takes most of a second; shoppers see a total at most this old,
# while the products listed are always current.
COUNT_SECONDS = 300


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

    def get_queryset(self):
        return product_list_public().order_by("-date_created", "-pk")

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
        try:
            return super().get(request, *args, **kwargs)
        except _InvalidPage:
            messages.error(request, _("Cette page de résultats n'existe pas."))
            return redirect(self.page_one_url())

    def page_one_url(self):
        return "catalogue:index"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("Tous les produits")
        return context


class ProductCategoryView(CatalogueView):
    """The public products of one category and its subcategories."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=self.kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

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


class _InvalidPage(Exception):
    pass
