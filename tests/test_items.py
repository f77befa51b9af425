"""Item analysis: the statistics against hand-worked values, and a planted wrong key found."""

from __future__ import annotations

import math
import random

import pytest

from kam_lessons.casebook import reference_ratings
from kam_lessons.content import Lesson, MultipleChoice, SingleChoice
from kam_lessons.items import (
    analyse_lesson,
    correlation,
    cronbach_alpha,
    item_flags,
    option_shares,
)
from kam_lessons.scoring import score_lesson

# Four trainees, three right/wrong items: a perfect Guttman pattern.
TABLE = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]


def test_alpha_of_a_hand_worked_table():
    # item variances .1875 + .25 + .1875 = .625; totals 3,2,1,0 have variance 1.25;
    # alpha = 3/2 * (1 - .625/1.25) = 0.75 (KR-20, the items being right or wrong)
    assert cronbach_alpha(TABLE) == pytest.approx(0.75)


def test_point_biserial_of_an_item_against_the_rest():
    item = [row[0] for row in TABLE]
    rest = [sum(row) - row[0] for row in TABLE]  # 2, 1, 0, 0
    # sxy = .75, sxx = .75, syy = 2.75: r = .75 / sqrt(.75 * 2.75)
    assert correlation(item, rest) == pytest.approx(0.75 / math.sqrt(0.75 * 2.75))
    assert correlation(item, rest) == pytest.approx(0.52223, abs=1e-5)


@pytest.mark.parametrize(("x", "y"), [([1, 1, 1], [0, 1, 2]), ([1], [2]), ([0, 1], [3, 3])])
def test_no_correlation_without_variation(x, y):
    assert correlation(x, y) is None


def test_alpha_needs_two_items_and_varying_totals():
    assert cronbach_alpha([[1], [0]]) is None
    assert cronbach_alpha([[1, 0], [0, 1]]) is None  # every total is 1


def _single(answer="b"):
    return SingleChoice.model_validate(
        {
            "id": "q1",
            "type": "single",
            "prompt": "?",
            "options": [{"id": o, "text": o} for o in "abcd"],
            "answer": answer,
        }
    )


def test_option_shares_count_every_trainee_blank_ones_too():
    shares = option_shares(_single(), ["b", "b", "a", None])
    assert [(s.option, s.share, s.key) for s in shares] == [
        ("a", 0.25, False),
        ("b", 0.5, True),
        ("c", 0.0, False),
        ("d", 0.0, False),
    ]


def test_a_multiple_choice_counts_ticks():
    q = MultipleChoice.model_validate(
        {
            "id": "q2",
            "type": "multiple",
            "prompt": "?",
            "options": [{"id": o, "text": o} for o in "abc"],
            "answer": ["a", "b"],
        }
    )
    shares = {s.option: s.share for s in option_shares(q, [["a", "b"], ["a", "c"], []])}
    assert shares == pytest.approx({"a": 2 / 3, "b": 1 / 3, "c": 1 / 3})


@pytest.mark.parametrize(
    ("facility", "discrimination", "shares", "n", "flags"),
    [
        (0.5, 0.4, [("a", 0.5, True), ("b", 0.3, False), ("c", 0.2, False)], 30, ()),
        (0.1, 0.3, [], 30, ("too hard",)),
        (0.95, 0.3, [], 30, ("too easy",)),
        (0.5, -0.2, [], 30, ("negative discrimination",)),
        (0.5, 0.05, [], 30, ("low discrimination",)),
        (0.3, 0.3, [("a", 0.3, True), ("b", 0.6, False)], 30, ("distractor beats key",)),
        (
            0.5,
            0.3,
            [("a", 0.5, True), ("b", 0.5, False), ("c", 0.0, False)],
            30,
            ("unused distractor",),
        ),
        (0.5, 0.3, [("a", 0.5, True), ("b", 0.5, False), ("c", 0.0, False)], 10, ()),
        (0.5, None, [], 30, ()),
    ],
)
def test_flags(facility, discrimination, shares, n, flags):
    from kam_lessons.items import OptionShare

    options = [OptionShare(*s) for s in shares]
    assert item_flags(facility, discrimination, options, n) == flags


def simulated_value(question, knows, rnd, lang="en"):
    """What a trainee who knows (or does not) answers: plausible wrong answers, not one."""
    if isinstance(question, SingleChoice):
        others = [o.id for o in question.options if o.id != question.answer]
        return question.answer if knows else rnd.choice(others)
    if isinstance(question, MultipleChoice):
        key = list(question.answer or ())
        everything = [o.id for o in question.options]
        return key if knows else rnd.sample(everything, len(key))
    examples = question.examples(reference_ratings, lang)
    return examples.right if knows else examples.wrong


def simulate(true: Lesson, scored: Lesson, trainees: int = 200, seed: int = 11):
    """Responses of a cohort of mixed ability: answers from ``true``, scored with ``scored``."""
    rnd = random.Random(seed)
    difficulty = {q.id: rnd.uniform(-0.7, 0.7) for q in true.questions}
    responses = []
    for _ in range(trainees):
        ability = rnd.gauss(0, 1)
        values = {}
        for q in true.questions:
            if q.auto_scored:
                p = 1 / (1 + math.exp(-1.7 * (ability - difficulty[q.id])))
                values[q.id] = simulated_value(q, rnd.random() < p, rnd, true.lang)
        result = score_lesson(scored, values, reference_ratings)
        responses.append(
            {
                s.question_id: (s.points, values.get(s.question_id))
                for s in result.questions
                if s.points is not None
            }
        )
    return responses


def plant_wrong_key(lesson: Lesson) -> tuple[Lesson, str]:
    """Return ``lesson`` with its first single choice keyed to a distractor, and that id."""
    q = next(q for q in lesson.questions if isinstance(q, SingleChoice))
    wrong = next(o.id for o in q.options if o.id != q.answer)
    planted = q.model_copy(update={"answer": wrong})
    questions = tuple(planted if x.id == q.id else x for x in lesson.questions)
    return lesson.model_copy(update={"questions": questions}), q.id


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_sound_simulated_cohort_flags_nothing(lang):
    from kam_lessons.content import load_lesson

    lesson = load_lesson("01_stages", lang)
    stats, reliability = analyse_lesson(lesson, simulate(lesson, lesson))
    assert [s.question for s in stats if s.flags] == []
    assert all(s.n == 200 for s in stats)
    assert reliability.alpha is not None and reliability.alpha > 0.6


def test_a_planted_wrong_key_is_flagged_and_nothing_else():
    from kam_lessons.content import load_lesson

    lesson = load_lesson("01_stages", "en")
    planted, qid = plant_wrong_key(lesson)
    stats, _ = analyse_lesson(planted, simulate(lesson, planted))
    flagged = {s.question: s.flags for s in stats if s.flags}
    assert list(flagged) == [qid]
    assert "negative discrimination" in flagged[qid]
    assert "distractor beats key" in flagged[qid]
