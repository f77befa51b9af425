"""Messages for bad input: the file, the place and the fix, printable, in the user's language."""

from __future__ import annotations

import pytest

from kam_lessons.errors import MAX_PROBLEMS_SHOWN, KamError, Problem, quote_value, visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain", "plain"),
        ("Анна Смирнова", "Анна Смирнова"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("x\ny", "x\\x0ay"),
        ("\u202eevil", "\\u202eevil"),
        ("bad\ud800", "bad\\ud800"),
        ("bell\x07", "bell\\x07"),
    ],
)
def test_control_and_format_characters_are_shown_never_obeyed(text, shown):
    assert visible(text) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({"a": 1}, "{…}"),
        ([1, 2], "[…]"),
        (None, "null"),
        (True, "true"),
        (10**5000, "<5001-digit number>"),
        ("x" * 100, "'" + "x" * 56 + "..."),
        ("a\x1bb", "'a\\x1bb'"),
    ],
    ids=["mapping", "list", "null", "true", "huge-int", "long-text", "escape"],
)
def test_values_from_a_file_are_quoted_short_and_printable(value, shown):
    assert quote_value(value) == shown


def test_a_message_names_the_file_and_the_line_in_the_users_language():
    err = KamError("roster.csv", 3, "errors.roster_empty_name", id="anna")
    assert err.render("en").startswith("roster.csv, line 3: the name of trainee 'anna'")
    assert err.render("ru").startswith("roster.csv, строка 3: имя слушателя «anna»")


def test_a_problem_inside_a_problem_is_told_in_the_same_language():
    inner = Problem(None, "errors.file_not_utf8")
    err = KamError("cohort.json", None, "errors.manifest_damaged", detail=inner)
    assert "not UTF-8" in err.render("en") and "UTF-8" in err.render("ru")
    assert "not UTF-8" not in err.render("ru")


def test_thousands_of_problems_print_a_screenful_and_a_count():
    problems = [Problem(f"scores[{i}]", "errors.roster_empty_id") for i in range(20_000)]
    lines = KamError("case.yaml", problems=problems).render("en").splitlines()
    assert len(lines) == MAX_PROBLEMS_SHOWN + 1
    assert lines[-1].startswith(f"… and {20_000 - MAX_PROBLEMS_SHOWN} more problems")


def test_a_path_with_escapes_is_shown_visibly():
    assert "\x1b" not in KamError("a\x1b[2J.csv", None, "errors.file_missing").render("en")
