"""What /barometre/ shows of the marketplace, read from its summary rows (barometer.market): shops listed and
active, orders per week, pickups honoured or not, time to "ready" — per town and shop category, never a group
of fewer than five shops on its own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .charts import bar_chart, column_chart
from .market import WEEKS
from .models import ALL, MarketCell
from .privacy import Group, groups_publishable, publishable
from .tables import Table, percent

Metric = MarketCell.Metric
SUMMED = (Metric.LISTED, Metric.ACTIVE, Metric.COLLECTED, Metric.NOT_COLLECTED)


@dataclass
class MarketFigures:
    publishable: bool = False
    listed: int = 0
    active: int = 0
    active_share: float | None = None
    collected: int = 0
    not_collected: int = 0
    collected_share: float | None = None
    ready_median: float | None = None
    computed_at: object = None
    categories: list[str] = field(default_factory=list)
    towns: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def _weeks(now) -> list:
    monday = (timezone.localtime(now) - timedelta(days=timezone.localtime(now).weekday())).date()
    return [monday - timedelta(weeks=back) for back in range(WEEKS - 1, -1, -1)]


def market_figures(*, town: str, category: str, now=None) -> MarketFigures:
    """The marketplace's figures at the town and category chosen; nothing when under five shops."""
    now = now or timezone.now()
    level_town, level_category = town or ALL, category or ALL
    # The listed counts of every town and category name the filters' choices.
    wanted = Q(town=level_town, category=level_category) | Q(metric=Metric.LISTED) & (Q(town=ALL) | Q(category=ALL))
    if not town:
        wanted |= Q(category=level_category) & ~Q(town=ALL) & ~Q(metric=Metric.ORDERS)
    if not category:
        wanted |= Q(town=level_town) & ~Q(category=ALL) & ~Q(metric=Metric.ORDERS)
    level: dict = {}
    weekly: dict = {}
    groups: dict[str, dict[str, dict]] = {"town": defaultdict(dict), "category": defaultdict(dict)}
    figures = MarketFigures()
    for cell in MarketCell.objects.filter(wanted):
        figures.computed_at = cell.computed_at
        if cell.metric == Metric.LISTED and publishable(cell.value) and (cell.town == ALL) != (cell.category == ALL):
            (figures.categories if cell.town == ALL else figures.towns).append(
                cell.category if cell.town == ALL else cell.town
            )
        if cell.town == level_town and cell.category == level_category:
            if cell.metric == Metric.ORDERS:
                weekly[cell.week] = int(cell.value)
            else:
                level[cell.metric] = cell.value
        elif cell.town != ALL and cell.category == level_category and not town:
            groups["town"][cell.town][cell.metric] = cell.value
        elif cell.category != ALL and cell.town == level_town and not category:
            groups["category"][cell.category][cell.metric] = cell.value
    figures.categories.sort()
    figures.towns.sort()
    _level(figures, level)
    if figures.publishable:
        _tables(figures, weekly=weekly, groups=groups, now=now, town=town, category=category)
    return figures


def _level(figures: MarketFigures, level: dict) -> None:
    figures.listed = int(level.get(Metric.LISTED, 0))
    figures.publishable = publishable(figures.listed)
    if not figures.publishable:
        return
    figures.active = int(level.get(Metric.ACTIVE, 0))
    figures.active_share = percent(figures.active, figures.listed)
    figures.collected = int(level.get(Metric.COLLECTED, 0))
    figures.not_collected = int(level.get(Metric.NOT_COLLECTED, 0))
    figures.collected_share = percent(figures.collected, figures.collected + figures.not_collected)
    median = level.get(Metric.READY_MEDIAN)
    figures.ready_median = round(median) if median is not None else None


def _tables(figures, *, weekly, groups, now, town, category) -> None:
    weeks = _weeks(now)
    table = Table(key="marche-semaines", title=_("Commandes par semaine"), header=[_("Semaine du"), _("Commandes")])
    series = []
    for week in weeks:
        label = formats.date_format(week, "SHORT_DATE_FORMAT")
        table.rows.append([label, weekly.get(week, 0)])
        series.append((formats.date_format(week, "j/m"), weekly.get(week, 0)))
    table.chart = column_chart(series, height=200, label_every=4)
    table.chart_kind = "columns"
    figures.tables.append(table)
    pickups = Table(
        key="marche-retraits",
        title=_("Retraits sur six mois"),
        header=[_("Issue"), _("Commandes"), _("Part (%)")],
        rows=[
            [_("Retirées"), figures.collected, figures.collected_share],
            [
                _("Non retirées"),
                figures.not_collected,
                percent(figures.not_collected, figures.collected + figures.not_collected),
            ],
        ],
    )
    pickups.chart = bar_chart([(row[0], row[1], str(row[1])) for row in pickups.rows])
    pickups.chart_kind = "bars"
    figures.tables.append(pickups)
    for dimension, title, column, skip in (
        ("town", _("Par commune"), _("Commune"), town),
        ("category", _("Par catégorie"), _("Catégorie"), category),
    ):
        if not skip:
            figures.tables.append(_by_group(groups[dimension], key=f"marche-{dimension}", title=title, column=column))


def _by_group(groups: dict[str, dict], *, key: str, title: str, column: str) -> Table:
    candidates = [
        Group(label=label, size=int(values.get(Metric.LISTED, 0)), values={m: values.get(m, 0) for m in SUMMED})
        for label, values in groups.items()
    ]
    medians = {label: values.get(Metric.READY_MEDIAN) for label, values in groups.items()}
    table = Table(
        key=key,
        title=title,
        header=[
            column,
            _("Boutiques en ligne"),
            _("Avec une commande en 30 jours"),
            _("Part (%)"),
            _("Retirées"),
            _("Non retirées"),
            _("Délai médian jusqu'à « prête » (min)"),
        ],
    )
    for group in groups_publishable(candidates):
        values = group.values
        median = None if group.merged else medians.get(group.label)
        table.rows.append(
            [
                group.label,
                int(values[Metric.LISTED]),
                int(values[Metric.ACTIVE]),
                percent(values[Metric.ACTIVE], values[Metric.LISTED]),
                int(values[Metric.COLLECTED]),
                int(values[Metric.NOT_COLLECTED]),
                round(median) if median is not None else None,
            ]
        )
    return table
