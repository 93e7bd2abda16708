"""What /barometre/ shows of the surveys, read from the summary rows (barometer.services) in a few queries:
per wave and over time, per town and per sector, each figure with its table; small groups never shown alone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.models import Survey, Wave
from surveys.questions import Question, survey_questions

from .charts import bar_chart, column_chart
from .models import ALL, SurveyCell
from .privacy import Group, groups_publishable, publishable
from .tables import Table, change, percent


@dataclass
class Filters:
    survey: str = ""
    wave: int | None = None
    town: str = ""
    sector: str = ""
    category: str = ""

    @classmethod
    def from_query(cls, query) -> Filters:
        number = query.get("vague", "")
        return cls(
            survey=query.get("enquete", "")[:80],
            wave=int(number) if number.isdigit() and len(number) < 5 else None,
            town=query.get("commune", "")[:80],
            sector=query.get("secteur", "")[:80],
            category=query.get("categorie", "")[:80],
        )


@dataclass
class SurveyFigures:
    surveys: list[Survey]
    survey: Survey | None = None
    waves: list[Wave] = field(default_factory=list)
    wave: Wave | None = None
    previous: Wave | None = None
    respondents: int = 0
    publishable: bool = False
    towns: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)


def _cells_by_wave(cells) -> dict[int, dict[tuple[str, str], SurveyCell]]:
    by_wave: dict[int, dict[tuple[str, str], SurveyCell]] = defaultdict(dict)
    for cell in cells:
        by_wave[cell.wave_id][(cell.question, cell.option)] = cell
    return by_wave


def _shares(question: Question, cells: dict) -> dict[str, float | None]:
    answered = cells.get((question.id, ""))
    whole = answered.count if answered else 0
    return {
        option: percent(getattr(cells.get((question.id, option)), "count", 0), whole) for option in question.choices
    }


def _average(question: Question, cells: dict) -> float | None:
    answered = cells.get((question.id, ""))
    return round(answered.total / answered.count, 2) if answered and answered.count else None


def survey_figures(*, filters: Filters, now=None) -> SurveyFigures:
    """The chosen survey's figures at the filters' level; empty when its population is under the small-group rule."""
    now = now or timezone.now()
    surveys = list(Survey.objects.filter(public=True).order_by("-created_at"))
    figures = SurveyFigures(surveys=surveys)
    survey = next((s for s in surveys if s.slug == filters.survey), surveys[0] if surveys else None)
    if survey is None:
        return figures
    figures.survey = survey
    figures.waves = list(Wave.objects.filter(survey=survey, opens_at__lte=now).order_by("number"))
    if not figures.waves:
        return figures
    wave = next((w for w in figures.waves if w.number == filters.wave), figures.waves[-1])
    figures.wave = wave
    earlier = [w for w in figures.waves if w.number < wave.number]
    figures.previous = earlier[-1] if earlier else None
    town, sector = filters.town or ALL, filters.sector or ALL
    by_wave = _cells_by_wave(
        SurveyCell.objects.filter(wave__in=figures.waves, town=town, sector=sector).only(
            "wave_id", "question", "option", "count", "total"
        )
    )
    _choices(figures, wave=wave)
    cells = by_wave.get(wave.pk, {})
    figures.respondents = getattr(cells.get(("", "")), "count", 0)
    figures.publishable = publishable(figures.respondents)
    if not figures.publishable:
        return figures
    breakdown = _breakdown_cells(wave=wave, town=filters.town, sector=filters.sector)
    for question in survey_questions(survey):
        figures.questions.append(
            _question_figures(question, figures=figures, by_wave=by_wave, breakdown=breakdown, filters=filters)
        )
    return figures


def _choices(figures: SurveyFigures, *, wave: Wave) -> None:
    """The towns and sectors offered as filters: only those with enough respondents to be shown."""
    rows = SurveyCell.objects.filter(wave=wave, question="", option="").filter(
        (Q(sector=ALL) & ~Q(town=ALL)) | (Q(town=ALL) & ~Q(sector=ALL))
    )
    for row in rows.values_list("town", "sector", "count"):
        place, group, count = row
        if publishable(count):
            (figures.sectors if place == ALL else figures.towns).append(group if place == ALL else place)
    figures.towns.sort()
    figures.sectors.sort()


def _breakdown_cells(*, wave: Wave, town: str, sector: str) -> dict[str, dict[str, dict]]:
    """Cells per town (at the chosen sector) and per sector (at the chosen town) of the wave, when not filtered."""
    wanted = Q(pk__in=[])
    if not town:
        wanted |= Q(sector=sector or ALL) & ~Q(town=ALL)
    if not sector:
        wanted |= Q(town=town or ALL) & ~Q(sector=ALL)
    groups: dict[str, dict[str, dict]] = {"town": defaultdict(dict), "sector": defaultdict(dict)}
    for cell in (
        SurveyCell.objects.filter(wave=wave)
        .filter(wanted)
        .only("question", "option", "town", "sector", "count", "total")
    ):
        if cell.town != ALL and not town:
            groups["town"][cell.town][(cell.question, cell.option)] = cell
        elif cell.sector != ALL and not sector:
            groups["sector"][cell.sector][(cell.question, cell.option)] = cell
    return groups


def _question_figures(question, *, figures, by_wave, breakdown, filters) -> dict:
    wave, previous = figures.wave, figures.previous
    cells = by_wave.get(wave.pk, {})
    before = by_wave.get(previous.pk, {}) if previous else {}
    answered = getattr(cells.get((question.id, "")), "count", 0)
    block = {"question": question, "answered": answered, "tables": [], "average": None, "change": None}
    if question.kind == "text":
        return block
    base = f"q{question.id[:8]}"
    previous_ok = previous and publishable(getattr(before.get(("", "")), "count", 0))
    if question.counted:
        shares = _shares(question, cells)
        old = _shares(question, before) if previous_ok else {}
        table = Table(
            key=base,
            title=_("Répartition des réponses"),
            header=[_("Réponse"), _("Réponses"), _("Part (%)"), _("Évolution (points)")],
        )
        for option in question.choices:
            count = getattr(cells.get((question.id, option)), "count", 0)
            table.rows.append([option, count, shares[option], change(shares[option], old.get(option))])
        table.chart = bar_chart([(o, s or 0, f"{s or 0:.0f} %") for o, s in shares.items()], maximum=100)
        table.chart_kind = "bars"
        block["tables"].append(table)
    if question.averaged:
        block["average"] = _average(question, cells)
        block["change"] = change(block["average"], _average(question, before) if previous_ok else None)
        block["tables"].append(_over_time(question, figures=figures, by_wave=by_wave, base=base))
    for dimension, title, column, skip in (
        ("town", _("Par commune"), _("Commune"), filters.town),
        ("sector", _("Par secteur"), _("Secteur"), filters.sector),
    ):
        if not skip:
            block["tables"].append(
                _by_group(question, breakdown[dimension], key=f"{base}-{dimension}", title=title, column=column)
            )
    return block


def _over_time(question, *, figures, by_wave, base) -> Table:
    table = Table(
        key=f"{base}-vagues", title=_("Moyenne au fil des vagues"), header=[_("Vague"), _("Réponses"), _("Moyenne")]
    )
    series = []
    for wave in figures.waves:
        cells = by_wave.get(wave.pk, {})
        shown = publishable(getattr(cells.get(("", "")), "count", 0))
        average = _average(question, cells) if shown else None
        label = _("vague %(number)s") % {"number": wave.number}
        table.rows.append([label, getattr(cells.get((question.id, "")), "count", 0) if shown else None, average])
        series.append((label, average))
    table.chart = column_chart(series, height=180)
    table.chart_kind = "columns"
    return table


def _by_group(question, groups: dict[str, dict], *, key: str, title: str, column: str) -> Table:
    """Per town or sector: answers and the average or the share of each option, small groups merged."""
    candidates = []
    for label, cells in groups.items():
        size = getattr(cells.get(("", "")), "count", 0)
        answered = cells.get((question.id, ""))
        values = {"answered": getattr(answered, "count", 0), "total": getattr(answered, "total", 0)}
        for option in question.choices if question.counted else ():
            values[option] = getattr(cells.get((question.id, option)), "count", 0)
        candidates.append(Group(label=label, size=size, values=values))
    header = [column, _("Réponses")]
    if question.averaged:
        header.append(_("Moyenne"))
    if question.counted:
        header += [f"{option} (%)" for option in question.choices]
    table = Table(key=key, title=title, header=header)
    for group in groups_publishable(candidates):
        answered = group.values.get("answered", 0)
        row = [group.label, answered]
        if question.averaged:
            row.append(round(group.values["total"] / answered, 2) if answered else None)
        if question.counted:
            row += [percent(group.values.get(option, 0), answered) for option in question.choices]
        table.rows.append(row)
    return table
