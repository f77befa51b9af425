"""The kam command: thin, and every bad input ends in one message, exit 2, nothing written."""

from __future__ import annotations

import pytest

from kam_lessons.cli import main

GOOD = "trainee_id,name\nanna,Anna\n"


def _files(path):
    return sorted(p for p in path.rglob("*")) if path.exists() else []


def test_build_then_grade(runner, tmp_path, write_roster):
    roster = write_roster(GOOD)
    result = runner.invoke(main, ["build", "--roster", str(roster), "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert "answers kept" in result.output
    assert (tmp_path / "c" / "anna" / "01_stages.ipynb").exists()
    result = runner.invoke(main, ["grade", str(tmp_path / "c"), "--out", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    assert "anna" in result.output and (tmp_path / "g" / "gradebook.csv").exists()


@pytest.mark.parametrize(
    ("roster", "says"),
    [
        ("trainee_id,fullname\nanna,A\n", "no column name"),
        ("trainee_id,name\n,A\n", "line 2: trainee_id is empty"),
        ("trainee_id,name\nanna,A\nanna,B\n", "line 3: trainee_id 'anna' is already used"),
        ("trainee_id,name\n../x,A\n", "line 2: trainee_id '../x' cannot be a folder name"),
        ("trainee_id,name\n/abs,A\n", "cannot be a folder name"),
        ("trainee_id,name\na/b,A\n", "cannot be a folder name"),
    ],
)
def test_bad_rosters(runner, tmp_path, write_roster, roster, says):
    path = write_roster(roster)
    out = tmp_path / "c"
    result = runner.invoke(main, ["build", "--roster", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert says in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not out.exists()


def test_missing_roster_file(runner, tmp_path):
    result = runner.invoke(
        main, ["build", "--roster", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "c")]
    )
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_unknown_mode(runner, tmp_path, write_roster):
    result = runner.invoke(
        main,
        [
            "build",
            "--roster",
            str(write_roster(GOOD)),
            "--out",
            str(tmp_path / "c"),
            "--mode",
            "exam",
        ],
    )
    assert result.exit_code == 2 and "practice, assessment" in result.stderr


def test_output_folder_of_another_cohort(runner, tmp_path, write_roster):
    out = tmp_path / "c"
    runner.invoke(main, ["build", "--roster", str(write_roster(GOOD)), "--out", str(out)])
    before = _files(out)
    other = write_roster("trainee_id,name\nzoe,Zoe\n", "other.csv")
    result = runner.invoke(main, ["build", "--roster", str(other), "--out", str(out)])
    assert result.exit_code == 2 and "another cohort" in result.stderr
    assert _files(out) == before


def test_grading_a_folder_that_is_not_a_cohort(runner, tmp_path):
    result = runner.invoke(main, ["grade", str(tmp_path), "--out", str(tmp_path / "g")])
    assert result.exit_code == 2 and "cohort.json" in result.stderr
    assert not (tmp_path / "g").exists()


def test_messages_follow_kam_lang(runner, tmp_path, write_roster, monkeypatch):
    monkeypatch.setenv("KAM_LANG", "ru")
    result = runner.invoke(
        main, ["build", "--roster", str(write_roster("x\n")), "--out", str(tmp_path / "c")]
    )
    assert result.exit_code == 2 and "в списке нет столбца" in result.stderr
