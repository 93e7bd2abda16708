"""The shopper's orders: "Mes commandes" for accounts, the same order page through a signed link for guests.

An order is reached either by its number among the signed-in user's own orders, or by the signed
token of the emails; anything else is a 404, so an order number alone reveals nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.views import View

from orders.models import ORDER_STATUSES_OPEN
from orders.services import OrderChangeError, order_cancel_by_shopper, order_slot_change, slot_start_parse
from orders.slots.availability import slots_available
from shops.schedule import PARIS
from shops.selectors.public import shop_map_markers

from ..selectors import shopper as selectors
from .forms import CancelForm, SlotForm

ORDERS_PER_PAGE = 20


class OrderListView(LoginRequiredMixin, View):
    """The signed-in shopper's orders, a page of 20, split into those still open and past ones."""

    def get(self, request):
        page = Paginator(selectors.order_list_for_user(user=request.user), ORDERS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        orders = list(page)
        context = {
            "page_obj": page,
            "current": [order for order in orders if order.status in ORDER_STATUSES_OPEN],
            "past": [order for order in orders if order.status not in ORDER_STATUSES_OPEN],
        }
        return render(request, "orders/shopper/order_list.html", context)


class OrderAccessMixin(AccessMixin):
    """One order, by the user's own number (`via="account"`) or by the signed token (`via="token"`)."""

    via = "account"

    def dispatch(self, request, *args, **kwargs):
        if self.via == "account" and not request.user.is_authenticated:
            # The login page, then back here: the signed-in user may well be the order's owner.
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get_order(self):
        if self.via == "token":
            order = selectors.order_get_for_token(token=self.kwargs["token"])
        else:
            order = selectors.order_get_for_user(user=self.request.user, number=self.kwargs["number"])
        if order is None:
            raise Http404
        return order

    def order_urls(self) -> dict[str, str]:
        """The order's pages, in the same namespace the visitor came through (their link or their account)."""
        if self.via == "token":
            names, kwargs = ("track", "track-cancel", "track-slot"), {"token": self.kwargs["token"]}
        else:
            names, kwargs = ("detail", "cancel", "slot"), {"number": self.kwargs["number"]}
        return {
            key: reverse(f"orders:{name}", kwargs=kwargs)
            for key, name in zip(("detail", "cancel", "slot"), names, strict=True)
        }

    def order_context(self, order) -> dict:
        shop = order.pickup.shop
        is_open = selectors.order_is_open(order=order)
        return {
            "order": order,
            "pickup": order.pickup,
            "shop": shop,
            "urls": self.order_urls(),
            "via": self.via,
            "is_open": is_open,
            "can_cancel": selectors.order_can_cancel(order=order),
            "can_change_slot": selectors.order_can_change_slot(order=order),
            "map_markers": shop_map_markers(shops=[shop]),
            "qr_svg": selectors.pickup_qr_svg(code=order.pickup.code) if is_open else "",
        }


class OrderDetailView(OrderAccessMixin, View):
    """The order page: status timeline, slot, the shop (address, map, hours), pickup code and QR, lines."""

    def get(self, request, **kwargs):
        order = self.get_order()
        context = self.order_context(order)
        context["timeline"] = selectors.order_timeline(order=order)
        context["slot_changes"] = selectors.order_slot_changes(order=order)
        return render(request, "orders/shopper/order_detail.html", context)


class OrderCancelView(OrderAccessMixin, View):
    """GET asks for confirmation; POST with `confirm` cancels (before the shop accepts only)."""

    template_name = "orders/shopper/order_cancel.html"

    def get(self, request, **kwargs):
        order = self.get_order()
        if not selectors.order_can_cancel(order=order):
            return redirect(self.order_urls()["detail"])
        return self._render(request, order=order, form=CancelForm())

    def post(self, request, **kwargs):
        order = self.get_order()
        form = CancelForm(request.POST)
        if not form.is_valid():
            return self._render(request, order=order, form=form, status=400)
        try:
            order_cancel_by_shopper(order=order, by=request.user, reason=form.cleaned_data["reason"])
        except OrderChangeError as error:
            return self._render(request, order=order, form=None, error=error.message, status=400)
        messages.success(
            request,
            _("Votre commande n° %(number)s est annulée ; un email vous le confirme.") % {"number": order.number},
        )
        return redirect(self.order_urls()["detail"])

    def _render(self, request, *, order, form, error="", status=200):
        context = {**self.order_context(order), "form": form, "error": error}
        return render(request, self.template_name, context, status=status)


class OrderSlotView(OrderAccessMixin, View):
    """GET shows the day picker of the shop's slots; POST moves the order to the chosen one."""

    template_name = "orders/shopper/order_slot.html"

    def get(self, request, **kwargs):
        order = self.get_order()
        if not selectors.order_can_change_slot(order=order):
            return redirect(self.order_urls()["detail"])
        return self._render(request, order=order)

    def post(self, request, **kwargs):
        order = self.get_order()
        form = SlotForm(request.POST)
        choice = form.cleaned_data["slot"] if form.is_valid() else ""
        code_before = order.pickup.code
        try:
            order_slot_change(order=order, choice=choice, by=request.user)
        except OrderChangeError as error:
            return self._render(request, order=order, selected=choice, error=error.message, status=400)
        slot = order.pickup.slot
        starts_at, ends_at = slot.starts_at.astimezone(PARIS), slot.ends_at.astimezone(PARIS)
        text = _("Nouveau créneau : %(day)s, de %(starts)s à %(ends)s. Un email vous le confirme.") % {
            "day": formats.date_format(starts_at, "l j F"),
            "starts": formats.time_format(starts_at, "H:i"),
            "ends": formats.time_format(ends_at, "H:i"),
        }
        if order.pickup.code != code_before:
            text = f"{text} " + str(_("Votre code de retrait change : %(code)s.") % {"code": order.pickup.code})
        messages.success(request, text)
        return redirect(self.order_urls()["detail"])

    def _render(self, request, *, order, selected="", error="", status=200):
        days = slots_available(shop=order.pickup.shop)
        selected = selected if any(slot.key == selected for day in days for slot in day.slots) else ""
        open_days = {order.pickup.slot.starts_at.astimezone(PARIS).date()}
        if selected:
            open_days.add(slot_start_parse(selected).astimezone(PARIS).date())
        context = {
            **self.order_context(order),
            "days": days,
            "current_key": selectors.order_slot_key(order=order),
            # Re-shown after an error, the picker keeps the shopper's pick when the shop still offers it.
            "selected": selected,
            "open_days": open_days,
            "error": error,
        }
        return render(request, self.template_name, context, status=status)
