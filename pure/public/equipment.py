"""Protective equipment through business-only channels: apply to be a verified business, see and order
the equipment (prices HT and TTC), download each order's invoice.

Everything here is personal (never cached); the products themselves are hidden from everyone else by
shops.selectors.visibility.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kernel.pdf import pdf_response
from shops.selectors.business import business_account_for
from shops.selectors.visibility import business_identity
from shops.services.business import business_account_apply
from shops.space.forms import form_add_errors

from ..invoices import invoice_document
from ..selectors.equipment import business_orders_of, equipment_rows, invoice_order_get
from .forms import BusinessAccountForm


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def business_account(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    account = business_account_for(user=request.user)
    identity = business_identity(user=request.user)
    form = None
    may_apply = identity is None and (account is None or account.status == account.Status.REJECTED)
    if may_apply:
        form = BusinessAccountForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                business_account_apply(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("Votre demande est envoyée : la CCI vérifie votre SIRET."))
                return redirect("pure:business-account")
    status = 400 if form is not None and form.errors else 200
    context = {"account": account, "identity": identity, "form": form}
    return render(request, "pure/public/business_account.html", context, status=status)


@never_cache
@require_safe
def equipment(request):
    identity = business_identity(user=request.user)
    rows = equipment_rows(user=request.user, strategy=request.strategy) if identity else []
    context = {
        "identity": identity,
        "rows": rows,
        "orders": business_orders_of(user=request.user) if identity else [],
        "account": business_account_for(user=request.user),
    }
    return render(request, "pure/public/equipment.html", context)


@never_cache
@require_safe
def invoice(request, number):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    order = invoice_order_get(user=request.user, number=number)
    if order is None:
        raise Http404
    return pdf_response(filename=f"facture-{order.number}.pdf", document=invoice_document(order=order))
