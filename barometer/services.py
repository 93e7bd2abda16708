"""Rebuilding the barometer's summary rows: a wave's answers (after each response, by a task) and the
marketplace's figures (by the clock, `manage.py barometer_refresh`). Each rebuild replaces its rows in one
transaction, so the page never reads half a summary."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Sum

from surveys.models import Answer, Response, Wave

from .models import SurveyCell
from .rollup import rollup


@transaction.atomic
def wave_summary_refresh(*, wave_id: int) -> int:
    """Replace the wave's summary rows by counts of its responses and answers at every level; rows written."""
    # Two rebuilds of one wave take turns on its row: each would otherwise insert beside the other's rows.
    if not list(Wave.objects.select_for_update().filter(pk=wave_id).values_list("pk", flat=True)):
        return 0
    respondents = Response.objects.filter(wave_id=wave_id).values("town", "sector").annotate(n=Count("pk"))
    answers = Answer.objects.filter(wave_id=wave_id)
    questions = answers.values("question", "town", "sector").annotate(
        n=Count("response", distinct=True), total=Sum("number")
    )
    options = answers.exclude(option="").values("question", "town", "sector", "option").annotate(n=Count("pk"))
    sums = rollup(respondents, key=lambda r: (r["town"], r["sector"], ("", ""), (r["n"], 0)), values=2)
    sums.update(
        rollup(questions, key=lambda r: (r["town"], r["sector"], (r["question"], ""), (r["n"], r["total"])), values=2)
    )
    sums.update(
        rollup(options, key=lambda r: (r["town"], r["sector"], (r["question"], r["option"]), (r["n"], 0)), values=2)
    )
    SurveyCell.objects.filter(wave_id=wave_id).delete()
    SurveyCell.objects.bulk_create(
        [
            SurveyCell(
                wave_id=wave_id, question=question, option=option, town=town, sector=sector, count=int(n), total=total
            )
            for (question, option, town, sector), (n, total) in sums.items()
        ],
        batch_size=2000,
    )
    return len(sums)
