"""The support cell's call-back queue in Oscar's dashboard: the list with its filters, one request and its actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from ..models import CallbackRequest, Topic
from ..selectors.callbacks import AGES, callback_counts, callback_detail, callback_queue, overdue_cutoff
from ..services import callbacks as services
from .forms import AssignForm, NoteForm, StatusForm
from .guard import advisers_only

PAGE_SIZE = 30
AGE_LABELS = {
    "today": _("Aujourd'hui"),
    "late": _("En attente depuis plus d'un jour ouvré"),
    "week": _("Plus d'une semaine"),
}


@require_safe
@advisers_only()
def queue(request):
    status = request.GET.get("status", "")
    topic = request.GET.get("topic", "")
    age = request.GET.get("age", "")
    requests = callback_queue(status=status, topic=topic, age=age)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = callback_counts()
    return render(
        request,
        "pure/support/queue.html",
        {
            "title": _("Demandes de rappel"),
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "requests": page,
            "counts": counts,
            "late_before": overdue_cutoff(now=timezone.now()),
            "filters": {
                "status": status,
                "topic": topic if topic in Topic.values else "",
                "age": age if age in AGES else "",
            },
            "statuses": [(value, label, counts[value]) for value, label in CallbackRequest.Status.choices],
            "topics": Topic.choices,
            "ages": list(AGE_LABELS.items()),
        },
    )


def _detail_render(request, *, pk, assign_form=None, status_form=None, note_form=None, http_status=200):
    callback = callback_detail(pk=pk)
    if callback is None:
        raise Http404
    advisers = services.advisers()
    context = {
        "title": callback.reference,
        "callback": callback,
        "assign_form": assign_form or AssignForm(advisers=advisers, initial={"adviser": callback.adviser_id}),
        "status_form": status_form or StatusForm(),
        "note_form": note_form or NoteForm(),
        "transitions": [str(s) for s in services.TRANSITIONS[CallbackRequest.Status(callback.status)]],
    }
    return render(request, "pure/support/detail.html", context, status=http_status)


@require_safe
@advisers_only(about_one=True)
def detail(request, pk):
    return _detail_render(request, pk=pk)


def _done(request, pk, message):
    messages.success(request, message)
    return redirect(reverse("pure-support:detail", args=[pk]))


@require_POST
@advisers_only(about_one=True)
def assign(request, pk):
    form = AssignForm(request.POST, advisers=services.advisers())
    if form.is_valid():
        try:
            services.callback_assign(
                request_id=pk, adviser=form.cleaned_data["adviser"], actor=request.user, note=form.cleaned_data["note"]
            )
        except CallbackRequest.DoesNotExist as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, pk, _("La demande est attribuée."))
    return _detail_render(request, pk=pk, assign_form=form, http_status=400)


@require_POST
@advisers_only(about_one=True)
def status(request, pk):
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.callback_status_set(
                request_id=pk, status=form.cleaned_data["status"], actor=request.user, note=form.cleaned_data["note"]
            )
        except CallbackRequest.DoesNotExist as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(reverse("pure-support:detail", args=[pk]))
        else:
            return _done(request, pk, _("La demande est à jour."))
    return _detail_render(request, pk=pk, status_form=form, http_status=400)


@require_POST
@advisers_only(about_one=True)
def note(request, pk):
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.callback_note_add(request_id=pk, author=request.user, text=form.cleaned_data["text"])
        except CallbackRequest.DoesNotExist as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error("text", error)
        else:
            return _done(request, pk, _("La note est ajoutée."))
    return _detail_render(request, pk=pk, note_form=form, http_status=400)
