from django.http import JsonResponse
from oscar.apps.dashboard.catalogue import views
from oscar.core.loading import get_class

partner_product_visibility_q = get_class("dashboard.catalogue.utils", "partner_product_visibility_q")

LOOKUP_PAGE_LIMIT_MAX = 100


class ProductLookupView(views.ProductLookupView):
    """The product picker's search: a shopkeeper finds only their own shop's products.

    Oscar's answers every public product of every shop (id and title) to any partner user, and
    lets a product of another shop be picked as a recommendation.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_staff:
            return queryset
        return queryset.filter(partner_product_visibility_q(user)).distinct()

    def get(self, request):
        # Oscar turns a non-numeric page or id into a 500; a bad query is the client's error.
        try:
            initial, _query, page, page_limit = self.get_args()
            ids = [int(value) for value in initial.split(",")] if initial else []
        except ValueError:
            return JsonResponse({"error": "bad request"}, status=400)
        if page < 1 or not 1 <= page_limit <= LOOKUP_PAGE_LIMIT_MAX or any(value < 1 for value in ids):
            return JsonResponse({"error": "bad request"}, status=400)
        return super().get(request)


class ProductCreateUpdateView(views.ProductCreateUpdateView):
    """Oscar's product form; a saved product is re-indexed for the site search at once.

    A shopkeeper who files a product under a category foreign to their shop (an épicerie's rice under
    "Boulangerie", whose heading it then gets on the storefront) is asked to confirm before it is saved.
    """

    category_question: list = ()

    def clean(self, form, formsets):
        valid = super().clean(form, formsets)
        self.category_question = self._categories_to_confirm(formsets["category_formset"])
        return valid and not self.category_question

    def _categories_to_confirm(self, category_formset) -> list:
        user = self.request.user
        if user.is_staff or self.request.POST.get("category_confirm") == "yes" or not category_formset.is_valid():
            return []
        from shops.access import shop_of_user
        from shops.product_categories import categories_foreign_to_shop

        shop = shop_of_user(user)
        if shop is None:
            return []
        chosen = [
            data["category"]
            for data in category_formset.cleaned_data
            if data.get("category") is not None and not data.get("DELETE")
        ]
        # Only a category newly chosen: a product already filed there was confirmed before.
        filed = set(self.object.categories.values_list("pk", flat=True)) if self.object and self.object.pk else set()
        return categories_foreign_to_shop(shop=shop, categories=[c for c in chosen if c.pk not in filed])

    def forms_invalid(self, form, formsets):
        if not self.category_question or not (
            form.is_valid() and all(formset.is_valid() for formset in formsets.values())
        ):
            return super().forms_invalid(form, formsets)
        # Nothing is wrong: the question waits for an answer, without Oscar's "data not valid" message.
        if self.creating and self.object and self.object.pk is not None:
            self.object.delete()
            self.object = None
        return self.render_to_response(self.get_context_data(form=form, **formsets))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category_question"] = self.category_question
        user = self.request.user
        if not user.is_staff:
            from shops.access import shop_of_user
            from shops.product_categories import shop_catalogue_category

            shop = shop_of_user(user)
            own = shop_catalogue_category(shop=shop) if shop is not None else None
            context["shop_category"] = own
            if own is not None:
                # For the page's script, which asks as soon as another category is picked.
                context["own_category_ids"] = list(
                    type(own).objects.filter(path__startswith=own.path).values_list("pk", flat=True)
                )
        return context

    def forms_valid(self, form, formsets):
        from sitesearch.services import search_index_update

        response = super().forms_valid(form, formsets)
        search_index_update(products=[self.object])
        return response
