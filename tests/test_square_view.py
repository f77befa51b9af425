"""Lesson 4's square exercise: sliders save as they move, the point is the workshop's point,
Check draws the team's point and names what is far off, assessment shows none of it."""

from __future__ import annotations

import pytest

from kam_lessons.answers import read_answers
from kam_lessons.lesson import open_lesson
from kam_lessons.questions.square import CRITERIA, key_region
from kam_lessons.views.square import place_point
from kam_lessons.workshop.square import locate_in_square

from .test_widgets import _html


def _square(tmp_path, mode="practice", lang="en"):
    view = open_lesson(
        "04_assessment",
        trainee_id="anna",
        trainee_name="Anna",
        lang=lang,
        mode=mode,
        answers_dir=tmp_path / "answers",
    )
    view.questions("q16")
    return view, view.views["q16"]


def _saved(tmp_path):
    return read_answers(tmp_path / "answers" / "04_assessment.json").values().get("q16")


def test_there_are_fifteen_sliders_in_two_groups_with_the_lessons_words(tmp_path, shown):
    _, qv = _square(tmp_path)
    sliders = qv.input.sliders
    assert {g: tuple(s) for g, s in sliders.items()} == CRITERIA
    assert sum(len(s) for s in sliders.values()) == 15
    text = _html(qv.control)
    assert "Growth rate" in text and "Competitive advantages" in text
    assert "Our position (8 criteria)" in text and "Target level" in text


def test_a_moved_slider_is_saved_and_one_left_alone_is_not_scored(tmp_path, shown):
    _, qv = _square(tmp_path)
    assert qv.value is None
    qv.input.sliders["customer"]["growth"].value = 70
    assert _saved(tmp_path) == {"customer": {"growth": 70}, "ours": {}}
    qv.input.sliders["ours"]["contacts"].value = 20
    qv.input.region.value = "target"
    assert _saved(tmp_path) == {
        "customer": {"growth": 70},
        "ours": {"contacts": 20},
        "region": "target",
    }


def test_the_point_moves_with_the_sliders_and_is_placed_by_the_workshops_rule(tmp_path, shown):
    _, qv = _square(tmp_path)
    qv.input.sliders["customer"]["growth"].value = 80
    assert "<svg" not in qv.input.chart.value  # no point until both groups have a score
    qv.input.sliders["ours"]["contacts"].value = 30
    first = qv.input.chart.value
    assert "<svg" in first and "position: 80 · our position: 30" in qv.input.means.value
    assert "Target level" in qv.input.means.value
    qv.input.sliders["ours"]["contacts"].value = 90
    assert qv.input.chart.value != first and "Key level" in qv.input.means.value
    point = place_point({"growth": 80}, {"contacts": 90})
    assert point.region == locate_in_square(90, 80) == "key"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_key_restores_and_check_says_right_with_the_teams_point(tmp_path, shown, lang):
    view, qv = _square(tmp_path, lang=lang)
    key = dict(view.lesson.question("q16").answer)
    qv.set_value(key)
    again = _square(tmp_path, lang=lang)[1]
    assert again.value == _saved(tmp_path) == key
    again.check()
    feedback = again.feedback.value
    assert ("Right" in feedback) if lang == "en" else ("Верно" in feedback)
    assert ("The team's point" if lang == "en" else "Точка команды") in again.input.chart.value
    assert key_region(key) == key["region"] == "key"


def test_check_names_the_criteria_far_from_the_team_and_where_the_point_lands(tmp_path, shown):
    view, qv = _square(tmp_path)
    key = view.lesson.question("q16").answer
    answer = {
        "customer": dict(key["customer"]),
        "ours": {
            **key["ours"],
            "contacts": 10,
            "advantages": 10,
            "purchase_frequency": 10,
            "services": 10,
        },
        "region": "target",
    }
    del answer["customer"]["growth"]
    qv.set_value(answer)
    qv.check()
    feedback = qv.feedback.value
    assert "Partly right" in feedback or "points" in feedback
    assert "Number of contact persons: you gave 10, the team 75." in feedback
    assert "Growth rate: not scored (the team gave 55)." in feedback
    assert "Reputation" not in feedback.split("<ul>")[1].split("</ul>")[0]
    assert "lands in Target level; the team&#x27;s is in Key level." in feedback


def test_assessment_shows_no_team_point_and_no_key(tmp_path, shown):
    view, qv = _square(tmp_path, mode="assessment")
    assert view.lesson.question("q16").answer is None
    qv.input.sliders["customer"]["growth"].value = 80
    qv.input.sliders["ours"]["contacts"].value = 30
    qv.check()
    assert qv.feedback.value == "" and "team" not in qv.input.chart.value.lower()
