"""Lesson content: question banks and lesson text, loaded from ``exercises/``.

Every lesson is one YAML file per language, ``exercises/<lesson>.<lang>.yaml``.
The files of one lesson carry the same question ids, types and answer keys in
every language; only the words differ. The models below are the schema of those
files; a file that does not fit gets one :class:`~kam_lessons.errors.KamError`
per problem, naming the file and the field.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kam_lessons.errors import KamError, describe_validation_error
from kam_lessons.storage import read_yaml

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
MODES = ("practice", "assessment")  # practice: feedback after Check; assessment: none


def content_root() -> Path:
    """Return the folder that holds the question banks.

    ``KAM_CONTENT`` overrides it; by default it is ``exercises/`` next to the package.
    """
    override = os.environ.get("KAM_CONTENT")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "exercises"


class Strict(BaseModel):
    """Base for content models: unknown fields are typos, so they are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(Strict):
    """An option, item, bin or right-hand side of a matching question."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    text: str


class QuestionBase(Strict):
    """Fields every question has."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    points: Annotated[float, Field(gt=0)] = 1.0
    prompt: str
    explain: str = Field(
        "", description="Why the right answer is right; shown after checking in practice mode."
    )

    @property
    def auto_scored(self) -> bool:
        """Whether the question is scored by the engine (all but free text)."""
        return True

    def strip_key(self) -> QuestionBase:
        """Return a copy with no answer key and no feedback, for assessment workbooks."""
        raise NotImplementedError


def _ids(choices: tuple[Choice, ...]) -> list[str]:
    return [c.id for c in choices]


def _unique(ids: list[str], what: str) -> None:
    seen = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what} id {i!r} is used twice")
        seen.add(i)


class SingleChoice(QuestionBase):
    """Pick one option. ``answer`` is the id of the right option."""

    type: Literal["single"]
    options: tuple[Choice, ...] = Field(min_length=2)
    answer: str | None = None

    @model_validator(mode="after")
    def _check(self) -> SingleChoice:
        _unique(_ids(self.options), "option")
        if self.answer is not None and self.answer not in _ids(self.options):
            raise ValueError(f"answer {self.answer!r} is not one of the option ids")
        return self

    def strip_key(self) -> SingleChoice:  # noqa: D102
        return self.model_copy(update={"answer": None, "explain": ""})


class MultipleChoice(QuestionBase):
    """Pick every right option; partial credit. ``answer`` lists the right ids."""

    type: Literal["multiple"]
    options: tuple[Choice, ...] = Field(min_length=2)
    answer: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> MultipleChoice:
        _unique(_ids(self.options), "option")
        if self.answer is not None:
            if not self.answer:
                raise ValueError("answer must name at least one option")
            for a in self.answer:
                if a not in _ids(self.options):
                    raise ValueError(f"answer {a!r} is not one of the option ids")
        return self

    def strip_key(self) -> MultipleChoice:  # noqa: D102
        return self.model_copy(update={"answer": None, "explain": ""})


class Matching(QuestionBase):
    """Match each item to one choice. ``answer`` maps item id to choice id."""

    type: Literal["matching"]
    items: tuple[Choice, ...] = Field(min_length=2)
    choices: tuple[Choice, ...] = Field(min_length=2)
    answer: dict[str, str] | None = None

    @model_validator(mode="after")
    def _check(self) -> Matching:
        _unique(_ids(self.items), "item")
        _unique(_ids(self.choices), "choice")
        if self.answer is not None:
            if set(self.answer) != set(_ids(self.items)):
                raise ValueError("answer must give a choice for every item, and only for them")
            for item, choice in self.answer.items():
                if choice not in _ids(self.choices):
                    raise ValueError(f"answer for {item!r} is {choice!r}, not a choice id")
        return self

    def strip_key(self) -> Matching:  # noqa: D102
        return self.model_copy(update={"answer": None, "explain": ""})


class Ordering(QuestionBase):
    """Put the items in order; partial credit. ``answer`` lists the item ids in order."""

    type: Literal["ordering"]
    items: tuple[Choice, ...] = Field(min_length=3)
    answer: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> Ordering:
        _unique(_ids(self.items), "item")
        if self.answer is not None and sorted(self.answer) != sorted(_ids(self.items)):
            raise ValueError("answer must list every item id exactly once")
        return self

    def strip_key(self) -> Ordering:  # noqa: D102
        return self.model_copy(update={"answer": None, "explain": ""})


class Categorize(QuestionBase):
    """Sort items into bins; partial credit. ``answer`` maps item id to bin id."""

    type: Literal["categorize"]
    items: tuple[Choice, ...] = Field(min_length=2)
    bins: tuple[Choice, ...] = Field(min_length=2)
    answer: dict[str, str] | None = None

    @model_validator(mode="after")
    def _check(self) -> Categorize:
        _unique(_ids(self.items), "item")
        _unique(_ids(self.bins), "bin")
        if self.answer is not None:
            if set(self.answer) != set(_ids(self.items)):
                raise ValueError("answer must give a bin for every item, and only for them")
            for item, bin_id in self.answer.items():
                if bin_id not in _ids(self.bins):
                    raise ValueError(f"answer for {item!r} is {bin_id!r}, not a bin id")
        return self

    def strip_key(self) -> Categorize:  # noqa: D102
        return self.model_copy(update={"answer": None, "explain": ""})


class Numeric(QuestionBase):
    """Type a number; right when within ``tolerance`` of ``answer``."""

    type: Literal["numeric"]
    answer: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    unit: str = ""

    def strip_key(self) -> Numeric:  # noqa: D102
        return self.model_copy(update={"answer": None, "tolerance": 0.0, "explain": ""})


class FreeText(QuestionBase):
    """Write an answer; stored for a trainer to grade against ``rubric``, never auto-scored."""

    type: Literal["text"]
    rubric: tuple[str, ...] = ()
    placeholder: str = ""

    @property
    def auto_scored(self) -> bool:  # noqa: D102
        return False

    def strip_key(self) -> FreeText:  # noqa: D102
        return self.model_copy(update={"rubric": (), "explain": ""})


class ValueCost(QuestionBase):
    """Rate the value and cost of the five methods for a client case; choose two to lead with.

    The key is the case's reference ratings (``case``: an id in ``data/cases`` or a path;
    a lesson parameter ``case`` overrides it). Scored by :func:`kam_lessons.methods.score_ratings`.
    """

    type: Literal["value_cost"]
    case: str = "sample"

    def strip_key(self) -> ValueCost:  # noqa: D102
        return self.model_copy(update={"explain": ""})


Question = Annotated[
    SingleChoice
    | MultipleChoice
    | Matching
    | Ordering
    | Categorize
    | Numeric
    | FreeText
    | ValueCost,
    Field(discriminator="type"),
]
QUESTION_TYPES = (
    "single",
    "multiple",
    "matching",
    "ordering",
    "categorize",
    "numeric",
    "text",
    "value_cost",
)


class Section(Strict):
    """A part of a lesson: a title, Markdown prose, then an optional chart and questions."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str = ""
    body: str = ""
    chart: str | None = None
    questions: tuple[str, ...] = ()


class Lesson(Strict):
    """One lesson in one language: its sections, its questions and its chart labels."""

    lesson: Annotated[str, Field(pattern=ID_PATTERN)]
    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    title: str
    summary: str = ""
    sections: tuple[Section, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = ()
    labels: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="Words a chart or widget needs, by group (e.g. stage names for the chart).",
    )
    parameters: dict[str, str] = Field(
        default_factory=dict,
        description="Extra notebook parameters and their defaults (e.g. the case of lesson 2).",
    )
    key_stripped: bool = False

    @model_validator(mode="after")
    def _check(self) -> Lesson:
        ids = [q.id for q in self.questions]
        _unique(ids, "question")
        _unique([s.id for s in self.sections], "section")
        placed: list[str] = []
        for section in self.sections:
            for qid in section.questions:
                if qid not in ids:
                    raise ValueError(f"section {section.id!r} shows question {qid!r}, not defined")
                placed.append(qid)
        _unique(placed, "placed question")
        missing = [q for q in ids if q not in placed]
        if missing:
            raise ValueError(f"questions never shown in a section: {', '.join(missing)}")
        return self

    def question(self, qid: str) -> Question:
        """Return the question with id ``qid``."""
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    @property
    def max_score(self) -> float:
        """Return the points of the auto-scored questions."""
        return sum(q.points for q in self.questions if q.auto_scored)

    def without_key(self) -> Lesson:
        """Return the lesson with every answer key, explanation and rubric removed."""
        return self.model_copy(
            update={
                "questions": tuple(q.strip_key() for q in self.questions),
                "key_stripped": True,
            }
        )


def lesson_path(lesson_id: str, lang: str, root: Path | None = None) -> Path:
    """Return the path of a lesson's file in a language."""
    return (root or content_root()) / f"{lesson_id}.{lang}.yaml"


def load_lesson_file(path: Path) -> Lesson:
    """Load and validate one lesson file."""
    data = read_yaml(path)
    try:
        return Lesson.model_validate(data)
    except ValidationError as exc:
        raise describe_validation_error(path, exc) from None


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> Lesson:
    return load_lesson_file(Path(path))


def load_lesson(lesson_id: str, lang: str, root: Path | None = None) -> Lesson:
    """Load a lesson in a language from the content folder (cached while the file is unchanged)."""
    path = lesson_path(lesson_id, lang, root)
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        raise KamError(path, None, "errors.lesson_missing", lesson=lesson_id, lang=lang) from None
    return _load_cached(str(path), mtime)


def lesson_ids(root: Path | None = None) -> list[str]:
    """Return the ids of every lesson that has an English file, in course order."""
    base = root or content_root()
    return sorted(p.name.split(".")[0] for p in base.glob("*.en.yaml"))


def write_stripped_lesson(lesson: Lesson, path: Path) -> None:
    """Write a lesson with no answer key to ``path`` (for assessment workbooks)."""
    from kam_lessons.storage import write_atomic

    data = lesson.without_key().model_dump(mode="json", exclude_defaults=False)
    write_atomic(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
