"""The square (kam-facts §4): where the relationship sits, per scorer and for the team.

Each scorer's 7 customer criteria and 8 our-position criteria are averaged (unknown
criteria left out). The rule below (the split, the regions, :func:`locate_in_square`)
lives in :mod:`kam_lessons.questions.square`, so lesson 4's exercise and the workshop
place a point the same way. The point is x = our position, y = the customer's position (its
attractiveness to us), both 0–100, split at :data:`SQUARE_THRESHOLD` = 50 (exactly 50
counts as high):

==================== ===================== ===================================
region               customer (y)          our position (x)
==================== ===================== ===================================
``key``              ≥ 50                  ≥ 50
``target``           ≥ 50                  < 50
``not_of_interest``  < 50                  ≥ 50
``too_ambitious``    < 50                  < 50
==================== ===================== ===================================

Why this layout: the source puts "key" (full interaction) and "target" (the customer
has the needs but does not yet see us as a supplier) in the upper half, so the
vertical axis is the customer's attractiveness, and "target" differs from "key" only
by our weak position, so the horizontal axis is ours. For the lower half the source
gives two readings, "the target is too ambitious for now" and "the customer is not
really of interest". Where our position is already strong (right), better work on
our side will not change the picture: the account itself does not repay key-account
effort, so it is *not of interest* as a key account (serve it as an ordinary
customer). Where both are weak (left), neither side is ready yet: the aim is *too
ambitious for now* (keep prospecting, score again later).

With several scorers the result also holds each criterion's spread (highest minus
lowest score), the criteria the team disagrees on most (up to
:data:`DISPUTE_COUNT` = 3 criteria whose spread is at least
:data:`DISPUTE_SPREAD` = 20 points, widest first) and the consensus point, the mean
of the scorers' points. Pure functions, no display.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from kam_lessons.questions.square import (
    SQUARE_REGIONS,
    SQUARE_THRESHOLD,
    TOLERANCE,
    SquareRegion,
    at_least,
    locate_in_square,
)
from kam_lessons.workshop.schema import ClientCase

__all__ = [
    "SQUARE_REGIONS",
    "SQUARE_THRESHOLD",
    "TOLERANCE",
    "CriterionSpread",
    "ScorerPoint",
    "Square",
    "SquarePoint",
    "SquareRegion",
    "at_least",
    "is_borderline",
    "locate_in_square",
    "place_in_square",
]

#: A team point this close to a threshold is "borderline" in the plan.
BORDERLINE = 5.0
DISPUTE_SPREAD = 20.0
DISPUTE_COUNT = 3

# ---------------------------------------------------------------------------
# 1. The square: one rule for lesson 4 and the workshop, in kam_lessons.questions.square.


@dataclass(frozen=True)
class SquarePoint:
    """A point in the square (``None`` where every criterion of that group is unknown)."""

    customer: float | None
    ours: float | None

    @property
    def region(self) -> SquareRegion | None:
        """Return the region, or ``None`` when a coordinate is unknown."""
        if self.customer is None or self.ours is None:
            return None
        return locate_in_square(self.ours, self.customer)


@dataclass(frozen=True)
class ScorerPoint(SquarePoint):
    """One scorer's point, and how many of the 15 criteria the scorer left unknown."""

    scorer: str = ""
    unknown: int = 0


@dataclass(frozen=True)
class CriterionSpread:
    """How the scorers scored one criterion."""

    group: Literal["customer", "ours"]
    criterion: str
    scores: tuple[tuple[str, float], ...]

    @property
    def low(self) -> float | None:
        """Return the lowest score (``None`` if nobody scored it)."""
        return min((s for _, s in self.scores), default=None)

    @property
    def high(self) -> float | None:
        """Return the highest score (``None`` if nobody scored it)."""
        return max((s for _, s in self.scores), default=None)

    @property
    def mean(self) -> float | None:
        """Return the mean score (``None`` if nobody scored it)."""
        return fmean(s for _, s in self.scores) if self.scores else None

    @property
    def spread(self) -> float:
        """Return highest minus lowest score (0 with fewer than two scores)."""
        if len(self.scores) < 2:
            return 0.0
        return float(self.high - self.low)  # type: ignore[operator]


@dataclass(frozen=True)
class Square:
    """Where the relationship sits in the square, per scorer and for the team."""

    points: tuple[ScorerPoint, ...]
    consensus: SquarePoint
    spreads: tuple[CriterionSpread, ...]

    @property
    def disputed(self) -> tuple[CriterionSpread, ...]:
        """Return the criteria the team disagrees on most (see the module doc)."""
        wide = [s for s in self.spreads if s.spread >= DISPUTE_SPREAD]
        order = {id(s): i for i, s in enumerate(self.spreads)}
        wide.sort(key=lambda s: (-s.spread, order[id(s)]))
        return tuple(wide[:DISPUTE_COUNT])


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return fmean(known) if known else None


def place_in_square(case: ClientCase) -> Square:
    """Place the relationship in the square: each scorer's point, the spreads, the consensus."""
    points = []
    for card in case.scores:
        customer = list(card.customer.values().values())
        ours = list(card.ours.values().values())
        points.append(
            ScorerPoint(
                customer=_mean(customer),
                ours=_mean(ours),
                scorer=card.scorer,
                unknown=sum(v is None for v in customer + ours),
            )
        )
    spreads = []
    for group in ("customer", "ours"):
        criteria = list(getattr(case.scores[0], group).values())
        for criterion in criteria:
            scored = tuple(
                (card.scorer, value)
                for card in case.scores
                if (value := getattr(getattr(card, group), criterion)) is not None
            )
            spreads.append(CriterionSpread(group, criterion, scored))
    consensus = SquarePoint(_mean([p.customer for p in points]), _mean([p.ours for p in points]))
    return Square(tuple(points), consensus, tuple(spreads))


def is_borderline(square: Square) -> bool:
    """Whether the team point is near a threshold, or the scorers disagree on the region.

    Near: within :data:`BORDERLINE` points of it, on either axis.
    """
    point = square.consensus
    near = any(
        v is not None and abs(v - SQUARE_THRESHOLD) <= BORDERLINE + TOLERANCE
        for v in (point.customer, point.ours)
    )
    regions = {p.region for p in square.points if p.region is not None}
    return near or len(regions) > 1
