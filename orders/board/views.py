"""The shop's pickup board in the dashboard: answer new orders, prepare, hand over with the pickup code.

Scoped like "Ma boutique" (shops.space.views): the shop is always the signed-in user's, no URL
names it, and an order number or a pickup code is looked up within that shop only, so another shop's
order answers 404 (or "Code inconnu") and nothing changes. A suspended shop reads its board but changes
nothing. Every change goes through orders.services, which refuses forbidden moves with a message.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from shops.access import ShopSpaceMixin
from shops.schedule import PARIS

from .. import services
from ..models import ORDER_STATUSES_OPEN
from ..selectors import board as selectors
from ..services.handover import HandoverQuantityError, order_handed_over_total, order_is_partially_handed_over
from ..services.payment_records import order_online_source
from . import throttle
from .forms import CancelForm, HandoverForm, RefuseForm, handover_quantities_parse, pickup_code_clean

# How far from today the preparation list may be asked for: enough to look back a season or plan one.
PREP_LIST_MAX_DAYS = 366
CODE_UNKNOWN = _("Code inconnu.")
TOO_MANY_TRIES = _(
    "Trop d'essais de code en une minute : patientez un instant avant de réessayer. Rien n'a été cherché."
)


class BoardMixin(ShopSpaceMixin):
    """ShopSpaceMixin's scoping; a suspended shop's POST returns to the board (the actions have no page)."""

    active_tab = "board"

    def read_only_redirect_url(self) -> str:
        return reverse("pickup-board:index")


class BoardView(BoardMixin, TemplateView):
    template_name = "orders/board/index.html"
    title = _("Commandes à préparer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        board = selectors.board_for_shop(shop=self.shop, now=now)
        context.update(
            board=board,
            now=now,
            tomorrow=board.today + timedelta(days=1),
            refuse_form=RefuseForm(),
            cancel_form=CancelForm(),
        )
        return context


def _board_url(order=None) -> str:
    url = reverse("pickup-board:index")
    return f"{url}#commande-{order.number}" if order is not None else url


class OrderActionView(BoardMixin, View):
    """One change of one of the shop's orders, asked from the board; the service decides if it is allowed."""

    http_method_names = ["post"]
    form_class = None
    done_message = ""
    # Back to the order's card when it stays where it was (the page is long on a phone); otherwise to the
    # top, where the message is and where the next new orders wait.
    keep_place = False

    def post(self, request, number):
        order = selectors.board_order(shop=self.shop, number=number)
        if order is None:
            raise Http404
        reason = ""
        if self.form_class is not None:
            form = self.form_class(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, " ".join(errors))
                return redirect(_board_url())
            reason = form.reason()
        try:
            self.change(order=order, user=request.user, reason=reason)
        except services.OrderChangeError as error:
            messages.error(
                request, _("Commande %(number)s : %(message)s") % {"number": number, "message": error.message}
            )
            return redirect(_board_url())
        messages.success(request, self.done_message % {"number": number})
        return redirect(_board_url(order if self.keep_place else None))

    def change(self, *, order, user, reason):
        raise NotImplementedError


class AcceptView(OrderActionView):
    done_message = _("Commande %(number)s acceptée : le client est prévenu par email.")

    def change(self, *, order, user, reason):
        services.order_accept(order=order, by=user)


class RefuseView(OrderActionView):
    form_class = RefuseForm
    done_message = _("Commande %(number)s refusée : le client est prévenu, le créneau et le stock sont libérés.")

    def change(self, *, order, user, reason):
        services.order_refuse(order=order, by=user, reason=reason)


class ReadyView(OrderActionView):
    keep_place = True
    done_message = _("Commande %(number)s prête : le client est prévenu qu'il peut venir la retirer.")

    def change(self, *, order, user, reason):
        services.order_mark_ready(order=order, by=user)


class CancelView(OrderActionView):
    form_class = CancelForm
    done_message = _("Commande %(number)s annulée : le client est prévenu, le créneau et le stock sont libérés.")

    def change(self, *, order, user, reason):
        services.order_cancel_by_shop(order=order, by=user, reason=reason)


def _day_asked(raw: str | None, *, today: date) -> tuple[date, str]:
    """The day of ?day=YYYY-MM-DD, or today with a message saying why the one asked for was not used."""
    if not raw:
        return today, ""
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return today, _("Date non reconnue (attendue sous la forme AAAA-MM-JJ) : voici la liste du jour.")
    if abs((day - today).days) > PREP_LIST_MAX_DAYS:
        return today, _("Cette date est trop lointaine : voici la liste du jour.")
    return day, ""


class PrepListView(BoardMixin, TemplateView):
    template_name = "orders/board/prep_list.html"
    active_tab = "prep-list"
    title = _("Liste de préparation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.now().astimezone(PARIS).date()
        day, problem = _day_asked(self.request.GET.get("day"), today=today)
        context.update(
            prep=selectors.prep_list_for_day(shop=self.shop, day=day),
            today=today,
            day_problem=problem,
            previous_day=day - timedelta(days=1),
            next_day=day + timedelta(days=1),
        )
        return context


def _orders_early(orders) -> set[int]:
    """The orders (ids) whose pickup day, in Paris, is after today: handing one over needs the shop's word."""
    today = timezone.now().astimezone(PARIS).date()
    return {order.pk for order in orders if order.pickup.slot.starts_at.astimezone(PARIS).date() > today}


class HandoverView(BoardMixin, TemplateView):
    """The counter: the code the shopper gives finds their order; tries are rate-limited per user."""

    template_name = "orders/board/handover.html"
    active_tab = "handover"
    title = _("Remise au client")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=HandoverForm()))

    def post(self, request, *args, **kwargs):
        if not throttle.code_try_record(user_id=request.user.pk):
            # Counted before anything is read: past the limit, a right code and a wrong one look the same.
            return self.too_many_tries()
        form = HandoverForm(request.POST)
        if form.is_valid():
            code = form.cleaned_data["code"]
            orders = selectors.orders_for_code(shop=self.shop, code=code) if code else []
            if orders:
                # A fresh form under the order(s) found: the next customer is already waiting.
                context = self.get_context_data(
                    form=HandoverForm(), orders=_handover_rows(orders), code=code, early=_orders_early(orders)
                )
                return self.render_to_response(context)
            # Unknown, another shop's, already handed over or malformed: one answer for all.
            form.add_error("code", CODE_UNKNOWN)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def too_many_tries(self):
        messages.error(self.request, TOO_MANY_TRIES)
        response = self.render_to_response(self.get_context_data(form=HandoverForm(), limited=True), status=429)
        response["Retry-After"] = "60"
        return response


class HandoverCollectView(HandoverView):
    """Hand the order over: ready → collected (an accepted one is marked ready first: two changes).

    The quantities typed per line (pre-filled to what was ordered) make it a partial handover; left as they
    are, the whole order is handed over, as with one click.
    """

    http_method_names = ["post"]

    def post(self, request, number):
        user_id = request.user.pk
        if throttle.code_tries_exhausted(user_id=user_id):
            return self.too_many_tries()
        code = pickup_code_clean(request.POST.get("code", ""))
        order = selectors.board_order(shop=self.shop, number=number)
        if code is None or order is None or order.pickup.code != code or order.status not in ORDER_STATUSES_OPEN:
            # The code travels with the button: a wrong one is a try like any other.
            if not throttle.code_try_record(user_id=user_id):
                return self.too_many_tries()
            messages.error(request, CODE_UNKNOWN)
            return redirect("pickup-board:handover")
        try:
            quantities = handover_quantities_parse(data=request.POST, lines=list(order.lines.all()))
        except HandoverQuantityError as error:
            return self.found_again(order=order, code=code, problem=error.message)
        if _orders_early([order]) and request.POST.get("early") != "yes":
            # Right code, wrong day: the shop confirms it is handing over before the pickup day.
            return self.found_again(order=order, code=code, early_unconfirmed=True)
        try:
            services.order_hand_over(order=order, by=request.user, quantities=quantities)
        except services.OrderChangeError as error:
            if error.code == "quantity":
                return self.found_again(order=order, code=code, problem=error.message)
            messages.error(
                request, _("Commande %(number)s : %(message)s") % {"number": number, "message": error.message}
            )
        else:
            messages.success(request, _handed_over_message(order))
        return redirect("pickup-board:handover")

    def found_again(self, *, order, code, problem="", early_unconfirmed=False):
        """The order shown again under the code, with what was typed, when nothing was handed over."""
        if problem:
            messages.error(self.request, _("Rien n'a été remis. %(problem)s") % {"problem": problem})
        found = [found for found in selectors.orders_for_code(shop=self.shop, code=code) if found.pk == order.pk]
        context = self.get_context_data(
            form=HandoverForm(),
            orders=_handover_rows(found, typed=self.request.POST),
            code=code,
            early=_orders_early(found) if not early_unconfirmed else {order.pk},
            early_unconfirmed=early_unconfirmed,
        )
        return self.render_to_response(context, status=400)


def _handover_rows(orders, typed=None):
    """Each order's lines with the quantity to hand over: what was typed, else all that was ordered."""
    typed = typed or {}
    for order in orders:
        order.handover_rows = [(line, typed.get(f"qty-{line.pk}", line.quantity)) for line in order.lines.all()]
    return orders


def _handed_over_message(order) -> str:
    """Handed over to whom, and for a partial handover or a payment at the counter, for how much."""
    message = _("Commande %(number)s remise à %(name)s.") % {"number": order.number, "name": order.pickup.customer_name}
    amount = number_format(order_handed_over_total(order=order), 2)
    partial = order_is_partially_handed_over(order=order)
    if partial:
        message = f"{message} {_('Remise partielle : le reste retourne en stock.')}"
    if order_online_source(order=order) is None:
        return f"{message} {_('À encaisser au comptoir : %(amount)s €.') % {'amount': amount}}"
    if partial:
        return f"{message} {_('Paiement en ligne : %(amount)s € seront débités, pas plus.') % {'amount': amount}}"
    return message
