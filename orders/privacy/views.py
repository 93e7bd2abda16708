"""The shopper's "Mes données" page (RGPD): download everything the site holds about them (JSON, CSV), and
delete their account (their orders stay with the shops, without their name, email or phone)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from kernel.spreadsheets import csv_response

from ..selectors.privacy import account_data, account_data_rows
from ..services.privacy import AccountDeletionRefused, account_delete
from .forms import AccountDeleteForm


def _filename(extension: str) -> str:
    return f"mes-donnees-en-bas-de-ma-rue-{timezone.localdate():%Y%m%d}.{extension}"


def _page(request, form):
    return render(
        request,
        "orders/privacy/my_data.html",
        {"form": form, "page_title": _("Mes données"), "active_tab": "my-data"},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_data(request):
    if request.method != "POST":
        return _page(request, AccountDeleteForm(user=request.user))
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form)
    try:
        account_delete(user=request.user)
    except AccountDeletionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("my-data:index")
    logout(request)
    messages.success(
        request,
        _(
            "Votre compte est supprimé. Vos commandes restent chez les boutiques, sans votre nom, votre email "
            "ni votre téléphone."
        ),
    )
    return redirect("home")


@never_cache
@login_required
@require_safe
def my_data_json(request):
    document = json.dumps(account_data(user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


@never_cache
@login_required
@require_safe
def my_data_csv(request):
    return csv_response(
        filename=_filename("csv"),
        header=[_("Rubrique"), _("Référence"), _("Donnée"), _("Valeur")],
        rows=account_data_rows(data=account_data(user=request.user)),
    )
