"""A table of the barometer: what a chart shows, as rows a screen reader reads and a CSV download repeats."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)
    chart: object = None
    chart_kind: str = ""


def percent(part: float, whole: float) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 1)
