"""The words of the workshop: every sentence the report shows, from the catalogue.

One function per kind of sentence, each taking the language first (``(lang, ...)``, like
:func:`kam_lessons.i18n.t`) and returning plain text; the renderers of
:mod:`kam_lessons.workshop.render` add the HTML (and escape it). Every word comes from
the catalogue (``case.*``, ``workshop.*``, ``methods.*``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from kam_lessons import numbers
from kam_lessons.i18n import DEFAULT_LANG, catalogue, t
from kam_lessons.workshop.plan import LOWER_HALF, AccountPlan
from kam_lessons.workshop.schema import YesNo
from kam_lessons.workshop.square import (
    BORDERLINE,
    SQUARE_THRESHOLD,
    TOLERANCE,
    CriterionSpread,
    Square,
    at_least,
)
from kam_lessons.workshop.stage import Contradiction, Evidence, Requirement


def format_number(lang: str, value: float | None, *, floor: bool = True) -> str:
    """Return a mean or score for display, to 0.1, never on the wrong side of the threshold.

    Rounding that would cross :data:`SQUARE_THRESHOLD` floors instead: a mean of 49.957
    shows as 49.9, not as 50 beside "not of interest"; a 50 computed as 49.9999… shows as
    50 (within :data:`TOLERANCE`, as :func:`at_least` counts it). With ``floor=False``
    (risk weights and factors, e.g. 0.75) it rounds to 0.01 and ignores the threshold.
    The decimal mark is the language's (:func:`kam_lessons.numbers.format_number`).
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
    return numbers.format_number(shown, lang)  # the one formatter: the catalogue's decimal mark


def exact_number(lang: str, value: float) -> str:
    """Return a weight or factor to 0.01 (e.g. 0.75), ignoring the square's threshold."""
    return format_number(lang, value, floor=False)


def describe_region(lang: str, region: str | None) -> str:
    """Return a region of the square's name (or "unknown")."""
    return t(lang, f"case.regions.{region}.name") if region else t(lang, "case.unknown")


def case_text(lang: str, value: str) -> str:
    """Return a text from the case as it is; a yes/no answer in ``lang``."""
    return t(lang, f"case.yes_no.{value}") if isinstance(value, YesNo) else value


def catalogue_group(lang: str, prefix: str) -> dict[str, str]:
    """Return the catalogue entries under ``prefix`` in their file order (English if missing)."""
    found = {k: v for k, v in catalogue(lang).items() if k.startswith(prefix)}
    return found or {k: v for k, v in catalogue(DEFAULT_LANG).items() if k.startswith(prefix)}


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


def describe_requirement(lang: str, req: Requirement) -> str:
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


def describe_contradiction(lang: str, c: Contradiction) -> str:
    """Return one contradiction: with the claimed stage, or with the diagnosed one."""
    return t(
        lang,
        f"case.explain.stage.contradiction_{c.kind}",
        stage=describe_stage(lang, c.stage),
        indicator=t(lang, f"case.indicators.{c.evidence.indicator}"),
        value=describe_value(lang, c.evidence.indicator, c.evidence.value),
        range=describe_range(lang, c.evidence),
    )


def describe_disputed(lang: str, spread: CriterionSpread) -> str:
    """Return one criterion the team disagrees on, with every scorer's score."""
    return t(
        lang,
        "case.explain.square.disputed",
        criterion=t(lang, f"case.criteria.{spread.group}.{spread.criterion}"),
        group=t(lang, f"case.groups.{spread.group}"),
        low=format_number(lang, spread.low),
        high=format_number(lang, spread.high),
        scores=", ".join(f"{who} {format_number(lang, s)}" for who, s in spread.scores),
    )


def explain_square(lang: str, square: Square) -> list[str]:
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
                    customer=format_number(lang, point.customer),
                    ours=format_number(lang, point.ours),
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
                customer=format_number(lang, square.consensus.customer),
                ours=format_number(lang, square.consensus.ours),
                region=t(lang, f"case.regions.{region}.name"),
                meaning=t(lang, f"case.regions.{region}.meaning"),
            )
        )
    lines += [describe_disputed(lang, spread) for spread in square.disputed]
    return lines


#: The sections of the account plan, in order (``workshop.plan.<section>`` titles them).
PLAN_SECTIONS: tuple[str, ...] = ("where", "moves", "methods", "risks", "checks", "open")


def plan_sections(lang: str, plan: AccountPlan) -> list[tuple[str, list[str]]]:
    """Return the account plan as ``(section, sentences)`` pairs, in the order to show them.

    A recovery plan (:attr:`AccountPlan.recovery`) puts the risks first.
    """
    order = list(PLAN_SECTIONS)
    if plan.recovery:
        order.remove("risks")
        order.insert(0, "risks")
    return [(name, _PLAN_WRITERS[name](lang, plan)) for name in order]


def _plan_where(lang: str, plan: AccountPlan) -> list[str]:
    stage = describe_stage(lang, plan.stage)
    if plan.goal is None:
        where = [t(lang, "case.explain.plan.no_goal", stage=stage)]
    else:
        goal = describe_stage(lang, plan.goal)
        where = [t(lang, "case.explain.plan.now", stage=stage, goal=goal)]
    if plan.region is not None:
        region = describe_region(lang, plan.region)
        meaning = t(lang, f"case.regions.{plan.region}.meaning")
        where.append(t(lang, "workshop.plan.square", region=region, meaning=meaning))
        if plan.region in LOWER_HALF and "hold_low" not in plan.notes:
            where.append(t(lang, "case.explain.plan.region_low", region=region))
    where += [
        t(
            lang,
            f"case.explain.plan.{note}",
            stage=stage,
            goal=describe_stage(lang, plan.goal),
            margin=format_number(lang, BORDERLINE),
        )
        for note in plan.notes
        if note != "recovery"
    ]
    return where


def _plan_moves(lang: str, plan: AccountPlan) -> list[str]:
    moves = [
        t(
            lang,
            "case.explain.plan.step",
            stage=describe_stage(lang, step),
            advice=t(lang, f"case.stages.{step}.move"),
        )
        for step in plan.steps
    ]
    moves += [describe_requirement(lang, r) for r in plan.moves]
    if plan.unreached:
        moves.append(t(lang, "case.explain.plan.unreached", roles=", ".join(plan.unreached)))
    return moves


def _plan_methods(lang: str, plan: AccountPlan) -> list[str]:
    if not plan.lead_methods:
        return [t(lang, "case.explain.plan.no_methods")]
    names = ", ".join(t(lang, f"methods.names.{m}") for m in plan.lead_methods)
    return [t(lang, "case.explain.plan.methods", methods=names)]


def _plan_risks(lang: str, plan: AccountPlan) -> list[str]:
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
    return risks


def _plan_checks(lang: str, plan: AccountPlan) -> list[str]:
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
    return checks + [describe_disputed(lang, s) for s in plan.disputed]


def _plan_open(lang: str, plan: AccountPlan) -> list[str]:
    return [
        t(lang, "case.explain.plan.open", question=t(lang, f"case.questions.{q}"))
        for q in plan.open_questions
    ]


_PLAN_WRITERS: dict[str, Callable[[str, AccountPlan], list[str]]] = {
    "where": _plan_where,
    "moves": _plan_moves,
    "methods": _plan_methods,
    "risks": _plan_risks,
    "checks": _plan_checks,
    "open": _plan_open,
}
