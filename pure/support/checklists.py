"""The checklists' aggregated results for the support cell: per section, the share of businesses that have
done each item, on screen and as CSV. Never one business's answers."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kernel.spreadsheets import csv_response

from ..models import Checklist
from ..selectors.checklists import checklist_results
from .guard import advisers_only


@require_safe
@advisers_only()
def checklist_list(request):
    checklists = Checklist.objects.order_by("title")
    return render(
        request, "pure/support/checklists.html", {"title": _("Check-lists : résultats"), "checklists": checklists}
    )


def _checklist(pk) -> Checklist:
    checklist = Checklist.objects.filter(pk=pk).first()
    if checklist is None:
        raise Http404
    return checklist


@require_safe
@advisers_only(about_one=True)
def checklist_results_view(request, pk):
    checklist = _checklist(pk)
    respondents, sections = checklist_results(checklist=checklist)
    return render(
        request,
        "pure/support/checklist_results.html",
        {"title": checklist.title, "checklist": checklist, "respondents": respondents, "sections": sections},
    )


@require_safe
@advisers_only(about_one=True)
def checklist_results_csv(request, pk):
    checklist = _checklist(pk)
    respondents, sections = checklist_results(checklist=checklist)
    return csv_response(
        filename=f"check-list-{checklist.slug}.csv",
        header=[_t("Section"), _t("Point"), _t("Entreprises l'ayant fait"), _t("Entreprises"), _t("Part (%)")],
        rows=(
            [section.title, item.label, item.done, item.respondents, item.percent]
            for section in sections
            for item in section.items
        ),
    )
