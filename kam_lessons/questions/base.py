"""What every question type shares: the model's common fields and the unit's interface.

A question type is one pydantic model (the schema of its questions in a lesson file)
whose methods are the type's rules, PrairieLearn-style: which fields are the key, what
form an answer takes, when it counts as answered, the share of the points it earns, the
result of each item for feedback, and example answers (right, wrong, malformed) that
the tests and the bench use. Pure: no IPython, no widgets, no files.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, get_args

from pydantic import BaseModel, ConfigDict, Field

from kam_lessons.validation import invalid

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
#: A learning objective's id: dotted words, e.g. ``stages.pre.task``, ``pyramid.time_share``.
OBJECTIVE_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"

#: ``(case reference, language) -> reference ratings or None``: how a value/cost question
#: finds its key. Supplied by the caller, so scoring never reads a case file itself.
References = Callable[[str, str], Mapping[str, Any] | None]


class Strict(BaseModel):
    """Base for content models: unknown fields are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(Strict):
    """An option, item, bin or right-hand side of a matching question."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    text: str


@dataclass(frozen=True)
class ItemResult:
    """How one item of an answer fared: for feedback that says which parts are right.

    Attributes:
        item: the item's id (an option, an item to match, sort or order).
        right: whether the trainee's part is right.
        given: what the trainee gave for it (a choice, a bin, a position; ``None`` if nothing).
        expected: what is right for it (practice mode shows it).
    """

    item: str
    right: bool
    given: Any = None
    expected: Any = None


@dataclass(frozen=True)
class Examples:
    """Example answers to one question: fully right, well-formed but not right, malformed."""

    right: Any
    wrong: Any
    malformed: Any


class QuestionBase(Strict):
    """Fields every question has, and the rules each type fills in."""

    #: Fields that hold the key or feedback: removed from assessment workbooks.
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("answer", "explain")
    #: Whether the engine scores it (free text is graded by a trainer).
    AUTO_SCORED: ClassVar[bool] = True

    if TYPE_CHECKING:  # each type declares ``type`` as its own Literal
        type: str

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    points: Annotated[float, Field(gt=0)] = 1.0
    prompt: str
    explain: str = Field(
        "", description="Why the right answer is right; shown after checking in practice mode."
    )
    objectives: tuple[Annotated[str, Field(pattern=OBJECTIVE_PATTERN)], ...] = Field(
        (), description="The learning objectives (exercises/objectives.<lang>.yaml) it tests."
    )

    @classmethod
    def type_name(cls) -> str:
        """Return the ``type:`` that names this question type in a lesson file."""
        return get_args(cls.model_fields["type"].annotation)[0]

    @property
    def auto_scored(self) -> bool:
        """Whether the question is scored by the engine (all but free text)."""
        return self.AUTO_SCORED

    def strip_key(self) -> QuestionBase:
        """Return a copy with no answer key and no feedback, for assessment workbooks."""
        fields = type(self).model_fields
        return self.model_copy(update={name: fields[name].default for name in self.KEY_FIELDS})

    # -- the type's rules; ``value`` is never None here ---------------------------------
    def well_formed(self, value: object) -> bool:
        """Return whether ``value`` has the form answers to this type take."""
        raise NotImplementedError

    def answered(self, value: Any) -> bool:
        """Return whether a well-formed ``value`` counts as an answer (for progress)."""
        return len(value) > 0

    def share(self, value: Any, references: References | None, lang: str) -> float:
        """Return the share of the points (0 to 1) a well-formed ``value`` earns."""
        raise NotImplementedError

    def item_results(self, value: Any) -> tuple[ItemResult, ...]:
        """Return how each item of a well-formed ``value`` fared (none for whole answers)."""
        return ()

    def random_answer(self, rnd: random.Random) -> Any:
        """Return a random well-formed answer (for property tests and the bench)."""
        raise NotImplementedError

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:
        """Return a right, a wrong and a malformed answer to this question."""
        raise NotImplementedError


def ids(choices: tuple[Choice, ...]) -> list[str]:
    """Return the ids of options, items or bins, in order."""
    return [c.id for c in choices]


def unique(found: list[str], what: str) -> None:
    """Raise ``ValueError`` if an id is used twice."""
    seen = set()
    for i in found:
        if i in seen:
            raise invalid("id_twice", what=what, id=i)
        seen.add(i)


def is_str_list(value: object) -> bool:
    """Return whether ``value`` is a list (or tuple) of strings."""
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def is_str_mapping(value: object) -> bool:
    """Return whether ``value`` maps strings to strings."""
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )
