"""The four levels of every summary: a figure per (town, group) is also added to (town, *), (*, group), (*, *)."""

from collections import defaultdict

from .models import ALL


def levels(town: str, group: str) -> tuple[tuple[str, str], ...]:
    return ((town, group), (town, ALL), (ALL, group), (ALL, ALL))


def rollup(rows, *, key, values: int) -> dict[tuple, list[float]]:
    """Sum `values` numbers of each row into its four levels: {(*key_without_place, town, group): [sums]}.

    `key(row)` gives (town, group, rest) where rest is a tuple naming the figure."""
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0] * values)
    for row in rows:
        town, group, rest, numbers = key(row)
        for level in levels(town, group):
            cell = sums[(*rest, *level)]
            for index, number in enumerate(numbers):
                cell[index] += number or 0
    return sums
