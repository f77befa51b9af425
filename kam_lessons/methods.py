"""The five ways to build a key-account relationship, weighed as value against cost.

One implementation, shared by lesson 2 (a trainee rates the methods for a sample case)
and the workshop (a team rates them for its own account). Pure functions; the chart of
them is :func:`kam_lessons.charts.value_cost_chart`.

The methods (kam-facts §2) have fixed ids: ``trust`` (personal trust), ``technical``
(technical support), ``resource`` (resource support), ``service`` (service levels) and
``risk`` (risk reduction). Each is rated 0–100 for the **value** the account places on
it and for what it **costs** us to provide (managers' time included).

Regions of the value-vs-cost chart (:func:`region`), split at :data:`THRESHOLD` = 50,
a rating of exactly 50 counting as high:

============ ============ ========== ==================================================
region       value        cost       meaning
============ ============ ========== ==================================================
quick_win    ≥ 50         < 50       valued and cheap: do it now
lead         ≥ 50         ≥ 50       valued but costly: worth investing where it pays
keep_up      < 50         < 50       little valued, cheap: keep up the basics
reconsider   < 50         ≥ 50       little valued, costly: cut back or rethink
============ ============ ========== ==================================================

Which methods to lead with (:func:`methods_to_lead_with`): the ones the account values
most, highest value first; of two valued equally, the one that costs us less; then the
order of :data:`METHOD_IDS`. A key account is built on what it values, whatever region
that falls in (a quick win or worth investing); cost only breaks ties, so a method with
an unknown cost still leads if it is valued most. Methods with an unknown value are left
out.

Scoring a trainee against a reference (:func:`score_ratings`): per method, the value
and the cost each earn 1 point when within :data:`FULL_TOLERANCE` (±15) of the
reference, 0.5 within :data:`HALF_TOLERANCE` (±30), else 0 (differences are rounded to
6 decimals first, so 65.1 − 50.1 counts as 15). Each of the trainee's lead methods
that is also one of the reference's earns :data:`LEAD_POINTS` (1). A method the
reference leaves unknown is not scored; one the trainee leaves unrated scores 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

METHOD_IDS: tuple[str, ...] = ("trust", "technical", "resource", "service", "risk")
REGIONS: tuple[str, ...] = ("quick_win", "lead", "keep_up", "reconsider")
THRESHOLD = 50.0
FULL_TOLERANCE = 15.0
HALF_TOLERANCE = 30.0
LEAD_POINTS = 1.0
LEAD_COUNT = 2

Region = Literal["quick_win", "lead", "keep_up", "reconsider"]
Dimension = Literal["value", "cost"]


@dataclass(frozen=True)
class Rating:
    """One method's rating: value to the account and cost to us, 0–100 (``None``: unknown)."""

    value: float | None
    cost: float | None
    value_rationale: str = ""
    cost_rationale: str = ""

    @property
    def known(self) -> bool:
        """Whether both the value and the cost are known."""
        return self.value is not None and self.cost is not None

    @property
    def region(self) -> Region | None:
        """Return the chart region, or ``None`` when the value or the cost is unknown."""
        if self.value is None or self.cost is None:
            return None
        return region(self.value, self.cost)


def region(value: float, cost: float) -> Region:
    """Return the value-vs-cost region of a rating (thresholds at 50, see the module doc).

    Args:
        value: The value the account places on the method, 0–100.
        cost: What the method costs us, 0–100.

    Returns:
        ``"quick_win"``, ``"lead"``, ``"keep_up"`` or ``"reconsider"``.

    Raises:
        ValueError: If a number is outside 0–100 or not a number.
    """
    for number in (value, cost):
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise ValueError(f"not a number: {number!r}")
        if not 0 <= number <= 100:
            raise ValueError(f"outside 0-100: {number!r}")
    high_value = value >= THRESHOLD
    high_cost = cost >= THRESHOLD
    if high_value:
        return "lead" if high_cost else "quick_win"
    return "reconsider" if high_cost else "keep_up"


def as_ratings(data: Any) -> dict[str, Rating]:
    """Turn ratings in any of the usual shapes into ``{method id: Rating}``.

    Accepts, per method id, a :class:`Rating`, any object with ``value`` and ``cost``
    attributes (such as the case file's method entries), a mapping with ``value`` and
    ``cost`` keys (what a widget or an answers file stores), or a ``(value, cost)`` pair.
    Ids that are not method ids are ignored; a missing method is absent from the result.
    A case's whole ``methods`` section may be passed as it is.
    """
    by_id = getattr(data, "by_id", None)
    if callable(by_id):
        data = by_id()
    out: dict[str, Rating] = {}
    for method in METHOD_IDS:
        raw = (data or {}).get(method)
        if raw is None:
            continue
        if isinstance(raw, Rating):
            out[method] = raw
        elif isinstance(raw, Mapping):
            out[method] = Rating(
                _number(raw.get("value")),
                _number(raw.get("cost")),
                str(raw.get("value_rationale") or ""),
                str(raw.get("cost_rationale") or ""),
            )
        elif isinstance(raw, tuple | list) and len(raw) == 2:
            out[method] = Rating(_number(raw[0]), _number(raw[1]))
        else:
            out[method] = Rating(
                _number(getattr(raw, "value", None)),
                _number(getattr(raw, "cost", None)),
                str(getattr(raw, "value_rationale", "") or ""),
                str(getattr(raw, "cost_rationale", "") or ""),
            )
    return out


def _number(raw: object) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    if math.isnan(raw) or not 0 <= raw <= 100:
        return None
    return float(raw)


def methods_to_lead_with(ratings: Mapping[str, Any], n: int = LEAD_COUNT) -> tuple[str, ...]:
    """Return the ids of the ``n`` methods to lead with, best first.

    The rule (see the module doc): highest value first; of equal values, the lower
    cost (an unknown cost after a known one); then the order of :data:`METHOD_IDS`.
    Methods whose value is unknown are left out, so fewer than ``n`` ids may come back.

    Args:
        ratings: Ratings per method id, in any shape :func:`as_ratings` accepts.
        n: How many methods to return.
    """
    known = [(m, r) for m, r in as_ratings(ratings).items() if r.value is not None]

    def key(item: tuple[str, Rating]) -> tuple[float, bool, float, int]:
        method, rating = item
        cost = rating.cost
        return (-float(rating.value or 0.0), cost is None, cost or 0.0, METHOD_IDS.index(method))

    return tuple(m for m, _ in sorted(known, key=key)[: max(n, 0)])


def score_gap(gap: float | None) -> float:
    """Return the points one rating earns for its distance from the reference.

    1 within ±15, 0.5 within ±30, else 0; ``None`` (not rated) earns 0.
    """
    if gap is None:
        return 0.0
    distance = round(abs(gap), 6)
    if distance <= FULL_TOLERANCE:
        return 1.0
    if distance <= HALF_TOLERANCE:
        return 0.5
    return 0.0


@dataclass(frozen=True)
class MethodFeedback:
    """How a trainee's rating of one method compares with the reference, and why."""

    method: str
    trainee: Rating | None
    reference: Rating
    value_gap: float | None
    cost_gap: float | None
    value_points: float
    cost_points: float

    @property
    def points(self) -> float:
        """Return the points for this method (value and cost together, at most 2)."""
        return self.value_points + self.cost_points

    @property
    def max_points(self) -> float:
        """Return the points available for this method."""
        return 2.0

    @property
    def rated(self) -> bool:
        """Whether the trainee gave both a value and a cost."""
        return self.trainee is not None and self.trainee.known

    @property
    def trainee_region(self) -> Region | None:
        """Return the region the trainee's rating falls in (``None`` if not rated)."""
        return self.trainee.region if self.trainee is not None else None

    @property
    def reference_region(self) -> Region | None:
        """Return the region the reference rating falls in."""
        return self.reference.region

    @property
    def same_region(self) -> bool:
        """Whether the trainee's rating lands in the same region as the reference."""
        return self.rated and self.trainee_region == self.reference_region

    @property
    def differs(self) -> tuple[Dimension, ...]:
        """Return the dimensions (``"value"``, ``"cost"``) not within the full tolerance."""
        out: list[Dimension] = []
        if self.value_points < 1.0:
            out.append("value")
        if self.cost_points < 1.0:
            out.append("cost")
        return tuple(out)

    def direction(self, dimension: Dimension) -> Literal["higher", "lower", "close", "missing"]:
        """Return how the trainee's rating of ``dimension`` sits against the reference."""
        gap = self.value_gap if dimension == "value" else self.cost_gap
        if gap is None:
            return "missing"
        if round(abs(gap), 6) <= FULL_TOLERANCE:
            return "close"
        return "higher" if gap > 0 else "lower"

    def rationale(self, dimension: Dimension) -> str:
        """Return the reference's reason for its rating of ``dimension`` (may be empty)."""
        if dimension == "value":
            return self.reference.value_rationale
        return self.reference.cost_rationale


@dataclass(frozen=True)
class MethodsScore:
    """A trainee's ratings of the five methods scored against a reference."""

    methods: tuple[MethodFeedback, ...]
    lead_trainee: tuple[str, ...]
    lead_reference: tuple[str, ...]

    @property
    def lead_matches(self) -> tuple[str, ...]:
        """Return the trainee's lead methods that are also the reference's."""
        return tuple(m for m in self.lead_trainee if m in self.lead_reference)

    @property
    def lead_points(self) -> float:
        """Return the points for the lead methods (1 per match)."""
        return LEAD_POINTS * len(self.lead_matches)

    @property
    def points(self) -> float:
        """Return the points earned, rounded to 2 decimals."""
        return round(sum(f.points for f in self.methods) + self.lead_points, 2)

    @property
    def max_points(self) -> float:
        """Return the points available: 2 per scored method, 1 per reference lead method."""
        return round(
            sum(f.max_points for f in self.methods) + LEAD_POINTS * len(self.lead_reference), 2
        )

    @property
    def share(self) -> float:
        """Return points / max_points (0 when nothing could be scored)."""
        return self.points / self.max_points if self.max_points else 0.0

    def feedback(self, method: str) -> MethodFeedback:
        """Return the feedback for one method id."""
        for item in self.methods:
            if item.method == method:
                return item
        raise KeyError(method)


def score_ratings(
    trainee: Mapping[str, Any],
    reference: Mapping[str, Any],
    n_lead: int = LEAD_COUNT,
    lead: Sequence[str] | None = None,
) -> MethodsScore:
    """Score a trainee's ratings against the reference ratings of a case.

    Args:
        trainee: The trainee's ratings per method id (any shape :func:`as_ratings` takes).
        reference: The reference ratings, with their rationale (e.g. a case's ``methods``).
        n_lead: How many lead methods to compare.
        lead: The methods the trainee chose to lead with; by default those their own
            ratings imply. Unknown ids and repeats are dropped, and at most ``n_lead`` count.

    Returns:
        Per method the gaps and points (methods the reference leaves unknown are not
        scored), and both sides' lead methods.
    """
    mine = as_ratings(trainee)
    ref = as_ratings(reference)
    feedback = []
    for method in METHOD_IDS:
        expected = ref.get(method)
        if expected is None or not expected.known:
            continue
        given = mine.get(method)
        value_gap = _gap(given.value if given else None, expected.value)
        cost_gap = _gap(given.cost if given else None, expected.cost)
        feedback.append(
            MethodFeedback(
                method,
                given,
                expected,
                value_gap,
                cost_gap,
                score_gap(value_gap),
                score_gap(cost_gap),
            )
        )
    if lead is None:
        chosen = methods_to_lead_with(mine, n_lead)
    else:
        picked = [m for m in lead if isinstance(m, str) and m in METHOD_IDS]
        chosen = tuple(dict.fromkeys(picked))[: max(n_lead, 0)]
    return MethodsScore(tuple(feedback), chosen, methods_to_lead_with(ref, n_lead))


def _gap(given: float | None, expected: float | None) -> float | None:
    if given is None or expected is None:
        return None
    return round(given - expected, 6)


def explain_score(score: MethodsScore, lang: str) -> list[str]:
    """Return sentences in ``lang`` saying per method where and why the trainee differs."""
    from kam_lessons.i18n import t
    from kam_lessons.numbers import format_number

    def name(method: str) -> str:
        return t(lang, f"methods.names.{method}")

    lines = []
    for item in score.methods:
        ref_region = t(lang, f"methods.regions.{item.reference_region}")
        if not item.rated:
            lines.append(
                t(lang, "methods.feedback.not_rated", method=name(item.method), region=ref_region)
            )
            continue
        if not item.differs:
            lines.append(
                t(lang, "methods.feedback.match", method=name(item.method), region=ref_region)
            )
            continue
        trainee = item.trainee
        assert trainee is not None  # rated
        for dimension in item.differs:
            given = trainee.value if dimension == "value" else trainee.cost
            expected = item.reference.value if dimension == "value" else item.reference.cost
            why = item.rationale(dimension)
            lines.append(
                t(
                    lang,
                    f"methods.feedback.{dimension}_{item.direction(dimension)}",
                    method=name(item.method),
                    given=format_number(given, lang),
                    expected=format_number(expected, lang),
                )
                + (" " + t(lang, "methods.feedback.why", why=why) if why else "")
            )
        if not item.same_region:
            lines.append(
                t(
                    lang,
                    "methods.feedback.region",
                    method=name(item.method),
                    given=t(lang, f"methods.regions.{item.trainee_region}"),
                    expected=ref_region,
                )
            )
    lines.append(
        t(
            lang,
            "methods.feedback.lead",
            given=", ".join(name(m) for m in score.lead_trainee) or "—",
            expected=", ".join(name(m) for m in score.lead_reference) or "—",
            matches=len(score.lead_matches),
        )
    )
    lines.append(
        t(
            lang,
            "methods.feedback.total",
            points=format_number(score.points, lang),
            max_points=format_number(score.max_points, lang),
        )
    )
    return lines


def load_chart_labels(lang: str) -> dict[str, dict[str, str]]:
    """Return the chart's words in ``lang`` from the catalogue, grouped as the chart wants.

    Groups: ``methods`` (name per method id), ``regions`` (name per region id), ``axes``
    (``value``, ``cost``), ``series`` (``yours``, ``reference``) and ``chart``
    (``title``) — the shape of a lesson file's ``labels``, so a lesson can pass its own.
    """
    from kam_lessons.i18n import t

    return {
        "methods": {m: t(lang, f"methods.names.{m}") for m in METHOD_IDS},
        "regions": {r: t(lang, f"methods.regions.{r}") for r in REGIONS},
        "axes": {a: t(lang, f"methods.axes.{a}") for a in ("value", "cost")},
        "series": {s: t(lang, f"methods.series.{s}") for s in ("yours", "reference")},
        "chart": {"title": t(lang, "methods.chart_title")},
    }


# Where each region sits: (cost from, cost to, value from, value to).


#: Where each region lies on the chart: (cost from, cost to, value from, value to).
_REGION_BOXES: dict[str, tuple[float, float, float, float]] = {
    "quick_win": (0, THRESHOLD, THRESHOLD, 100),
    "lead": (THRESHOLD, 100, THRESHOLD, 100),
    "keep_up": (0, THRESHOLD, 0, THRESHOLD),
    "reconsider": (THRESHOLD, 100, 0, THRESHOLD),
}
