"""The course's notebooks, generated so that they stay thin and in step: lessons and workshop.

A notebook is: a note on how to start (in every course language), a hidden parameters
cell, a hidden cell opening the lesson (or the client case), one hidden one-liner per
section (or per part of the workshop report), and, for a lesson, the progress line.
``python -m kam_lessons.notebook`` rewrites every lesson notebook in ``notebooks/`` from
``exercises/``, and ``notebooks/workshop.ipynb`` from the workshop's parts
(:data:`kam_lessons.workshop.render.PARTS`); tests check the committed ones match.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from kam_lessons.content import lesson_ids, load_lesson
from kam_lessons.i18n import DEFAULT_LANG, languages, t
from kam_lessons.paths import notebooks_root

KERNEL = "python3"
WORKSHOP_NOTEBOOK = "workshop.ipynb"

PARAMETERS = """# Parameters: `kam build` puts each trainee's values here (papermill).
trainee_id = "demo"
trainee_name = ""
lang = "en"
mode = "practice"
answers_dir = "answers"
bank = \"\""""

WORKSHOP_PARAMETERS = (
    "# Parameters: `kam case report` sets the case file and the language (papermill).\n"
    """case = "../data/cases/sample.yaml"
lang = "en\""""
)

HIDDEN = {"jupyter": {"source_hidden": True}}


def workshop_notebook_path() -> Path:
    """Return the workshop notebook (``notebooks/workshop.ipynb``)."""
    return notebooks_root() / WORKSHOP_NOTEBOOK


def _code(source: str, cell_id: str, *tags: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, id=cell_id, metadata={**HIDDEN, "tags": list(tags)})


def _notebook(start: str, cells: list[nbformat.NotebookNode], kam: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(start, id="start"), *cells])
    nb.metadata = {
        "kernelspec": {"name": KERNEL, "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "kam": kam,
    }
    return nb


def lesson_notebook(lesson_id: str) -> nbformat.NotebookNode:
    """Return the notebook of a lesson (its sections as in the default language's file)."""
    lesson = load_lesson(lesson_id, DEFAULT_LANG)
    start = "\n\n".join(f"**{t(code, 'ui.start')}**" for code in languages())
    extra = "".join(f'\n{name} = "{value}"' for name, value in lesson.parameters.items())
    passed = "".join(f", {name}={name}" for name in lesson.parameters)
    cells = [
        _code(PARAMETERS + extra, "parameters", "parameters"),
        _code(
            "from kam_lessons.lesson import open_lesson\n\n"
            f'lesson = open_lesson("{lesson_id}", trainee_id=trainee_id, '
            "trainee_name=trainee_name, lang=lang,\n"
            f"                     mode=mode, answers_dir=answers_dir, bank=bank{passed})\n"
            "lesson.header()",
            "open-lesson",
            "open-lesson",
        ),
    ]
    cells += [
        _code(f'lesson.section("{s.id}")', f"section-{s.id}", "section") for s in lesson.sections
    ]
    cells.append(_code("lesson.progress()", "progress", "progress"))
    return _notebook(start, cells, {"lesson": lesson_id})


def workshop_notebook() -> nbformat.NotebookNode:
    """Return the workshop notebook: a note, the parameters, then one one-liner per part."""
    from kam_lessons.workshop.render import PARTS

    start = "\n\n".join(t(code, "workshop.start") for code in languages())
    cells = [
        _code(WORKSHOP_PARAMETERS, "parameters", "parameters"),
        _code(
            "from kam_lessons.workshop import open_workshop\n\n"
            "workshop = open_workshop(case, lang)\n"
            f"workshop.{PARTS[0]}()",
            "open-workshop",
            "open-workshop",
        ),
    ]
    cells += [_code(f"workshop.{part}()", f"part-{part}", "part") for part in PARTS[1:]]
    return _notebook(start, cells, {"workshop": True})


def generated_notebooks() -> dict[str, nbformat.NotebookNode]:
    """Return every generated notebook by file name: the lessons, then the workshop."""
    found = {f"{lesson_id}.ipynb": lesson_notebook(lesson_id) for lesson_id in lesson_ids()}
    found[WORKSHOP_NOTEBOOK] = workshop_notebook()
    return found


def write_notebooks(folder: Path | None = None) -> list[Path]:
    """Write every lesson's notebook and the workshop's into ``folder``; return the paths."""
    folder = Path(folder) if folder is not None else notebooks_root()
    written = []
    for name, nb in generated_notebooks().items():
        path = folder / name
        nbformat.write(nb, path)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for p in write_notebooks(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(p)
