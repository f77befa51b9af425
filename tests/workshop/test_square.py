"""The square: each scorer's point, the spread, the disputes and the consensus."""

from __future__ import annotations

from statistics import fmean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_lessons.workshop.loading import (
    cases_dir,
    load_case,
)
from kam_lessons.workshop.square import (
    locate_in_square,
    place_in_square,
)

from .builders import (
    make,
    scorer,
)


@pytest.mark.parametrize(
    ("ours", "customer", "region"),
    [
        (50, 50, "key"),
        (50.1, 50.1, "key"),
        (49.9, 50, "target"),
        (49.9, 50.1, "target"),
        (50, 49.9, "not_of_interest"),
        (50.1, 49.9, "not_of_interest"),
        (49.9, 49.9, "too_ambitious"),
        (0, 0, "too_ambitious"),
        (100, 100, "key"),
        (0, 100, "target"),
        (100, 0, "not_of_interest"),
    ],
)
def test_square_regions_at_their_boundaries(ours, customer, region):
    assert locate_in_square(ours, customer) == region
    case = make(scores=[scorer("KAM", customer, ours)])
    point = place_in_square(case).points[0]
    assert (point.ours, point.customer) == pytest.approx((ours, customer))
    assert point.region == region


def test_the_point_is_the_mean_of_each_group_ignoring_unknowns():
    card = scorer("KAM", [70, 60, "unknown", 50, 40, 30, 20], [90] * 7 + ["unknown"])
    point = place_in_square(make(scores=[card])).points[0]
    assert point.customer == fmean([70, 60, 50, 40, 30, 20])
    assert point.ours == 90
    assert point.unknown == 2


def test_a_scorer_with_a_whole_group_unknown_has_no_region():
    point = place_in_square(make(scores=[scorer("KAM", "unknown", 80)])).points[0]
    assert point.customer is None and point.region is None


def test_three_scorers_who_disagree():
    square = place_in_square(load_case(cases_dir() / "sample.yaml"))
    assert [p.scorer for p in square.points] == [
        "Key account manager",
        "Application engineer",
        "Sales director",
    ]
    assert [p.region for p in square.points] == ["key", "target", "not_of_interest"]
    assert square.consensus.customer == pytest.approx(fmean(p.customer for p in square.points))
    assert square.consensus.ours == pytest.approx(fmean(p.ours for p in square.points))
    assert square.consensus.region == "key"
    assert [(s.criterion, s.spread) for s in square.disputed] == [
        ("need_for_us", 35),
        ("relationship", 35),
        ("services", 35),
    ]
    need = square.disputed[0]
    assert (need.low, need.high) == (35, 70)
    assert dict(need.scores) == {
        "Key account manager": 70,
        "Application engineer": 60,
        "Sales director": 35,
    }


def test_disputes_are_the_three_widest_spreads_widest_first():
    a = scorer("A", [50, 50, 50, 50, 50, 50, 50], [50, 50, 50, 50, 50, 50, 50, 50])
    b = scorer("B", [69, 70, 90, 95, 50, 50, 50], [50, 50, 50, 50, 50, 50, 50, 10])
    square = place_in_square(make(scores=[a, b]))
    # spreads: profitability 45, competition 40, advantages 40, potential 20, growth 19
    assert [s.criterion for s in square.disputed] == ["profitability", "competition", "advantages"]


@pytest.mark.parametrize(("other", "disputed"), [(69, False), (70, True), (30, True), (31, False)])
def test_a_dispute_needs_a_spread_of_twenty(other, disputed):
    cards = [scorer("A", 50, 50), scorer("B", [other] + [50] * 6, 50)]
    square = place_in_square(make(scores=cards))
    assert (square.disputed[:1] != ()) is disputed


def test_one_scorer_has_nothing_to_dispute():
    square = place_in_square(make(scores=[scorer("KAM", [10, 90, 50, 50, 50, 50, 50], 50)]))
    assert square.disputed == ()
    assert all(s.spread == 0 for s in square.spreads)


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=5))
@settings(deadline=None)
def test_consensus_is_the_mean_of_the_scorers_points(points):
    cards = [scorer(f"S{i}", c, o) for i, (c, o) in enumerate(points)]
    square = place_in_square(make(scores=cards))
    assert square.consensus.customer == pytest.approx(fmean(c for c, _ in points))
    assert square.consensus.ours == pytest.approx(fmean(o for _, o in points))
    assert square.consensus.region == locate_in_square(
        square.consensus.ours, square.consensus.customer
    )


def test_an_exact_fifty_computed_inexactly_counts_as_fifty():
    # 7 criteria whose mean is 50 exactly on paper, 49.99999… in floating point
    customer = [50.1, 49.9, 50.3, 49.7, 50.2, 49.8, 50.0]
    point = place_in_square(make(scores=[scorer("KAM", customer, 80)])).consensus
    assert point.region == "key"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_lesson_4s_case_is_placed_by_the_workshop_where_the_lesson_places_it(lang):
    """The square of lesson 4 and the workshop's are one rule: the same scores, the same point."""
    from kam_lessons.casebook import resolve_case
    from kam_lessons.content import load_lesson
    from kam_lessons.questions.square import key_region, mean_of

    lesson = load_lesson("04_assessment", lang)
    # Ladoga Foods, the worked example: the workshop places it where q05-q07 do
    square = place_in_square(load_case(resolve_case("ladoga", lang)))
    point = (square.consensus.customer, square.consensus.ours)
    assert point == (lesson.question("q05").answer, lesson.question("q06").answer) == (68, 41)
    assert square.consensus.region == lesson.question("q07").answer == "target"
    # Onega Dairy, the square exercise (q16): its key is placed by the workshop's rule
    key = lesson.question("q16").answer
    where = locate_in_square(mean_of(key["ours"]), mean_of(key["customer"]))
    assert where == key_region(key) == key["region"] == "key"
