"""Grading: build -> answer -> grade round trips with exact scores; damaged files reported."""

from __future__ import annotations

import csv
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam_lessons import gradebook, worker
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
    assert status["bob"].startswith("error: this is a folder") and status["anna"] == "ok"


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


# -- one trainee's file never stops the cohort --

CLEAN = {"format": "kam-answers", "version": 1, "trainee_id": "bob", "lesson": "01_stages"}


def _raw(cohort, trainee, text):
    path = answers_path(cohort / trainee / "answers", "01_stages")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _doc(**answers):
    return json.dumps({**CLEAN, "answers": answers})


HOSTILE = {
    "deep nesting": lambda c: _raw(c, "bob", "[" * 100_000 + "]" * 100_000),
    "deep value": lambda c: _raw(
        c,
        "bob",
        json.dumps(CLEAN)[:-1] + ', "answers": {"q01": {"value": ' + "[" * 500 + "]" * 500 + "}}}",
    ),
    "huge integer": lambda c: _raw(
        c, "bob", json.dumps(CLEAN)[:-1] + ', "answers": {"q11": {"value": ' + "9" * 5000 + "}}}"
    ),
    "lone surrogate": lambda c: _raw(
        c,
        "bob",
        json.dumps(CLEAN)[:-1] + ', "answers": {"q18": {"value": "x\\udc80"},'
        ' "q\\ud800": {"value": 1}}}',
    ),
    "surrogate id": lambda c: _raw(c, "bob", json.dumps({**CLEAN, "trainee_id": "b\ud800"})),
    "not utf-8": lambda c: _raw(c, "bob", "").write_bytes(b'{"trainee_id": "\xff"}'),
    "fifo": lambda c: os.mkfifo(_unlinked(c)),
    "endless device": lambda c: _unlinked(c).symlink_to("/dev/zero"),
    "link out": lambda c: _unlinked(c).symlink_to(_outside(c)),
    "answers folder is a file": lambda c: (c / "bob" / "answers").write_text("x"),
    "50,000 unknown keys": lambda c: _raw(
        c, "bob", _doc(**{f"k{i}": {"value": 1} for i in range(50_000)})
    ),
    "200,000 keys": lambda c: _raw(
        c, "bob", _doc(**{f"k{i}": {"value": 1} for i in range(200_000)})
    ),
}


def _unlinked(cohort):
    path = answers_path(cohort / "bob" / "answers", "01_stages")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    return path


def _outside(cohort):
    other = cohort.parent / "elsewhere.json"
    other.write_text(_doc(q01={"value": "a"}), encoding="utf-8")
    return other


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_pathological_answers_file_is_flagged_and_the_rest_graded(cohort, tmp_path, case):
    _answer(cohort, "anna", {"q01": "a"})
    HOSTILE[case](cohort)
    book = grade_cohort(cohort)
    status = {r.trainee_id: r.status for r in book.rows}
    assert status["anna"] == "ok" and status["cleo"] == "not started"
    assert status["bob"].startswith(("error:", "warning:")), status["bob"]
    assert len(status["bob"]) <= 500 and status["bob"].isprintable()
    [bob] = [r for r in book.rows if r.trainee_id == "bob"]
    if case in ("lone surrogate", "huge integer", "50,000 unknown keys"):
        assert status["bob"].startswith("warning:")
    else:
        assert bob.score == 0 and status["bob"].startswith("error:")
    written = write_gradebook(book, tmp_path / "g")  # CSVs can always be written
    assert all(p.read_bytes() for p in written)
    for problem in book.problems:
        assert problem.render("ru").isprintable() or "\n" in problem.render("ru")


def test_kam_grade_of_a_cohort_full_of_hostile_files_ends_in_time_with_every_flag(cohort, tmp_path):
    import subprocess
    import sys

    HOSTILE["fifo"](cohort)
    _raw(cohort, "cleo", "[" * 100_000)
    _answer(cohort, "anna", {"q01": "a"})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kam_lessons.cli",
            "grade",
            str(cohort),
            "--out",
            str(tmp_path / "g"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = {r["trainee_id"]: r for r in _rows(tmp_path / "g" / "gradebook.csv")}
    assert rows["anna"]["status"] == "ok"
    assert rows["bob"]["status"].startswith("error: this is not an ordinary file")
    assert rows["cleo"]["status"].startswith("error:")
    assert "Traceback" not in done.stderr


def test_terminal_escapes_from_a_file_are_shown_not_obeyed(cohort, tmp_path, runner):
    from kam_lessons.cli import main

    _raw(cohort, "bob", _doc(**{"\x1b[2J\x1b[Hq99": {"value": 1}}))
    path = answers_path(cohort / "bob" / "answers", "01_stages")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["mode"] = "\x1b]0;pwned\x07assessment"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(main, ["grade", str(cohort), "--out", str(tmp_path / "g")])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[2J" in result.output
    rows = {r["trainee_id"]: r for r in _rows(tmp_path / "g" / "gradebook.csv")}
    assert rows["bob"]["status"].isprintable() and "\\x1b" in rows["bob"]["status"]


def test_a_mode_mismatch_is_not_laundered_by_a_later_save_in_the_cohorts_mode(cohort):
    path = answers_path(cohort / "bob" / "answers", "01_stages")
    AnswerStore(path, "bob", "01_stages", mode="assessment").set("q01", "a")
    AnswerStore(path, "bob", "01_stages", mode="practice").set("q02", ["pre"])
    status = {r.trainee_id: r.status for r in grade_cohort(cohort).rows}
    assert "answered in assessment mode" in status["bob"]


@pytest.mark.parametrize(
    "text",
    ["fine\r=1+1", 'ok;=HYPERLINK("http://x","y")', "a,\n@SUM(A1)", "\t=1", "-2+3"],
)
def test_no_formula_reaches_a_spreadsheet_after_any_separator(cohort, tmp_path, text):
    _answer(cohort, "bob", {"q18": text})
    write_gradebook(grade_cohort(cohort), tmp_path / "g")
    raw = (tmp_path / "g" / "manual.csv").read_text(encoding="utf-8")
    [row] = _rows(tmp_path / "g" / "manual.csv")
    assert not re.search(r"(^|[,;\t\r\n\"]) *[=+\-@]", row["answer"])
    quoted = '"' + row["answer"].replace('"', '""') + '"'
    assert quoted in raw  # quoted whole: a separator or line break stays in its cell


def test_the_gradebook_files_are_written_all_or_none(cohort, tmp_path):
    _answer(cohort, "anna", {"q01": "a"})
    out = tmp_path / "g"
    write_gradebook(grade_cohort(cohort), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    _answer(cohort, "bob", {"q01": "a", "q18": "new answer"})
    (out / "manual.csv").unlink()
    (out / "manual.csv").mkdir()  # manual.csv cannot be replaced now
    with pytest.raises(OSError):
        write_gradebook(grade_cohort(cohort), out)
    assert (out / "gradebook.csv").read_bytes() == before["gradebook.csv"]
    assert (out / "questions.csv").read_bytes() == before["questions.csv"]
    assert (out / "marks.json").read_bytes() == before["marks.json"]
    assert (out / "gradebook.xlsx").read_bytes() == before["gradebook.xlsx"]
    assert sorted(p.name for p in out.iterdir()) == sorted(before)  # no temporary left


def _files(out):
    return {p.name: p.read_bytes() for p in sorted(out.glob("[!.]*"))}  # not the mtimes kept


@pytest.mark.skipif(not hasattr(os, "fork"), reason="grading beside needs fork")
def test_a_cohort_graded_by_two_processes_is_graded_exactly_as_by_one(
    cohort, tmp_path, monkeypatch, lesson1
):
    key = {q.id: q.answer for q in lesson1.questions if q.auto_scored}
    _answer(cohort, "anna", {**key, "q18": "Лично."})
    _answer(cohort, "bob", {"q01": key["q01"], "q02": "not a list"})
    _answer(cohort, "cleo", {"q01": "a"})
    (cohort / "cleo" / "answers" / "01_stages.json").write_text("{", encoding="utf-8")
    write_gradebook(grade_cohort(cohort), tmp_path / "one")
    monkeypatch.setattr(gradebook, "PARALLEL_FROM", 1)
    monkeypatch.setattr(worker, "can_fork", lambda: True)
    monkeypatch.setattr(gradebook, "can_fork", lambda: True)
    book = grade_cohort(cohort, beside=True)
    write_gradebook(book, tmp_path / "two", beside=True)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert [p.render("en") for p in book.problems] == [
        p.render("en") for p in grade_cohort(cohort).problems
    ]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="grading beside needs fork")
def test_if_the_second_process_fails_its_half_is_graded_here(cohort, tmp_path, monkeypatch):
    _answer(cohort, "anna", {"q01": "a"})
    _answer(cohort, "cleo", {"q01": "b"})
    monkeypatch.setattr(gradebook, "PARALLEL_FROM", 1)
    monkeypatch.setattr(gradebook, "can_fork", lambda: True)
    monkeypatch.setattr(worker, "can_fork", lambda: True)

    def broken(*args, **kwargs):
        raise RuntimeError("the child breaks")

    monkeypatch.setattr(gradebook.pickle, "dumps", broken)  # only the child pickles
    book = grade_cohort(cohort, beside=True)
    assert [r.trainee_id for r in book.rows] == ["anna", "bob", "cleo"]
    assert [r.status for r in book.rows] == ["ok", "not started", "ok"]


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=5)
    | st.sampled_from(["a", "b", "pre", "trust", "\x1b[2J", "=1+1", "value", "ratings"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.dictionaries(st.sampled_from([f"q{i:02d}" for i in range(1, 20)]), _json, max_size=6),
    extra=st.dictionaries(
        st.sampled_from(["mode", "lang", "updated", "answers", "version"]), _json, max_size=2
    ),
)
def test_any_json_in_an_answers_file_grades_without_an_exception(cohort, tmp_path, values, extra):
    path = answers_path(cohort / "bob" / "answers", "01_stages")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {**CLEAN, "answers": {q: {"value": v} for q, v in values.items()}, **extra}
    path.write_text(json.dumps(doc), encoding="utf-8")
    book = grade_cohort(cohort)
    [bob] = [r for r in book.rows if r.trainee_id == "bob"]
    assert bob.status.split(":")[0] in ("ok", "warning", "error") and bob.status.isprintable()
    assert 0 <= bob.score <= bob.max_score
    write_gradebook(book, tmp_path / "g")


@pytest.mark.parametrize(("options", "reports"), [([], True), (["--no-reports"], False)])
def test_kam_grade_writes_the_reports_unless_told_not_to(
    cohort, tmp_path, runner, options, reports
):
    from kam_lessons.cli import main

    _answer(cohort, "bob", {"q01": "b"})
    out = tmp_path / "g"
    result = runner.invoke(main, ["grade", str(cohort), "--out", str(out), *options])
    assert result.exit_code == 0, result.stderr
    for name in ("gradebook.csv", "gradebook.xlsx", "items.csv", "lms.csv", "marks.json"):
        assert (out / name).is_file()
    assert (out / "report.html").is_file() is reports
    assert sorted(p.name for p in (out / "feedback").glob("*.html")) == (
        ["anna.html", "bob.html", "cleo.html"] if reports else []
    )
