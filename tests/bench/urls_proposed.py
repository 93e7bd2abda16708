"""The bench URLs with the changes proposed for files this benchmark does not own, to measure them.

    BENCH_ROOT_URLCONF=tests.bench.urls_proposed .venv/bin/python tests/bench/run.py

- the product page served by shops.product_views.ProductDetailView (one line in marketplace/urls.py);
- the catalogue and category listings with their product count cached for five minutes (counting a
  million products takes about 0.7 s) and the category filter written as EXISTS rather than a join
  with DISTINCT (which sorts every product of the category on each request).

Delete this module once marketplace/urls.py and marketplace/oscar_apps/search/views/catalogue.py carry
these changes.
"""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.urls import include, path, re_path
from django.utils.functional import cached_property
from oscar.core.loading import get_model

from marketplace.oscar_apps.search.views.catalogue import CatalogueView, ProductCategoryView
from shops.product_views import ProductDetailView

from .urls import hello

ProductCategory = get_model("catalogue", "ProductCategory")

# Shoppers see a count at most this old; new products appear in the list itself at once.
COUNT_SECONDS = 300


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the cache: the list changes slowly, counting it is the slow part."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cache.get_or_set(self.count_key, self.object_list.count, COUNT_SECONDS)


class CachedCountCatalogueView(CatalogueView):
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


class CachedCountCategoryView(ProductCategoryView):
    get_paginator = CachedCountCatalogueView.get_paginator

    def count_key(self) -> str:
        return f"catalogue-count:{self.category.pk}"

    def get_queryset(self):
        categories = self.category.get_descendants_and_self()
        in_category = ProductCategory.objects.filter(product=OuterRef("pk"), category__in=categories)
        return CatalogueView.get_queryset(self).filter(Exists(in_category))


urlpatterns = [
    path("bench/hello/", hello, name="bench-hello"),
    re_path(r"^catalogue/(?P<product_slug>[\w-]*)_(?P<pk>\d+)/$", ProductDetailView.as_view()),
    path("catalogue/", CachedCountCatalogueView.as_view()),
    re_path(
        r"^catalogue/category/(?P<category_slug>[\w-]+(/[\w-]+)*)_(?P<pk>\d+)/$", CachedCountCategoryView.as_view()
    ),
    path("", include("marketplace.urls")),
]
