"""Scoring: pure functions from (question, answer) to points. No IPython, no widgets.

Answers are plain data (the values stored in an answers file), by question type:

========== ============================================ ==================================
type       answer value                                 points
========== ============================================ ==================================
single     the chosen option id                         all if right, else 0
multiple   a list of chosen option ids                  ``max(0, right − wrong) / n_right``
matching   ``{item id: choice id}``                     share of items matched right
ordering   every item id, in the chosen order           ``(LCS − 1) / (n − 1)``, see below
categorize ``{item id: bin id}``                        share of items in the right bin
numeric    a number                                     all if within tolerance, else 0
text       the text written                             never auto-scored (``None``)
value_cost ``{"case": id, "ratings": {method: {"value":  see :mod:`kam_lessons.methods`:
           v, "cost": c}}, "lead": [method, method]}``  share of the reference's points
========== ============================================ ==================================

For ordering, LCS is the length of the longest common subsequence of the chosen order
and the right one: the most items that are already in the right order relative to each
other. One item swapped with its neighbour keeps most of the credit; a reversed list
scores 0. A share is multiplied by the question's points and rounded to 2 decimals.
A missing, empty or malformed answer scores 0, never an error.

For value_cost the key is a client case's reference ratings; a ``references`` function
(case reference, language → ratings or ``None``) supplies them, by default from the
course's cases (:func:`kam_lessons.casebook.reference_ratings`). Scoring itself reads
no file.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kam_lessons.content import (
    Categorize,
    FreeText,
    Lesson,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
    ValueCost,
)

References = Callable[[str, str], Mapping[str, Any] | None]


def course_references(ref: str, lang: str) -> Mapping[str, Any] | None:
    """Return a course case's reference ratings (the default ``references``)."""
    from kam_lessons.casebook import reference_ratings

    return reference_ratings(ref, lang)


@dataclass(frozen=True)
class QuestionScore:
    """The outcome for one question: points (``None`` when a trainer must grade it)."""

    question_id: str
    points: float | None
    max_points: float
    answered: bool

    @property
    def correct(self) -> bool:
        """Whether the answer earned full points."""
        return self.points is not None and math.isclose(self.points, self.max_points)

    @property
    def needs_manual(self) -> bool:
        """Whether a trainer still has to grade this answer against the rubric."""
        return self.points is None and self.answered


@dataclass(frozen=True)
class LessonScore:
    """The outcome for one lesson: per-question scores and their totals."""

    lesson: str
    questions: tuple[QuestionScore, ...]

    @property
    def score(self) -> float:
        """Return points earned on auto-scored questions."""
        return round(sum(q.points for q in self.questions if q.points is not None), 2)

    @property
    def max_score(self) -> float:
        """Return the points available on auto-scored questions."""
        return round(sum(q.max_points for q in self.questions if q.points is not None), 2)

    @property
    def answered(self) -> int:
        """Return how many questions have an answer."""
        return sum(q.answered for q in self.questions)

    @property
    def total(self) -> int:
        """Return how many questions the lesson has."""
        return len(self.questions)

    @property
    def awaiting_manual(self) -> int:
        """Return how many answered free-text questions await a trainer's grade."""
        return sum(q.needs_manual for q in self.questions)


def well_formed(question: Question, value: object) -> bool:
    """Return whether ``value`` has the form answers to this type of question take.

    ``None`` (no answer) is well formed. Anything else of the wrong form (a list where an
    option id belongs, a number where a text does) is what a hand-edited or foreign file
    may hold: it scores 0 and does not count as answered.
    """
    if value is None:
        return True
    match question:
        case SingleChoice() | FreeText():
            return isinstance(value, str)
        case MultipleChoice() | Ordering():
            return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        case Matching() | Categorize():
            return isinstance(value, Mapping) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            )
        case Numeric():
            return as_number(value) is not None
        case ValueCost():
            return _value_cost_well_formed(value)
    return False  # pragma: no cover


def _value_cost_well_formed(value: object) -> bool:
    if not isinstance(value, Mapping):
        return False
    ratings, lead = value.get("ratings", {}), value.get("lead", [])
    if not isinstance(ratings, Mapping) or not isinstance(lead, list | tuple):
        return False
    sides_ok = all(
        isinstance(r, Mapping) and all(as_number(r.get(side)) is not None for side in r)
        for r in ratings.values()
    )
    return sides_ok and all(isinstance(m, str) for m in lead)


def is_answered(question: Question, value: object) -> bool:
    """Return whether ``value`` counts as an answer to ``question`` (for progress)."""
    if value is None or not well_formed(question, value):
        return False
    if isinstance(question, FreeText):
        return bool(value.strip())
    if isinstance(question, Numeric):
        return True
    if isinstance(question, ValueCost):
        return bool(value.get("ratings") or value.get("lead"))
    return len(value) > 0


def share(
    question: Question, value: object, references: References | None = None, lang: str = "en"
) -> float | None:
    """Return the share of the points (0 to 1) that ``value`` earns; ``None`` for free text."""
    if isinstance(question, FreeText):
        return None
    if not well_formed(question, value):
        return 0.0
    if isinstance(question, ValueCost):
        return _share_value_cost(question, value, references or course_references, lang)
    if value is None or question.answer is None:
        return 0.0
    match question:
        case SingleChoice():
            return 1.0 if value == question.answer else 0.0
        case MultipleChoice():
            return _share_multiple(set(question.answer), value)
        case Matching() | Categorize():
            return _share_mapping(question.answer, value)
        case Ordering():
            return _share_ordering(list(question.answer), value)
        case Numeric():
            number = as_number(value)
            if number is None:
                return 0.0
            within = abs(number - question.answer) <= question.tolerance + 1e-9
            return 1.0 if within else 0.0
    return 0.0  # pragma: no cover - every type is matched above


def score_question(
    question: Question, value: object, references: References | None = None, lang: str = "en"
) -> QuestionScore:
    """Score one answer to one question."""
    part = share(question, value, references, lang)
    points = None if part is None else round(part * question.points, 2)
    return QuestionScore(question.id, points, question.points, is_answered(question, value))


def score_lesson(
    lesson: Lesson, answers: Mapping[str, object], references: References | None = None
) -> LessonScore:
    """Score a lesson's answers (``{question id: value}``); unknown ids are ignored."""
    return LessonScore(
        lesson.lesson,
        tuple(
            score_question(q, answers.get(q.id), references, lesson.lang) for q in lesson.questions
        ),
    )


def _share_value_cost(
    question: ValueCost, value: object, references: References, lang: str
) -> float:
    from kam_lessons.methods import score_ratings

    if not isinstance(value, Mapping):
        return 0.0
    ratings, lead = value.get("ratings") or {}, value.get("lead") or []
    # The lesson's case is the key. The case named in the answer only records what the
    # trainee saw: a file a trainee can edit must not choose what it is scored against.
    reference = references(question.case, lang)
    if not reference:
        return 0.0
    result = score_ratings(ratings, reference, lead=list(lead))
    return result.points / result.max_points if result.max_points else 0.0


def _share_multiple(right: set[str], value: object) -> float:
    if not isinstance(value, list | tuple | set | frozenset):
        return 0.0
    chosen = {v for v in value if isinstance(v, str)}
    hits = len(chosen & right)
    misses = len(chosen - right)
    return max(0.0, (hits - misses) / len(right))


def _share_mapping(key: Mapping[str, str], value: object) -> float:
    if not isinstance(value, Mapping):
        return 0.0
    hits = sum(1 for item, right in key.items() if value.get(item) == right)
    return hits / len(key)


def _share_ordering(key: list[str], value: object) -> float:
    if not isinstance(value, list | tuple) or sorted(map(str, value)) != sorted(key):
        return 0.0
    return (_lcs_length(key, [str(v) for v in value]) - 1) / (len(key) - 1)


def _lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def as_number(value: object) -> float | None:
    """Return ``value`` as a finite number (the text 2,5 reads as 2.5), or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None
