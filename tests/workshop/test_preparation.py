"""Preparation: open questions and completeness per section."""

from __future__ import annotations

from kam_lessons.workshop.loading import (
    cases_dir,
    load_case,
)
from kam_lessons.workshop.preparation import (
    measure_completeness,
    review_preparation,
)
from kam_lessons.workshop.schema import (
    ANALYSIS_GROUPS,
)


def test_open_questions_are_the_unanswered_ones():
    case = load_case(cases_dir() / "claimed_partnership.yaml")
    review = review_preparation(case)
    assert review.open_questions == (
        "complete_solution",
        "solution_weaknesses",
        "loyalty",
        "planned_revenue",
        "risk",
    )
    assert review.answered == 6
    assert dict(review.answers)["importance"].startswith("High")


def test_completeness_counts_unknowns_per_analysis_group():
    case = load_case(cases_dir() / "claimed_partnership.yaml")
    counts = {c.section: c for c in measure_completeness(case)}
    assert list(counts)[:5] == list(ANALYSIS_GROUPS)
    assert (counts["profile"].known, counts["profile"].total) == (4, 5)
    assert counts["profile"].unknown == ("analysis.profile.financial_position",)
    assert (counts["satisfaction"].known, counts["satisfaction"].total) == (4, 6)
    assert (counts["knowledge"].known, counts["knowledge"].total) == (3, 5)
    assert (counts["scores"].known, counts["scores"].total) == (14, 15)
    assert "methods.resource.value" in counts["methods"].unknown
    assert counts["warning_signs"].share == 1.0
    assert len(review_preparation(case).analysis) == 5


def test_a_fully_answered_group_is_complete():
    counts = {c.section: c for c in measure_completeness(load_case(cases_dir() / "sample.yaml"))}
    assert all(counts[g].share == 1.0 for g in ANALYSIS_GROUPS)
    assert counts["preparation"].unknown == ("preparation.planned_revenue",)
