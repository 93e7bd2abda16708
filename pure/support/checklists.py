"""The checklists' aggregated results for the support cell: per section, the share of businesses that have
done each item, on screen and as CSV. Never one business's answers."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from ..models import Checklist
from ..selectors.checklists import checklist_results
from .guard import advisers_only

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """The value as a CSV cell that no spreadsheet will run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="check-list-{checklist.slug}.csv"'
    # A BOM, so that spreadsheet software reads the accents as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_t("Section"), _t("Point"), _t("Entreprises l'ayant fait"), _t("Entreprises"), _t("Part (%)")])
    for section in sections:
        for item in section.items:
            writer.writerow([csv_cell(section.title), csv_cell(item.label), item.done, item.respondents, item.percent])
    return response
