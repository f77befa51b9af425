"""The words: every sentence from the catalogue, in every language; numbers as shown."""

from __future__ import annotations

import re

import pytest

from kam_lessons.i18n import catalogue, languages
from kam_lessons.workshop.loading import (
    load_case,
    sample_case_paths,
)
from kam_lessons.workshop.plan import (
    plan_account,
)
from kam_lessons.workshop.square import (
    locate_in_square,
    place_in_square,
)
from kam_lessons.workshop.words import (
    explain_square,
    format_number,
    plan_sections,
)


def _area(lang: str, area: str) -> dict[str, str]:
    return {k: v for k, v in catalogue(lang).items() if k.startswith(f"{area}.")}


@pytest.mark.parametrize("area", ["case", "methods"])
def test_english_and_russian_have_the_same_keys(area):
    assert set(_area("en", area)) == set(_area("ru", area))
    assert _area("en", area)


@pytest.mark.parametrize("area", ["case", "methods"])
def test_translations_keep_the_same_placeholders(area):
    english, russian = _area("en", area), _area("ru", area)
    for key, text in english.items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", russian[key])), key


RAW_KEY = re.compile(r"\b(case|methods)\.[a-z_]+\.[a-z_]")


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_every_sentence_about_a_sample_case_comes_from_the_catalogue(path, lang):
    case = load_case(path)
    lines = explain_square(lang, place_in_square(case)) + [
        line for _, part in plan_sections(lang, plan_account(case)) for line in part
    ]
    assert lines
    for line in lines:
        assert not RAW_KEY.search(line), line
        assert "{" not in line, line


@pytest.mark.parametrize(
    ("value", "lang", "shown", "region"),
    [
        (49.957, "en", "49.9", "not_of_interest"),
        (49.95, "en", "49.9", "not_of_interest"),
        (50.0 - 1e-12, "en", "50", "key"),
        (50.04, "en", "50", "key"),
        (71.875, "en", "71.9", "key"),
        (49.957, "ru", "49,9", "not_of_interest"),
    ],
)
def test_shown_means_never_contradict_the_region(value, lang, shown, region):
    assert format_number(lang, value) == shown
    assert locate_in_square(80, value) == region  # ours 80, the customer's position value
