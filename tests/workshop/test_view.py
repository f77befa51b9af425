"""What the notebook calls: a part displayed, and a bad case as one message, never an exception."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kam_lessons.i18n import languages, t
from kam_lessons.workshop import open_workshop
from kam_lessons.workshop.loading import (
    default_case_path,
)
from kam_lessons.workshop.render import PARTS
from kam_lessons.workshop.view import WorkshopProblem

from .builders import (
    score_140,
    visible,
)


@pytest.mark.parametrize("lang", languages())
def test_a_bad_case_shows_one_message_and_raises_nothing(tmp_path, displayed, lang):
    path = score_140(tmp_path)
    workshop = open_workshop(path, lang)
    assert isinstance(workshop, WorkshopProblem)
    for part in PARTS:
        getattr(workshop, part)()
    assert len(displayed) == 1
    message = visible(displayed[0].data)
    assert t(lang, "workshop.cannot_open") in message
    assert str(path) in message and "scores[1].customer.growth" in message
    assert "140" in message and "0" in message and "100" in message


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("missing.yaml", "does not exist"),
        ("", "folder, not a case file"),
    ],
)
def test_a_missing_file_or_a_folder_is_a_message_too(tmp_path, name, says):
    problem = open_workshop(tmp_path / name, "en")
    assert isinstance(problem, WorkshopProblem)
    assert says in problem.text()


def test_an_unknown_language_is_a_message(displayed):
    problem = open_workshop(default_case_path(), "xx")
    assert isinstance(problem, WorkshopProblem)
    problem.header()
    assert "there is no language 'xx'" in visible(displayed[0].data)


def test_a_part_is_displayed_as_html_and_svg(displayed):
    from IPython.display import HTML, SVG

    workshop = open_workshop(default_case_path(), "en")
    workshop.square()
    assert [type(o) for o in displayed] == [HTML, SVG, HTML]
    workshop.plan()
    assert isinstance(displayed[-1], HTML) and "kam-plan" in displayed[-1].data
    with pytest.raises(ValueError):
        workshop.render("nope")


def test_the_workshop_uses_no_widgets():
    code = (
        "import sys, kam_lessons.workshop, kam_lessons.workshop.report\n"
        "from kam_lessons.workshop.loading import default_case_path\n"
        "w = kam_lessons.workshop.open_workshop(default_case_path(), 'en')\n"
        "[w.render(p) for p in ('header', 'stage', 'risk', 'preparation', 'plan')]\n"
        "print('ipywidgets' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
