"""One stand-in for what could not be opened: a lesson or a client case."""

from __future__ import annotations

import html

import pytest

from kam_lessons.lesson import LessonProblem, open_lesson
from kam_lessons.standin import CannotOpen
from kam_lessons.workshop import WorkshopProblem, open_workshop
from kam_lessons.workshop.render import PARTS


@pytest.fixture
def displayed(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(objs))
    return shown


@pytest.mark.parametrize(
    ("opened", "calls"),
    [
        (lambda: open_lesson("01_stages", lang="xx"), LessonProblem.calls),
        (lambda: open_workshop("no_such_case.yaml", "xx"), PARTS),
    ],
    ids=["lesson", "workshop"],
)
def test_the_first_call_shows_one_message_and_the_rest_nothing(displayed, opened, calls):
    problem = opened()
    assert isinstance(problem, CannotOpen) and isinstance(problem, LessonProblem | WorkshopProblem)
    assert problem.lang == "en"  # an unknown language falls back to the default
    for name in calls:
        getattr(problem, name)("any", "arguments", are="ignored")
    assert len(displayed) == 1 and problem.shown
    assert "'xx'" in html.unescape(str(getattr(displayed[0], "data", displayed[0])))
