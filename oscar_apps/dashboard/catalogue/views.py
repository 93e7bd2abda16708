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
    """Oscar's product form; a saved product is re-indexed for the site search at once."""

    def forms_valid(self, form, formsets):
        from sitesearch.services import search_index_update

        response = super().forms_valid(form, formsets)
        search_index_update(products=[self.object])
        return response
