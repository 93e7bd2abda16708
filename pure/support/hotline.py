"""The hotline's number, text, hours and closures, edited by the CCI's support cell in the dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from shops.space.forms import form_add_errors

from ..models import HotlineClosure
from ..selectors.hotline import hotline_info
from ..services import hotline as services
from .forms import HotlineClosureForm, HotlineForm
from .guard import advisers_only


@require_http_methods(["GET", "HEAD", "POST"])
@advisers_only()
def hotline_edit(request):
    form = HotlineForm(initial=HotlineForm.initial_for_hotline(hotline_info()))
    closure_form = HotlineClosureForm(prefix="closure")
    if request.method == "POST" and "add_closure" in request.POST:
        closure_form = HotlineClosureForm(request.POST, prefix="closure")
        if closure_form.is_valid():
            try:
                services.hotline_closure_add(**closure_form.cleaned_data)
            except ValidationError as error:
                form_add_errors(closure_form, error)
            else:
                messages.success(request, _("La fermeture est enregistrée : elle s'affiche sur le site."))
                return redirect("pure-support:hotline")
    elif request.method == "POST":
        form = HotlineForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.hotline_update(phone=data["phone"], text=data["text"], ranges=data["ranges"])
            except ValidationError as error:
                form_add_errors(form, error)
            else:
                messages.success(request, _("La ligne Allo CCI est à jour sur tout le site."))
                return redirect("pure-support:hotline")
    today = timezone.localdate()
    closures = HotlineClosure.objects.filter(ends_on__gte=today)
    return render(
        request,
        "pure/support/hotline.html",
        {"form": form, "closure_form": closure_form, "closures": closures, "title": _("Ligne Allo CCI")},
    )


@require_POST
@advisers_only(about_one=True)
def hotline_closure_delete(request, pk):
    if services.hotline_closure_delete(closure_id=pk):
        messages.success(request, _("La fermeture est supprimée."))
    return redirect("pure-support:hotline")
