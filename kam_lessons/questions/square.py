"""The relationship square (kam-facts §4): score a case on 15 criteria and read the point.

This module holds the square's one rule, shared by lesson 4 (this question type) and
the workshop (:mod:`kam_lessons.workshop.square` imports it from here): the two means,
where the point lies, and the region's name. Pure: no workshop, widget or chart code.

The point is x = our position (the mean of our 8 criteria), y = the customer's
position (the mean of its 7 criteria), both 0–100, each axis split at
:data:`SQUARE_THRESHOLD` = 50, a mean of exactly 50 counting as high (within
:data:`TOLERANCE`, so a 50 computed as 49.9999… is 50):

==================== ===================== ===================================
region               customer (y)          our position (x)
==================== ===================== ===================================
``key``              ≥ 50                  ≥ 50
``target``           ≥ 50                  < 50
``not_of_interest``  < 50                  ≥ 50
``too_ambitious``    < 50                  < 50
==================== ===================== ===================================

The source names the target and key levels and the two readings of the lower half;
the layout, the split at 50 and which reading goes in which lower corner are the
course's design (see :mod:`kam_lessons.workshop.square`).

Scoring a trainee's square against the case's reference (:func:`score_square`), like
lesson 2's value/cost: each of the 15 criteria earns 1 point within
:data:`~kam_lessons.methods.FULL_TOLERANCE` (±15) of the reference, ½ within
:data:`~kam_lessons.methods.HALF_TOLERANCE` (±30), else 0 (a criterion left unscored
earns 0); 1 point when the trainee's own point lands in the reference's region; 1 point
when the region the trainee names is the reference's. 17 in all, scaled to the
question's points. The key is the case's reference scores, in the lesson file.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, with_config
from typing_extensions import TypedDict

from kam_lessons.methods import FULL_TOLERANCE, HALF_TOLERANCE
from kam_lessons.numbers import as_number
from kam_lessons.questions.base import Examples, ItemResult, QuestionBase, References

SQUARE_THRESHOLD = 50.0
#: Means are compared with the threshold with this tolerance: 49.9999… counts as 50.
TOLERANCE = 1e-9
SQUARE_REGIONS: tuple[str, ...] = ("key", "target", "not_of_interest", "too_ambitious")
#: The two groups of criteria: the customer's position and ours.
GROUPS: tuple[str, ...] = ("customer", "ours")
#: Points for landing in the reference's region, and for naming it.
REGION_POINTS = 1.0

SquareRegion = Literal["key", "target", "not_of_interest", "too_ambitious"]
Score = Annotated[float, Field(ge=0, le=100)]


def at_least(value: float, threshold: float) -> bool:
    """Return whether ``value`` reaches ``threshold``, within :data:`TOLERANCE`."""
    return value >= threshold - TOLERANCE


def locate_in_square(ours: float, customer: float) -> SquareRegion:
    """Return the region of a point: x = our position, y = the customer's (see module doc).

    Args:
        ours: The mean of our-position criteria, 0–100.
        customer: The mean of the customer's-position criteria, 0–100.
    """
    if at_least(customer, SQUARE_THRESHOLD):
        return "key" if at_least(ours, SQUARE_THRESHOLD) else "target"
    return "not_of_interest" if at_least(ours, SQUARE_THRESHOLD) else "too_ambitious"


def mean_of(scores: Mapping[str, Any]) -> float | None:
    """Return the mean of the known scores of one group (``None`` if none is known)."""
    known = [n for v in scores.values() if (n := as_number(v)) is not None]
    return fmean(known) if known else None


@with_config(ConfigDict(extra="forbid"))
class CustomerKey(TypedDict):
    """The reference scores of the customer's position, 7 criteria (100 = best for us)."""

    growth: Score
    potential: Score
    competition: Score
    profitability: Score
    need_for_us: Score
    strategic_importance: Score
    external_dependence: Score


@with_config(ConfigDict(extra="forbid"))
class OurKey(TypedDict):
    """The reference scores of our position, 8 criteria (100 = best for us)."""

    purchase_frequency: Score
    knowledge: Score
    relationship: Score
    contacts: Score
    prices: Score
    reputation: Score
    services: Score
    advantages: Score


@with_config(ConfigDict(extra="forbid"))
class SquareKey(TypedDict):
    """A case's reference, in the form of an answer: both groups' agreed scores, the region.

    ``region`` must be where the scores place the point (a test holds the lessons to it);
    scoring compares the trainee's region with the one the scores give.
    """

    customer: CustomerKey
    ours: OurKey
    region: SquareRegion


#: The criteria of each group, in the order the lesson and the workshop list them.
CRITERIA: dict[str, tuple[str, ...]] = {
    "customer": tuple(CustomerKey.__annotations__),
    "ours": tuple(OurKey.__annotations__),
}


def key_region(key: Mapping[str, Any]) -> SquareRegion:
    """Return the region where a reference's scores place the point."""
    customer = mean_of(key.get("customer") or {})
    ours = mean_of(key.get("ours") or {})
    return locate_in_square(ours or 0.0, customer or 0.0)


@dataclass(frozen=True)
class CriterionResult:
    """How one criterion was scored against the reference."""

    group: str
    criterion: str
    given: float | None
    reference: float
    points: float


@dataclass(frozen=True)
class SquareResult:
    """A trainee's square against the reference: per criterion, the point, the region."""

    criteria: tuple[CriterionResult, ...]
    customer: float | None
    ours: float | None
    landed: SquareRegion | None
    named: str | None
    reference_region: SquareRegion

    @property
    def points(self) -> float:
        """Return the points earned (criteria, landing, naming)."""
        total = sum(c.points for c in self.criteria)
        total += REGION_POINTS if self.landed == self.reference_region else 0.0
        total += REGION_POINTS if self.named == self.reference_region else 0.0
        return total

    @property
    def max_points(self) -> float:
        """Return the points available: one per criterion, plus landing and naming."""
        return len(self.criteria) + 2 * REGION_POINTS


def criterion_points(given: float | None, reference: float) -> float:
    """Return 1 within ±15 of the reference, ½ within ±30, else 0 (``None`` scores 0)."""
    if given is None:
        return 0.0
    gap = round(abs(given - reference), 6)
    if gap <= FULL_TOLERANCE:
        return 1.0
    return 0.5 if gap <= HALF_TOLERANCE else 0.0


def score_square(value: Mapping[str, Any], key: Mapping[str, Any]) -> SquareResult:
    """Score a well-formed answer against the reference (the module doc gives the rule)."""
    results = []
    for group in GROUPS:
        given = value.get(group) or {}
        for criterion, reference in key[group].items():
            number = as_number(given.get(criterion))
            number = None if number is None else min(100.0, max(0.0, number))
            results.append(
                CriterionResult(
                    group, criterion, number, reference, criterion_points(number, reference)
                )
            )
    customer = mean_of(value.get("customer") or {})
    ours = mean_of(value.get("ours") or {})
    landed = None if customer is None or ours is None else locate_in_square(ours, customer)
    named = value.get("region")
    return SquareResult(tuple(results), customer, ours, landed, named, key_region(key))


class SquareScores(QuestionBase):
    """Score a case on the 7 + 8 criteria, see the point in the square, name its region.

    The value is ``{"customer": {criterion: score}, "ours": {criterion: score},
    "region": region id}`` (only what the trainee has scored so far); ``answer``, the key,
    is the case's reference in the same form.
    """

    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("answer", "explain")

    type: Literal["square"]
    answer: SquareKey | None = None

    def well_formed(self, value: object) -> bool:  # noqa: D102
        if not isinstance(value, Mapping):
            return False
        for group in GROUPS:
            scores = value.get(group, {})
            if not isinstance(scores, Mapping):
                return False
            if not all(isinstance(k, str) and as_number(v) is not None for k, v in scores.items()):
                return False
        return value.get("region") is None or isinstance(value["region"], str)

    def answered(self, value: Any) -> bool:  # noqa: D102
        return bool(value.get("customer") or value.get("ours") or value.get("region"))

    def share(self, value: Any, references: References | None, lang: str) -> float:  # noqa: D102
        if self.answer is None:
            return 0.0
        result = score_square(value, self.answer)
        return result.points / result.max_points

    def item_results(self, value: Any) -> tuple[ItemResult, ...]:  # noqa: D102
        if self.answer is None:
            return ()
        result = score_square(value, self.answer)
        items = tuple(
            ItemResult(f"{c.group}.{c.criterion}", c.points == 1.0, c.given, c.reference)
            for c in result.criteria
        )
        target = result.reference_region
        point = ItemResult("point", result.landed == target, result.landed, target)
        region = ItemResult("region", result.named == target, result.named, target)
        return (*items, point, region)

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        answer: dict[str, Any] = {
            group: {c: rnd.randrange(0, 101, 5) for c in CRITERIA[group] if rnd.random() < 0.8}
            for group in GROUPS
        }
        if rnd.random() < 0.8:
            answer["region"] = rnd.choice(SQUARE_REGIONS)
        return answer

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        if self.answer is None:
            return Examples({}, {}, {"customer": "high"})
        key = self.answer
        right: dict[str, Any] = {group: dict(key[group]) for group in GROUPS}  # type: ignore[literal-required]
        right["region"] = key_region(key)
        wrong: dict[str, Any] = {
            group: {c: 100 - v for c, v in key[group].items()}  # type: ignore[literal-required]
            for group in GROUPS
        }
        wrong["region"] = next(r for r in SQUARE_REGIONS if r != right["region"])
        return Examples(right, wrong, {"customer": "high"})
