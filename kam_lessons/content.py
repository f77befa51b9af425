"""Lesson content: question banks and lesson text, loaded from ``exercises/``.

Every lesson is one YAML file per language, ``exercises/<lesson>.<lang>.yaml``.
The files of one lesson carry the same question ids, types and answer keys in
every language; only the words differ. The models below are the schema of those
files; a file that does not fit gets one :class:`~kam_lessons.errors.KamError`
per problem, naming the file and the field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import Field, ValidationError, model_validator

from kam_lessons.errors import KamError
from kam_lessons.paths import content_root
from kam_lessons.questions import (
    QUESTION_TYPES,
    Categorize,
    Choice,
    FreeText,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    QuestionBase,
    SingleChoice,
    Strict,
    ValueCost,
)
from kam_lessons.questions.base import ID_PATTERN, OBJECTIVE_PATTERN, unique
from kam_lessons.settings import MODES
from kam_lessons.storage import read_yaml
from kam_lessons.validation import describe, invalid

# Names other modules import from here: the lesson schema and the question types in it.
__all__ = [
    "MODES",
    "QUESTION_TYPES",
    "Categorize",
    "Choice",
    "FreeText",
    "Lesson",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Ordering",
    "Question",
    "QuestionBase",
    "Section",
    "SingleChoice",
    "Strict",
    "ValueCost",
    "content_root",
    "lesson_ids",
    "lesson_path",
    "load_lesson",
    "load_lesson_file",
    "load_objectives",
    "read_yaml",
    "write_stripped_lesson",
]


class Section(Strict):
    """A part of a lesson: a title, Markdown prose, then an optional chart and questions."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str = ""
    body: str = ""
    chart: str | None = None
    questions: tuple[str, ...] = ()
    objectives: tuple[Annotated[str, Field(pattern=OBJECTIVE_PATTERN)], ...] = Field(
        (), description="The learning objectives (exercises/objectives.<lang>.yaml) it teaches."
    )


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
        unique(ids, "question")
        unique([s.id for s in self.sections], "section")
        placed: list[str] = []
        for section in self.sections:
            for qid in section.questions:
                if qid not in ids:
                    raise invalid("question_not_defined", section=section.id, question=qid)
                placed.append(qid)
        unique(placed, "placed question")
        missing = [q for q in ids if q not in placed]
        if missing:
            raise invalid("question_not_shown", questions=", ".join(missing))
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
    data = read_yaml(path, cache="lessons")
    try:
        return Lesson.model_validate(data)
    except ValidationError as exc:
        raise describe(path, exc, model=Lesson, unions={"questions": QUESTION_TYPES}) from None


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
    return sorted(p.name.split(".")[0] for p in base.glob("[0-9][0-9]_*.en.yaml"))


class Objective(Strict):
    """One learning objective of the course: a stable id, what the trainee can do, where taught."""

    id: Annotated[str, Field(pattern=OBJECTIVE_PATTERN)]
    text: str
    fact: str = Field("", description="The fact of kam-facts.md it stands for, e.g. '§6.3'.")


class Objectives(Strict):
    """``exercises/objectives.<lang>.yaml``: the course's learning objectives in one language."""

    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
    objectives: tuple[Objective, ...]

    @model_validator(mode="after")
    def _check(self) -> Objectives:
        unique([o.id for o in self.objectives], "objective")
        return self


def objectives_path(lang: str, root: Path | None = None) -> Path:
    """Return the file of the course's learning objectives in a language."""
    return (root or content_root()) / f"objectives.{lang}.yaml"


@lru_cache(maxsize=8)
def load_objectives(lang: str) -> dict[str, Objective]:
    """Return the course's learning objectives in ``lang``, by id, in the file's order.

    Their ids are stable: a trainer's report shows mastery per objective across runs.
    A language without the file has none (``{}``).
    """
    path = objectives_path(lang)
    if not path.exists():
        return {}
    data = read_yaml(path, cache="lessons")
    try:
        parsed = Objectives.model_validate(data)
    except ValidationError as exc:
        raise describe(path, exc, model=Objectives) from None
    return {o.id: o for o in parsed.objectives}


def write_stripped_lesson(lesson: Lesson, path: Path) -> None:
    """Write a lesson with no answer key to ``path`` (for assessment workbooks)."""
    from kam_lessons.storage import write_atomic

    data = lesson.without_key().model_dump(mode="json", exclude_defaults=False)
    write_atomic(path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
