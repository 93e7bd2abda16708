"""The small-group rule: no figure of the barometer may reveal one business or one shop.

A group (a town, a sector, a shop category) with fewer than MIN_GROUP answers (or shops) is never shown on
its own: it joins "autres". If "autres" is itself too small, the smallest shown groups join it too, so that
no hidden group can be found by subtracting the shown ones from the total; "autres" is shown only when it
reaches MIN_GROUP, and a whole filtered population under MIN_GROUP shows nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MIN_GROUP = 5
OTHERS = _("autres")


@dataclass
class Group:
    label: str
    size: int
    # Summable figures of the group (counts, sums); merged groups add them up.
    values: dict = field(default_factory=dict)
    merged: bool = False


def groups_publishable(groups: list[Group], *, merge: Callable[[list[Group]], dict] | None = None) -> list[Group]:
    """The groups to show: those of MIN_GROUP or more, largest first, then "autres" if it is large enough."""
    shown = sorted((g for g in groups if g.size >= MIN_GROUP), key=lambda g: (-g.size, g.label))
    small = [g for g in groups if g.size < MIN_GROUP]
    # While the small ones add up to a few, a subtraction from the total would reveal them: hide a shown one too.
    while small and sum(g.size for g in small) < MIN_GROUP and shown:
        small.append(shown.pop())
    others = sum(g.size for g in small)
    if others >= MIN_GROUP:
        values = merge(small) if merge else _sum_values(small)
        shown.append(Group(label=str(OTHERS), size=others, values=values, merged=True))
    return shown


def _sum_values(groups: list[Group]) -> dict:
    total: dict = {}
    for group in groups:
        for key, value in group.values.items():
            if isinstance(value, int | float) and value is not None:
                total[key] = total.get(key, 0) + value
    return total


def publishable(size: int) -> bool:
    return size >= MIN_GROUP
