"""The CCI's review of business accounts (members who want to order protective equipment), beside the
shops' queue, and the flag that makes a shop a business-only channel. Same access as the shops' review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from shops.models import BusinessAccount, Shop
from shops.selectors import business as selectors
from shops.services import business as services

from .forms import BusinessCapForm, BusinessRejectForm
from .views import _reviewers_only

PAGE_SIZE = 30


@require_safe
@_reviewers_only(about_one_shop=False)
def account_queue(request):
    page = Paginator(selectors.business_account_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(account, selectors.business_account_siret_known(siret=account.siret)) for account in page]
    return render(
        request,
        "shops/dashboard/review/business_accounts.html",
        {"page_obj": page, "paginator": page.paginator, "is_paginated": page.has_other_pages(), "rows": rows},
    )


@require_POST
@_reviewers_only(about_one_shop=True)
def account_approve(request, pk):
    account = get_object_or_404(BusinessAccount, pk=pk)
    try:
        account = services.business_account_approve(account=account, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("« %(name)s » est une entreprise vérifiée : elle peut commander.") % {"name": account.legal_name}
        )
    return redirect("shop-review:business-accounts")


@require_POST
@_reviewers_only(about_one_shop=True)
def account_reject(request, pk):
    account = get_object_or_404(BusinessAccount, pk=pk)
    form = BusinessRejectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        account = services.business_account_reject(account=account, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La demande de « %(name)s » est refusée.") % {"name": account.legal_name})
    return redirect("shop-review:business-accounts")


@require_POST
@_reviewers_only(about_one_shop=True)
def shop_business_only(request, pk):
    shop = get_object_or_404(Shop, pk=pk)
    business_only = request.POST.get("business_only") == "1"
    shop = services.shop_business_only_set(shop=shop, actor=request.user, business_only=business_only)
    if shop.business_only:
        message = _("« %(name)s » est un canal réservé aux entreprises : invisible du public.")
    else:
        message = _("« %(name)s » est de nouveau une boutique ouverte à tous.")
    messages.success(request, message % {"name": shop.name})
    return redirect("shop-review:detail", pk=shop.pk)


@require_POST
@_reviewers_only(about_one_shop=True)
def shop_cap(request, pk):
    shop = get_object_or_404(Shop, pk=pk)
    form = BusinessCapForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        services.business_cap_set(shop=shop, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Plafond enregistré."))
    return redirect(reverse("shop-review:detail", kwargs={"pk": shop.pk}) + "#business-channel")
