"""The demo: the sample cohort graded with exactly the scores its answer sets deserve."""

from __future__ import annotations

import csv

import yaml

from kam_lessons.cli import main

from .conftest import DATA


def test_demo_gradebook_matches_the_hand_worked_scores(runner, tmp_path):
    result = runner.invoke(main, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output + result.stderr
    assert "gradebook.csv" in result.output
    with (tmp_path / "demo" / "grades" / "gradebook.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (DATA / "roster.csv").open(encoding="utf-8") as fh:
        roster = {r["trainee_id"] for r in csv.DictReader(fh)}
    assert {r["trainee_id"] for r in rows} == roster
    checked = 0
    for row in rows:
        sample = DATA / "sample_answers" / row["trainee_id"] / f"{row['lesson']}.yaml"
        if sample.exists():
            expected = yaml.safe_load(sample.read_text(encoding="utf-8"))["expected_score"]
            assert float(row["score"]) == expected, (row["trainee_id"], row["lesson"])
            assert row["status"] == "ok"
            checked += 1
        else:
            assert row["score"] == "0.0" and row["status"] == "not started"
    assert checked >= 4
    by_trainee = {}
    for row in rows:
        by_trainee[row["trainee_id"]] = by_trainee.get(row["trainee_id"], 0) + float(row["score"])
    assert by_trainee["anna.smirnova"] > by_trainee["james.okafor"] > by_trainee["li.wei"] > 0
    assert by_trainee["dmitry.volkov"] == by_trainee["maria.garcia"] == 0


def test_demo_runs_again_over_its_own_output(runner, tmp_path):
    for _ in range(2):
        result = runner.invoke(main, ["demo", "--out", str(tmp_path / "demo")])
        assert result.exit_code == 0, result.stderr


def test_demo_writes_the_workbook_feedback_for_everyone_and_the_report(runner, tmp_path):
    result = runner.invoke(main, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.stderr
    grades = tmp_path / "demo" / "grades"
    with (DATA / "roster.csv").open(encoding="utf-8") as fh:
        roster = {r["trainee_id"]: r for r in csv.DictReader(fh)}
    pages = {p.stem: p.read_text(encoding="utf-8") for p in (grades / "feedback").iterdir()}
    assert set(pages) == set(roster)
    for tid, page in pages.items():
        lang = roster[tid].get("lang") or "en"
        assert f'<html lang="{lang}">' in page
    for name in ("gradebook.xlsx", "report.html", "items.csv", "lms.csv", "marks.json"):
        assert (grades / name).stat().st_size > 0 and name in result.output + "marks.json"
    assert "<svg" in (grades / "report.html").read_text(encoding="utf-8")
