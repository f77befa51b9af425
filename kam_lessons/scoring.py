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

Each type's rules live in its module of :mod:`kam_lessons.questions` (the table); this
module applies them the same way for every type. A share is multiplied by the question's
points and rounded to 2 decimals. A missing, empty or malformed answer scores 0, never
an error.

For value_cost the key is a client case's reference ratings; the caller passes a
``references`` function (case reference, language → ratings or ``None``), e.g.
:func:`kam_lessons.casebook.reference_ratings`. Without one a value/cost answer scores
0. Scoring reads no file and imports no workshop, widget or chart code.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from kam_lessons.numbers import as_number
from kam_lessons.questions import ItemResult, Question, References
from kam_lessons.questions.ordering import lcs_length

if TYPE_CHECKING:
    from kam_lessons.content import Lesson

__all__ = [
    "ItemResult",
    "LessonScore",
    "QuestionScore",
    "References",
    "as_number",
    "is_answered",
    "item_results",
    "lcs_length",
    "score_lesson",
    "score_question",
    "share",
    "well_formed",
]


@dataclass(frozen=True)
class QuestionScore:
    """The outcome for one question: points (``None`` when a trainer must grade it)."""

    question_id: str
    points: float | None
    max_points: float
    answered: bool
    #: False when an answer was given in a form this type of question does not take.
    well_formed: bool = True

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

    @cached_property
    def score(self) -> float:
        """Return points earned on auto-scored questions."""
        return round(sum(q.points for q in self.questions if q.points is not None), 2)

    @cached_property
    def max_score(self) -> float:
        """Return the points available on auto-scored questions."""
        return round(sum(q.max_points for q in self.questions if q.points is not None), 2)

    @cached_property
    def answered(self) -> int:
        """Return how many questions have an answer."""
        return sum(q.answered for q in self.questions)

    @cached_property
    def total(self) -> int:
        """Return how many questions the lesson has."""
        return len(self.questions)

    @cached_property
    def awaiting_manual(self) -> int:
        """Return how many answered free-text questions await a trainer's grade."""
        return sum(q.needs_manual for q in self.questions)


def well_formed(question: Question, value: object) -> bool:
    """Return whether ``value`` has the form answers to this type of question take.

    ``None`` (no answer) is well formed. Anything else of the wrong form (a list where an
    option id belongs, a number where a text does) is what a hand-edited or foreign file
    may hold: it scores 0 and does not count as answered.
    """
    return value is None or question.well_formed(value)


def is_answered(question: Question, value: object) -> bool:
    """Return whether ``value`` counts as an answer to ``question`` (for progress)."""
    return value is not None and question.well_formed(value) and question.answered(value)


def share(
    question: Question, value: object, references: References | None = None, lang: str = "en"
) -> float | None:
    """Return the share of the points (0 to 1) that ``value`` earns; ``None`` for free text."""
    if not question.auto_scored:
        return None
    if value is None or not question.well_formed(value):
        return 0.0
    return question.share(value, references, lang)


def item_results(question: Question, value: object) -> tuple[ItemResult, ...]:
    """Return how each item of an answer fared (empty for no answer or a malformed one)."""
    if value is None or not question.well_formed(value):
        return ()
    return question.item_results(value)


def score_question(
    question: Question, value: object, references: References | None = None, lang: str = "en"
) -> QuestionScore:
    """Score one answer to one question."""
    usable = value is not None and question.well_formed(value)
    if not question.auto_scored:
        points = None
    else:
        part = question.share(value, references, lang) if usable else 0.0
        points = round(part * question.points, 2)
    answered = usable and question.answered(value)
    return QuestionScore(question.id, points, question.points, answered, value is None or usable)


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
