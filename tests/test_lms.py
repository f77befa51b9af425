"""The LMS: lms.csv matched on the roster's email or idnumber; lessons as Moodle XML."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest

from kam_lessons.answers import AnswerStore, answers_path
from kam_lessons.cli import main
from kam_lessons.content import load_lesson
from kam_lessons.gradebook import grade_and_report
from kam_lessons.lms import moodle_xml
from kam_lessons.workbook import build_cohort


def lms_rows(tmp_path, write_roster, one_lesson, roster):
    cohort = tmp_path / "c"
    build_cohort(write_roster(roster), cohort, notebooks=one_lesson)
    AnswerStore(answers_path(cohort / "bob" / "answers", "01_stages"), "bob", "01_stages").set(
        "q01", "b"
    )
    grade_and_report(cohort, tmp_path / "g", reports=False)
    with (tmp_path / "g" / "lms.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("roster", "ids"),
    [
        ("trainee_id,name\nbob,Bob\n", ["Username"]),
        ("trainee_id,name,email\nbob,Bob,bob@example.com\n", ["Email address"]),
        ("trainee_id,name,idnumber\nbob,Bob,E-0042\n", ["ID number"]),
        (
            "trainee_id,name,email,idnumber\nbob,Bob,bob@example.com,E-0042\n",
            ["Email address", "ID number"],
        ),
    ],
)
def test_lms_csv_carries_what_moodle_matches_on(tmp_path, write_roster, one_lesson, roster, ids):
    [row] = lms_rows(tmp_path, write_roster, one_lesson, roster)
    assert list(row)[: len(ids)] == ids
    assert row["Full name"] == "Bob" and float(row["01_stages"]) == 1.0
    assert float(row["Course total"]) == 1.0
    if "Email address" in ids:
        assert row["Email address"] == "bob@example.com"
    if "ID number" in ids:
        assert row["ID number"] == "'-0042" or row["ID number"] == "E-0042"


def test_a_roster_name_that_looks_like_a_formula_is_text(tmp_path, write_roster, one_lesson):
    [row] = lms_rows(tmp_path, write_roster, one_lesson, "trainee_id,name\nbob,=1+2\n")
    assert row["Full name"] == "'=1+2"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("bob,Bob,not-an-email", "line 2: email 'not-an-email' is not an email address"),
        ("bob,Bob,a@b@c.d", "is not an email address"),
    ],
)
def test_a_bad_email_is_one_message(runner, tmp_path, write_roster, line, says):
    path = write_roster("trainee_id,name,email\n" + line + "\n")
    result = runner.invoke(main, ["build", "--roster", str(path), "--out", str(tmp_path / "c")])
    assert result.exit_code == 2 and says in result.stderr and str(path) in result.stderr


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_moodle_xml_carries_each_type_it_can(lang):
    lesson = load_lesson("01_stages", lang)
    export = moodle_xml(lesson)
    root = ET.fromstring(export.xml.split("\n", 1)[1])
    kinds = [q.get("type") for q in root.iter("question")]
    assert kinds[0] == "category"
    expected = {"single": "multichoice", "multiple": "multichoice", "matching": "matching"}
    expected |= {"categorize": "matching", "numeric": "numerical", "text": "essay"}
    assert kinds[1:] == [expected[q.type] for q in lesson.questions if q.type in expected]
    assert export.skipped == [(q.id, q.type) for q in lesson.questions if q.type not in expected]
    single = next(q for q in lesson.questions if q.type == "single")
    node = next(
        q for q in root.iter("question") if q.findtext("idnumber") == f"01_stages.{single.id}"
    )
    fractions = [a.get("fraction") for a in node.iter("answer")]
    assert fractions.count("100") == 1
    multiple = next(q for q in lesson.questions if q.type == "multiple")
    node = next(
        q for q in root.iter("question") if q.findtext("idnumber") == f"01_stages.{multiple.id}"
    )
    total = sum(
        float(a.get("fraction")) for a in node.iter("answer") if float(a.get("fraction")) > 0
    )
    assert total == pytest.approx(100, abs=0.01)


def test_kam_export_moodle_writes_the_file_and_says_what_it_left_out(runner, tmp_path):
    out = tmp_path / "stages.xml"
    result = runner.invoke(
        main, ["export", "moodle", "--lesson", "01_stages", "--lang", "ru", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert "не выгружен: q02 (ordering" in result.output and str(out) in result.output
    assert ET.parse(out).getroot().tag == "quiz"


@pytest.mark.parametrize("lesson", ["99_nothing", "../etc"])
def test_kam_export_an_unknown_lesson_is_one_message(runner, tmp_path, lesson):
    result = runner.invoke(
        main, ["export", "moodle", "--lesson", lesson, "--out", str(tmp_path / "x.xml")]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "x.xml").exists()
