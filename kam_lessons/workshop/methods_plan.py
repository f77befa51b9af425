"""The methods plan: value against cost of the five methods, and the ones to lead with.

The rules are lesson 2's, in :mod:`kam_lessons.methods` (the regions of the chart, and
which methods to lead with: the ones the account values most); this module applies them
to a case. Pure functions, no display.
"""

from __future__ import annotations

from dataclasses import dataclass

from kam_lessons.methods import METHOD_IDS, Rating, as_ratings, methods_to_lead_with
from kam_lessons.workshop.schema import ClientCase


@dataclass(frozen=True)
class MethodsPlan:
    """The case's rating of every method, and the methods to lead with, best first."""

    ratings: dict[str, Rating]
    lead: tuple[str, ...]

    @property
    def unrated(self) -> tuple[str, ...]:
        """Return the methods whose value or cost is still unknown, in method order."""
        return tuple(m for m in METHOD_IDS if not self.ratings[m].known)

    @property
    def has_reasons(self) -> bool:
        """Whether the team gave a reason for any value or cost."""
        return any(r.value_rationale or r.cost_rationale for r in self.ratings.values())


def plan_methods(case: ClientCase) -> MethodsPlan:
    """Return the case's ratings of the five methods and the methods to lead with."""
    ratings = as_ratings(case.methods)
    return MethodsPlan(ratings, methods_to_lead_with(ratings))
