"""The shop's "Paiement en ligne" screen in its dashboard: connect its own Stripe account (Connect onboarding).

Only shown when Stripe is configured; the shop is always the signed-in user's (ShopSpaceMixin).
Only the shop's owner connects an account: the money goes to it.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from shops.access import ShopSpaceMixin

from .. import gateway
from ..config import online_payment_enabled
from ..selectors.accounts import connected_account_for_shop
from ..services.connect import connected_account_onboarding_start, connected_account_refresh

UNAVAILABLE = _("Stripe ne répond pas pour le moment : réessayez dans quelques minutes.")


class OnlinePaymentMixin(ShopSpaceMixin):
    active_tab = "payment"
    title = _("Paiement en ligne")

    def dispatch(self, request, *args, **kwargs):
        if not online_payment_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class IndexView(OnlinePaymentMixin, TemplateView):
    template_name = "payments/dashboard/online_payment.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["account"] = connected_account_for_shop(shop=self.shop)
        return context


class ConnectView(OnlinePaymentMixin, TemplateView):
    """Sends the owner to Stripe's onboarding (creating the shop's account the first time)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not self.is_owner:
            messages.error(request, _("Seul le titulaire de la boutique peut connecter son compte Stripe."))
            return redirect("shop-payment:index")
        return _to_onboarding(request, self.shop)


class RefreshView(OnlinePaymentMixin, TemplateView):
    """Stripe's refresh_url: the onboarding link expired or was used; a new one."""

    def get(self, request, *args, **kwargs):
        if not self.is_owner or connected_account_for_shop(shop=self.shop) is None:
            return redirect("shop-payment:index")
        return _to_onboarding(request, self.shop)


class ReturnView(OnlinePaymentMixin, TemplateView):
    """Stripe's return_url: back from onboarding, Stripe is asked again whether the account can charge."""

    def get(self, request, *args, **kwargs):
        try:
            account = connected_account_refresh(shop=self.shop)
        except gateway.GatewayError:
            messages.warning(request, UNAVAILABLE)
            return redirect("shop-payment:index")
        if account is not None and account.charges_enabled:
            messages.success(request, _("Votre compte Stripe est prêt : vos clients peuvent payer en ligne."))
        elif account is not None:
            messages.info(
                request, _("Stripe n'a pas encore activé les paiements : terminez les étapes demandées par Stripe.")
            )
        return redirect("shop-payment:index")


def _to_onboarding(request, shop):
    try:
        url = connected_account_onboarding_start(
            shop=shop,
            email=request.user.email,
            refresh_url=request.build_absolute_uri(reverse("shop-payment:refresh")),
            return_url=request.build_absolute_uri(reverse("shop-payment:return")),
        )
    except gateway.GatewayError:
        messages.error(request, UNAVAILABLE)
        return redirect("shop-payment:index")
    return redirect(url)
