"""The cohort report: charts drawn offline, item analysis that finds a planted wrong key."""

from __future__ import annotations

import csv
import math
import random
import re

import pytest

from kam_lessons.answers import AnswerEntry, AnswerFile, answers_path, write_answers
from kam_lessons.browser import launch
from kam_lessons.content import load_lesson
from kam_lessons.gradebook import grade_and_report
from kam_lessons.workbook import build_cohort

from .test_items import plant_wrong_key, simulated_value

TRAINEES = 150


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A simulated cohort answering lesson 1, graded with one question's key planted wrong."""
    import kam_lessons.gradebook as gradebook
    from kam_lessons.workbook import lesson_notebooks

    root = tmp_path_factory.mktemp("planted")
    roster = root / "roster.csv"
    rows = [f"t{i:03d},Trainee {i},en" for i in range(TRAINEES)]
    roster.write_text("trainee_id,name,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
    notebooks = {k: v for k, v in lesson_notebooks().items() if k == "01_stages"}
    cohort = root / "cohort"
    build_cohort(roster, cohort, notebooks=notebooks)
    lesson = load_lesson("01_stages", "en")
    rnd = random.Random(5)
    difficulty = {q.id: rnd.uniform(-0.7, 0.7) for q in lesson.questions}
    for i in range(TRAINEES):
        ability = rnd.gauss(0, 1)
        answers = {}
        for q in lesson.questions:
            p = 1 / (1 + math.exp(-1.7 * (ability - difficulty[q.id])))
            value = simulated_value(q, rnd.random() < p, rnd)
            answers[q.id] = AnswerEntry(value=value, saved_at="2026-01-01T00:00:00+00:00")
        tid = f"t{i:03d}"
        record = AnswerFile(trainee_id=tid, lesson="01_stages", answers=answers)
        write_answers(answers_path(cohort / tid / "answers", "01_stages"), record)
    wrong, qid = plant_wrong_key(lesson)
    mp = pytest.MonkeyPatch()
    mp.setattr(gradebook, "load_lesson", lambda lid, lang: wrong)
    try:
        out = root / "grades"
        grade_and_report(cohort, out)
    finally:
        mp.undo()
    return out, qid


def test_items_csv_flags_exactly_the_planted_question(planted):
    out, qid = planted
    with (out / "items.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {"lesson", "lang", "question", "n", "facility", "discrimination", "flag"} <= set(rows[0])
    flagged = [r["question"] for r in rows if r["flag"]]
    assert flagged == [qid]
    [row] = [r for r in rows if r["question"] == qid]
    assert "negative discrimination" in row["flag"] and "distractor beats key" in row["flag"]
    assert row["n"] == str(TRAINEES) and float(row["discrimination"]) < 0


def test_the_report_names_the_planted_question_and_is_offline(planted):
    out, qid = planted
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Flagged items (1)" in html and f"<b>{qid}</b>" in html
    assert html.count("<svg") >= 4
    loads = re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert loads == [] and "<script" not in html
    assert "distractor beats key" in html


@pytest.mark.browser
def test_a_trainer_and_a_trainee_see_their_pages_offline(planted, tmp_path):
    from playwright.sync_api import sync_playwright

    out, _ = planted
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto((out / "report.html").as_uri())
            assert page.locator("h1").inner_text() == "Cohort report"
            assert page.locator("svg").count() >= 4
            svg_box = page.locator(".chart svg").first.bounding_box()
            assert svg_box is not None and svg_box["width"] > 200
            flagged = page.locator("h3", has_text="Flagged items (1)")
            assert flagged.is_visible()
            assert "distractor beats key" in page.locator("td.flag").first.inner_text()
            page.goto((out / "feedback" / "t000.html").as_uri())
            assert page.locator("h1").inner_text() == "Your results: Trainee 0"
            assert page.locator("article.q").count() == len(
                load_lesson("01_stages", "en").questions
            )
            page.emulate_media(media="print")
            assert page.locator("article.q").first.is_visible()
            assert all(u.startswith("file:") for u in requests), requests
        finally:
            browser.close()
