"""The shopkeeper sign-up wizard: a landing page, four steps saved as they go, email confirmation, done.

The shop is always the one the signed-in user owns (shops.selectors.signup); no id ever comes from the request.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from shops.selectors import signup as selectors
from shops.services import signup as services
from shops.signup.forms import TOWN_LIST_ID, AccountForm, BusinessForm, HoursForm, ShopForm
from shops.space.forms import form_add_errors
from shops.territory import TOWNS

STEP_TITLES = {
    1: _("Votre compte"),
    2: _("Votre entreprise"),
    3: _("Votre boutique"),
    4: _("Horaires et conditions"),
}
STEP_SHORT_TITLES = {1: _("Compte"), 2: _("Entreprise"), 3: _("Boutique"), 4: _("Horaires")}
STEP_TEMPLATES = {
    1: "shops/signup/step_account.html",
    2: "shops/signup/step_business.html",
    3: "shops/signup/step_shop.html",
    4: "shops/signup/step_hours.html",
}


def _step_url(step: int) -> str:
    return reverse("signup:step", kwargs={"step": step})


def _resume_url(*, user, shop) -> str:
    """Where a user who opens the wizard belongs: their dashboard, the waiting page or the step reached."""
    if selectors.signup_user_has_approved_shop(user=user):
        return reverse("dashboard:index")
    if not selectors.signup_shop_is_editable(shop=shop):
        return reverse("signup:done")
    return _step_url(selectors.signup_step_reached(user=user, shop=shop))


def _render_step(request, *, step: int, shop, context: dict):
    reached = selectors.signup_step_reached(user=request.user, shop=shop)
    steps = [
        {
            "number": number,
            "title": STEP_TITLES[number],
            "short_title": STEP_SHORT_TITLES[number],
            "url": _step_url(number),
            "state": "current" if number == step else ("open" if number <= reached else "locked"),
        }
        for number in STEP_TITLES
    ]
    rejection = selectors.signup_rejection_latest(shop=shop)
    context = {
        "step": step,
        "step_count": len(STEP_TITLES),
        "step_title": STEP_TITLES[step],
        "steps": steps,
        "shop": shop,
        "rejection": rejection,
        "email_confirmed": request.user.is_authenticated and request.user.email_confirmed_at is not None,
        **context,
    }
    return render(request, STEP_TEMPLATES[step], context)


def index(request):
    """The shopkeepers' landing page: what the sign-up asks for, and a way in or back."""
    shop = selectors.signup_shop_for_user(user=request.user)
    context = {"shop": shop, "has_approved_shop": selectors.signup_user_has_approved_shop(user=request.user)}
    return render(request, "shops/signup/landing.html", context)


def start(request):
    """/commercants/inscription/: send the user to the step they reached (or further along, if done)."""
    shop = selectors.signup_shop_for_user(user=request.user)
    return redirect(_resume_url(user=request.user, shop=shop))


def step(request, step: int):
    """One wizard step; a step past the one reached sends back to the one reached."""
    if step not in STEP_TITLES:
        raise Http404
    user = request.user
    shop = selectors.signup_shop_for_user(user=user)
    if selectors.signup_user_has_approved_shop(user=user):
        return redirect("dashboard:index")
    if not selectors.signup_shop_is_editable(shop=shop):
        return redirect("signup:done")
    reached = selectors.signup_step_reached(user=user, shop=shop)
    if step > reached:
        return redirect(_step_url(reached))
    return {1: _step_account, 2: _step_business, 3: _step_shop, 4: _step_hours}[step](request, shop=shop)


def _step_account(request, *, shop):
    if request.user.is_authenticated:
        # The account exists: step 1 shows it, with the confirmation status, and leads on.
        if request.method == "POST":
            return redirect(_step_url(2))
        return _render_step(request, step=1, shop=shop, context={"form": None})
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.signup_account_create(
                email=data["email"],
                password=data["password"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=data["phone"],
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            login(request, user, backend="oscar.apps.customer.auth_backends.EmailBackend")
            messages.success(
                request,
                _("Votre compte est créé. Nous vous avons envoyé un email à %(email)s pour confirmer votre adresse.")
                % {"email": user.email},
            )
            return redirect(_step_url(2))
    return _render_step(request, step=1, shop=shop, context={"form": form})


def _step_business(request, *, shop):
    form = BusinessForm(request.POST or None, shop=shop)
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_business_save(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            return redirect(_step_url(3))
    return _render_step(request, step=2, shop=shop, context={"form": form})


def _step_shop(request, *, shop):
    # A new shop's contact details start as the shopkeeper's own; they may differ.
    initial = {"email": shop.email or request.user.email, "phone": shop.phone or request.user.phone}
    if request.method == "POST":
        form = ShopForm(request.POST, request.FILES, instance=shop)
    else:
        form = ShopForm(instance=shop, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signup_shop_save(shop=shop, data=data, logo=data.get("logo"), cover=data.get("cover"))
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            return redirect(_step_url(4))
    towns = {
        town.name: {"lat": str(town.latitude), "lng": str(town.longitude), "postcode": town.postcode} for town in TOWNS
    }
    context = {"form": form, "towns": towns, "town_list_id": TOWN_LIST_ID, "default_town": TOWNS[0]}
    return _render_step(request, step=3, shop=shop, context=context)


def _step_hours(request, *, shop):
    submitting = request.POST.get("action") == "submit"
    form = HoursForm(request.POST or None, shop=shop, submitting=submitting)
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_hours_save(shop=shop, ranges=form.cleaned_data["ranges"])
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            if not submitting:
                messages.success(
                    request, _("Vos horaires sont enregistrés. Vous pourrez soumettre votre boutique plus tard.")
                )
                return redirect(_step_url(4))
            try:
                services.shop_submit(shop=shop, user=request.user)
            except ValidationError as error:
                # The hours are kept: the shopkeeper may confirm their email (the notice on the page
                # offers a new link) or complete an earlier step, and come back to submit.
                for message in error.messages:
                    messages.error(request, message)
                messages.info(request, _("Vos horaires sont enregistrés."))
                return redirect(_step_url(4))
            return redirect("signup:done")
    context = {
        "form": form,
        "missing": services.shop_missing_fields(shop=shop, include_hours=False),
        "terms_url": "/cgu/",
    }
    return _render_step(request, step=4, shop=shop, context=context)


def confirm_email(request, token: str):
    """The link of the confirmation email: marks the address confirmed, signed in or not."""
    try:
        user = services.signup_email_confirm(token=token)
    except ValidationError as error:
        return render(request, "shops/signup/confirm_email.html", {"error": error}, status=400)
    same_user = request.user.is_authenticated and request.user.pk == user.pk
    return render(request, "shops/signup/confirm_email.html", {"confirmed_user": user, "same_user": same_user})


@require_POST
def resend_email(request):
    """Send the signed-in user a new confirmation link, then go back where they were."""
    if not request.user.is_authenticated:
        return redirect("signup:start")
    if request.user.email_confirmed_at is not None:
        messages.info(request, _("Votre adresse email est déjà confirmée."))
    else:
        services.signup_confirmation_send(user=request.user)
        messages.success(
            request, _("Un nouvel email de confirmation a été envoyé à %(email)s.") % {"email": request.user.email}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("signup:start")
    return redirect(target)


def done(request):
    """After submission: the shop waits for the CCI's validation."""
    shop = selectors.signup_shop_for_user(user=request.user)
    if shop is None or selectors.signup_shop_is_editable(shop=shop):
        return redirect("signup:start")
    if selectors.signup_user_has_approved_shop(user=request.user):
        return redirect("dashboard:index")
    return render(request, "shops/signup/done.html", {"shop": shop})
