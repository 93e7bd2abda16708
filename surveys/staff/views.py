"""The CCI staff's survey screens in the dashboard: the member list (import, bounces), the waves and their
sending with a progress bar, and a wave's free-text answers (staff only)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ..access import user_is_survey_staff
from ..models import Mailing, Wave
from ..questions import survey_questions
from ..selectors.staff import mailings_recent, members_summary, surveys_overview, wave_texts
from ..services.mailings import mailing_start
from ..services.members import MemberImportError, members_import, members_mark_bounced
from .forms import BouncesForm, MemberImportForm


def staff_only(view):
    @wraps(view)
    @never_cache
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("dashboard:login"))
        if not user_is_survey_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _index_context(**forms) -> dict:
    return {
        "title": _("Enquêtes"),
        "surveys": surveys_overview(),
        "members": members_summary(),
        "mailings": mailings_recent(),
        "import_form": forms.get("import_form") or MemberImportForm(),
        "bounces_form": forms.get("bounces_form") or BouncesForm(),
        "import_errors": forms.get("import_errors") or [],
    }


@require_safe
@staff_only
def index(request):
    return render(request, "surveys/staff/index.html", _index_context())


@require_POST
@staff_only
def members_upload(request):
    form = MemberImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "surveys/staff/index.html", _index_context(import_form=form), status=400)
    try:
        result = members_import(data=form.cleaned_data["file"].read())
    except MemberImportError as error:
        return render(
            request,
            "surveys/staff/index.html",
            _index_context(import_form=form, import_errors=error.errors),
            status=400,
        )
    messages.success(
        request,
        _t("Liste importée : %(created)s entreprises ajoutées, %(updated)s mises à jour.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect("surveys-staff:index")


@require_POST
@staff_only
def bounces(request):
    form = BouncesForm(request.POST)
    if not form.is_valid():
        return render(request, "surveys/staff/index.html", _index_context(bounces_form=form), status=400)
    count = members_mark_bounced(emails=form.cleaned_data["emails"].splitlines())
    messages.success(request, _t("%(count)s adresses marquées en échec.") % {"count": count})
    return redirect("surveys-staff:index")


@require_POST
@staff_only
def wave_send(request, pk):
    wave = get_object_or_404(Wave, pk=pk)
    mailing = mailing_start(wave=wave, user=request.user)
    if not mailing.total:
        messages.info(request, _t("Toutes les entreprises joignables ont déjà reçu le lien de cette vague."))
    return redirect("surveys-staff:mailing", pk=mailing.pk)


@require_safe
@staff_only
def mailing(request, pk):
    mailing = get_object_or_404(Mailing.objects.select_related("wave__survey"), pk=pk)
    return render(request, "surveys/staff/mailing.html", {"title": _("Envoi des liens"), "mailing": mailing})


@require_safe
@staff_only
def wave_detail(request, pk):
    wave = get_object_or_404(Wave.objects.select_related("survey"), pk=pk)
    labels = {question.id: question.label for question in survey_questions(wave.survey)}
    texts = [(labels.get(answer.question, "?"), answer) for answer in wave_texts(wave=wave)]
    return render(
        request,
        "surveys/staff/wave.html",
        {"title": str(wave), "wave": wave, "texts": texts, "responses": wave.responses.count()},
    )
