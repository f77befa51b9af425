"""Shared fixtures: one per tool, as in click's own tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kam_lessons.content import lesson_ids, load_lesson
from kam_lessons.i18n import languages

# A catalogue message with a placeholder its caller does not fill is an error under test.
os.environ.setdefault("KAM_STRICT", "1")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def all_lessons():
    """Every lesson in every language, as (lesson id, lang) pairs."""
    return [(lid, lang) for lid in lesson_ids() for lang in languages()]


@pytest.fixture
def shown(monkeypatch):
    """Collect what a lesson displays instead of sending it to a notebook."""
    from kam_lessons import lesson as lesson_module

    objects: list = []
    monkeypatch.setattr(lesson_module, "_display", lambda *objs: objects.extend(objs))
    monkeypatch.setattr(lesson_module, "_markdown", lambda text: objects.append(text))
    return objects


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def lesson1():
    return load_lesson("01_stages", "en")


@pytest.fixture
def write_roster(tmp_path):
    """Write a roster CSV from text and return its path."""

    def write(text: str, name: str = "roster.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def one_lesson():
    """Only lesson 1's notebook, to keep build tests fast."""
    from kam_lessons.workbook import lesson_notebooks

    return {k: v for k, v in lesson_notebooks().items() if k == "01_stages"}


def answer(cohort: Path, trainee: str, values: dict, lesson: str = "01_stages", mode: str = ""):
    """Save a trainee's answers into a built cohort, as their lesson would."""
    from kam_lessons.answers import AnswerStore, answers_path

    store = AnswerStore(
        answers_path(cohort / trainee / "answers", lesson), trainee, lesson, mode=mode
    )
    for qid, value in values.items():
        store.set(qid, value)


def key_answer(question, lang: str = "en"):
    """The fully right answer to a question, as an answers file stores it (from its type)."""
    from kam_lessons.casebook import reference_ratings

    return question.examples(reference_ratings, lang).right
