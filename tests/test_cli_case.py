"""kam case new / check / report: confidential templates, and one clear message per bad file."""

from __future__ import annotations

import pytest
import yaml

from kam_lessons.cli import _in_ignored_cases, main
from kam_lessons.i18n import t
from kam_lessons.workshop.loading import default_case_path, load_case

from .conftest import ROOT


def _files(path):
    return sorted(p for p in path.rglob("*")) if path.exists() else []


def test_new_then_check_the_blank_template(runner, tmp_path):
    folder = tmp_path / "cases"
    result = runner.invoke(main, ["case", "new", "acme", "--dir", str(folder)])
    assert result.exit_code == 0, result.stderr
    path = folder / "acme.yaml"
    assert str(path) in result.output and "CONFIDENTIAL" in result.output
    assert "keep it out of every repository" in result.output  # not in the ignored cases/
    assert load_case(path).name == "New account"
    result = runner.invoke(main, ["case", "check", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.output.startswith("OK: ")
    assert "Profile: 0 of 5 known." in result.output
    assert "(0 %)" in result.output


def test_new_in_russian(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_LANG", "ru")
    result = runner.invoke(main, ["case", "new", "acme", "--dir", str(tmp_path), "--lang", "ru"])
    assert result.exit_code == 0 and "КОНФИДЕНЦИАЛЕН" in result.output
    header = t("ru", "case.template.header").splitlines()[0]
    assert f"# {header}" in (tmp_path / "acme.yaml").read_text(encoding="utf-8")
    result = runner.invoke(main, ["case", "check", str(tmp_path / "acme.yaml")])
    profile = t("ru", "case.sections.profile")
    line = t("ru", "case.explain.prep.completeness", section=profile, known=0, total=5)
    assert result.exit_code == 0 and result.output.startswith("OK: ") and line in result.output


def test_the_cases_folder_of_the_project_is_the_ignored_one():
    assert _in_ignored_cases(ROOT / "cases" / "acme.yaml")
    assert "/cases/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert not _in_ignored_cases(ROOT / "data" / "cases" / "acme.yaml")


def test_new_never_overwrites(runner, tmp_path):
    args = ["case", "new", "acme", "--dir", str(tmp_path)]
    assert runner.invoke(main, args).exit_code == 0
    path = tmp_path / "acme.yaml"
    path.write_text("name: edited\n", encoding="utf-8")
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert str(path) in result.stderr and "never overwritten" in result.stderr
    assert path.read_text(encoding="utf-8") == "name: edited\n"


@pytest.mark.parametrize("name", ["../x", "a/b", "/abs", ".hidden", "a b", "", "x" * 65, "a..b"])
def test_new_refuses_an_unsafe_name(runner, tmp_path, name):
    folder = tmp_path / "cases"
    result = runner.invoke(main, ["case", "new", name, "--dir", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.startswith("NAME: found") and "Latin letters" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not folder.exists()


def test_new_refuses_an_unknown_language_and_a_file_for_a_folder(runner, tmp_path):
    result = runner.invoke(main, ["case", "new", "acme", "--dir", str(tmp_path), "--lang", "xx"])
    assert result.exit_code == 2 and "en, ru" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["case", "new", "acme", "--dir", str(blocker)])
    assert result.exit_code == 2 and "not a folder" in result.stderr
    assert _files(tmp_path) == [blocker]


# --- bad case files: check and report say one thing, exit 2, write nothing ----------------------


def _sample() -> dict:
    return yaml.safe_load(default_case_path().read_text(encoding="utf-8"))


def _missing_field(data):
    del data["relationship"]["supplier_status"]
    return data, "relationship.supplier_status", "missing"


def _score_140(data):
    data["scores"][0]["customer"]["growth"] = 140
    return data, "scores[0].customer.growth", "found 140; allowed: a number from 0 to 100"


def _score_high(data):
    data["scores"][2]["ours"]["prices"] = "high"
    return data, "scores[2].ours.prices", "found 'high'; allowed: a number from 0 to 100"


def _unknown_stage(data):
    data["relationship"]["claimed_stage"] = "courtship"
    return data, "relationship.claimed_stage", "found 'courtship'; allowed: pre, early, mid"


BAD = [_missing_field, _score_140, _score_high, _unknown_stage]


@pytest.fixture
def bad_files(tmp_path):
    """Every kind of bad case file, as (path, field, what the message says)."""
    files = []
    for make in BAD:
        data, field, says = make(_sample())
        path = tmp_path / f"{make.__name__.strip('_')}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        files.append((path, field, says))
    malformed = tmp_path / "malformed.yaml"
    malformed.write_text("name: x\nscores: [\n  - scorer: a\n", encoding="utf-8")
    files.append((malformed, "line ", "not valid YAML"))
    files.append((tmp_path / "not_there.yaml", "", "does not exist"))
    files.append((tmp_path, "", "folder, not a case file"))
    return files


@pytest.mark.parametrize("command", ["check", "report"])
def test_bad_case_files_get_one_clear_message(runner, tmp_path, bad_files, command):
    out = tmp_path / "reports"
    for path, field, says in bad_files:
        args = ["case", command, str(path)]
        if command == "report":
            args += ["--out", str(out)]
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (path, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (path, lines)
        assert lines[0].startswith(str(path)) and field in lines[0] and says in lines[0], lines
        assert "Traceback" not in result.output + result.stderr
        assert "OK" not in result.output
        assert not out.exists()


def test_several_mistakes_are_one_line_each(runner, tmp_path):
    data, *_ = _score_140(_sample())
    data, *_ = _unknown_stage(data)
    path = tmp_path / "two.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(main, ["case", "check", str(path)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 2


def test_report_refuses_a_bad_language_or_output_before_writing(runner, tmp_path):
    out = tmp_path / "reports"
    result = runner.invoke(
        main, ["case", "report", str(default_case_path()), "--out", str(out), "--lang", "xx"]
    )
    assert result.exit_code == 2 and "no language 'xx'" in result.stderr
    assert not out.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(
        main, ["case", "report", str(default_case_path()), "--out", str(blocker)]
    )
    assert result.exit_code == 2 and "not a folder" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "x"


def test_messages_in_russian(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("KAM_LANG", "ru")
    data, field, _ = _score_140(_sample())
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = runner.invoke(main, ["case", "check", str(path)])
    assert result.exit_code == 2 and field in result.stderr and "найдено 140" in result.stderr
