"""The dashboard's home: Oscar's statistics (sales only) for the CCI staff, first steps for a shopkeeper."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from oscar.apps.dashboard import views
from oscar.core.loading import get_model

from orders.models import ORDER_STATUSES_NOT_PAID, OrderStatus
from shops.access import shop_of_user
from shops.models import Shop, ShopDecision
from shops.selectors.first_steps import ALLO_CCI_PHONE, ALLO_CCI_TEL, shop_first_steps, shop_latest_decision
from shops.selectors.signup import signup_shop_is_editable

Order = get_model("order", "Order")

# Orders that ended without a sale (refused, cancelled, never collected): their totals are nobody's revenue.
NO_SALE_STATUSES = (OrderStatus.REFUSED, OrderStatus.CANCELLED, OrderStatus.NOT_COLLECTED, *ORDER_STATUSES_NOT_PAID)

# The shops whose people run them from the dashboard; the others wait for (or lost) the CCI's approval.
RUNNING = (Shop.Status.APPROVED, Shop.Status.SUSPENDED)


@method_decorator(never_cache, name="dispatch")
class IndexView(views.IndexView):
    """The dashboard's home: Oscar's statistics for the CCI staff (revenue counting sales only), the shop's
    first steps for a shopkeeper.

    A shopkeeper whose shop is not open yet (or no longer) has no dashboard: they are shown where their
    application stands, what comes next and whom to call, instead of a bare "permission denied".
    The URL lets any signed-in user in (DashboardConfig.configure_permissions): this view decides.
    """

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_staff:
            return super().dispatch(request, *args, **kwargs)
        shop = shop_of_user(user)
        has_dashboard = user.has_perm("partner.dashboard_access")
        if shop is None:
            if not has_dashboard:
                raise PermissionDenied
            return super().dispatch(request, *args, **kwargs)
        if shop.status not in RUNNING or not has_dashboard:
            return self.application_status(shop)
        self.shop = shop
        return super().dispatch(request, *args, **kwargs)

    def application_status(self, shop: Shop):
        decision = None
        if shop.status == Shop.Status.REJECTED:
            decision = shop_latest_decision(shop=shop, action=ShopDecision.Action.REJECTED)
        elif shop.status == Shop.Status.SUSPENDED:
            decision = shop_latest_decision(shop=shop, action=ShopDecision.Action.SUSPENDED)
        context = {
            "shop": shop,
            "decision": decision,
            "can_resume": signup_shop_is_editable(shop=shop),
            "allo_cci_phone": ALLO_CCI_PHONE,
            "allo_cci_tel": ALLO_CCI_TEL,
        }
        return render(self.request, "shops/dashboard/application_status.html", context)

    def get_template_names(self):
        if getattr(self, "shop", None) is not None:
            return ["shops/dashboard/home.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        shop = getattr(self, "shop", None)
        if shop is None:
            return super().get_context_data(**kwargs)
        # Oscar's statistics are the whole marketplace's business, and heavy: a shop gets its own steps.
        context = super(views.IndexView, self).get_context_data(**kwargs)
        steps = shop_first_steps(shop=shop)
        suspension = None
        if shop.status == Shop.Status.SUSPENDED:
            suspension = shop_latest_decision(shop=shop, action=ShopDecision.Action.SUSPENDED)
        context.update(
            shop=shop,
            steps=steps,
            steps_done=sum(step.done for step in steps),
            suspension=suspension,
            allo_cci_phone=ALLO_CCI_PHONE,
            allo_cci_tel=ALLO_CCI_TEL,
        )
        return context

    def get_hourly_report(self, orders, hours=24, segments=10):
        return super().get_hourly_report(orders.exclude(status__in=NO_SALE_STATUSES), hours, segments)

    def get_stats(self):
        stats = super().get_stats()
        orders = Order.objects.exclude(status__in=NO_SALE_STATUSES)
        user = self.request.user
        if not user.is_staff:
            # Oscar's own scoping of the figures for a partner's users.
            orders = orders.filter(lines__partner_id__in=list(user.partners.values_list("id", flat=True))).distinct()
        last_day = orders.filter(date_placed__gt=timezone.now() - timedelta(hours=24))
        zero = Decimal("0.00")
        stats["total_revenue"] = orders.aggregate(total=Sum("total_incl_tax"))["total"] or zero
        stats["total_revenue_last_day"] = last_day.aggregate(total=Sum("total_incl_tax"))["total"] or zero
        stats["average_order_costs"] = last_day.aggregate(average=Avg("total_incl_tax"))["average"] or zero
        return stats
