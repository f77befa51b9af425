"""The account plan: where the account is, where to take it, how, and what to watch.

:func:`plan_account` draws on every other analysis: the goal stage (the case's, or the
next one), the moves the goal takes, the methods to lead with, the risks with their
counter-actions, what to check and what to find out. Pure functions, no display.
"""

from __future__ import annotations

from dataclasses import dataclass

from kam_lessons.workshop.methods_plan import plan_methods
from kam_lessons.workshop.preparation import review_preparation
from kam_lessons.workshop.risk import RiskAssessment, assess_risk
from kam_lessons.workshop.schema import ClientCase
from kam_lessons.workshop.square import (
    CriterionSpread,
    SquareRegion,
    is_borderline,
    place_in_square,
)
from kam_lessons.workshop.stage import (
    NON_EXCLUSIVE,
    RISKY_VALUES,
    Contradiction,
    Requirement,
    classify_contacts,
    diagnose_stage,
    list_requirements,
)
from kam_lessons.workshop.vocabulary import STAGES

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
        avoid["agreements"] = NON_EXCLUSIVE | RISKY_VALUES["agreements"]
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
        lead_methods=plan_methods(case).lead,
        risk=risk,
        contradictions=diagnosis.contradictions,
        region=region,
        unreached=unreached,
        open_questions=review_preparation(case).open_questions,
        notes=tuple(n for n in PLAN_NOTES if n in notes),
        disputed=square.disputed,
    )
