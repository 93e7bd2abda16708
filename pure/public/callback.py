"""The call-back request: the form, the "sent" page with the reference."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from shops.access import shop_of_user
from shops.space.forms import form_add_errors

from ..models import Checklist, Topic
from ..selectors.hotline import hotline_now
from ..services.callbacks import CallbackInput, callback_request_create
from .forms import CallbackForm
from .throttle import callback_rate_count, callback_rate_exceeded

SESSION_REFERENCE = "pure_callback_reference"


def _initial(request) -> dict:
    """What the form can already say: the topic and checklist of the link, the signed-in owner's details."""
    initial = {}
    topic = request.GET.get("sujet", "")
    if topic in Topic.values:
        initial["topic"] = topic
    user = request.user
    if user.is_authenticated:
        initial.update(name=user.get_full_name(), email=user.email, phone=getattr(user, "phone", ""))
        shop = shop_of_user(user)
        if shop is not None:
            initial.update(company=shop.legal_name or shop.name, siret=shop.siret, phone=initial["phone"] or shop.phone)
    return initial


def _checklist(request) -> Checklist | None:
    slug = request.POST.get("checklist") or request.GET.get("checklist") or ""
    return Checklist.objects.filter(slug=slug[:80], live=True).first() if slug else None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def callback(request):
    checklist = _checklist(request)
    status = 200
    if request.method != "POST":
        form = CallbackForm(initial=_initial(request))
    elif callback_rate_exceeded(request):
        form = CallbackForm(request.POST)
        form.is_valid()
        form.add_error(
            None,
            _(
                "Vous avez déjà envoyé plusieurs demandes dans l'heure : appelez plutôt Allo CCI, "
                "ou réessayez plus tard."
            ),
        )
        status = 429
    else:
        form = CallbackForm(request.POST)
        if form.is_valid() and form.cleaned_data["website"]:
            # A robot filled the hidden field: it gets the same answer as a person, and nothing is recorded.
            callback_rate_count(request)
            request.session[SESSION_REFERENCE] = ""
            return redirect("pure:callback-sent")
        if form.is_valid():
            data = {key: form.cleaned_data[key] for key in CallbackInput.__dataclass_fields__}
            try:
                created = callback_request_create(data=CallbackInput(**data), user=request.user, checklist=checklist)
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                callback_rate_count(request)
                request.session[SESSION_REFERENCE] = created.reference
                return redirect("pure:callback-sent")
    context = {"form": form, "checklist": checklist, "hotline": hotline_now()}
    return render(request, "pure/public/callback.html", context, status=status)


@never_cache
@require_safe
def callback_sent(request):
    if SESSION_REFERENCE not in request.session:
        return redirect("pure:callback")
    return render(
        request,
        "pure/public/callback_sent.html",
        {"reference": request.session[SESSION_REFERENCE], "hotline": hotline_now()},
    )
