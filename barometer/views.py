"""/barometre/: the public barometer of local business. Filters in the address; the page cache serves it."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from kernel.spreadsheets import csv_response

from .market_selectors import market_figures
from .selectors import Filters, survey_figures


@require_safe
def index(request):
    filters = Filters.from_query(request.GET)
    survey = survey_figures(filters=filters)
    market = market_figures(town=filters.town, category=filters.category)
    wanted = request.GET.get("csv")
    if wanted:
        tables = [t for block in survey.questions for t in block["tables"]] + market.tables
        table = next((t for t in tables if t.key == wanted), None)
        if table is None:
            raise Http404
        return csv_response(filename=f"barometre-{table.key}.csv", header=table.header, rows=table.rows)
    towns = sorted(set(survey.towns) | set(market.towns))
    query = request.GET.copy()
    query.pop("csv", None)
    return render(
        request,
        "barometer/index.html",
        {
            "title": _("Baromètre de l'économie locale"),
            "filters": filters,
            "survey": survey,
            "market": market,
            "towns": towns,
            "query": query.urlencode(),
        },
    )
