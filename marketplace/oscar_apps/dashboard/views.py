from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from oscar.apps.dashboard import views

from shops.dashboard.first_steps import ALLO_CCI_PHONE, ALLO_CCI_TEL, shop_first_steps, shop_latest_decision
from shops.dashboard.space_views import shop_of_user
from shops.models import Shop, ShopDecision
from shops.signup.selectors import signup_shop_is_editable

# The shops whose people run them from the dashboard; the others wait for (or lost) the CCI's approval.
RUNNING = (Shop.Status.APPROVED, Shop.Status.SUSPENDED)


@method_decorator(never_cache, name="dispatch")
class IndexView(views.IndexView):
    """The dashboard's home: Oscar's statistics for the CCI staff, the shop's first steps for a shopkeeper.

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
