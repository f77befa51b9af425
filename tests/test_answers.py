"""Answers files: saved at once, restored, never lost, versioned."""

from __future__ import annotations

import json
import os

import pytest

from kam_lessons.answers import AnswerStore, answers_path, read_answers
from kam_lessons.errors import KamError


@pytest.fixture
def store(tmp_path):
    return AnswerStore(
        answers_path(tmp_path / "answers", "01_stages"),
        "anna",
        "01_stages",
        lang="ru",
        mode="practice",
    )


def test_opening_writes_nothing_and_the_first_answer_creates_the_file(store):
    assert not store.path.exists()
    store.set("q01", "b")
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["format"] == "kam-answers" and data["version"] == 1
    assert data["trainee_id"] == "anna" and data["lesson"] == "01_stages"
    assert data["answers"]["q01"]["value"] == "b" and data["answers"]["q01"]["saved_at"]


def test_a_new_store_sees_what_an_earlier_one_saved(store, tmp_path):
    """This is what a kernel restart or a re-run amounts to."""
    store.set("q02", ["a", "c"])
    store.set("q13", {"i1": "c1"})
    again = AnswerStore(store.path, "anna", "01_stages")
    assert again.values() == {"q02": ["a", "c"], "q13": {"i1": "c1"}}


def test_clearing_an_answer_removes_it(store):
    store.set("q01", "b")
    store.set("q01", None)
    assert read_answers(store.path).answers == {}


def test_two_open_copies_of_a_lesson_keep_each_others_answers(store):
    other = AnswerStore(store.path, "anna", "01_stages")
    store.set("q01", "a")
    other.set("q02", ["b"])
    assert read_answers(store.path).values() == {"q01": "a", "q02": ["b"]}


def test_writes_leave_no_temporary_files_and_are_readable_by_others(store):
    store.set("q01", "a")
    assert sorted(os.listdir(store.path.parent)) == [".01_stages.json.lock", "01_stages.json"]
    assert store.path.stat().st_mode & 0o044  # a trainer's process can read it


def test_temporary_files_a_killed_save_left_are_removed_by_the_next_save(store):
    store.set("q01", "a")
    leftover = store.path.with_name(".01_stages.json.abc123.tmp")
    leftover.write_text('{"half', encoding="utf-8")  # what kill -9 during a save leaves
    store.set("q02", ["b"])
    assert not leftover.exists()
    assert read_answers(store.path).values() == {"q01": "a", "q02": ["b"]}


def test_each_answer_records_its_mode_and_a_later_save_does_not_launder_it(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    AnswerStore(path, "anna", "01_stages", mode="practice").set("q01", "a")
    AnswerStore(path, "anna", "01_stages", mode="assessment").set("q02", ["b"])
    data = read_answers(path)
    assert data.mode == "assessment"
    assert data.answers["q01"].mode == "practice" and data.modes() == {"practice", "assessment"}


def test_text_that_is_not_valid_unicode_is_saved_repaired(store):
    store.set("q18", "fine\ud800 text")
    assert read_answers(store.path).values() == {"q18": "fine\ufffd text"}


@pytest.mark.parametrize(
    "text", ["{not json", "[]", '{"format": "kam-answers", "version": 1}', '"text"']
)
def test_a_damaged_file_is_kept_aside_never_overwritten(tmp_path, text):
    path = answers_path(tmp_path, "01_stages")
    path.write_text(text, encoding="utf-8")
    store = AnswerStore(path, "anna", "01_stages")
    assert store.problem is not None and store.values() == {}
    kept = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == text
    store.set("q01", "a")
    assert read_answers(path).values() == {"q01": "a"}


def test_a_file_of_another_trainee_is_not_taken_over(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    AnswerStore(path, "boris", "01_stages").set("q01", "a")
    store = AnswerStore(path, "anna", "01_stages")
    assert "boris" in store.problem.render("en") and store.values() == {}


def test_a_file_from_a_newer_version_says_to_update(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    path.write_text(
        json.dumps(
            {
                "format": "kam-answers",
                "version": 7,
                "trainee_id": "a",
                "lesson": "01_stages",
                "answers": {},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(KamError, match="newer KAM Workbook"):
        read_answers(path)


def test_damaged_json_names_the_line(tmp_path):
    path = tmp_path / "01_stages.json"
    path.write_text('{\n "answers": \n}', encoding="utf-8")
    with pytest.raises(KamError) as err:
        read_answers(path)
    assert f"{path}, line 3" in err.value.render("en")


def test_a_file_damaged_while_the_lesson_is_open_is_kept_and_answers_are_not_lost(store):
    store.set("q01", "b")
    store.path.write_text('{"damaged": ', encoding="utf-8")
    store.set("q02", ["a"])
    kept = [p for p in store.path.parent.iterdir() if ".unreadable-" in p.name]
    assert [p.read_text(encoding="utf-8") for p in kept] == ['{"damaged": ']
    assert read_answers(store.path).values() == {"q01": "b", "q02": ["a"]}


def test_another_trainees_file_put_in_place_is_kept_and_answers_are_not_lost(store, tmp_path):
    store.set("q01", "b")
    other = AnswerStore(tmp_path / "elsewhere.json", "boris", "01_stages")
    other.set("q09", "x")
    store.path.write_bytes(other.path.read_bytes())
    store.set("q04", "pre")
    assert read_answers(store.path).values() == {"q01": "b", "q04": "pre"}
    kept = [p for p in store.path.parent.iterdir() if ".unreadable-" in p.name]
    assert len(kept) == 1 and read_answers(kept[0]).trainee_id == "boris"


def test_a_file_of_another_lesson_says_so(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    AnswerStore(path, "anna", "02_methods").set("q01", "a")
    store = AnswerStore(path, "anna", "01_stages")
    assert "for lesson '02_methods'" in store.problem.render("en")


# -- hostile files: each is flagged, kept aside, and never crashes or hangs the lesson --


def _file(version_extra: str = "", answers: str = "{}") -> str:
    return (
        '{"format": "kam-answers", "version": 1, "trainee_id": "anna", '
        f'"lesson": "01_stages"{version_extra}, "answers": {answers}}}'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}", "nest more than"),
        (_file(answers='{"q01": {"value": ' + "[" * 200 + "]" * 200 + "}}"), "nest more than"),
        (_file(answers='{"q01": {"value": "' + "x" * 3_000_000 + '"}}'), "larger than"),
    ],
    ids=["deep-nesting", "deep-value", "huge"],
)
def test_a_pathological_file_is_refused_with_a_message(tmp_path, text, message):
    path = answers_path(tmp_path, "01_stages")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KamError, match=message):
        read_answers(path)
    store = AnswerStore(path, "anna", "01_stages")
    assert store.problem is not None and store.values() == {}
    assert not path.exists()  # kept aside, never overwritten


def test_a_file_another_tool_wrote_with_a_byte_order_mark_is_read(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    path.write_text("\ufeff" + _file(answers='{"q01": {"value": "b"}}'), encoding="utf-8")
    assert read_answers(path).values() == {"q01": "b"}


def test_an_integer_of_thousands_of_digits_reads_as_a_number_that_scores_nothing(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    path.write_text(_file(answers='{"q11": {"value": ' + "9" * 5000 + "}}"), encoding="utf-8")
    value = read_answers(path).values()["q11"]
    assert isinstance(value, float)


def test_lone_surrogates_in_keys_and_ids_are_repaired_and_counted(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    path.write_text(_file(answers='{"q\\ud800": {"value": "a\\udfff"}}'), encoding="utf-8")
    data = read_answers(path)
    assert data.values() == {"q\ufffd": "a\ufffd"} and data.repaired == 2


def test_a_fifo_in_place_of_the_file_is_refused_at_once(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    os.mkfifo(path)
    with pytest.raises(KamError, match="not an ordinary file"):
        read_answers(path)
    store = AnswerStore(path, "anna", "01_stages")
    assert store.problem is not None and not path.exists()


def test_a_symlink_to_an_endless_device_is_refused(tmp_path):
    path = answers_path(tmp_path, "01_stages")
    path.symlink_to("/dev/zero")
    with pytest.raises(KamError, match="not an ordinary file"):
        read_answers(path)


# -- two tabs at once: real processes, no answer lost --

_SAVER = """
import sys, time
from kam_lessons.answers import AnswerStore
path, prefix, n, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = AnswerStore(path, "anna", "01_stages", mode="practice")
for i in range(n):
    store.set(f"{prefix}{i:03d}", i)
    time.sleep(pause)
"""


@pytest.mark.parametrize(("count", "pause"), [(150, 0.0), (40, 0.01)], ids=["flat-out", "paced"])
def test_processes_saving_at_the_same_time_lose_no_answer(tmp_path, count, pause):
    import subprocess
    import sys

    path = answers_path(tmp_path, "01_stages")
    procs = [
        subprocess.Popen([sys.executable, "-c", _SAVER, str(path), prefix, str(count), str(pause)])
        for prefix in ("a", "b", "c")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    saved = read_answers(path).values()
    assert len(saved) == 3 * count
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
