"""A shop's own statistics in its dashboard space, and the CSV of its orders.

Scoped like the pickup board: the shop is always the signed-in user's and no URL names it, so a shop can
only read its own figures. The CCI staff read any shop's through staff.py, with the same page.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from kernel.spreadsheets import csv_response
from shops.access import ShopSpaceMixin
from shops.schedule import PARIS

from ..selectors import stats as selectors
from .export import SHOP_ORDERS_HEADER, shop_order_row
from .forms import PeriodForm

EXPORT_CHUNK = 500


def period_form(request) -> PeriodForm:
    return PeriodForm(request.GET or None, today=timezone.localdate(timezone=PARIS))


def shop_stats_context(*, shop, form: PeriodForm) -> dict:
    """What the statistics page shows of one shop (its own, or any for the CCI staff)."""
    period = form.period
    return {"form": form, "period": period, "stats": selectors.shop_stats(shop=shop, period=period)}


def shop_orders_csv(*, shop, form: PeriodForm):
    period = form.period
    orders = selectors.shop_orders_for_export(shop=shop, period=period)
    return csv_response(
        filename=f"commandes-{shop.slug}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv",
        header=SHOP_ORDERS_HEADER,
        rows=(shop_order_row(order) for order in orders.iterator(chunk_size=EXPORT_CHUNK)),
    )


class ShopStatsView(ShopSpaceMixin, TemplateView):
    template_name = "orders/stats/shop.html"
    active_tab = "stats"
    title = _("Statistiques")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = period_form(self.request)
        context.update(shop_stats_context(shop=self.shop, form=form))
        context["csv_url"] = reverse("shop-stats:orders-csv")
        return context


class ShopOrdersCsvView(ShopSpaceMixin, View):
    http_method_names = ["get", "head"]

    def get(self, request):
        form = period_form(request)
        if form.is_bound and not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(reverse("shop-stats:index"))
        return shop_orders_csv(shop=self.shop, form=form)
