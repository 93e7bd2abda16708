from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from oscar.templatetags.currency_filters import currency

from .forms import SearchForm
from .models import SearchDocument
from .selectors import search_browse_categories, search_results, search_suggestions

Kind = SearchDocument.Kind
# ?type= values of the per-group pages.
TYPE_PARAMS = {"shops": Kind.SHOP, "products": Kind.PRODUCT, "pages": Kind.PAGE}


@require_safe
def results(request):
    form = SearchForm(request.GET)
    terms = form.terms()
    query = form.cleaned_data["q"] if form.is_valid() else ""
    kind = TYPE_PARAMS.get(request.GET.get("type", ""))
    context = {
        "form": form,
        "query": query,
        "kind": kind,
        # Searched only when the results are rendered, not when they come from the cache (the template
        # keeps them under the public pages' version, which every write they show renews).
        "outcome": SimpleLazyObject(
            lambda: search_results(terms=terms, kind=kind, page_number=request.GET.get("page"))
        ),
        # The results' links keep the other parameters of the address ({% querystring %}).
        "results_key": request.GET.urlencode(),
        # Offered when there is nothing else to show (blank box, no result); read only then.
        "browse_categories": search_browse_categories(),
    }
    return render(request, "sitesearch/results.html", context)


@require_safe
def suggest(request):
    """Suggestions for the search box as the shopper types: JSON, at most eight, never an error."""
    form = SearchForm(request.GET)
    terms = form.terms()
    data = {"suggestions": [_suggestion(request, document) for document in search_suggestions(terms=terms)]}
    if terms:
        query = form.cleaned_data["q"]
        data["all"] = {
            "label": _("Tous les résultats pour « %(query)s »") % {"query": query},
            "url": f"{reverse('sitesearch:results')}?{urlencode({'q': query})}",
        }
    response = JsonResponse(data)
    # Typing the same letters again (backspace, retype) costs nothing.
    patch_cache_control(response, private=True, max_age=60)
    return response


def _suggestion(request, document: SearchDocument) -> dict[str, str]:
    # Names come from the objects (fetched with the documents), so a renamed shop shows its new name.
    item = {"kind": document.kind}
    if document.kind == Kind.CATEGORY:
        query = urlencode({"category": document.category.slug})
        return {
            **item,
            "label": document.category.name,
            "kind_label": _("Catégorie"),
            "detail": _("Voir les boutiques"),
            "url": f"{reverse('shops:directory')}?{query}",
        }
    if document.kind == Kind.SHOP:
        shop = document.shop
        return {
            **item,
            "label": shop.name,
            "kind_label": _("Boutique"),
            "detail": f"{shop.category.name} · {shop.town}",
            "url": shop.get_absolute_url(),
        }
    if document.kind == Kind.PRODUCT:
        product = document.product
        details = [document.seller.name] if document.seller else []
        if not product.is_parent:
            price = request.strategy.fetch_for_product(product).price
            if price.exists:
                details.insert(0, currency(price.incl_tax, price.currency))
        return {
            **item,
            "label": product.get_title(),
            "kind_label": _("Produit"),
            "detail": " · ".join(details),
            "url": product.get_absolute_url(),
        }
    page = document.page
    return {**item, "label": page.title, "kind_label": _("Page"), "detail": "", "url": page.get_url(request) or ""}
