"""Building a cohort: one folder per trainee, parameters injected, nothing run, answers kept."""

from __future__ import annotations

import json
import os

import nbformat
import pytest
import yaml

from kam_lessons.answers import AnswerStore, answers_path
from kam_lessons.errors import KamError
from kam_lessons.workbook import build_cohort, read_cohort

ROSTER = "trainee_id,name,lang\nanna.smirnova,Анна Смирнова,ru\njames,James,\n"


def _params(nb):
    cell = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    scope: dict = {}
    exec(cell.source, scope)
    return {k: v for k, v in scope.items() if not k.startswith("__")}, cell


def test_each_trainee_gets_their_own_parameterised_unexecuted_notebook(
    tmp_path, write_roster, one_lesson
):
    out = tmp_path / "cohort"
    result = build_cohort(write_roster(ROSTER), out, lang="en", notebooks=one_lesson)
    assert result.added == ["anna.smirnova", "james"]
    nb = nbformat.read(out / "anna.smirnova" / "01_stages.ipynb", as_version=4)
    params, cell = _params(nb)
    assert params == {
        "trainee_id": "anna.smirnova",
        "trainee_name": "Анна Смирнова",
        "lang": "ru",
        "mode": "practice",
        "answers_dir": "answers",
        "bank": "",
    }
    assert cell.metadata["jupyter"]["source_hidden"] is True
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    james, _ = _params(nbformat.read(out / "james" / "01_stages.ipynb", as_version=4))
    assert james["lang"] == "en"  # the build's --lang where the roster gives none
    cohort = read_cohort(out)
    assert [t.trainee_id for t in cohort.trainees] == ["anna.smirnova", "james"]
    assert cohort.lessons == ["01_stages"]


def test_assessment_workbooks_carry_no_answer_key(tmp_path, write_roster, one_lesson):
    out = tmp_path / "cohort"
    build_cohort(write_roster(ROSTER), out, mode="assessment", notebooks=one_lesson)
    folder = out / "anna.smirnova"
    params, _ = _params(nbformat.read(folder / "01_stages.ipynb", as_version=4))
    assert params["mode"] == "assessment" and params["bank"] == "bank/01_stages.ru.yaml"
    bank = yaml.safe_load((folder / params["bank"]).read_text(encoding="utf-8"))
    assert bank["key_stripped"] is True
    for q in bank["questions"]:
        assert q.get("answer") is None and not q.get("explain") and not q.get("rubric")
    everything = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())
    from kam_lessons.content import load_lesson

    for q in load_lesson("01_stages", "ru").questions:
        if q.explain:
            assert q.explain.strip()[:60] not in everything


def test_rebuilding_keeps_answers_and_adds_new_trainees(tmp_path, write_roster, one_lesson):
    out = tmp_path / "cohort"
    build_cohort(write_roster(ROSTER), out, notebooks=one_lesson)
    store = AnswerStore(answers_path(out / "james" / "answers", "01_stages"), "james", "01_stages")
    store.set("q01", "b")
    bigger = write_roster(ROSTER + "li.wei,Li Wei,en\n", "bigger.csv")
    result = build_cohort(bigger, out, notebooks=one_lesson)
    assert result.added == ["li.wei"] and result.refreshed == ["anna.smirnova", "james"]
    assert AnswerStore(store.path, "james", "01_stages").values() == {"q01": "b"}


def test_another_cohorts_folder_is_refused_and_left_alone(tmp_path, write_roster, one_lesson):
    out = tmp_path / "cohort"
    build_cohort(write_roster(ROSTER), out, notebooks=one_lesson)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    other = write_roster("trainee_id,name\nzoe,Zoe\n", "other.csv")
    with pytest.raises(KamError, match="another cohort"):
        build_cohort(other, out, notebooks=one_lesson)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_folder_of_other_files_is_refused(tmp_path, write_roster, one_lesson):
    out = tmp_path / "cohort"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KamError, match="not empty"):
        build_cohort(write_roster(ROSTER), out, notebooks=one_lesson)


def test_a_bad_roster_writes_nothing(tmp_path, write_roster, one_lesson):
    out = tmp_path / "new" / "cohort"
    with pytest.raises(KamError):
        build_cohort(write_roster("trainee_id,name\n../evil,X\n"), out, notebooks=one_lesson)
    assert not out.exists()
    assert not any(p.name.startswith(".cohort.building") for p in tmp_path.rglob("*"))


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda p: p.write_bytes(b'{"mode": "\xff"}'), "not UTF-8"),
        (lambda p: p.write_text("[" * 100_000 + "]" * 100_000), "nest more than"),
        (lambda p: p.write_text('{"mode": "practice"'), "not valid JSON"),
        (lambda p: p.write_text("[]"), "allowed: a section with the fields mode, lessons"),
        (
            lambda p: _edit(p, trainees=[{"trainee_id": "anna\n", "name": "A", "lang": "en"}]),
            r"'anna\n'",
        ),
        (
            lambda p: _edit(p, trainees=[{"trainee_id": "../x", "name": "A", "lang": "en"}]),
            "'../x'",
        ),
        (lambda p: _edit(p, trainees=[{"trainee_id": "anna", "name": "A", "lang": "xx"}]), "'xx'"),
        (lambda p: _edit(p, mode="exam"), "mode 'exam'"),
        (lambda p: os.mkfifo(_gone(p)), "not an ordinary file"),
    ],
    ids=[
        "not-utf8",
        "deep",
        "truncated",
        "not-an-object",
        "newline-id",
        "unsafe-id",
        "unknown-lang",
        "unknown-mode",
        "fifo",
    ],
)
def test_a_damaged_manifest_is_named_with_the_fix(tmp_path, write_roster, one_lesson, damage, says):
    out = tmp_path / "c"
    build_cohort(write_roster("trainee_id,name\nanna,Anna\n"), out, notebooks=one_lesson)
    damage(out / "cohort.json")
    with pytest.raises(KamError, match="manifest is damaged") as err:
        read_cohort(out)
    assert says in err.value.render("en") and "cohort.json" in err.value.render("en")


def _edit(path, **changes):
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, **changes}), encoding="utf-8")


def _gone(path):
    path.unlink()
    return path
