"""The restart checklist for business owners: tick it (no JavaScript needed), get the diagnosis, come back.

Anyone may fill it and see the diagnosis; a signed-in owner's answers are kept, so that they can resume
from their last answers and compare their scores over time. Nobody else ever sees one owner's answers.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from kernel.pdf import pdf_response

from ..invoices import diagnosis_document
from ..models import ChecklistAnswer
from ..selectors.checklists import answers_of, checklist_live_get, checklist_sections
from ..services.checklists import checklist_answer_save, checklist_diagnose

# More ticks than any checklist has items is not a person ticking boxes.
MAX_TICKS = 500


def _checklist_or_404(slug):
    checklist = checklist_live_get(slug=slug)
    if checklist is None:
        raise Http404
    return checklist


def _callback_url(checklist) -> str:
    return f"{reverse('pure:callback')}?sujet={checklist.topic}&checklist={checklist.slug}"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def checklist(request, slug):
    checklist = _checklist_or_404(slug)
    if request.method == "POST":
        ticked = request.POST.getlist("item")[:MAX_TICKS]
        if request.user.is_authenticated:
            answer, _diagnosis = checklist_answer_save(checklist=checklist, user=request.user, done=ticked)
            return redirect("pure:diagnosis", slug=checklist.slug, pk=answer.pk)
        done, diagnosis = checklist_diagnose(checklist=checklist, done=ticked)
        return _diagnosis_render(request, checklist=checklist, diagnosis=diagnosis, done=done, answer=None)
    history = list(answers_of(checklist=checklist, user=request.user)[:12])
    done = set(history[0].done) if history else set()
    return render(
        request,
        "pure/public/checklist.html",
        {
            "checklist": checklist,
            "sections": checklist_sections(checklist),
            "done": done,
            "history": history,
            "resumed": bool(history),
        },
    )


def _diagnosis_render(request, *, checklist, diagnosis, done, answer: ChecklistAnswer | None):
    history = list(answers_of(checklist=checklist, user=request.user)[:12])
    return render(
        request,
        "pure/public/diagnosis.html",
        {
            "checklist": checklist,
            "diagnosis": diagnosis,
            "done": done,
            "answer": answer,
            "history": history,
            "callback_url": _callback_url(checklist),
        },
    )


def _own_answer(request, checklist, pk):
    # Someone else's answer is no different from one that does not exist.
    answer = answers_of(checklist=checklist, user=request.user).filter(pk=pk).first()
    if answer is None:
        raise Http404
    return answer


@never_cache
@require_http_methods(["GET", "HEAD"])
def diagnosis(request, slug, pk):
    checklist = _checklist_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    answer = _own_answer(request, checklist, pk)
    done, diagnosis = checklist_diagnose(checklist=checklist, done=answer.done)
    return _diagnosis_render(request, checklist=checklist, diagnosis=diagnosis, done=done, answer=answer)


@never_cache
@require_http_methods(["GET", "HEAD"])
def diagnosis_pdf(request, slug, pk):
    """A saved diagnosis as a PDF file, for its owner only."""
    checklist = _checklist_or_404(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    answer = _own_answer(request, checklist, pk)
    _done, diagnosis = checklist_diagnose(checklist=checklist, done=answer.done)
    document = diagnosis_document(checklist=checklist, diagnosis=diagnosis, when=answer.created_at)
    return pdf_response(filename=f"diagnostic-{checklist.slug}.pdf", document=document)


@never_cache
@require_http_methods(["POST"])
def diagnosis_pdf_posted(request, slug):
    """The diagnosis of the ticks sent (a visitor who is not signed in keeps nothing on the server)."""
    checklist = _checklist_or_404(slug)
    _done, diagnosis = checklist_diagnose(checklist=checklist, done=request.POST.getlist("item")[:MAX_TICKS])
    document = diagnosis_document(checklist=checklist, diagnosis=diagnosis)
    return pdf_response(filename=f"diagnostic-{checklist.slug}.pdf", document=document)
