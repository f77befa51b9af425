"""gradebook.xlsx: sheets a trainer can filter and mark in, safe text, marks read back."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from kam_lessons.gradebook import grade_and_report
from kam_lessons.workbook import build_cohort

from .conftest import answer

ROSTER = "trainee_id,name,lang\nanna,=cmd|' /C calc'!A0,ru\nbob,Bob,en\n"


@pytest.fixture
def cohort(tmp_path, write_roster, one_lesson):
    out = tmp_path / "cohort"
    build_cohort(write_roster(ROSTER), out, notebooks=one_lesson)
    return out


def grade(cohort, out):
    book, _ = grade_and_report(cohort, out, reports=False)
    return book


def bob(book):
    [row] = [r for r in book.rows if r.trainee_id == "bob"]
    return row


def test_the_workbook_has_a_summary_a_sheet_per_lesson_and_a_manual_sheet(cohort, tmp_path):
    answer(cohort, "bob", {"q01": "b", "q18": '=HYPERLINK("http://x","click")'})
    out = tmp_path / "g"
    grade(cohort, out)
    wb = load_workbook(out / "gradebook.xlsx")
    assert wb.sheetnames == ["summary", "01_stages", "manual"]
    for ws in wb:
        assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    summary = {r[0]: r for r in wb["summary"].iter_rows(min_row=2, values_only=True)}
    assert isinstance(summary["bob"][2], int | float) and summary["bob"][2] == 1  # a number
    lesson = wb["01_stages"]
    header = [c.value for c in lesson[1]]
    assert header[:4] == ["trainee_id", "lang", "score", "max_score"] and "q01" in header
    manual = wb["manual"]
    header = [c.value for c in manual[1]]
    cell = manual.cell(row=2, column=header.index("answer") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, not formula
    name = wb["summary"].cell(row=2, column=2)
    assert name.data_type == "s" and name.value.startswith("=cmd")


def test_marks_typed_into_the_workbook_come_back_into_the_gradebook(cohort, tmp_path):
    answer(cohort, "bob", {"q18": "I would meet the buyer with the new KAM."})
    out = tmp_path / "g"
    before = bob(grade(cohort, out))
    wb = load_workbook(out / "gradebook.xlsx")
    ws = wb["manual"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("points") + 1, value=2.5)
    ws.cell(row=2, column=header.index("comment") + 1, value="=clear, well argued")
    wb.save(out / "gradebook.xlsx")
    after = bob(grade(cohort, out))
    assert after.score == before.score + 2.5 and after.awaiting_manual == 0
    wb = load_workbook(out / "gradebook.xlsx")
    ws = wb["manual"]
    assert ws.cell(row=2, column=header.index("points") + 1).value == 2.5
    comment = ws.cell(row=2, column=header.index("comment") + 1)
    assert comment.value == "=clear, well argued" and comment.data_type == "s"


def test_a_formula_for_points_is_refused_never_evaluated(cohort, tmp_path):
    answer(cohort, "bob", {"q18": "An answer."})
    out = tmp_path / "g"
    grade(cohort, out)
    wb = load_workbook(out / "gradebook.xlsx")
    ws = wb["manual"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("points") + 1, value="=1+1")
    wb.save(out / "gradebook.xlsx")
    book = grade(cohort, out)
    assert bob(book).awaiting_manual == 1
    said = "\n".join(p.render("en") for p in book.mark_problems)
    col = "HIJKLMNOP"[header.index("points") - 7]
    assert f"gradebook.xlsx, manual!{col}2: the points are a formula" in said


def test_a_workbook_without_the_manual_sheet_is_one_clear_message(cohort, tmp_path, runner):
    from openpyxl import Workbook

    from kam_lessons.cli import main

    path = tmp_path / "mine.xlsx"
    Workbook().save(path)
    result = runner.invoke(
        main, ["grade", str(cohort), "--out", str(tmp_path / "g"), "--manual", str(path)]
    )
    assert result.exit_code == 2 and 'there is no sheet "manual"' in result.stderr
    path.write_text("not a zip", encoding="utf-8")
    result = runner.invoke(
        main, ["grade", str(cohort), "--out", str(tmp_path / "g"), "--manual", str(path)]
    )
    assert result.exit_code == 2 and "not an Excel workbook" in result.stderr
