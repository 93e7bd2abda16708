from django.contrib import messages
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import views as oscar_views

from orders.models import OrderStatus, order_status_label
from orders.services import (
    OrderChangeError,
    order_accept,
    order_cancel_by_shop,
    order_mark_collected,
    order_mark_ready,
    order_refuse,
)
from orders.services.payment_records import ONLINE_EVENT_CODES
from orders.services.payment_refund import (
    RefundError,
    order_capture_pending,
    order_refund,
    order_refund_allowed,
    order_refund_state,
    refund_amount_parse,
)

# Oscar's status forms move an order through our services, which release the slot and the stock,
# record who did it and tell the shopper. A refusal or cancellation needs a reason, which Oscar's
# forms do not ask: those go through the shop's pickup board.
_SERVICES = {
    OrderStatus.ACCEPTED: order_accept,
    OrderStatus.READY: order_mark_ready,
    OrderStatus.COLLECTED: order_mark_collected,
}


def order_status_change_from_dashboard(request, order, new_status: str) -> None:
    """Apply an Oscar dashboard status change through the lifecycle services, with a message for the user."""
    reason = request.POST.get("reason", "")
    try:
        if new_status == OrderStatus.REFUSED:
            order_refuse(order=order, by=request.user, reason=reason)
        elif new_status == OrderStatus.CANCELLED:
            order_cancel_by_shop(order=order, by=request.user, reason=reason)
        elif new_status in _SERVICES:
            _SERVICES[new_status](order=order, by=request.user)
        else:
            messages.error(request, _("Ce statut ne se choisit pas à la main."))
            return
    except OrderChangeError as error:
        messages.error(request, f"{order.number} : {error.message}")
    else:
        messages.info(
            request,
            _("Commande %(number)s : %(status)s.")
            % {
                "number": order.number,
                "status": OrderStatus(new_status).label,
            },
        )


class OrderListView(oscar_views.OrderListView):
    def change_order_status(self, request, order):
        order_status_change_from_dashboard(request, order, request.POST.get("new_status", "").strip())

    def get_search_filter_descriptions(self):
        # Oscar describes the status filter by its code ("placed"): name it in words.
        descriptions = super().get_search_filter_descriptions()
        status = (getattr(self.form, "cleaned_data", None) or {}).get("status")
        if not status:
            return descriptions
        coded = _("Order status is {order_status}").format(order_status=status)
        named = _("Order status is {order_status}").format(order_status=order_status_label(status))
        return [named if description == coded else description for description in descriptions]


class OrderDetailView(oscar_views.OrderDetailView):
    order_actions = (*oscar_views.OrderDetailView.order_actions, "refund_payment")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refund_state"] = order_refund_state(order=self.object)
        context["capture_pending"] = context["refund_state"] is None and order_capture_pending(order=self.object)
        context["refund_allowed"] = context["refund_state"] is not None and order_refund_allowed(
            order=self.object, user=self.request.user
        )
        return context

    def _create_payment_event(self, request, order, amount, lines=None, quantities=None):
        if request.POST.get("payment_event_type") in ONLINE_EVENT_CODES:
            # Typed by hand, a "released" event would stop the capture at pickup, a "refund" would say money
            # went back that never did: these are Stripe's word, recorded by the online payment only.
            return self.reload_page(
                error=_(
                    "Cet événement de paiement est enregistré par le paiement en ligne lui-même : "
                    "pour rembourser, utilisez « Rembourser » en haut de la page."
                )
            )
        return super()._create_payment_event(request, order, amount, lines, quantities)

    def refund_payment(self, request, order):
        """A full or partial refund of the order's captured online payment, typed in euros by the shop."""
        sequence = request.POST.get("refund_sequence", "")
        if not (sequence.isascii() and sequence.isdigit() and len(sequence) < 10):
            return self.reload_page(error=_("Cette page est trop ancienne : rechargez-la puis recommencez."))
        try:
            amount = refund_amount_parse(request.POST.get("refund_amount", ""))
            left = order_refund(order=order, amount=amount, sequence=int(sequence), by=request.user)
        except RefundError as error:
            return self.reload_page(error=f"{order.number} : {error.message}")
        messages.success(
            request,
            _("Commande %(number)s : %(amount)s € remboursés au client sur sa carte ; reste %(left)s €.")
            % {"number": order.number, "amount": number_format(amount, 2), "left": number_format(left, 2)},
        )
        return self.reload_page()

    def change_order_status(self, request, order):
        form = self.get_order_status_form()
        if not form.is_valid():
            return self.reload_page(error=_("Statut invalide."))
        order_status_change_from_dashboard(request, order, form.cleaned_data["new_status"])
        return self.reload_page()

    line_actions = tuple(
        action for action in oscar_views.OrderDetailView.line_actions if action != "change_line_statuses"
    )

    def handle_line_action(self, request, order, action):
        if action == "change_line_statuses":
            # One order is one shop's pickup: it moves as a whole.
            return self.reload_page(error=_("Le statut se change pour la commande entière, pas ligne par ligne."))
        for line_id in request.POST.getlist("selected_line"):
            # Oscar's int() of a missing quantity would answer 500.
            if not request.POST.get(f"selected_line_qty_{line_id}", "").strip().isdigit():
                return self.reload_page(error=_("Indiquez une quantité pour chaque ligne choisie."))
        return super().handle_line_action(request, order, action)
