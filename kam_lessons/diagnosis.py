"""Diagnosis of a client case: the square, the stage, the risk, preparation and a plan.

Pure functions from a :class:`~kam_lessons.case.ClientCase` to typed results, and
``explain_*`` functions that put a result into sentences from the catalogue
(``case.explain.*``) in the user's language.

1. **The square** (:func:`place_in_square`, kam-facts §4). Each scorer's 7 customer
   criteria and 8 our-position criteria are averaged (unknown criteria left out). The
   point is x = our position, y = the customer's position (its attractiveness to us),
   both 0–100, split at :data:`SQUARE_THRESHOLD` = 50 (exactly 50 counts as high):

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
   of the scorers' points.

2. **The stage** (:func:`diagnose_stage`, kam-facts §1). Six indicators each point to
   a range of stages (:data:`INDICATOR_RANGES`): supplier status, the shape of the
   contact map (:func:`classify_contacts`), information shared, management
   involvement, agreements and joint activities. The diagnosed stage is the one
   closest to all known ranges (the least total distance, counted in stages; a tie
   goes to the lower stage, so a relationship is never rated higher than the evidence
   shows). Contradictions are (a) every known indicator whose range excludes the stage
   the team claims, and (b) every indicator two or more stages away from the diagnosed
   stage. What the next stage takes is, per indicator, the least value that fits it.

3. **Uncoupling risk** (:func:`assess_risk`). Each warning sign has a base weight
   (1–3) multiplied by a factor for the stage (:data:`STAGE_FACTORS`): people signs,
   above all a single point of contact, weigh most early, when single people dominate
   the contact; complacency weighs most in long relationships; a competitor's quality
   weighs most while the account is not exclusive. A single point of contact is read
   from the contact map as well as from the declared signs. Total weight below 4 is
   ``low``, below 8 ``medium``, else ``high`` (no sign: ``none``). Each sign carries its
   counter-action and the do/don't rules of kam-facts §3 that answer it
   (``do1``–``do8``, ``dont1``–``dont6``, in the table's order).

4. **Preparation** (:func:`review_preparation`): the §4 questions with the case's
   answers and the ones still open, and completeness per section
   (:func:`measure_completeness`; the five §5 analysis groups first).

5. **The account plan** (:func:`plan_account`): goal stage, moves, methods to lead
   with, risks with their counter-actions, open questions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from statistics import fmean
from typing import Literal

from kam_lessons.case import (
    ANALYSIS_GROUPS,
    JOINT_ACTIVITIES,
    SECTIONS,
    STAGES,
    WARNING_SIGNS,
    ClientCase,
    ContactMap,
    iter_unknowns,
)
from kam_lessons.i18n import t
from kam_lessons.methods import methods_to_lead_with

SQUARE_THRESHOLD = 50.0
#: Means are compared with thresholds with this tolerance: a 50 computed as 49.9999…
#: counts as 50.
TOLERANCE = 1e-9
#: A team point this close to a threshold is "borderline" in the plan.
BORDERLINE = 5.0
DISPUTE_SPREAD = 20.0
DISPUTE_COUNT = 3
SQUARE_REGIONS: tuple[str, ...] = ("key", "target", "not_of_interest", "too_ambitious")

SquareRegion = Literal["key", "target", "not_of_interest", "too_ambitious"]


# ---------------------------------------------------------------------------
# 1. The square.


def locate_in_square(ours: float, customer: float) -> SquareRegion:
    """Return the region of a point: x = our position, y = the customer's (see module doc).

    Args:
        ours: The mean of our-position criteria, 0–100.
        customer: The mean of the customer's-position criteria, 0–100.
    """
    if at_least(customer, SQUARE_THRESHOLD):
        return "key" if at_least(ours, SQUARE_THRESHOLD) else "target"
    return "not_of_interest" if at_least(ours, SQUARE_THRESHOLD) else "too_ambitious"


def at_least(value: float, threshold: float) -> bool:
    """Whether ``value`` reaches ``threshold``, within :data:`TOLERANCE` (49.9999… is 50)."""
    return value >= threshold - TOLERANCE


def format_number(value: float | None, lang: str = "en", *, floor: bool = True) -> str:
    """Return a mean or score for display, to 0.1, never on the wrong side of the threshold.

    Rounding that would cross :data:`SQUARE_THRESHOLD` floors instead: a mean of 49.957
    shows as 49.9, not as 50 beside "not of interest"; a 50 computed as 49.9999… shows as
    50 (within :data:`TOLERANCE`, as :func:`at_least` counts it). With ``floor=False``
    (risk weights and factors, e.g. 0.75) it rounds to 0.01 and ignores the threshold.
    Russian uses a decimal comma.
    """
    if value is None:
        return "—"
    if not floor:
        shown = round(value, 2)
    elif abs(value - round(value)) <= TOLERANCE:
        shown = float(round(value))
    else:
        shown = round(value, 1)
        if at_least(value, SQUARE_THRESHOLD) != at_least(shown, SQUARE_THRESHOLD):
            shown = math.floor(value * 10) / 10
    text = f"{shown:g}"
    return text.replace(".", ",") if lang == "ru" else text


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
            spreads.append(CriterionSpread(group, criterion, scored))  # type: ignore[arg-type]
    consensus = SquarePoint(_mean([p.customer for p in points]), _mean([p.ours for p in points]))
    return Square(tuple(points), consensus, tuple(spreads))


# ---------------------------------------------------------------------------
# 2. The stage.

INDICATORS: tuple[str, ...] = (
    "supplier_status",
    "contacts",
    "information_shared",
    "management_involvement",
    "agreements",
    "joint_activities",
)

#: Per indicator, each value and the range of stages it points to (lowest, highest),
#: as indices into ``STAGES`` (0 pre, 1 early, 2 mid, 3 partnership, 4 synergistic).
#: Values are in order, weakest first.
INDICATOR_RANGES: dict[str, dict[str, tuple[int, int]]] = {
    # one of several suppliers: early; one of a few preferred: mid; the buyer ties
    # practically all its business to one supplier: partnership; one entity: synergistic.
    "supplier_status": {
        "prospect": (0, 0),
        "one_of_many": (1, 1),
        "one_of_few_preferred": (2, 2),
        "sole_strategic": (3, 4),
        "integrated": (4, 4),
    },
    # early: one salesperson and one buyer (bow-tie); mid: contacts grow in number and
    # variety; partnership on: matching departments in active contact (diamond).
    "contacts": {"none": (0, 0), "bow_tie": (1, 1), "funnel": (1, 2), "diamond": (2, 4)},
    # partnership: trust high enough to share confidential information.
    "information_shared": {
        "none": (0, 0),
        "basic": (0, 1),
        "operational": (1, 2),
        "confidential": (3, 4),
        "strategic": (4, 4),
    },
    # mid: reviews move up to senior managers; synergistic: top management, joint board.
    "management_involvement": {
        "none": (0, 1),
        "occasional_reviews": (1, 1),
        "senior_reviews": (2, 3),
        "joint_board": (4, 4),
    },
    # partnership: formalised in an (exclusive) agreement of at least three years.
    "agreements": {
        "none": (0, 1),
        "non_exclusive": (1, 2),
        "exclusive_short": (2, 2),
        "exclusive_long": (3, 4),
    },
    # the most advanced joint activity: social events (mid); joint problem solving,
    # product development, cross-training (partnership); joint business planning,
    # R&D, process teams, cost reduction (synergistic).
    "joint_activities": {
        "none": (0, 2),
        "trust_building": (1, 2),
        "social": (2, 2),
        "partnership_work": (3, 3),
        "synergy_work": (4, 4),
    },
}

#: The level of each joint activity (a value of the ``joint_activities`` indicator).
ACTIVITY_LEVELS: dict[str, str] = {
    "site_visits": "trust_building",
    "joint_promotion": "trust_building",
    "social_events": "social",
    "joint_problem_solving": "partnership_work",
    "joint_product_development": "partnership_work",
    "cross_training": "partnership_work",
    "joint_business_planning": "synergy_work",
    "joint_rnd": "synergy_work",
    "joint_process_teams": "synergy_work",
    "joint_cost_reduction": "synergy_work",
}

LONG_AGREEMENT_YEARS = 3.0
OUTLIER_DISTANCE = 2


@dataclass(frozen=True)
class ContactShape:
    """The shape of the contact map (see :func:`classify_contacts`)."""

    shape: Literal["none", "bow_tie", "funnel", "diamond"]
    links: int
    ours_active: tuple[str, ...]
    theirs_active: tuple[str, ...]
    unreached: tuple[str, ...]

    @property
    def single_points(self) -> tuple[str, ...]:
        """Return the ids of people who carry all the contact on their side."""
        if not self.links:
            return ()
        out = []
        if len(self.ours_active) == 1:
            out.append(self.ours_active[0])
        if len(self.theirs_active) == 1:
            out.append(self.theirs_active[0])
        return tuple(out)


def classify_contacts(contacts: ContactMap) -> ContactShape:
    """Return the shape of a contact map.

    Only people in contact with the other side count ("active"). ``none``: nobody is;
    ``bow_tie``: one of ours and one of theirs carry all the contact; ``funnel``: one
    person carries all the contact on one side only; ``diamond``: at least two people
    on each side, so no single person carries it. ``unreached`` lists their people
    nobody of ours talks to.
    """
    links = {(p.id, other) for p in contacts.ours for other in p.talks_to}
    ours = tuple(p.id for p in contacts.ours if p.talks_to)
    reached = {other for _, other in links}
    theirs = tuple(p.id for p in contacts.theirs if p.id in reached)
    unreached = tuple(p.id for p in contacts.theirs if p.id not in reached)
    if not links:
        shape = "none"
    elif len(ours) == 1 and len(theirs) == 1:
        shape = "bow_tie"
    elif len(ours) == 1 or len(theirs) == 1:
        shape = "funnel"
    else:
        shape = "diamond"
    return ContactShape(shape, len(links), ours, theirs, unreached)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Evidence:
    """What one indicator says: its value and the range of stages it points to."""

    indicator: str
    value: str | None
    details: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        """Whether the indicator is known."""
        return self.value is not None

    @property
    def span(self) -> tuple[int, int] | None:
        """Return the range as stage indices, or ``None`` when unknown."""
        if self.value is None:
            return None
        return INDICATOR_RANGES[self.indicator][self.value]

    @property
    def low(self) -> str | None:
        """Return the lowest stage this indicator points to."""
        return STAGES[self.span[0]] if self.span else None

    @property
    def high(self) -> str | None:
        """Return the highest stage this indicator points to."""
        return STAGES[self.span[1]] if self.span else None

    def distance(self, stage: str) -> int:
        """Return how many stages ``stage`` lies outside the range (0 inside or unknown)."""
        if self.span is None:
            return 0
        index = STAGES.index(stage)
        low, high = self.span
        return max(low - index, index - high, 0)

    def fits(self, stage: str) -> bool:
        """Whether the indicator is known and its range includes ``stage``."""
        return self.known and self.distance(stage) == 0


def gather_evidence(case: ClientCase) -> tuple[Evidence, ...]:
    """Return what each of the six indicators says, in the order of :data:`INDICATORS`."""
    rel = case.relationship
    out = [Evidence("supplier_status", rel.supplier_status)]
    if rel.contacts is None:
        out.append(Evidence("contacts", None))
    else:
        shape = classify_contacts(rel.contacts)
        out.append(Evidence("contacts", shape.shape, shape.ours_active + shape.theirs_active))
    out.append(Evidence("information_shared", rel.information_shared))
    out.append(Evidence("management_involvement", rel.management_involvement))
    out.append(_agreement_evidence(case))
    if rel.joint_activities is None:
        out.append(Evidence("joint_activities", None))
    else:
        order = list(INDICATOR_RANGES["joint_activities"])
        levels = [ACTIVITY_LEVELS[a] for a in rel.joint_activities]
        level = max(levels, key=order.index, default="none")
        out.append(Evidence("joint_activities", level, tuple(rel.joint_activities)))
    return tuple(out)


def _agreement_evidence(case: ClientCase) -> Evidence:
    agreements = case.relationship.agreements
    if agreements is None:
        return Evidence("agreements", None)
    longest = max((a.years for a in agreements), default=0.0)
    details = tuple(f"{a.years:g}" for a in agreements)
    if any(a.exclusive and a.years >= LONG_AGREEMENT_YEARS for a in agreements):
        return Evidence("agreements", "exclusive_long", details)
    if any(a.exclusive for a in agreements):
        return Evidence("agreements", "exclusive_short", details)
    if agreements:
        return Evidence("agreements", "non_exclusive", (f"{longest:g}",))
    return Evidence("agreements", "none")


@dataclass(frozen=True)
class Contradiction:
    """An indicator at odds with the claimed stage (``claim``) or the diagnosed one."""

    kind: Literal["claim", "outlier"]
    evidence: Evidence
    stage: str


@dataclass(frozen=True)
class Requirement:
    """What one indicator needs for a stage: the least value(s) that fit it, and now."""

    stage: str
    indicator: str
    needed: tuple[str, ...]
    current: str | None
    met: bool


@dataclass(frozen=True)
class StageDiagnosis:
    """The stage the indicators point to, the evidence, contradictions and the next step."""

    stage: str | None
    claimed: str | None
    evidence: tuple[Evidence, ...]
    contradictions: tuple[Contradiction, ...]
    next_stage: str | None
    requirements: tuple[Requirement, ...]

    @property
    def known(self) -> int:
        """Return how many indicators are known."""
        return sum(e.known for e in self.evidence)

    @property
    def agreeing(self) -> int:
        """Return how many known indicators fit the diagnosed stage."""
        if self.stage is None:
            return 0
        return sum(e.fits(self.stage) for e in self.evidence)

    @property
    def claim_matches(self) -> bool | None:
        """Whether the claimed stage is the diagnosed one (``None`` if either is unknown)."""
        if self.claimed is None or self.stage is None or self.claimed not in STAGES:
            return None
        return self.claimed == self.stage


def choose_stage(evidence: tuple[Evidence, ...]) -> str | None:
    """Return the stage closest to all known ranges; ties go to the lower stage."""
    known = [e for e in evidence if e.known]
    if not known:
        return None
    return min(STAGES, key=lambda s: (sum(e.distance(s) for e in known), STAGES.index(s)))


#: Per indicator, the values the risk part flags (:func:`assess_risk`), which a move
#: never recommends when a higher value fits the stage: a bow-tie or a funnel is a single
#: point of contact, so mid-KAM and beyond need a diamond.
RISKY_VALUES: dict[str, frozenset[str]] = {"contacts": frozenset({"bow_tie", "funnel"})}
#: What a declared competitor's-quality sign adds: it weighs more while no agreement is
#: exclusive, so no move recommends staying non-exclusive then.
NON_EXCLUSIVE: frozenset[str] = frozenset({"none", "non_exclusive"})


def list_requirements(
    evidence: tuple[Evidence, ...],
    stage: str,
    avoid: dict[str, frozenset[str]] | None = None,
) -> tuple[Requirement, ...]:
    """Return per indicator what ``stage`` needs: met when the value reaches that need.

    The need is the least value that fits the stage, leaving out the values the risk part
    flags (``avoid``, by default :data:`RISKY_VALUES`) whenever another value fits. An
    unknown indicator is never met (find it out first). For joint activities the needed
    values are the activities of the least level that fits.
    """
    avoid = RISKY_VALUES if avoid is None else avoid
    index = STAGES.index(stage)
    out = []
    for item in evidence:
        table = INDICATOR_RANGES[item.indicator]
        order = list(table)
        fitting = [v for v, (low, high) in table.items() if low <= index <= high]
        safe = [v for v in fitting if v not in avoid.get(item.indicator, ())]
        least = (safe or fitting)[0]
        needed: tuple[str, ...] = (least,)
        if item.indicator == "joint_activities":
            needed = tuple(a for a in JOINT_ACTIVITIES if ACTIVITY_LEVELS[a] == least)
        met = item.value is not None and order.index(item.value) >= order.index(least)
        if least == order[0] and met:
            continue  # the stage asks nothing of this indicator
        out.append(Requirement(stage, item.indicator, needed, item.value, met))
    return tuple(out)


def diagnose_stage(case: ClientCase) -> StageDiagnosis:
    """Diagnose the relationship stage from the indicators (see the module doc)."""
    evidence = gather_evidence(case)
    stage = choose_stage(evidence)
    claimed = case.relationship.claimed_stage
    contradictions = []
    if claimed in STAGES:
        contradictions += [
            Contradiction("claim", e, claimed) for e in evidence if e.known and not e.fits(claimed)
        ]
    if stage is not None:
        listed = {c.evidence.indicator for c in contradictions}
        contradictions += [
            Contradiction("outlier", e, stage)
            for e in evidence
            # one contradiction per indicator: the claim's, when it is listed already
            if e.known and e.distance(stage) >= OUTLIER_DISTANCE and e.indicator not in listed
        ]
    next_stage = None
    if stage is not None and stage != STAGES[-1]:
        next_stage = STAGES[STAGES.index(stage) + 1]
    requirements = list_requirements(evidence, next_stage) if next_stage else ()
    return StageDiagnosis(stage, claimed, evidence, tuple(contradictions), next_stage, requirements)


# ---------------------------------------------------------------------------
# 3. Uncoupling risk.

RULE_IDS: tuple[str, ...] = tuple(f"do{i}" for i in range(1, 9)) + tuple(
    f"dont{i}" for i in range(1, 7)
)

#: Base weight of each warning sign, 1 (mild) to 3 (serious).
BASE_WEIGHTS: dict[str, int] = {
    "key_contact_change": 3,
    "personal_friction": 2,
    "single_point_of_contact": 2,
    "broken_promise": 3,
    "unresolved_complaints": 2,
    "complacency": 2,
    "culture_clash": 2,
    "quality_problems": 3,
    "competitor_quality": 2,
    "buyer_decline": 3,
}

_PEOPLE = {"pre": 1.5, "early": 2.0, "mid": 1.5, "partnership": 1.0, "synergistic": 0.75}
#: Stage factor per sign (1.0 where a stage is not listed).
STAGE_FACTORS: dict[str, dict[str, float]] = {
    "key_contact_change": _PEOPLE,
    "personal_friction": _PEOPLE,
    "single_point_of_contact": {"early": 2.0, "mid": 1.5},
    "broken_promise": {"pre": 1.5, "early": 1.5},
    "complacency": {"pre": 0.5, "early": 0.5, "partnership": 1.5, "synergistic": 1.5},
    # used only when the agreements are unknown: the stage tells whether the account is
    # likely exclusive (not before partnership); see :func:`stage_factor`.
    "competitor_quality": {"early": 1.5, "mid": 1.5},
}
#: A competitor's quality while no agreement is exclusive, and once one is.
COMPETITOR_FACTORS: dict[bool, float] = {False: 1.5, True: 1.0}

#: The do/don't rules of kam-facts §3 that answer each sign.
SIGN_RULES: dict[str, tuple[str, ...]] = {
    "key_contact_change": ("do1", "do4"),
    "personal_friction": ("do7", "dont4"),
    "single_point_of_contact": ("do1", "do8"),
    "broken_promise": ("do2", "do3", "dont6"),
    "unresolved_complaints": ("do3", "do5", "dont1"),
    "complacency": ("do6", "do8"),
    "culture_clash": ("do7", "dont4", "dont2"),
    "quality_problems": ("do3", "do5", "dont1"),
    "competitor_quality": ("do8", "do6", "do7"),
    "buyer_decline": ("dont5", "do2"),
}

RISK_LEVELS: tuple[tuple[float, str], ...] = ((0.0, "none"), (4.0, "low"), (8.0, "medium"))


@dataclass(frozen=True)
class RiskItem:
    """One warning sign present, its weight at this stage, and what answers it."""

    sign: str
    cause: str
    source: Literal["declared", "contact_map"]
    note: str
    people: tuple[str, ...]
    base: int
    factor: float
    rules: tuple[str, ...]

    @property
    def weight(self) -> float:
        """Return base weight × stage factor."""
        return self.base * self.factor


@dataclass(frozen=True)
class RiskAssessment:
    """The warning signs present, heaviest first, and the overall level."""

    stage: str | None
    items: tuple[RiskItem, ...]
    assessed: bool

    @property
    def total(self) -> float:
        """Return the sum of the weights."""
        return sum(i.weight for i in self.items)

    @property
    def level(self) -> Literal["none", "low", "medium", "high"]:
        """Return ``none`` (no sign), ``low`` (< 4), ``medium`` (< 8) or ``high``."""
        if not self.items:
            return "none"
        for limit, name in RISK_LEVELS[1:]:
            if self.total < limit:
                return name  # type: ignore[return-value]
        return "high"

    @property
    def causes(self) -> tuple[str, ...]:
        """Return the causes of uncoupling (kam-facts §1) behind the signs, heaviest first."""
        weights: Counter[str] = Counter()
        for item in self.items:
            weights[item.cause] += item.weight
        return tuple(c for c, _ in weights.most_common())


def stage_factor(sign: str, stage: str | None, exclusive: bool | None = None) -> float:
    """Return the factor a warning sign's base weight is multiplied by.

    A competitor's quality weighs more while no agreement is exclusive (``exclusive``:
    whether any agreement is; ``None`` when the agreements are unknown, then the stage
    decides). Every other sign: its factor for the stage (1 when the stage is unknown).
    """
    if sign == "competitor_quality" and exclusive is not None:
        return COMPETITOR_FACTORS[exclusive]
    return STAGE_FACTORS.get(sign, {}).get(stage, 1.0) if stage else 1.0


def assess_risk(case: ClientCase, stage: str | None = None) -> RiskAssessment:
    """Weigh the warning signs of uncoupling present in a case.

    Args:
        case: The case.
        stage: The stage to weigh for; by default the diagnosed stage, else the claimed
            one, else none (every factor 1).
    """
    if stage is None:
        stage = diagnose_stage(case).stage
        if stage is None and case.relationship.claimed_stage in STAGES:
            stage = case.relationship.claimed_stage
    agreements = case.relationship.agreements
    exclusive = None if agreements is None else any(a.exclusive for a in agreements)
    found: dict[str, RiskItem] = {}

    def add(sign: str, source: str, note: str = "", people: tuple[str, ...] = ()) -> None:
        if sign in found:
            return
        found[sign] = RiskItem(
            sign,
            WARNING_SIGNS[sign],
            source,
            note,
            people,  # type: ignore[arg-type]
            BASE_WEIGHTS[sign],
            stage_factor(sign, stage, exclusive),
            SIGN_RULES[sign],
        )

    contacts = case.relationship.contacts
    single = classify_contacts(contacts).single_points if contacts is not None else ()
    for entry in case.warning_signs or ():
        add(
            entry.sign,
            "declared",
            entry.note,
            single if entry.sign == "single_point_of_contact" else (),
        )
    if single:
        add("single_point_of_contact", "contact_map", "", single)
    items = sorted(found.values(), key=lambda i: (-i.weight, list(WARNING_SIGNS).index(i.sign)))
    assessed = case.warning_signs is not None or bool(items)
    return RiskAssessment(stage, tuple(items), assessed)


# ---------------------------------------------------------------------------
# 4. Preparation and completeness.


@dataclass(frozen=True)
class Completeness:
    """How much of one section is known."""

    section: str
    known: int
    total: int
    unknown: tuple[str, ...]

    @property
    def share(self) -> float:
        """Return known / total (1 for a section with nothing to fill in)."""
        return self.known / self.total if self.total else 1.0

    @property
    def is_analysis_group(self) -> bool:
        """Whether this is one of the five §5 customer-analysis groups."""
        return self.section in ANALYSIS_GROUPS


def measure_completeness(case: ClientCase) -> tuple[Completeness, ...]:
    """Count known and unknown values per section, the five §5 groups first."""
    known: Counter[str] = Counter()
    total: Counter[str] = Counter()
    unknown: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for section, path, is_known in iter_unknowns(case):
        total[section] += 1
        if is_known:
            known[section] += 1
        else:
            unknown[section].append(path)
    return tuple(Completeness(s, known[s], total[s], tuple(unknown[s])) for s in SECTIONS)


@dataclass(frozen=True)
class PreparationReview:
    """The §4 questions with the case's answers, and how complete the case is."""

    answers: tuple[tuple[str, str | None], ...]
    completeness: tuple[Completeness, ...]

    @property
    def open_questions(self) -> tuple[str, ...]:
        """Return the ids of the questions still unanswered."""
        return tuple(q for q, a in self.answers if a is None)

    @property
    def answered(self) -> int:
        """Return how many questions have an answer."""
        return sum(a is not None for _, a in self.answers)

    @property
    def analysis(self) -> tuple[Completeness, ...]:
        """Return the completeness of the five §5 analysis groups."""
        return tuple(c for c in self.completeness if c.is_analysis_group)


def review_preparation(case: ClientCase) -> PreparationReview:
    """Return the preparation questions with their answers, and the completeness."""
    return PreparationReview(tuple(case.preparation.answers().items()), measure_completeness(case))


# ---------------------------------------------------------------------------
# 5. The account plan.


#: Where the plan holds the current stage by default: the lower half of the square.
LOWER_HALF: frozenset[str] = frozenset({"not_of_interest", "too_ambitious"})

#: The notes a plan may carry, in the order it shows them (``case.explain.plan.<note>``).
PLAN_NOTES: tuple[str, ...] = ("recovery", "hold_low", "hold_top", "goal_not_ahead", "borderline")


@dataclass(frozen=True)
class AccountPlan:
    """A summary plan: where the account is, where to take it, how, and what to watch.

    ``notes`` holds the ids of :data:`PLAN_NOTES` that apply; with ``recovery`` (the team
    says the relationship is uncoupling) the plan leads with the warning signs and their
    counter-actions.
    """

    account: str
    stage: str | None
    goal: str | None
    goal_from_case: bool
    steps: tuple[str, ...]
    moves: tuple[Requirement, ...]
    lead_methods: tuple[str, ...]
    risk: RiskAssessment
    contradictions: tuple[Contradiction, ...]
    region: SquareRegion | None
    unreached: tuple[str, ...]
    open_questions: tuple[str, ...]
    notes: tuple[str, ...] = ()
    disputed: tuple[CriterionSpread, ...] = ()

    @property
    def recovery(self) -> bool:
        """Whether the plan is a recovery plan (the team claims uncoupling)."""
        return "recovery" in self.notes


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


def plan_account(case: ClientCase) -> AccountPlan:
    """Summarise the account plan for a case.

    The goal is the case's ``goal_stage``; without one, the stage after the diagnosed
    one, except that the plan holds the current stage (and says why) when the team point
    is in the lower half of the square, or when the account is at the top stage. A goal
    at or below the diagnosed stage gets a note. The moves are the indicators not yet
    where the goal needs them (unknown ones included: they must be found out), never a
    value the risk part flags. ``unreached`` lists the roles of their people nobody of
    ours talks to.
    """
    diagnosis = diagnose_stage(case)
    square = place_in_square(case)
    region = square.consensus.region
    risk = assess_risk(case, diagnosis.stage)
    notes: set[str] = set()
    if case.relationship.claimed_stage == "uncoupling":
        notes.add("recovery")
    goal = case.relationship.goal_stage
    from_case = goal is not None
    if diagnosis.stage is not None:
        current = STAGES.index(diagnosis.stage)
        if goal is None:
            if diagnosis.next_stage is None:
                goal = diagnosis.stage
                notes.add("hold_top")
            elif region in LOWER_HALF:
                goal = diagnosis.stage
                notes.add("hold_low")
            else:
                goal = diagnosis.next_stage
        elif STAGES.index(goal) <= current:
            notes.add("goal_not_ahead")
    if is_borderline(square):
        notes.add("borderline")
    avoid = dict(RISKY_VALUES)
    if any(i.sign == "competitor_quality" for i in risk.items):
        avoid["agreements"] = NON_EXCLUSIVE
    steps: tuple[str, ...] = ()
    moves: tuple[Requirement, ...] = ()
    if goal is not None:
        start = STAGES.index(diagnosis.stage) + 1 if diagnosis.stage else 1
        steps = STAGES[start : STAGES.index(goal) + 1]
        if steps:
            moves = tuple(
                r for r in list_requirements(diagnosis.evidence, goal, avoid) if not r.met
            )
    unreached: tuple[str, ...] = ()
    contacts = case.relationship.contacts
    if contacts is not None:
        roles = {p.id: p.role or p.id for p in contacts.theirs}
        unreached = tuple(roles[i] for i in classify_contacts(contacts).unreached)
    return AccountPlan(
        account=case.name,
        stage=diagnosis.stage,
        goal=goal,
        goal_from_case=from_case,
        steps=steps,
        moves=moves,
        lead_methods=methods_to_lead_with(case.methods.by_id()),
        risk=risk,
        contradictions=diagnosis.contradictions,
        region=region,
        unreached=unreached,
        open_questions=review_preparation(case).open_questions,
        notes=tuple(n for n in PLAN_NOTES if n in notes),
        disputed=square.disputed,
    )


# ---------------------------------------------------------------------------
# Sentences, from the catalogue: the text the workshop report shows (it adds the HTML).


def _num(value: float | None, lang: str) -> str:
    return format_number(value, lang)


def describe_stage(lang: str, stage: str | None) -> str:
    """Return a stage's name (or "unknown")."""
    return t(lang, f"case.stages.{stage}.name") if stage else t(lang, "case.unknown")


def describe_range(lang: str, evidence: Evidence) -> str:
    """Return the stages an indicator points to: one stage, or "low to high"."""
    if evidence.low == evidence.high:
        return t(lang, "case.explain.stage.single", stage=describe_stage(lang, evidence.low))
    return t(
        lang,
        "case.explain.stage.range",
        low=describe_stage(lang, evidence.low),
        high=describe_stage(lang, evidence.high),
    )


def describe_value(lang: str, indicator: str, value: str | None) -> str:
    """Return an indicator's value in words (or "unknown")."""
    if value is None:
        return t(lang, "case.unknown")
    return t(lang, f"case.values.{indicator}.{value}")


def _needed(lang: str, req: Requirement) -> str:
    if req.indicator == "joint_activities":
        return " / ".join(t(lang, f"case.activities.{a}") for a in req.needed)
    return " / ".join(describe_value(lang, req.indicator, v) for v in req.needed)


def describe_requirement(req: Requirement, lang: str) -> str:
    """Return what an indicator needs for a stage, and where it is now."""
    name = t(lang, f"case.indicators.{req.indicator}")
    if req.current is None:
        return t(lang, "case.explain.stage.requirement_unknown", indicator=name)
    return t(
        lang,
        "case.explain.stage.requirement",
        indicator=name,
        current=describe_value(lang, req.indicator, req.current),
        stage=describe_stage(lang, req.stage),
        needed=_needed(lang, req),
    )


def describe_contradiction(c: Contradiction, lang: str) -> str:
    """Return one contradiction: with the claimed stage, or with the diagnosed one."""
    return t(
        lang,
        f"case.explain.stage.contradiction_{c.kind}",
        stage=describe_stage(lang, c.stage),
        indicator=t(lang, f"case.indicators.{c.evidence.indicator}"),
        value=describe_value(lang, c.evidence.indicator, c.evidence.value),
        range=describe_range(lang, c.evidence),
    )


def describe_disputed(spread: CriterionSpread, lang: str) -> str:
    """Return one criterion the team disagrees on, with every scorer's score."""
    return t(
        lang,
        "case.explain.square.disputed",
        criterion=t(lang, f"case.criteria.{spread.group}.{spread.criterion}"),
        group=t(lang, f"case.groups.{spread.group}"),
        low=_num(spread.low, lang),
        high=_num(spread.high, lang),
        scores=", ".join(f"{who} {_num(s, lang)}" for who, s in spread.scores),
    )


def explain_square(square: Square, lang: str) -> list[str]:
    """Return sentences on the square: each point, the consensus, the disputed criteria."""
    lines = []
    for point in square.points:
        if point.region is None:
            lines.append(t(lang, "case.explain.square.point_unknown", scorer=point.scorer))
        else:
            lines.append(
                t(
                    lang,
                    "case.explain.square.point",
                    scorer=point.scorer,
                    customer=_num(point.customer, lang),
                    ours=_num(point.ours, lang),
                    region=t(lang, f"case.regions.{point.region}.name"),
                )
            )
    region = square.consensus.region
    if region is not None:
        lines.append(
            t(
                lang,
                "case.explain.square.consensus",
                n=len(square.points),
                customer=_num(square.consensus.customer, lang),
                ours=_num(square.consensus.ours, lang),
                region=t(lang, f"case.regions.{region}.name"),
                meaning=t(lang, f"case.regions.{region}.meaning"),
            )
        )
    lines += [describe_disputed(spread, lang) for spread in square.disputed]
    return lines


#: The sections of the account plan, in order (``workshop.plan.<section>`` titles them).
PLAN_SECTIONS: tuple[str, ...] = ("where", "moves", "methods", "risks", "checks", "open")


def plan_sections(plan: AccountPlan, lang: str) -> list[tuple[str, list[str]]]:
    """Return the account plan as ``(section, sentences)`` pairs, in the order to show them.

    A recovery plan (:attr:`AccountPlan.recovery`) puts the risks first.
    """
    where = []
    if plan.goal is None:
        where.append(t(lang, "case.explain.plan.no_goal", stage=describe_stage(lang, plan.stage)))
    else:
        where.append(
            t(
                lang,
                "case.explain.plan.now",
                stage=describe_stage(lang, plan.stage),
                goal=describe_stage(lang, plan.goal),
            )
        )
    if plan.region is not None:
        where.append(
            t(
                lang,
                "workshop.plan.square",
                region=t(lang, f"case.regions.{plan.region}.name"),
                meaning=t(lang, f"case.regions.{plan.region}.meaning"),
            )
        )
    if plan.region in LOWER_HALF and "hold_low" not in plan.notes:
        where.append(
            t(
                lang,
                "case.explain.plan.region_low",
                region=t(lang, f"case.regions.{plan.region}.name"),
            )
        )
    where += [
        t(
            lang,
            f"case.explain.plan.{note}",
            stage=describe_stage(lang, plan.stage),
            goal=describe_stage(lang, plan.goal),
            margin=_num(BORDERLINE, lang),
        )
        for note in plan.notes
        if note != "recovery"
    ]
    moves = [
        t(
            lang,
            "case.explain.plan.step",
            stage=describe_stage(lang, step),
            advice=t(lang, f"case.stages.{step}.move"),
        )
        for step in plan.steps
    ]
    moves += [describe_requirement(r, lang) for r in plan.moves]
    if plan.unreached:
        moves.append(t(lang, "case.explain.plan.unreached", roles=", ".join(plan.unreached)))
    if plan.lead_methods:
        methods = [
            t(
                lang,
                "case.explain.plan.methods",
                methods=", ".join(t(lang, f"methods.names.{m}") for m in plan.lead_methods),
            )
        ]
    else:
        methods = [t(lang, "case.explain.plan.no_methods")]
    if not plan.risk.assessed:
        risks = [t(lang, "case.explain.risk.not_assessed")]
    elif not plan.risk.items:
        risks = [t(lang, "case.explain.risk.none")]
    else:
        risks = [
            t(
                lang,
                "case.explain.plan.risk",
                sign=t(lang, f"case.signs.{item.sign}.name"),
                counter=t(lang, f"case.signs.{item.sign}.counter"),
            )
            for item in plan.risk.items
        ]
    if plan.recovery:  # a recovery plan leads with the signs, and says so
        risks.insert(0, t(lang, "case.explain.plan.recovery"))
    checks = [
        t(
            lang,
            "case.explain.plan.contradiction",
            indicator=t(lang, f"case.indicators.{c.evidence.indicator}"),
            value=describe_value(lang, c.evidence.indicator, c.evidence.value),
        )
        for c in plan.contradictions
        if c.kind == "claim"
    ]
    checks += [describe_disputed(s, lang) for s in plan.disputed]
    questions = [
        t(lang, "case.explain.plan.open", question=t(lang, f"case.questions.{q}"))
        for q in plan.open_questions
    ]
    found = {
        "where": where,
        "moves": moves,
        "methods": methods,
        "risks": risks,
        "checks": checks,
        "open": questions,
    }
    order = list(PLAN_SECTIONS)
    if plan.recovery:
        order.remove("risks")
        order.insert(0, "risks")
    return [(name, found[name]) for name in order]
