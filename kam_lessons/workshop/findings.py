"""Every analysis of one case, run once: what the report's parts show.

Pure, like the analyses: :func:`analyse` runs the square, the stage diagnosis, the risk
(weighed for the diagnosed stage), the methods plan, the preparation review and the
account plan, and keeps them together for the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kam_lessons.workshop.methods_plan import MethodsPlan, plan_methods
from kam_lessons.workshop.plan import AccountPlan, plan_account
from kam_lessons.workshop.preparation import PreparationReview, review_preparation
from kam_lessons.workshop.risk import RiskAssessment
from kam_lessons.workshop.schema import ClientCase
from kam_lessons.workshop.square import Square, place_in_square
from kam_lessons.workshop.stage import StageDiagnosis, diagnose_stage


@dataclass(frozen=True)
class Findings:
    """A case, its file, and the result of every analysis."""

    case: ClientCase
    path: Path
    square: Square
    stage: StageDiagnosis
    risk: RiskAssessment
    methods: MethodsPlan
    preparation: PreparationReview
    plan: AccountPlan


def analyse(case: ClientCase, path: Path | str) -> Findings:
    """Run every analysis on a case (read from ``path``)."""
    plan = plan_account(case)
    return Findings(
        case=case,
        path=Path(path),
        square=place_in_square(case),
        stage=diagnose_stage(case),
        risk=plan.risk,  # weighed for the diagnosed stage
        methods=plan_methods(case),
        preparation=review_preparation(case),
        plan=plan,
    )
