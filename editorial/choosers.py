"""The admin's choosers for marketplace objects an editor puts in a page: shops, products, categories.

Each is a modal with a name search and pages of results (a catalogue of a million products does not
fit in a drop-down); their StreamField blocks are in editorial.blocks.live.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from shops.models import Shop, ShopCategory
from shops.selectors.visibility import shop_public_q

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


class _NameSearchForm(BaseFilterForm):
    q = forms.CharField(label=_("Rechercher"), required=False)
    lookup = "name__icontains"

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(**{self.lookup: query})
        return objects


def _viewset(*, model, lookup: str, queryset, **attributes) -> ChooserViewSet:
    form = type("SearchForm", (_NameSearchForm,), {"lookup": lookup})
    views = {
        "choose_view_class": type("ChooseView", (chooser_views.ChooseView,), {"filter_form_class": form}),
        "choose_results_view_class": type(
            "ChooseResultsView", (chooser_views.ChooseResultsView,), {"filter_form_class": form}
        ),
    }
    # Wagtail's own admin forms keep their widgets: these choosers serve the blocks only.
    cls = type(
        f"{model.__name__}ChooserViewSet",
        (ChooserViewSet,),
        {"model": model, "register_widget": False, "per_page": 20, "get_object_list": lambda self: queryset(), **views},
    )
    return cls(name=f"editorial_{model._meta.model_name}_chooser", **attributes)


shop_chooser = _viewset(
    model=Shop,
    lookup="name__icontains",
    # Only what a shopper could see; a shop suspended later simply stops showing.
    queryset=lambda: Shop.objects.filter(shop_public_q()).order_by("name"),
    icon="home",
    choose_one_text=_("Choisir une boutique"),
    choose_another_text=_("Choisir une autre boutique"),
)
shop_category_chooser = _viewset(
    model=ShopCategory,
    lookup="name__icontains",
    queryset=lambda: ShopCategory.objects.all(),
    icon="tag",
    choose_one_text=_("Choisir une catégorie de boutique"),
    choose_another_text=_("Choisir une autre catégorie de boutique"),
)
product_chooser = _viewset(
    model=Product,
    lookup="title__icontains",
    queryset=lambda: Product.objects.filter(is_public=True).order_by("title", "pk"),
    icon="pick",
    choose_one_text=_("Choisir un produit"),
    choose_another_text=_("Choisir un autre produit"),
)
category_chooser = _viewset(
    model=Category,
    lookup="name__icontains",
    queryset=lambda: Category.objects.order_by("path"),
    icon="folder-open-inverse",
    choose_one_text=_("Choisir une catégorie de produits"),
    choose_another_text=_("Choisir une autre catégorie de produits"),
)

VIEWSETS = (shop_chooser, shop_category_chooser, product_chooser, category_chooser)
