"""The catalogue: every word a user sees, in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from kam_lessons import i18n
from kam_lessons.i18n import DEFAULT_LANG, catalogue, languages, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_comes_first_and_russian_is_there():
    assert languages()[0] == DEFAULT_LANG and "ru" in languages()


@pytest.mark.parametrize("lang", languages())
def test_every_language_has_every_key_with_the_same_placeholders(lang):
    english, words = catalogue(DEFAULT_LANG), catalogue(lang)
    assert set(words) == set(english)
    for key, text in english.items():
        assert _placeholders(words[key]) == _placeholders(text), key


def test_a_key_missing_in_a_language_falls_back_to_english_then_to_the_key(monkeypatch):
    monkeypatch.setattr(i18n, "area", lambda lang, name: {} if lang == "xx" else {"a.b": "AB"})
    assert t("xx", "a.b") == "AB"
    assert t("xx", "no.such") == "no.such"


@pytest.mark.parametrize("lang", languages())
def test_an_area_read_alone_is_that_part_of_the_catalogue(lang):
    whole = catalogue(lang)
    names = {key.split(".", 1)[0] for key in whole}
    assert {k: v for name in names for k, v in i18n.area(lang, name).items()} == whole
    assert i18n.area(lang, "no_such_area") == {}


def test_a_missing_placeholder_raises_under_test_and_is_shown_as_is_in_production(monkeypatch):
    key = "cli.graded"  # "Graded {rows} trainee × lesson rows in {seconds} s."
    with pytest.raises(KeyError):
        t("en", key, rows=3)
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert "{seconds}" in t("en", key, rows=3)


@pytest.mark.parametrize("lang", languages())
def test_the_decimal_mark_is_the_languages(lang):
    from kam_lessons.numbers import format_number

    mark = t(lang, "ui.decimal_mark")
    assert format_number(10.5, lang) == f"10{mark}5"
    assert format_number(3.0, lang) == "3" and format_number(None, lang) == "—"


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("2,700", "en", 2700.0),
        ("1,234,567.5", "en", 1234567.5),
        ("2,5", "en", 2.5),
        ("2.5", "en", 2.5),
        ("2,700", "ru", 2.7),
        ("2 700", "ru", 2700.0),
        ("2\u00a0700,5", "ru", 2700.5),
        ("-3", "ru", -3.0),
        ("three", "en", None),
        ("1e400", "en", None),
    ],
)
def test_a_typed_number_reads_as_people_in_that_language_write_it(text, lang, number):
    from kam_lessons.numbers import as_number

    assert as_number(text, lang) == number
