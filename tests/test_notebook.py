"""The notebook generator: one for the lessons and the workshop; the committed ones are current."""

from __future__ import annotations

import re

import nbformat

from kam_lessons.notebook import (
    generated_notebooks,
    lesson_notebook,
    workshop_notebook,
    workshop_notebook_path,
    write_notebooks,
)
from kam_lessons.workbook import lesson_notebooks
from kam_lessons.workshop.render import PARTS


def test_the_committed_workshop_notebook_is_current():
    """Regenerate with ``python -m kam_lessons.notebook`` after changing the parts."""
    committed = nbformat.read(workshop_notebook_path(), as_version=4)
    assert committed == workshop_notebook()
    assert not re.match(
        r"\d\d", workshop_notebook_path().name
    )  # not a lesson: `kam build` skips it
    cells = committed.cells
    assert cells[1].metadata.tags == ["parameters"]
    assert 'case = "../data/cases/sample.yaml"' in cells[1].source
    assert 'lang = "en"' in cells[1].source
    for cell in cells[1:]:
        assert cell.cell_type == "code" and cell.metadata.jupyter.source_hidden
        assert cell.outputs == [] and cell.execution_count is None
        assert len(cell.source.splitlines()) <= 4
    assert "ipywidgets" not in nbformat.writes(committed)


def test_the_workshop_notebook_calls_every_part_once_in_order():
    sources = [c.source for c in workshop_notebook().cells if c.cell_type == "code"]
    calls = [re.findall(r"workshop\.(\w+)\(\)", s) for s in sources]
    assert [name for found in calls for name in found] == list(PARTS)


def test_lessons_and_the_workshop_are_built_alike():
    lesson, workshop = lesson_notebook(next(iter(lesson_notebooks()))), workshop_notebook()
    assert lesson.metadata.kernelspec == workshop.metadata.kernelspec
    for nb in (lesson, workshop):
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].id == "start"
        assert nb.cells[1].id == "parameters"


def test_one_run_writes_every_lesson_notebook_and_the_workshop(tmp_path):
    written = write_notebooks(tmp_path)
    assert [p.name for p in written] == list(generated_notebooks())
    assert "workshop.ipynb" in {p.name for p in written}
    committed = workshop_notebook_path().read_bytes()
    assert (tmp_path / "workshop.ipynb").read_bytes() == committed  # byte for byte
    for lesson_id, path in lesson_notebooks().items():
        assert (tmp_path / f"{lesson_id}.ipynb").read_bytes() == path.read_bytes(), lesson_id
