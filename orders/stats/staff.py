"""The CCI staff's statistics in the dashboard: revenue per shop, shops with no recent order (to call them),
the sign-up funnel, any one shop's own page; each list also as CSV.

Staff only (shops.access.user_sees_marketplace_stats): anonymous visitors go to the dashboard's login,
others get 403 on the lists and 404 on one shop's page, so that a shopkeeper who types another shop's
number learns nothing.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kernel.spreadsheets import csv_response
from shops.access import user_sees_marketplace_stats
from shops.models import Shop
from shops.schedule import PARIS

from ..selectors import staff_stats as selectors
from .export import local, money
from .forms import FunnelForm, StaffFilterForm
from .shop import period_form, shop_orders_csv, shop_stats_context

PAGE_SIZE = 50
EXPORT_CHUNK = 1000


def staff_only(*, about_one: bool = False):
    def decorator(view):
        @wraps(view)
        @never_cache
        @require_safe
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
            if not user_sees_marketplace_stats(request.user):
                if about_one:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def _today():
    return timezone.localdate(timezone=PARIS)


def _filter_form(request) -> StaffFilterForm:
    return StaffFilterForm(request.GET or None, today=_today(), towns=selectors.stats_towns())


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _render(request, template, title, **context):
    context.update(title=title, query=_query_without_page(request))
    return render(request, template, context)


@staff_only()
def revenue(request):
    form = _filter_form(request)
    shops = selectors.shops_revenue(period=form.period, **form.filters())
    return _render(
        request, "orders/stats/staff_revenue.html", _("Activité des boutiques"), form=form, page=_page(request, shops)
    )


@staff_only()
def revenue_csv(request):
    form = _filter_form(request)
    period = form.period
    shops = selectors.shops_revenue(period=period, **form.filters())
    return csv_response(
        filename=f"activite-boutiques-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        header=[
            _("Boutique"),
            _("Commune"),
            _("Catégorie"),
            _("Commandes"),
            _("Retirées"),
            _("Non retirées"),
            _("Chiffre d'affaires TTC (€)"),
        ],
        rows=(
            [
                shop.name,
                shop.town,
                shop.category.name,
                shop.orders,
                shop.collected,
                shop.not_collected,
                money(shop.revenue),
            ]
            for shop in shops.iterator(chunk_size=EXPORT_CHUNK)
        ),
    )


@staff_only()
def dormant(request):
    form = _filter_form(request)
    shops = selectors.shops_dormant(now=timezone.now(), **form.filters())
    return _render(
        request,
        "orders/stats/staff_dormant.html",
        _("Boutiques sans commande"),
        form=form,
        page=_page(request, shops),
        days=selectors.DORMANT_DAYS,
    )


@staff_only()
def dormant_csv(request):
    form = _filter_form(request)
    shops = selectors.shops_dormant(now=timezone.now(), **form.filters())
    return csv_response(
        filename=f"boutiques-sans-commande-{_today():%Y%m%d}.csv",
        header=[
            _("Boutique"),
            _("Commune"),
            _("Catégorie"),
            _("Téléphone"),
            _("Email de la boutique"),
            _("Titulaire"),
            _("Email du titulaire"),
            _("Téléphone du titulaire"),
            _("Validée le"),
            _("Dernière commande"),
        ],
        rows=(_dormant_row(shop) for shop in shops.iterator(chunk_size=EXPORT_CHUNK)),
    )


def _dormant_row(shop) -> list:
    owner = shop.owner
    return [
        shop.name,
        shop.town,
        shop.category.name,
        shop.phone,
        shop.email,
        owner.get_full_name() if owner else "",
        owner.email if owner else "",
        owner.phone if owner else "",
        local(shop.approved_at),
        local(shop.last_order_at),
    ]


def _funnel_form(request) -> FunnelForm:
    return FunnelForm(request.GET or None, today=_today())


@staff_only()
def funnel(request):
    form = _funnel_form(request)
    groups, total = selectors.signup_funnel(period=form.period, by=form.group_by())
    return _render(
        request,
        "orders/stats/staff_funnel.html",
        _("Inscriptions des boutiques"),
        form=form,
        groups=groups,
        total=total,
        by=form.group_by(),
    )


@staff_only()
def funnel_csv(request):
    form = _funnel_form(request)
    period = form.period
    by = form.group_by()
    groups, total = selectors.signup_funnel(period=period, by=by)
    return csv_response(
        filename=f"inscriptions-{by}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        header=[
            _("Commune") if by == "town" else _("Catégorie"),
            _("Commencées"),
            _("Soumises"),
            _("Validées"),
            _("Premier produit"),
            _("Première commande"),
        ],
        rows=(
            [row.label or _("Total"), row.started, row.submitted, row.approved, row.with_product, row.with_order]
            for row in (*groups, total)
        ),
    )


def _shop(pk) -> Shop:
    shop = Shop.objects.select_related("category").filter(pk=pk).first()
    if shop is None:
        raise Http404
    return shop


@staff_only(about_one=True)
def shop_stats(request, pk):
    shop = _shop(pk)
    context = shop_stats_context(shop=shop, form=period_form(request))
    context.update(shop=shop, csv_url=reverse("staff-stats:shop-orders-csv", kwargs={"pk": shop.pk}))
    return _render(request, "orders/stats/staff_shop.html", shop.name, **context)


@staff_only(about_one=True)
def shop_orders(request, pk):
    return shop_orders_csv(shop=_shop(pk), form=period_form(request))
