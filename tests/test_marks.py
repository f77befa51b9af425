"""Marks on written answers: typed into manual.csv, merged by the next grade, never lost."""

from __future__ import annotations

import csv

import pytest

from kam_lessons.cli import main
from kam_lessons.errors import Problem
from kam_lessons.gradebook import grade_and_report
from kam_lessons.marks import (
    Mark,
    MarkRow,
    OpenAnswer,
    answer_id,
    check_row,
    load_marks,
)
from kam_lessons.workbook import build_cohort

from .conftest import answer

ROSTER = "trainee_id,name,lang\nanna,Анна,ru\nbob,Bob,en\ncleo,Cleo,en\n"
KEY = ("bob", "01_stages", "q18")


@pytest.fixture
def cohort(tmp_path, write_roster, one_lesson):
    out = tmp_path / "cohort"
    build_cohort(write_roster(ROSTER), out, notebooks=one_lesson)
    return out


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fill_in(path, marks, delimiter=","):
    """Type marks into manual.csv as a trainer would: {trainee: {column: value}}."""
    rows = read_csv(path)
    for row in rows:
        row.update(marks.get(row["trainee_id"], {}))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def grade(cohort, out, **kw):
    book, _ = grade_and_report(cohort, out, reports=False, **kw)
    return book


def row_of(book, trainee):
    [row] = [r for r in book.rows if r.trainee_id == trainee]
    return row


OPEN = {KEY: OpenAnswer(3.0, 5, answer_id("my answer"))}


@pytest.mark.parametrize(
    ("cells", "key"),
    [
        ({"points": "4"}, "marks.above_max"),
        ({"points": "-1"}, "marks.below_zero"),
        ({"points": "two"}, "marks.not_number"),
        ({"points": "2", "question": "q99"}, "marks.no_answer"),
        ({"points": "2", "trainee_id": "zoe"}, "marks.no_answer"),
        ({"points": "2", "rubric_items": "R9"}, "marks.bad_rubric"),
        ({"points": "", "comment": "good"}, "marks.no_points"),
    ],
)
def test_a_bad_row_is_one_problem_with_its_place(cells, key):
    row = MarkRow(7, {"trainee_id": "bob", "lesson": "01_stages", "question": "q18", **cells})
    outcome = check_row(row, OPEN)
    assert isinstance(outcome, Problem) and outcome.key == key and outcome.where == 7
    assert "." in outcome.text("en") or outcome.text("en")  # a sentence with the fix


@pytest.mark.parametrize(
    ("points", "items", "expected"),
    [("2", "", 2.0), ("2,5", "R1 R3", 2.5), ("3", "r2,r2", 3.0), ("0", "1", 0.0)],
)
def test_a_good_row_is_a_mark(points, items, expected):
    cells = {"trainee_id": "bob", "lesson": "01_stages", "question": "q18"}
    row = MarkRow(2, {**cells, "points": points, "rubric_items": items, "comment": "ok"})
    mark = check_row(row, OPEN)
    assert isinstance(mark, Mark) and mark.points == expected and mark.comment == "ok"
    assert mark.answer_id == answer_id("my answer")


def test_a_blank_row_is_not_a_mark_yet():
    row = MarkRow(2, {"trainee_id": "bob", "lesson": "01_stages", "question": "q18"})
    assert check_row(row, OPEN) is None


def test_marks_typed_into_manual_csv_count_and_are_never_lost(cohort, tmp_path):
    answer(cohort, "bob", {"q01": "b", "q18": "I would introduce the new KAM myself."})
    out = tmp_path / "grades"
    first = row_of(grade(cohort, out), "bob")
    assert first.awaiting_manual == 1
    fill_in(out / "manual.csv", {"bob": {"points": "2", "rubric_items": "R1", "comment": "Good"}})
    book = grade(cohort, out)
    bob = row_of(book, "bob")
    assert bob.awaiting_manual == 0
    assert bob.score == first.score + 2 and bob.max_score == first.max_score + 3
    [manual] = read_csv(out / "manual.csv")
    assert manual["points"] == "2.0" and manual["marked"] == "marked"
    assert manual["rubric_items"] == "R1" and manual["comment"] == "Good"
    (out / "manual.csv").unlink()
    (out / "gradebook.xlsx").unlink()
    again = row_of(grade(cohort, out), "bob")  # only marks.json is left: the mark stays
    assert again.score == bob.score and again.awaiting_manual == 0
    assert load_marks(out / "marks.json").get(KEY).points == 2


def test_an_answer_changed_after_marking_is_flagged_not_kept_or_dropped(cohort, tmp_path):
    answer(cohort, "bob", {"q18": "First version."})
    out = tmp_path / "grades"
    grade(cohort, out)
    fill_in(out / "manual.csv", {"bob": {"points": "3"}})
    marked = row_of(grade(cohort, out), "bob")
    answer(cohort, "bob", {"q18": "A second, longer version."})
    book = grade(cohort, out)
    bob = row_of(book, "bob")
    assert bob.awaiting_manual == 1 and bob.score == marked.score - 3
    [manual] = read_csv(out / "manual.csv")
    assert manual["marked"] == "changed since marking (was 3)" and manual["points"] == ""
    assert manual["answer"] == "A second, longer version."
    said = "\n".join(p.render("en") for p in book.mark_problems)
    assert "changed this answer after it was marked" in said and "q18" in said
    fill_in(out / "manual.csv", {"bob": {"points": "2.5"}})  # marked again: counts again
    assert row_of(grade(cohort, out), "bob").score == marked.score - 0.5


def test_a_mark_given_to_an_older_text_is_flagged(cohort, tmp_path):
    answer(cohort, "bob", {"q18": "Old text."})
    out = tmp_path / "grades"
    grade(cohort, out)
    answer(cohort, "bob", {"q18": "New text, written after the list was printed."})
    fill_in(out / "manual.csv", {"bob": {"points": "1"}})  # marked against the old text
    bob = row_of(grade(cohort, out), "bob")
    assert bob.awaiting_manual == 1


def test_bad_rows_are_each_reported_with_file_and_line_and_the_rest_merged(cohort, tmp_path):
    answer(cohort, "bob", {"q18": "Bob's answer."})
    answer(cohort, "cleo", {"q18": "Cleo's answer."})
    answer(cohort, "anna", {"q18": "Ответ Анны."})
    out = tmp_path / "grades"
    grade(cohort, out)
    fill_in(
        out / "manual.csv",
        {"anna": {"points": "7"}, "bob": {"points": "2"}, "cleo": {"points": "=1+1"}},
    )
    book = grade(cohort, out)
    said = "\n".join(p.render("en") for p in book.mark_problems)
    assert str(out / "manual.csv") in said
    assert "line 2: the points '7' are more than the question's 3" in said
    assert "line 4: the points '=1+1' are not a number" in said
    assert row_of(book, "bob").awaiting_manual == 0
    assert row_of(book, "anna").awaiting_manual == row_of(book, "cleo").awaiting_manual == 1
    rows = {r["trainee_id"]: r for r in read_csv(out / "manual.csv")}
    assert rows["anna"]["points"] == "7"  # shown again as typed, to correct
    assert rows["anna"]["marked"].startswith("not merged: the points '7' are more than")
    assert rows["cleo"]["points"] == "'=1+1"  # and never as a formula
    again = grade(cohort, out)  # still refused, still reported, until corrected
    assert len(again.mark_problems) == 1 and row_of(again, "anna").awaiting_manual == 1


def test_a_manual_csv_saved_by_excel_in_russian_reads(cohort, tmp_path):
    answer(cohort, "bob", {"q18": "Bob's answer."})
    out = tmp_path / "grades"
    grade(cohort, out)
    fill_in(out / "manual.csv", {"bob": {"points": "1,5"}}, delimiter=";")
    assert row_of(grade(cohort, out), "bob").awaiting_manual == 0


def test_a_marks_file_given_elsewhere_is_merged(cohort, tmp_path):
    answer(cohort, "bob", {"q18": "Bob's answer."})
    out = tmp_path / "grades"
    grade(cohort, out)
    copy = tmp_path / "marked.csv"
    copy.write_bytes((out / "manual.csv").read_bytes())
    fill_in(copy, {"bob": {"points": "3"}})
    assert row_of(grade(cohort, out, manual=[copy]), "bob").awaiting_manual == 0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (None, "there is no such file"),
        ("trainee_id,question\nbob,q18\n", "no column lesson, points"),
    ],
)
def test_kam_grade_with_a_bad_marks_file_says_so_once(runner, cohort, tmp_path, text, says):
    path = tmp_path / "marks.csv"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    result = runner.invoke(
        main, ["grade", str(cohort), "--out", str(tmp_path / "g"), "--manual", str(path)]
    )
    assert result.exit_code == 2 and says in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_own_files_still_as_written_are_not_read_again(cohort, tmp_path):
    from kam_lessons.marks import files_to_read

    answer(cohort, "bob", {"q18": "Bob's answer."})
    out = tmp_path / "grades"
    grade(cohort, out)
    assert files_to_read(out, []) == []  # nothing new in them: their marks are in marks.json
    fill_in(out / "manual.csv", {"bob": {"points": "9"}})
    assert files_to_read(out, []) == [out / "manual.csv"]
    grade(cohort, out)  # a refused row: the files are read again until it is corrected
    assert files_to_read(out, []) == [out / "manual.csv", out / "gradebook.xlsx"]
