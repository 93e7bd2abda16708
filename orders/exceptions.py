"""Why a basket could not be placed, in a shape the checkout can show next to each shop."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlacementProblem:
    """One reason a basket cannot be placed. `shop_id` is None for the basket as a whole (empty, voucher…)."""

    code: str
    message: str
    shop_id: int | None = None
    shop_name: str = ""
    # The basket line at fault, when one is.
    line_id: int | None = None

    def __str__(self):
        return f"{self.shop_name} : {self.message}" if self.shop_name else self.message


class PlacementError(Exception):
    """Nothing was placed: every problem found across the basket's shops, the basket left as it was."""

    def __init__(self, problems: list[PlacementProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @property
    def codes(self) -> set[str]:
        return {problem.code for problem in self.problems}

    def for_shop(self, shop_id: int | None) -> list[PlacementProblem]:
        """The problems of one shop (None: those of the basket as a whole), for display beside it."""
        return [problem for problem in self.problems if problem.shop_id == shop_id]
