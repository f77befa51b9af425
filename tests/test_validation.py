"""One translator: a file that does not fit its model is told in the catalogue's words."""

from __future__ import annotations

import json

import pytest
import yaml

from kam_lessons.answers import read_answers
from kam_lessons.content import load_lesson_file
from kam_lessons.errors import KamError
from kam_lessons.i18n import catalogue, languages
from kam_lessons.paths import content_root
from kam_lessons.validation import GENERAL, KINDS
from kam_lessons.workshop.loading import load_case

from .conftest import DATA

PYDANTIC_ENGLISH = ("Input should", "Field required", "Extra inputs", "Value error", "validation")


@pytest.mark.parametrize("lang", languages())
def test_every_kind_of_error_has_words_in_every_language(lang):
    words = catalogue(lang)
    for name in {*KINDS.values(), "invalid"}:
        assert f"{GENERAL}.{name}" in words, (lang, name)


def _lesson(tmp_path, change):
    data = yaml.safe_load((content_root() / "01_stages.en.yaml").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "01_stages.en.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return lambda: load_lesson_file(path)


def _answers(tmp_path, doc):
    path = tmp_path / "01_stages.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return lambda: read_answers(path)


def _case(tmp_path, change):
    text = change((DATA / "cases" / "sample.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return lambda: load_case(path)


BROKEN = {
    "extra field": lambda t: _lesson(t, lambda d: d.update(colour="red")),
    "missing field": lambda t: _lesson(t, lambda d: d.pop("title")),
    "unknown type": lambda t: _lesson(t, lambda d: d["questions"][0].update(type="essay")),
    "bad key": lambda t: _lesson(t, lambda d: d["questions"][0].update(answer="zz")),
    "id twice": lambda t: _lesson(
        t, lambda d: d["questions"][0]["options"].append(dict(d["questions"][0]["options"][0]))
    ),
    "points not a number": lambda t: _lesson(t, lambda d: d["questions"][0].update(points="x")),
    "points zero": lambda t: _lesson(t, lambda d: d["questions"][0].update(points=0)),
    "answers: wrong format": lambda t: _answers(
        t, {"format": "other", "version": 1, "trainee_id": "a", "lesson": "01_stages"}
    ),
    "answers: extra": lambda t: _answers(t, {"version": 1, "trainee_id": 5, "lesson": "x"}),
    "case: bad score": lambda t: _case(t, lambda s: s.replace("growth: 75", "growth: high")),
}


@pytest.mark.parametrize("broken", list(BROKEN))
@pytest.mark.parametrize("lang", languages())
def test_a_file_that_does_not_fit_is_told_in_the_users_language(tmp_path, broken, lang):
    with pytest.raises(KamError) as err:
        BROKEN[broken](tmp_path)()
    message = err.value.render(lang)
    assert not any(phrase in message for phrase in PYDANTIC_ENGLISH), message
    if lang == "ru":
        assert any("а" <= ch <= "я" for ch in message)
