from datetime import timedelta
from decimal import Decimal

from django.db.models import Avg, Sum
from django.utils import timezone
from oscar.apps.dashboard import views as oscar_views
from oscar.core.loading import get_model

from orders.models import OrderStatus

Order = get_model("order", "Order")

# Orders that ended without a sale (refused, cancelled, never collected): their totals are nobody's revenue.
NO_SALE_STATUSES = (OrderStatus.REFUSED, OrderStatus.CANCELLED, OrderStatus.NOT_COLLECTED)


class IndexView(oscar_views.IndexView):
    """Oscar's dashboard home, its revenue figures (totals, average, the 24-hour chart) counting sales only."""

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
