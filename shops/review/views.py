"""The CCI's review of shops, in Oscar's dashboard: the queue, every shop, one shop and its decisions.

Access: CCI reviewers only (shops.access.user_is_shop_reviewer). Anonymous visitors go to
the dashboard's login page, as everywhere in Oscar's dashboard. Signed-in people without the right
get 403 on the two lists (their address is no secret: it is in the dashboard's menu code) and 404 on
anything about one shop, so that nobody outside the CCI can tell which shop numbers exist.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from shops.access import user_is_shop_reviewer
from shops.html import sanitize_html
from shops.models import Shop
from shops.selectors import review as selectors
from shops.services import review as services

from .forms import ShopReinstateForm, ShopRejectForm, ShopSuspendForm

QUEUE_PAGE_SIZE = 20
LIST_PAGE_SIZE = 50


def _reviewers_only(*, about_one_shop: bool):
    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                # A decision URL only answers POST: after signing in, come back to the shop's page.
                after = reverse("shop-review:detail", args=[kwargs["pk"]]) if about_one_shop else request.path
                return redirect_to_login(after, reverse("dashboard:login"))
            if not user_is_shop_reviewer(request.user):
                if about_one_shop:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


@require_safe
@_reviewers_only(about_one_shop=False)
def queue(request):
    page = Paginator(selectors.shop_review_queue(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    warnings = selectors.shop_warnings(shops=list(page))
    return render(
        request,
        "shops/dashboard/review/queue.html",
        {
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "rows": [(shop, warnings[shop.pk]) for shop in page],
        },
    )


@require_safe
@_reviewers_only(about_one_shop=False)
def shop_list(request):
    status = request.GET.get("status", "")
    status = status if status in Shop.Status.values else ""
    # PostgreSQL refuses NUL in a query parameter, and no name or SIRET holds a control character.
    query = "".join(char for char in request.GET.get("q", "")[:100] if char.isprintable())
    page = Paginator(selectors.shop_review_list(status=status, query=query), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = selectors.shop_status_counts()
    return render(
        request,
        "shops/dashboard/review/shop_list.html",
        {
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "shops": page,
            "status": status,
            "query": query,
            "statuses": [(value, label, counts[value]) for value, label in Shop.Status.choices],
            "total": sum(counts.values()),
        },
    )


@require_safe
@_reviewers_only(about_one_shop=True)
def detail(request, pk):
    return _detail_render(request, pk=pk)


@require_POST
@_reviewers_only(about_one_shop=True)
def approve(request, pk):
    shop = get_object_or_404(Shop, pk=pk)
    try:
        shop = services.shop_approve(shop=shop, actor=request.user)
    except ValidationError as error:
        return _refused(request, shop=shop, error=error)
    messages.success(
        request,
        _("La boutique « %(name)s » est validée : elle est en ligne et son titulaire est prévenu par email.")
        % {"name": shop.name},
    )
    return redirect("shop-review:index")


@require_POST
@_reviewers_only(about_one_shop=True)
def reject(request, pk):
    return _decide_with_reason(
        request,
        pk=pk,
        form_class=ShopRejectForm,
        service=services.shop_reject,
        success=_("La boutique « %(name)s » est refusée ; le motif est envoyé au commerçant."),
        then="shop-review:index",
    )


@require_POST
@_reviewers_only(about_one_shop=True)
def suspend(request, pk):
    return _decide_with_reason(
        request,
        pk=pk,
        form_class=ShopSuspendForm,
        service=services.shop_suspend,
        success=_("La boutique « %(name)s » est suspendue : sa vitrine et ses produits ne sont plus en ligne."),
        then="shop-review:detail",
    )


@require_POST
@_reviewers_only(about_one_shop=True)
def reinstate(request, pk):
    return _decide_with_reason(
        request,
        pk=pk,
        form_class=ShopReinstateForm,
        service=services.shop_reinstate,
        success=_("La boutique « %(name)s » est rétablie : elle est de nouveau en ligne."),
        then="shop-review:detail",
    )


def _decide_with_reason(request, *, pk, form_class, service, success, then):
    shop = get_object_or_404(Shop, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail_render(request, pk=pk, bound_form=form)
    try:
        shop = service(shop=shop, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        if getattr(error, "code", None) == "invalid_transition":
            return _refused(request, shop=shop, error=error)
        form.add_error("reason", error)
        return _detail_render(request, pk=pk, bound_form=form)
    messages.success(request, success % {"name": shop.name})
    if then == "shop-review:detail":
        return redirect(then, pk=shop.pk)
    return redirect(then)


def _refused(request, *, shop, error: ValidationError):
    # Usually another reviewer decided first: say so on the shop's page, which shows their decision.
    for message in error.messages:
        messages.error(request, message)
    return redirect("shop-review:detail", pk=shop.pk)


def _detail_render(request, *, pk, bound_form=None):
    try:
        shop = selectors.shop_review_detail(pk=pk)
    except Shop.DoesNotExist:
        raise Http404 from None
    forms = {
        "reject_form": ShopRejectForm(),
        "suspend_form": ShopSuspendForm(),
        "reinstate_form": ShopReinstateForm(),
    }
    if bound_form is not None:
        forms[f"{bound_form.prefix}_form"] = bound_form
    return render(
        request,
        "shops/dashboard/review/shop_detail.html",
        {
            "shop": shop,
            "warnings": selectors.shop_warnings(shops=[shop])[shop.pk],
            "hours": selectors.opening_hours_by_day(shop=shop),
            # Cleaned again here: the description is shown to staff, whose session is worth more than a
            # shopper's, and a row written by any path other than the profile service is not trusted.
            "description_html": mark_safe(sanitize_html(shop.description)),  # noqa: S308 - just sanitised
            "decisions": shop.decisions.all(),
            "partner_users": shop.partner.users.all(),
            "Status": Shop.Status,
            **forms,
        },
    )
