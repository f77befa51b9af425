"""Grading: build -> answer -> grade round trips with exact scores; damaged files reported."""

from __future__ import annotations

import csv
import json

import pytest

from kam_lessons.answers import AnswerStore, answers_path
from kam_lessons.gradebook import grade_cohort, summary_table, write_gradebook
from kam_lessons.workbook import build_cohort

ROSTER = "trainee_id,name,lang\nanna,Анна,ru\nbob,Bob,en\ncleo,Cleo,en\n"


@pytest.fixture
def cohort(tmp_path, write_roster, one_lesson):
    out = tmp_path / "cohort"
    build_cohort(write_roster(ROSTER), out, notebooks=one_lesson)
    return out


def _answer(cohort, trainee, values):
    store = AnswerStore(
        answers_path(cohort / trainee / "answers", "01_stages"), trainee, "01_stages"
    )
    for qid, value in values.items():
        store.set(qid, value)


def _rows(path):
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_round_trip_gives_exact_scores(cohort, tmp_path, lesson1):
    key = {q.id: q.answer for q in lesson1.questions if q.auto_scored}
    _answer(cohort, "anna", {**key, "q18": "Представлю нового менеджера лично."})
    # bob: q02 one neighbour swap (2 * 3/4), q06 one right one wrong option (0), rest blank
    _answer(
        cohort,
        "bob",
        {
            "q01": key["q01"],
            "q02": ["early", "pre", "mid", "partnership", "synergistic"],
            "q06": [key["q06"][0], "zz"],
        },
    )
    out = tmp_path / "grades"
    book = grade_cohort(cohort)
    write_gradebook(book, out)
    rows = {r["trainee_id"]: r for r in _rows(out / "gradebook.csv")}
    assert set(rows["anna"]) >= {"trainee_id", "lesson", "score", "max_score", "answered", "total"}
    assert float(rows["anna"]["score"]) == float(rows["anna"]["max_score"]) == lesson1.max_score
    assert rows["anna"]["answered"] == rows["anna"]["total"] == str(len(lesson1.questions))
    assert rows["anna"]["awaiting_manual"] == "1"
    assert float(rows["bob"]["score"]) == 1 + 1.5 + 1 * (1 - 1) / 2 * 2
    assert rows["bob"]["answered"] == "3" and rows["bob"]["status"] == "ok"
    assert rows["cleo"]["score"] == "0.0" and rows["cleo"]["status"] == "not started"
    manual = _rows(out / "manual.csv")
    assert [(m["trainee_id"], m["question"]) for m in manual] == [("anna", "q18")]
    questions = _rows(out / "questions.csv")
    assert len(questions) == 3 * len(lesson1.questions)


def test_a_damaged_answers_file_is_reported_and_the_rest_still_graded(cohort, lesson1):
    _answer(cohort, "anna", {"q01": "a"})
    (cohort / "bob" / "answers").mkdir()
    (cohort / "bob" / "answers" / "01_stages.json").write_text("{oops", encoding="utf-8")
    book = grade_cohort(cohort)
    status = {r.trainee_id: r.status for r in book.rows}
    assert status["anna"] == "ok" and status["cleo"] == "not started"
    assert status["bob"].startswith("error: ") and "damaged" in status["bob"]
    assert len(book.problems) == 1 and "bob" in book.problems[0].render("en")


def _write_by_hand(cohort, trainee, answers, **fields):
    """Write an answers file as another tool or a text editor would, bypassing the store."""
    path = answers_path(cohort / trainee / "answers", "01_stages")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": "kam-answers",
        "version": 1,
        "trainee_id": trainee,
        "lesson": "01_stages",
        **fields,
        "answers": {q: {"value": v} for q, v in answers.items()},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_hand_edited_file_with_wrong_types_still_grades_what_it_can(cohort, lesson1):
    _write_by_hand(cohort, "bob", {"q01": ["not", "a", "choice"], "q11": "3"})
    book = grade_cohort(cohort)
    [row] = [r for r in book.rows if r.trainee_id == "bob"]
    assert row.score == 1  # "3" years read as the number 3
    assert row.answered == 1  # the list given for a single choice is not an answer
    assert row.status.startswith("warning: ") and "q01" in row.status and "q11" not in row.status
    assert len(book.problems) == 1 and "bob" in book.problems[0].render("en")


def test_unknown_questions_and_a_different_mode_are_flagged(cohort):
    path = _write_by_hand(cohort, "bob", {"q99": "a"}, mode="practice")
    AnswerStore(path, "bob", "01_stages", mode="assessment")  # opening changes nothing
    status = {r.trainee_id: r.status for r in grade_cohort(cohort).rows}["bob"]
    assert status == "warning: answers to unknown questions q99 (ignored)"


def test_answers_given_in_practice_in_an_assessment_cohort_are_flagged(
    tmp_path, write_roster, one_lesson
):
    out = tmp_path / "exam"
    build_cohort(write_roster(ROSTER), out, mode="assessment", notebooks=one_lesson)
    AnswerStore(
        answers_path(out / "bob" / "answers", "01_stages"), "bob", "01_stages", mode="practice"
    ).set("q01", "a")
    status = {r.trainee_id: r.status for r in grade_cohort(out).rows}["bob"]
    assert "answered in practice mode, but the cohort is in assessment mode" in status


def test_an_unreadable_answers_path_is_reported_and_the_rest_graded(cohort):
    (cohort / "bob" / "answers" / "01_stages.json").mkdir(parents=True)
    _answer(cohort, "anna", {"q01": "a"})
    book = grade_cohort(cohort)
    status = {r.trainee_id: r.status for r in book.rows}
    assert status["bob"].startswith("error: cannot be read") and status["anna"] == "ok"


def test_a_file_copied_from_another_trainee_is_not_credited(cohort):
    _answer(cohort, "anna", {"q01": "a"})
    src = answers_path(cohort / "anna" / "answers", "01_stages")
    dest = answers_path(cohort / "bob" / "answers", "01_stages")
    dest.parent.mkdir(parents=True)
    dest.write_bytes(src.read_bytes())
    [row] = [r for r in grade_cohort(cohort).rows if r.trainee_id == "bob"]
    assert row.score == 0 and "belongs to trainee 'anna'" in row.status


def test_formulas_typed_by_a_trainee_are_defused_in_csv(cohort, tmp_path):
    _answer(cohort, "bob", {"q18": '=HYPERLINK("http://x")'})
    write_gradebook(grade_cohort(cohort), tmp_path / "g")
    [row] = _rows(tmp_path / "g" / "manual.csv")
    assert row["answer"].startswith("'=")


def test_summary_table_has_a_line_per_trainee(cohort):
    _answer(cohort, "anna", {"q01": "a"})
    table = summary_table(grade_cohort(cohort)).splitlines()
    assert table[0].split()[0] == "trainee" and len(table) == 4
