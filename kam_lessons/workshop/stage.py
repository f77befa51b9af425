"""The stage (kam-facts §1): which relationship stage the indicators point to, and why.

Six indicators each point to a range of stages (:data:`INDICATOR_RANGES`): supplier
status, the shape of the contact map (:func:`classify_contacts`), information shared,
management involvement, agreements and joint activities. The diagnosed stage is the one
closest to all known ranges (the least total distance, counted in stages; a tie goes to
the lower stage, so a relationship is never rated higher than the evidence shows).
Contradictions are (a) every known indicator whose range excludes the stage the team
claims, and (b) every indicator two or more stages away from the diagnosed stage. What
the next stage takes is, per indicator, the least value that fits it. Pure functions,
no display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kam_lessons.workshop.schema import ClientCase, ContactMap
from kam_lessons.workshop.vocabulary import JOINT_ACTIVITIES, STAGES

INDICATOR_RANGES: dict[str, dict[str, tuple[int, int]]] = {
    # The one set of stage indicators of the course: lesson 1 teaches the stages with
    # them and tests/workshop/test_stage.py holds every stage question of lesson 1 to
    # them. Pre-KAM makes products available while gathering information: the customer
    # may already buy from us, through ordinary sales calls, as one supplier among many.
    # Early-KAM: still one of several suppliers, contact through one KAM and one buyer,
    # the customer monitoring our performance; mid: one of a few preferred; partnership:
    # the buyer ties practically all its business to one supplier; synergistic: one entity.
    "supplier_status": {
        "prospect": (0, 0),
        "one_of_many": (0, 1),
        "one_of_few_preferred": (2, 2),
        "sole_strategic": (3, 4),
        "integrated": (4, 4),
    },
    # pre: ordinary sales calls (nobody yet, or one rep and one buyer); early: one KAM and
    # one buyer (bow-tie); mid: contacts grow in number and variety; partnership on:
    # matching departments in active contact (diamond).
    "contacts": {"none": (0, 0), "bow_tie": (0, 1), "funnel": (1, 2), "diamond": (2, 4)},
    # pre: we gather facts; early: open communication, the customer monitors our
    # performance (operational information); partnership: trust high enough to share
    # confidential information.
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
    # The model names an agreement only at partnership: practically all the business tied
    # to one supplier, formalised for at least three years. Up to mid-KAM the account is
    # not exclusive, so an exclusive agreement of under three years is partnership that is
    # not yet formalised as the model asks (a move never stops there: RISKY_VALUES). A
    # non-exclusive agreement (a yearly price agreement, a framework) is more than the
    # ordinary orders of pre-KAM: early to mid (the course's reading; the model is silent).
    "agreements": {
        "none": (0, 2),
        "non_exclusive": (1, 2),
        "exclusive_short": (3, 3),
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

#: The six indicators, in the order they are shown.
INDICATORS: tuple[str, ...] = tuple(INDICATOR_RANGES)

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


#: Per indicator, the values a move never recommends when a higher value fits the stage:
#: a bow-tie or a funnel is a single point of contact (the risk part flags it), so mid-KAM
#: and beyond need a diamond; an exclusive agreement of under three years falls short of
#: the partnership agreement of at least three years.
RISKY_VALUES: dict[str, frozenset[str]] = {
    "contacts": frozenset({"bow_tie", "funnel"}),
    "agreements": frozenset({"exclusive_short"}),
}
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
