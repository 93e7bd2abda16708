"""A member's personal pages, reached from the email with no account: answer a wave, opt out of surveys."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..links import answer_token_read, opt_out_token_read
from ..models import Member, Response, Wave
from ..questions import survey_questions
from ..services.members import member_opt_out
from ..services.responses import AlreadyAnswered, WaveClosed, response_submit
from .forms import AnswerForm


def _member_and_wave(token: str) -> tuple[Member, Wave]:
    ids = answer_token_read(token)
    if ids is None:
        raise Http404
    member = Member.objects.filter(pk=ids[0]).first()
    wave = Wave.objects.select_related("survey").filter(pk=ids[1]).first()
    if member is None or wave is None:
        raise Http404
    return member, wave


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token):
    member, wave = _member_and_wave(token)
    context = {"member": member, "wave": wave, "survey": wave.survey, "title": wave.survey.title}
    if Response.objects.filter(wave=wave, member=member).exists():
        return render(request, "surveys/public/answered.html", context)
    if not wave.is_open():
        return render(request, "surveys/public/closed.html", context, status=410 if request.method == "POST" else 200)
    questions = survey_questions(wave.survey)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(wave=wave, member=member, questions=questions, answers=form.cleaned_data)
        except AlreadyAnswered:
            return render(request, "surveys/public/answered.html", context)
        except WaveClosed:
            return render(request, "surveys/public/closed.html", context, status=410)
        return render(request, "surveys/public/thanks.html", context)
    return render(request, "surveys/public/answer.html", {**context, "form": form}, status=400 if form.errors else 200)


# A mail client's one-click unsubscribe (RFC 8058) posts without a CSRF token; the signed link is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token):
    member_id = opt_out_token_read(token)
    member = Member.objects.filter(pk=member_id).first() if member_id else None
    if member is None:
        raise Http404
    if request.method == "POST":
        member_opt_out(member_id=member.pk)
        member.refresh_from_db(fields=["opted_out_at"])
    return render(
        request, "surveys/public/opt_out.html", {"member": member, "title": _("Ne plus recevoir nos enquêtes")}
    )
