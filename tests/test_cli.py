"""The kam command: thin, and every bad input ends in one message, exit 2, nothing written."""

from __future__ import annotations

import subprocess
import sys

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


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--mode", "exam", "--mode: there is no mode 'exam'. Use one of: practice, assessment"),
        ("--lang", "de", "--lang: there is no language 'de'"),
    ],
)
def test_unknown_option_values(runner, tmp_path, write_roster, option, value, says):
    roster = str(write_roster(GOOD))
    result = runner.invoke(
        main, ["build", "--roster", roster, "--out", str(tmp_path / "c"), option, value]
    )
    assert result.exit_code == 2 and says in result.stderr
    assert not (tmp_path / "c").exists()


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


def test_rebuilding_an_assessment_without_mode_keeps_it_an_assessment(
    runner, tmp_path, write_roster
):
    from kam_lessons.workbook import read_cohort

    out = tmp_path / "c"
    roster = write_roster(GOOD)
    runner.invoke(
        main, ["build", "--roster", str(roster), "--out", str(out), "--mode", "assessment"]
    )
    late = write_roster(GOOD + "late.one,Late One\n", "late.csv")
    result = runner.invoke(main, ["build", "--roster", str(late), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert read_cohort(out).mode == "assessment"
    assert (out / "late.one" / "bank" / "01_stages.en.yaml").exists()


@pytest.mark.parametrize("where", ["roster-is-a-folder", "out-under-a-file", "grade-out-a-file"])
def test_file_system_mistakes_are_messages_not_tracebacks(runner, tmp_path, write_roster, where):
    roster = write_roster(GOOD)
    (tmp_path / "a_file").write_text("x", encoding="utf-8")
    if where == "roster-is-a-folder":
        args = ["build", "--roster", str(tmp_path), "--out", str(tmp_path / "c")]
    elif where == "out-under-a-file":
        args = ["build", "--roster", str(roster), "--out", str(tmp_path / "a_file" / "c")]
    else:
        runner.invoke(main, ["build", "--roster", str(roster), "--out", str(tmp_path / "c")])
        args = ["grade", str(tmp_path / "c"), "--out", str(tmp_path / "a_file")]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr and str(tmp_path) in result.stderr


@pytest.mark.parametrize(
    ("roster", "says"),
    [
        ("trainee_id,name,lang\nsmith.j,Smith, John,en\n", "A name with a comma must be in quotes"),
        ("trainee_id,name\nsmith.j,Smith, John\n", "A name with a comma must be in quotes"),
        ("trainee_id,name,trainee_id\na,A,b\n", "names trainee_id twice"),
        ("trainee_id,name\ncohort.json,X\n", "cannot be a folder name"),
        ("trainee_id,name\nCON,X\n", "cannot be a folder name"),
        ("trainee_id,name\nann.,X\n", "cannot be a folder name"),
    ],
)
def test_rosters_that_would_lose_data_are_refused(runner, tmp_path, write_roster, roster, says):
    result = runner.invoke(
        main, ["build", "--roster", str(write_roster(roster)), "--out", str(tmp_path / "c")]
    )
    assert result.exit_code == 2 and says in result.stderr


def test_a_quoted_name_with_a_comma_is_fine(runner, tmp_path, write_roster):
    roster = write_roster('trainee_id,name\nsmith.j,"Smith, John"\n')
    result = runner.invoke(main, ["build", "--roster", str(roster), "--out", str(tmp_path / "c")])
    assert result.exit_code == 0, result.stderr


def test_case_commands_speak_the_language_they_are_given(runner, tmp_path):
    result = runner.invoke(main, ["case", "new", "acme", "--lang", "ru", "--dir", str(tmp_path)])
    assert result.exit_code == 0 and "Записан" in result.output
    again = runner.invoke(main, ["case", "new", "acme", "--lang", "ru", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "Traceback" not in again.stderr
    assert any("а" <= ch <= "я" for ch in again.stderr)  # the refusal is in Russian too


def test_kam_lang_is_the_default_language_of_a_build(runner, tmp_path, write_roster, monkeypatch):
    from kam_lessons.workbook import read_cohort

    monkeypatch.setenv("KAM_LANG", "ru")
    out = tmp_path / "c"
    assert (
        runner.invoke(
            main, ["build", "--roster", str(write_roster(GOOD)), "--out", str(out)]
        ).exit_code
        == 0
    )
    assert read_cohort(out).trainees[0].lang == "ru"


# -- hostile case files: one message, exit 2, never a traceback or a flood --


def _sample_case(tmp_path, change):
    from .conftest import DATA

    text = (DATA / "cases" / "sample.yaml").read_text(encoding="utf-8")
    path = tmp_path / "case.yaml"
    path.write_text(change(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda s: s.replace("growth: 75", "growth: " + "9" * 5000), "has 5000 digits"),
        (lambda s: s + "deep: " + "[" * 900 + "]" * 900 + "\n", "nest more than 64"),
        (lambda s: s + "deep: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", "nest more than 64"),
    ],
    ids=["5000-digit-number", "deep", "deeper"],
)
@pytest.mark.parametrize("command", ["check", "report"])
def test_hostile_case_files_end_in_one_message(runner, tmp_path, change, says, command):
    path = _sample_case(tmp_path, change)
    args = ["case", command, str(path)] + (
        ["--out", str(tmp_path / "r")] if command == "report" else []
    )
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


def test_a_case_with_thousands_of_mistakes_prints_a_screenful_and_a_count(runner, tmp_path):
    many = "".join(f"  - {{scorer: x{n}, oops: 1}}\n" for n in range(20_000))
    path = _sample_case(tmp_path, lambda s: s.replace("scores:", "scores:\n" + many + "  #", 1))
    result = runner.invoke(main, ["case", "check", str(path)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) <= 40 and "more problems" in lines[-1]


def test_yaml_merge_keys_in_a_case_are_read(runner, tmp_path):
    def merge(text):
        return text.replace("scores:\n", "x-defaults: &d {}\nscores:\n", 1)

    result = runner.invoke(main, ["case", "check", str(_sample_case(tmp_path, merge))])
    assert "not valid YAML" not in result.output


def test_a_case_name_with_a_trailing_newline_is_refused(runner, tmp_path):
    result = runner.invoke(main, ["case", "new", "acme\n", "--dir", str(tmp_path)])
    assert result.exit_code == 2 and list(tmp_path.iterdir()) == []


def _kam(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "kam_lessons.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_the_process_ends_with_its_output_whole_and_its_status(tmp_path):
    from kam_lessons.demo import run_demo

    helped = _kam("--help")
    assert helped.returncode == 0 and "grade" in helped.stdout and not helped.stderr
    result = run_demo(tmp_path / "demo")
    graded = _kam("grade", str(result.workbooks), "--out", str(tmp_path / "g"), "--no-reports")
    assert graded.returncode == 0, graded.stderr
    lines = graded.stdout.splitlines()  # a pipe: every line flushed before the process ends
    assert lines[-1].strip() == str(tmp_path / "g" / "gradebook.xlsx")
    ids = {t.trainee_id for t in result.gradebook.trainees}
    assert sum(line.split()[0] in ids for line in lines if line.strip()) == len(ids) == 5
    missing = _kam("grade", str(tmp_path / "nowhere"), "--out", str(tmp_path / "g2"))
    assert missing.returncode == 2 and missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), ("bad", 1)])
def test_an_exit_code_becomes_the_status_sys_exit_gives(code, status, capsys):
    from kam_lessons.cli import _exit_status

    assert _exit_status(code) == status
    assert capsys.readouterr().err == ("bad\n" if code == "bad" else "")
