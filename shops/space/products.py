"""The shop's products in "Ma boutique": the list (search, inline edit, bulk actions), the quick add from a
photo, several photos at once as drafts, and the one-screen product form.

Products are reached only through the signed-in user's shop (ShopSpaceMixin) and the services' lookups
within it: another shop's product id answers 404 and nothing changes.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from shops.access import ShopSpaceMixin
from shops.catalogue_values import default_tva_rate
from shops.models import StockMode, stockrecord_mode
from shops.product_categories import shop_catalogue_category
from shops.selectors.products import (
    SHOPKEEPER_FILTERS,
    product_counts_for_shopkeeper,
    product_row_for_shopkeeper,
    product_rows_for_shopkeeper,
)
from shops.services import products as services
from shops.space.forms import form_add_errors
from shops.space.product_forms import BulkForm, DraftPhotosForm, InlineForm, ProductForm, QuickAddForm

PER_PAGE = 50


class ProductSpaceMixin(ShopSpaceMixin):
    active_tab = "products"

    def read_only_redirect_url(self) -> str:
        return reverse("my-shop:products")

    def back_url(self) -> str:
        """Where a list action returns: the list as it was (search, filter, page), never another site."""
        target = self.request.POST.get("next") or ""
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return reverse("my-shop:products")


class ProductListView(ProductSpaceMixin, TemplateView):
    template_name = "shops/dashboard/space/products/list.html"
    title = _("Produits")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "")[:100]
        show = self.request.GET.get("show", "all")
        show = show if show in SHOPKEEPER_FILTERS else "all"
        rows = product_rows_for_shopkeeper(shop=self.shop, query=query, show=show)
        page = Paginator(rows, PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            query=query,
            show=show,
            page=page,
            rows=page.object_list,
            counts=product_counts_for_shopkeeper(shop=self.shop),
            bulk_form=kwargs.get("bulk_form") or BulkForm(),
            filters=[
                ("all", _("Tous")),
                ("soldout", _("Épuisés")),
                ("drafts", _("À compléter")),
                ("hidden", _("Hors vente")),
            ],
            counted=StockMode.Mode.COUNTED,
            here=self.request.get_full_path(),
        )
        return context


class ProductInlineView(ProductSpaceMixin, TemplateView):
    """A row of the list saved: price, stock, en vente."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = InlineForm(request.POST)
        title = ""
        try:
            if not form.is_valid():
                raise ValidationError(form.errors)
            product = services.product_inline_update(shop=self.shop, product_id=kwargs["pk"], **form.cleaned_data)
        except services.ProductNotFound as error:
            raise Http404 from error
        except ValidationError as error:
            row = product_row_for_shopkeeper(shop=self.shop, product_id=kwargs["pk"])
            if row is None:
                raise Http404 from error
            title = row.product.title
            for message in _messages_of(error):
                messages.error(
                    request,
                    _("« %(title)s » : %(message)s. Rien n'a été modifié.")
                    % {"title": title, "message": message.rstrip(".")},
                )
        else:
            messages.success(request, _("« %(title)s » enregistré.") % {"title": product.title})
        return redirect(self.back_url())


class ProductBulkView(ProductSpaceMixin, TemplateView):
    """The bulk actions on the ticked products; deleting asks once more."""

    template_name = "shops/dashboard/space/products/bulk_delete.html"
    title = _("Supprimer des produits")

    def get(self, request, *args, **kwargs):
        return redirect("my-shop:products")

    def post(self, request, *args, **kwargs):
        form = BulkForm(request.POST)
        if not form.is_valid():
            for message in _messages_of(ValidationError(form.errors)):
                messages.error(request, message)
            return redirect(self.back_url())
        data = form.cleaned_data
        if data["action"] == "delete" and request.POST.get("confirm") != "yes":
            return self._confirm_delete(ids=data["products"])
        try:
            count = services.products_bulk_apply(
                shop=self.shop, product_ids=data["products"], action=data["action"], category=data["category"]
            )
        except services.ProductNotFound as error:
            raise Http404 from error
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext("%(n)d produit modifié.", "%(n)d produits modifiés.", count) % {"n": count}
                if data["action"] != "delete"
                else ngettext("%(n)d produit supprimé.", "%(n)d produits supprimés.", count) % {"n": count},
            )
        return redirect(self.back_url())

    def _confirm_delete(self, *, ids):
        rows = list(product_rows_for_shopkeeper(shop=self.shop).filter(product_id__in=ids))
        if len(rows) != len(ids):
            raise Http404
        return self.render_to_response(self.get_context_data(rows=rows, next=self.back_url()))


class QuickAddView(ProductSpaceMixin, TemplateView):
    """A photo, a name, a price: on sale at once. Or several photos: as many drafts to complete."""

    template_name = "shops/dashboard/space/products/quick_add.html"
    title = _("Ajouter depuis une photo")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", QuickAddForm(initial={"tva_rate": str(default_tva_rate(shop=self.shop))}))
        context.setdefault("drafts_form", DraftPhotosForm())
        return context

    def post(self, request, *args, **kwargs):
        if "photos" in request.FILES or request.POST.get("kind") == "drafts":
            return self._drafts()
        form = QuickAddForm(request.POST, request.FILES)
        if form.is_valid():
            photos = [photo for _name, photo in form.cleaned_data["photo"]]
            try:
                product = services.product_create(
                    shop=self.shop,
                    data=form.product_data(category=shop_catalogue_category(shop=self.shop)),
                    photos=photos,
                )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("« %(title)s » est en vente sur votre vitrine.") % {"title": product.title})
                return redirect("my-shop:product-quick-add")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _drafts(self):
        form = DraftPhotosForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                drafts = services.product_drafts_create(
                    shop=self.shop,
                    photos=form.cleaned_data["photos"],
                    tva_rate=default_tva_rate(shop=self.shop),
                    category=shop_catalogue_category(shop=self.shop),
                )
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(
                    self.request,
                    ngettext(
                        "%(n)d brouillon créé : indiquez son prix pour le mettre en vente.",
                        "%(n)d brouillons créés : indiquez leur prix pour les mettre en vente.",
                        len(drafts),
                    )
                    % {"n": len(drafts)},
                )
                return redirect(reverse("my-shop:products") + "?show=drafts")
        return self.render_to_response(self.get_context_data(drafts_form=form), status=400)


class ProductFormView(ProductSpaceMixin, TemplateView):
    """The one screen of a product: create (no pk) or edit (pk of one of the shop's products)."""

    template_name = "shops/dashboard/space/products/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.row = None
        return super().dispatch(request, *args, **kwargs)

    def _load(self):
        if "pk" in self.kwargs:
            self.row = product_row_for_shopkeeper(shop=self.shop, product_id=self.kwargs["pk"])
            if self.row is None:
                raise Http404
        self.title = _("Modifier un produit") if self.row else _("Nouveau produit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(row=self.row, product=self.row.product if self.row else None)
        return context

    def get(self, request, *args, **kwargs):
        self._load()
        return self.render_to_response(self.get_context_data(form=ProductForm(initial=self._initial())))

    def post(self, request, *args, **kwargs):
        self._load()
        form = ProductForm(request.POST, request.FILES)
        if form.is_valid():
            photos = [photo for _name, photo in form.cleaned_data["photos"]]
            try:
                if self.row is None:
                    product = services.product_create(shop=self.shop, data=form.product_data(), photos=photos)
                else:
                    product = services.product_update(
                        shop=self.shop,
                        product_id=self.row.product_id,
                        data=form.product_data(),
                        photos=photos,
                        photos_removed=request.POST.getlist("remove_photo"),
                    )
            except services.ProductNotFound as error:
                raise Http404 from error
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("« %(title)s » enregistré.") % {"title": product.title})
                return redirect("my-shop:products")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _initial(self) -> dict:
        if self.row is None:
            return {
                "tva_rate": str(default_tva_rate(shop=self.shop)),
                "category": getattr(shop_catalogue_category(shop=self.shop), "pk", None),
                "stock_mode": StockMode.Mode.COUNTED,
                "is_public": True,
            }
        row, product = self.row, self.row.product
        category = next(iter(product.categories.all()), None)
        mode = stockrecord_mode(row)
        return {
            "title": product.title,
            "price": _price_text(row.price),
            "tva_rate": str(row.tva_rate),
            "stock_mode": mode,
            "num_in_stock": row.num_in_stock,
            "category": category.pk if category else None,
            "description": product.description,
            "is_public": product.is_public,
        }


def _price_text(price) -> str:
    return "" if price is None else f"{price:.2f}".replace(".", ",")


def _messages_of(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages_ in error.message_dict.values() for message in messages_]
    return list(error.messages)
