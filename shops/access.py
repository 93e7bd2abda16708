"""Who may enter which screen: the dashboard menu's entries (OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION) and
"Ma boutique", whose shop is always the signed-in user's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from oscar.apps.dashboard.nav import default_access_fn

from shops.models import Shop, ShopDecision


def user_is_shop_reviewer(user) -> bool:
    """CCI staff who validate, reject and suspend shops."""
    return user.is_active and user.is_staff and user.has_perm("shops.change_shop")


def user_has_shop(user) -> bool:
    """A shopkeeper: a user of at least one shop's partner (asked once per request: the menu asks per entry)."""
    if not (user.is_active and user.is_authenticated):
        return False
    if not hasattr(user, "_has_shop"):
        user._has_shop = user.partners.filter(shop__isnull=False).exists()
    return user._has_shop


def user_sees_marketplace_stats(user) -> bool:
    """CCI staff who may read every shop's figures (revenue, contacts): the staff group's order rights."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm("order.view_order"))


def dashboard_access_fn(user, url_name, url_args=None, url_kwargs=None) -> bool:
    if url_name and url_name.startswith("shop-review:"):
        return user_is_shop_reviewer(user)
    # The statistics screens (orders.stats): the whole marketplace's for the CCI staff, its own for a shop.
    if url_name and url_name.startswith("staff-stats:"):
        return user_sees_marketplace_stats(user)
    if url_name and url_name.startswith("shop-stats:"):
        return user_has_shop(user)
    if url_name and url_name.startswith("my-shop:"):
        return user_has_shop(user)
    if url_name and url_name.startswith("pickup-board:"):
        return user_has_shop(user)
    return default_access_fn(user, url_name, url_args, url_kwargs)


def shop_of_user(user) -> Shop | None:
    """The shop the user manages, if any: one person manages one shop."""
    if not user.is_authenticated:
        return None
    return (
        Shop.objects.select_related("partner", "category", "owner").filter(partner__users=user).order_by("pk").first()
    )


@method_decorator(never_cache, name="dispatch")
class ShopSpaceMixin:
    """Resolves self.shop from the signed-in user and keeps a suspended shop read-only."""

    active_tab = "index"
    title = _("Ma boutique")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
        shop = shop_of_user(request.user)
        if shop is None:
            raise Http404
        if shop.status not in (Shop.Status.APPROVED, Shop.Status.SUSPENDED):
            # Draft, pending or rejected: the sign-up wizard tells where the application stands.
            return redirect("signup:start")
        self.shop = shop
        self.read_only = shop.status == Shop.Status.SUSPENDED
        self.is_owner = shop.owner_id == request.user.pk
        if self.read_only and request.method not in ("GET", "HEAD", "OPTIONS"):
            messages.error(request, _("Votre boutique est suspendue : rien n'a été modifié."))
            return redirect(self.read_only_redirect_url())
        return super().dispatch(request, *args, **kwargs)

    def read_only_redirect_url(self) -> str:
        # Back to the page whose form was refused.
        return self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            shop=self.shop,
            read_only=self.read_only,
            is_owner=self.is_owner,
            active_tab=self.active_tab,
            title=self.title,
        )
        if self.read_only:
            decision = self.shop.decisions.filter(action=ShopDecision.Action.SUSPENDED).first()
            context["suspension_reason"] = decision.reason if decision else ""
        return context


# Where a shopper lands after signing in: their account, as Oscar does.
SHOPPER_LANDING = "customer:summary"


@login_required
def login_landing(request):
    """Where signing in leads (settings.LOGIN_REDIRECT_URL) when no safe ?next= says otherwise.

    Shopkeepers and the CCI staff come to work: their dashboard (which tells a shopkeeper still waiting
    for the CCI where their shop stands); shoppers go to their account.
    """
    user = request.user
    if user.is_staff or user_has_shop(user):
        return redirect("dashboard:index")
    return redirect(SHOPPER_LANDING)
