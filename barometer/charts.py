"""Geometry of the barometer's server-side SVG charts (drawn by templates/barometer/includes/*.svg.html):
plain numbers in, positions out, so that a chart reads without JavaScript and its table says the same."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 400
BAR_HEIGHT = 18
# Each bar has its label on the line above it, so that a phone's narrow column keeps them readable.
ROW = 46


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    y: int
    width: float
    text_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = WIDTH


def bar_chart(items: list[tuple[str, float, str]], *, maximum: float | None = None) -> BarChart:
    """Horizontal bars, one per (label, value, text shown at its end), scaled to the largest value."""
    top = maximum or max((value for _, value, _ in items), default=0) or 1
    room = WIDTH - 70
    bars = []
    for index, (label, value, text) in enumerate(items):
        width = round(room * value / top, 1)
        bars.append(Bar(label=label, value=value, text=text, y=index * ROW, width=width, text_x=width + 6))
    return BarChart(bars=bars, height=max(len(bars) * ROW, ROW))


@dataclass(frozen=True)
class Column:
    label: str
    value: float | None
    x: float
    y: float
    height: float
    show_label: bool


@dataclass(frozen=True)
class ColumnChart:
    columns: list[Column]
    points: str
    width: int
    height: int
    top: float
    baseline: int
    column_width: float


def column_chart(items: list[tuple[str, float | None]], *, height: int = 200, label_every: int = 1) -> ColumnChart:
    """Vertical columns (and the line through their tops) for a series over time; None leaves a gap."""
    chart_height = height - 30
    top = max((value for _, value in items if value is not None), default=0) or 1
    step = (WIDTH - 20) / max(len(items), 1)
    columns = []
    for index, (label, value) in enumerate(items):
        bar = 0 if value is None else chart_height * value / top
        columns.append(
            Column(
                label=label,
                value=value,
                x=round(10 + index * step, 1),
                y=round(chart_height - bar, 1),
                height=round(bar, 1),
                show_label=index % label_every == 0 or index == len(items) - 1,
            )
        )
    points = " ".join(f"{round(c.x + step * 0.4, 1)},{c.y}" for c in columns if c.value is not None)
    return ColumnChart(
        columns=columns,
        points=points,
        width=WIDTH,
        height=height,
        top=top,
        baseline=chart_height,
        column_width=round(step * 0.8, 1),
    )
