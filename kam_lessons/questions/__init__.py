"""The question types, one module each, registered in one table.

``TYPES`` maps the ``type:`` of a lesson file's question to its model; the lesson
schema's ``Question`` union, ``QUESTION_TYPES``, key stripping, and the example answers
of the tests and the bench all derive from it. Adding a type is one module here (a
:class:`~kam_lessons.questions.base.QuestionBase` subclass with its rules), one input
view in :mod:`kam_lessons.views`, and content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from kam_lessons.questions.base import (
    Choice,
    Examples,
    ItemResult,
    QuestionBase,
    References,
    Strict,
)
from kam_lessons.questions.categorize import Categorize
from kam_lessons.questions.matching import Matching
from kam_lessons.questions.multiple import MultipleChoice
from kam_lessons.questions.numeric import Numeric
from kam_lessons.questions.ordering import Ordering
from kam_lessons.questions.single import SingleChoice
from kam_lessons.questions.square import SquareScores
from kam_lessons.questions.text import FreeText
from kam_lessons.questions.value_cost import ValueCost

#: Every question type, by the ``type:`` a lesson file gives it, in the order lessons list them.
TYPES: dict[str, type[QuestionBase]] = {
    cls.type_name(): cls
    for cls in (
        SingleChoice,
        MultipleChoice,
        Matching,
        Ordering,
        Categorize,
        Numeric,
        FreeText,
        ValueCost,
        SquareScores,
    )
}
QUESTION_TYPES = tuple(TYPES)

if TYPE_CHECKING:
    Question = QuestionBase
else:
    Question = Annotated[Union[tuple(TYPES.values())], Field(discriminator="type")]  # noqa: UP007

__all__ = [
    "QUESTION_TYPES",
    "TYPES",
    "Categorize",
    "Choice",
    "Examples",
    "FreeText",
    "ItemResult",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Ordering",
    "Question",
    "QuestionBase",
    "References",
    "SingleChoice",
    "SquareScores",
    "Strict",
    "ValueCost",
]
