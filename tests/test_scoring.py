"""Scoring: exact rules on examples, and properties over every question of every lesson."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_lessons.casebook import reference_ratings
from kam_lessons.content import (
    Categorize,
    FreeText,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    SingleChoice,
    ValueCost,
    lesson_ids,
    load_lesson,
)
from kam_lessons.scoring import is_answered, score_lesson, score_question, share

ALL_QUESTIONS = [q for lid in lesson_ids() for q in load_lesson(lid, "en").questions]
AUTO = [q for q in ALL_QUESTIONS if q.auto_scored and not isinstance(q, ValueCost)]


def C(i):
    return {"id": i, "text": i.upper()}


SINGLE = SingleChoice(
    type="single", id="s", prompt="?", explain="x", options=[C("a"), C("b"), C("c")], answer="b"
)
MULTI = MultipleChoice(
    type="multiple",
    id="m",
    prompt="?",
    explain="x",
    points=2,
    options=[C("a"), C("b"), C("c"), C("d")],
    answer=["a", "c"],
)
MATCH = Matching(
    type="matching",
    id="p",
    prompt="?",
    explain="x",
    points=2,
    items=[C("i1"), C("i2"), C("i3"), C("i4")],
    choices=[C("x"), C("y"), C("z"), C("w")],
    answer={"i1": "x", "i2": "y", "i3": "z", "i4": "w"},
)
ORDER = Ordering(
    type="ordering",
    id="o",
    prompt="?",
    explain="x",
    points=2,
    items=[C("a"), C("b"), C("c"), C("d"), C("e")],
    answer=["a", "b", "c", "d", "e"],
)
BINS = Categorize(
    type="categorize",
    id="k",
    prompt="?",
    explain="x",
    points=2,
    items=[C("a"), C("b"), C("c"), C("d")],
    bins=[C("do"), C("dont")],
    answer={"a": "do", "b": "dont", "c": "do", "d": "dont"},
)
NUM = Numeric(type="numeric", id="n", prompt="?", explain="x", answer=3, tolerance=0.5)
TEXT = FreeText(type="text", id="t", prompt="?", points=3, rubric=["names a remedy"])


@pytest.mark.parametrize(
    ("question", "value", "points"),
    [
        (SINGLE, "b", 1),
        (SINGLE, "a", 0),
        (SINGLE, None, 0),
        (SINGLE, ["b"], 0),
        (MULTI, ["a", "c"], 2),
        (MULTI, ["c", "a"], 2),
        (MULTI, ["a"], 1),
        (MULTI, ["a", "b"], 0),
        (MULTI, ["a", "c", "d"], 1),
        (MULTI, ["a", "b", "c", "d"], 0),
        (MULTI, [], 0),
        (MULTI, "a", 0),
        (MATCH, {"i1": "x", "i2": "y", "i3": "z", "i4": "w"}, 2),
        (MATCH, {"i1": "x", "i2": "y", "i3": "w", "i4": "z"}, 1),
        (MATCH, {"i1": "x"}, 0.5),
        (MATCH, {}, 0),
        (MATCH, ["x"], 0),
        (ORDER, ["a", "b", "c", "d", "e"], 2),
        (ORDER, ["b", "a", "c", "d", "e"], 1.5),  # one neighbour swap: LCS 4 -> 3/4
        (ORDER, ["e", "d", "c", "b", "a"], 0),
        (ORDER, ["a", "b", "c"], 0),  # not every item: not a valid order
        (ORDER, ["a", "a", "b", "c", "d"], 0),
        (BINS, {"a": "do", "b": "dont", "c": "dont", "d": "dont"}, 1.5),
        (BINS, {"a": "dont", "b": "do", "c": "dont", "d": "do"}, 0),
        (NUM, 3, 1),
        (NUM, 3.5, 1),
        (NUM, 2.5, 1),
        (NUM, 3.51, 0),
        (NUM, "3,2", 1),
        (NUM, "three", 0),
        (NUM, True, 0),
        (NUM, float("nan"), 0),
    ],
)
def test_points_follow_the_documented_rules(question, value, points):
    assert score_question(question, value).points == points


def test_free_text_is_never_auto_scored_but_counts_as_awaiting_a_trainer():
    answered = score_question(TEXT, "I would introduce the new KAM in person.")
    assert answered.points is None and answered.needs_manual
    assert not score_question(TEXT, "   ").answered


def test_lesson_totals_leave_free_text_out_of_the_score(lesson1):
    key = {q.id: q.answer for q in lesson1.questions if q.auto_scored}
    result = score_lesson(lesson1, {**key, "q18": "a thoughtful answer"})
    assert result.score == result.max_score == lesson1.max_score
    assert result.answered == result.total == len(lesson1.questions)
    assert result.awaiting_manual == 1


def _random_answer(q, rnd: random.Random):
    return q.random_answer(rnd)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), index=st.integers(0, len(AUTO) - 1))
def test_any_answer_scores_between_zero_and_max(seed, index):
    q = AUTO[index]
    points = score_question(q, _random_answer(q, random.Random(seed))).points
    assert 0 <= points <= q.points


@pytest.mark.parametrize("question", AUTO, ids=lambda q: q.id)
def test_the_key_scores_full_points_and_an_empty_answer_zero(question):
    assert score_question(question, question.answer).points == question.points
    for empty in (None, [], {}, ""):
        assert score_question(question, empty).points == 0


UNORDERED = [q for q in AUTO if isinstance(q, MultipleChoice | Matching | Categorize)]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), index=st.integers(0, len(UNORDERED) - 1))
def test_the_order_an_answer_is_stored_in_never_changes_its_score(seed, index):
    q = UNORDERED[index]
    rnd = random.Random(seed)
    value = _random_answer(q, rnd)
    if isinstance(value, dict):
        items = list(value.items())
        rnd.shuffle(items)
        reordered = dict(items)
    else:
        reordered = rnd.sample(value, len(value))
    assert share(q, value) == share(q, reordered)


@pytest.mark.parametrize(
    ("question", "value", "answered"),
    [
        (SINGLE, None, False),
        (SINGLE, "a", True),
        (MULTI, [], False),
        (MATCH, {}, False),
        (NUM, "x", False),
        (NUM, 0, True),
        (TEXT, "", False),
        (TEXT, "ok", True),
    ],
)
def test_progress_counts_only_real_answers(question, value, answered):
    assert is_answered(question, value) is answered


# --- value vs cost (lesson 2): the key is a case's reference ratings --------------------------

VC = ValueCost(type="value_cost", id="v", prompt="?", explain="x", points=4, case="ref")
REF = {
    "trust": (70, 30),
    "technical": (85, 60),
    "resource": (30, 70),
    "service": (80, 40),
    "risk": (45, 25),
}


def _refs(case, lang):
    return {m: {"value": v, "cost": c} for m, (v, c) in REF.items()} if case == "ref" else None


def _vc(shift=0, lead=("technical", "service"), case="ref"):
    # move each value `shift` towards the middle, so it stays within 0..100
    ratings = {
        m: {"value": v + shift if v < 50 else v - shift, "cost": c} for m, (v, c) in REF.items()
    }
    return {"case": case, "ratings": ratings, "lead": list(lead)}


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (_vc(), 4),
        (_vc(shift=15), 4),  # at the tolerance: full
        (_vc(shift=16), round(4 * (5 * 1.5 + 2) / 12, 2)),  # just past: values earn half
        (_vc(shift=30), round(4 * (5 * 1.5 + 2) / 12, 2)),
        (_vc(shift=31), round(4 * (5 * 1 + 2) / 12, 2)),  # past ±30: values earn nothing
        (_vc(lead=("trust", "risk")), round(4 * 10 / 12, 2)),
        (_vc(lead=()), round(4 * 10 / 12, 2)),
        (_vc(case="another"), 4),  # the answer cannot choose its own key: the lesson's case
        ({"ratings": "nonsense", "lead": 3}, 0),
        (None, 0),
        ({}, 0),
    ],
)
def test_value_cost_is_scored_against_the_case_within_the_tolerance(answer, points):
    assert score_question(VC, answer, references=_refs).points == points


def test_value_cost_of_the_course_case_scores_full_with_its_own_reference():
    from .conftest import key_answer

    for lid in lesson_ids():
        for q in load_lesson(lid, "en").questions:
            if isinstance(q, ValueCost):
                assert score_question(q, key_answer(q), reference_ratings).points == q.points


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(list(REF)), st.tuples(st.integers(0, 100), st.integers(0, 100))
    ),
    st.lists(st.sampled_from(list(REF)), max_size=3),
)
def test_any_value_cost_answer_scores_between_zero_and_max(ratings, lead):
    answer = {
        "case": "ref",
        "ratings": {m: {"value": v, "cost": c} for m, (v, c) in ratings.items()},
        "lead": lead,
    }
    assert 0 <= score_question(VC, answer, references=_refs).points <= VC.points


def test_value_cost_on_a_case_that_cannot_serve_scores_zero_not_an_error():
    broken = VC.model_copy(update={"case": "missing"})
    assert score_question(broken, _vc(), references=_refs).points == 0


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (SINGLE, ["b"]),
        (MULTI, "a"),
        (MULTI, [["a"]]),
        (MATCH, {"i1": ["x"]}),
        (ORDER, "abcde"),
        (BINS, ["do"]),
        (NUM, "three"),
        (TEXT, 42),
        (VC, {"ratings": {"trust": "high"}}),
        (VC, {"lead": "trust"}),
    ],
)
def test_answers_of_the_wrong_form_score_zero_and_are_not_counted(question, value):
    from kam_lessons.scoring import well_formed

    assert not well_formed(question, value)
    result = score_question(question, value, references=_refs)
    assert result.points in (0, None) and not result.answered


# --- the table of question types: every type's unit holds its own rules ------------------


@pytest.mark.parametrize("question", ALL_QUESTIONS, ids=lambda q: f"{q.type}-{q.id}")
def test_each_types_examples_are_right_wrong_and_malformed(question):
    examples = question.examples(reference_ratings, "en")
    assert not well_formed_(question, examples.malformed)
    if not question.auto_scored:
        return
    right = score_question(question, examples.right, reference_ratings)
    wrong = score_question(question, examples.wrong, reference_ratings)
    assert right.correct and right.answered
    assert not wrong.correct and well_formed_(question, examples.wrong)


def well_formed_(question, value):
    from kam_lessons.scoring import well_formed

    return well_formed(question, value)


ITEMISED = [q for q in AUTO if not isinstance(q, Numeric)]


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32), index=st.integers(0, len(ITEMISED) - 1))
def test_every_item_is_right_exactly_when_the_whole_answer_is(seed, index):
    from kam_lessons.scoring import item_results

    q = ITEMISED[index]
    value = q.random_answer(random.Random(seed))
    results = item_results(q, value)
    assert results, q.id
    complete = not isinstance(q, Matching | Categorize) or set(value) == {i.id for i in q.items}
    if complete:
        assert all(r.right for r in results) == score_question(q, value).correct


def test_item_results_say_which_part_is_wrong_and_what_is_right():
    from kam_lessons.scoring import item_results

    results = {r.item: r for r in item_results(MATCH, {"i1": "x", "i2": "z"})}
    assert results["i1"].right and not results["i2"].right
    assert (results["i2"].given, results["i2"].expected) == ("z", "y")
    assert results["i3"].given is None and results["i3"].expected == "z"
    swap = item_results(ORDER, ["b", "a", "c", "d", "e"])
    assert [(r.item, r.right, r.given, r.expected) for r in swap[:3]] == [
        ("b", False, 1, 2),
        ("a", False, 2, 1),
        ("c", True, 3, 3),
    ]
    ticks = {r.item: r.right for r in item_results(MULTI, ["a", "b"])}
    assert ticks == {"a": True, "b": False, "c": False, "d": True}
    assert item_results(SINGLE, ["b"]) == ()  # malformed: nothing to say per item


def test_the_type_table_is_the_one_source_of_the_schema():
    from typing import get_args

    from kam_lessons.content import QUESTION_TYPES
    from kam_lessons.questions import TYPES, Question
    from kam_lessons.views import VIEWS

    union = get_args(get_args(Question)[0])
    assert tuple(cls.type_name() for cls in union) == QUESTION_TYPES == tuple(TYPES)
    assert set(VIEWS) == set(TYPES)  # every type has its input view
    for cls in TYPES.values():
        for name in cls.KEY_FIELDS:
            assert name in cls.model_fields, (cls, name)


# --- the relationship square (lesson 4): 15 criteria and the region, like value/cost ----

from kam_lessons.questions.square import (  # noqa: E402
    CRITERIA,
    SquareScores,
    key_region,
    locate_in_square,
    score_square,
)

SQUARE_KEY = {
    "customer": {c: 60 for c in CRITERIA["customer"]},
    "ours": {c: 40 for c in CRITERIA["ours"]},
    "region": "target",
}
SQ = SquareScores(type="square", id="sq", prompt="?", explain="x", points=17, answer=SQUARE_KEY)


def _sq(customer=None, ours=None, region="target", **changes):
    value = {
        "customer": {**SQUARE_KEY["customer"], **(customer or {})},
        "ours": {**SQUARE_KEY["ours"], **(ours or {})},
        "region": region,
    }
    value.update(changes)
    return value


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (_sq(), 17),  # 15 criteria, the point lands right, the region named right
        (_sq(customer={"growth": 75}), 17),  # 15 off: still full
        (_sq(customer={"growth": 76}), 16.5),  # 16 off: half
        (_sq(customer={"growth": 90}), 16.5),  # 30 off: half
        (_sq(customer={"growth": 91}), 16),  # 31 off: nothing for that criterion
        (_sq(region="key"), 16),  # named the wrong region
        (_sq(region=None), 16),  # named none
        # all our scores 15 higher: every criterion full, but the point crosses into key
        (_sq(ours={c: 55 for c in CRITERIA["ours"]}), 16),
        ({"customer": {"growth": 60}, "ours": {"contacts": 40}}, 2 + 1),  # 2 criteria, lands
        ({"region": "target"}, 1),  # only the region
    ],
)
def test_the_square_is_scored_per_criterion_within_15_and_30_plus_the_region(answer, points):
    assert score_question(SQ, answer).points == points


def test_the_square_is_scored_against_its_key_whatever_lookup_the_caller_passes():
    def refs(ref, lang):
        raise AssertionError("the square needs no lookup: its key is in the lesson")

    assert score_question(SQ, _sq(), references=refs).points == 17
    assert SquareScores(type="square", id="s", prompt="?").strip_key().answer is None
    assert score_question(SQ.strip_key(), _sq()).points == 0  # no key, no points


@pytest.mark.parametrize(
    "value",
    [
        [],
        "target",
        {"customer": [60]},
        {"customer": {"growth": "high"}},
        {"ours": {"contacts": None}},
        {"region": 3},
    ],
)
def test_a_malformed_square_answer_scores_zero_and_is_not_answered(value):
    result = score_question(SQ, value)
    assert result.points == 0 and not result.answered


def test_the_square_result_gives_the_means_and_the_region_of_both_points():
    result = score_square(_sq(ours={c: 70 for c in CRITERIA["ours"]}, region="key"), SQUARE_KEY)
    assert (result.customer, result.ours, result.landed) == (60, 70, "key")
    assert result.reference_region == "target" and result.max_points == 17
    assert result.points == 15 - 8 * 0.5 + 0 + 0


def test_lesson_4s_square_exercise_is_onega_at_the_key_level_and_ladoga_stays_at_68_and_41():
    """q16 scores its own account (Onega Dairy), whose scores the lesson never prints;
    Ladoga Foods, whose agreed scores the lesson's table shows, is q05-q10's worked example."""
    from kam_lessons.workshop import square as workshop_square

    for lang in ("en", "ru"):
        lesson = load_lesson("04_assessment", lang)
        key = lesson.question("q16").answer
        result = score_square(key, key)
        assert (round(result.customer, 6), round(result.ours, 6)) == (60, 75)
        assert key["region"] == key_region(key) == "key"
        assert (lesson.question("q05").answer, lesson.question("q06").answer) == (68, 41)
        assert lesson.question("q07").answer == "target"
        # the workshop places points with the very same rule
        assert workshop_square.locate_in_square is locate_in_square
        assert workshop_square.SquarePoint(68, 41).region == "target"
        assert workshop_square.SquarePoint(75, 60).region == "key"


def test_the_squares_criteria_are_the_workshops_case_fields():
    from kam_lessons.workshop.schema import CUSTOMER_CRITERIA, OUR_CRITERIA

    assert CRITERIA == {"customer": CUSTOMER_CRITERIA, "ours": OUR_CRITERIA}
