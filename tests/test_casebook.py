"""The cases lessons use: reference ratings, kept for the course's own cases only."""

from __future__ import annotations

import shutil

import pytest

from kam_lessons import casebook
from kam_lessons.methods import METHOD_IDS
from kam_lessons.paths import cases_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "cases"


def _fresh(ref, lang="en"):
    return casebook.reference_ratings.__wrapped__(ref, lang)


def _unloadable(*args, **kwargs):
    raise AssertionError("the case was loaded again")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_course_cases_ratings_come_back_from_the_cache_as_they_were(cache, monkeypatch, lang):
    first = _fresh("sample", lang)
    assert first is not None and set(first) == set(METHOD_IDS)
    assert len(list(cache.glob("*.json"))) == 1
    monkeypatch.setattr(casebook, "load_lesson_case", _unloadable)
    assert _fresh("sample", lang) == first


def test_a_case_given_by_path_is_never_kept(cache, tmp_path):
    copy = tmp_path / "client.yaml"
    shutil.copyfile(cases_dir() / "sample.yaml", copy)
    assert _fresh(str(copy)) is not None
    assert not cache.exists() or not list(cache.iterdir())


def test_a_damaged_entry_is_made_anew(cache):
    first = _fresh("sample")
    [entry] = cache.glob("*.json")
    entry.write_text('{"personal_trust": 1}', encoding="utf-8")
    assert _fresh("sample") == first
    assert _fresh("sample") == first  # and kept right again


def test_a_case_that_cannot_serve_is_none_and_not_kept(cache, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("methods: {}\n", encoding="utf-8")
    assert _fresh(str(broken)) is None
    assert not cache.exists() or not list(cache.iterdir())
