"""Lesson notebooks, generated from the lesson's sections so that they stay thin and in step.

A lesson notebook is: a note on how to start (in every course language), a hidden
parameters cell, a hidden cell opening the lesson, one hidden one-liner per section,
and the progress line. ``python -m kam_lessons.notebook`` rewrites every notebook in
``notebooks/`` from ``exercises/``; a test checks the committed ones match.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from kam_lessons.content import lesson_ids, load_lesson
from kam_lessons.i18n import DEFAULT_LANG, languages, t

PARAMETERS = """# Parameters: `kam build` puts each trainee's values here (papermill).
trainee_id = "demo"
trainee_name = ""
lang = "en"
mode = "practice"
answers_dir = "answers"
bank = \"\""""

HIDDEN = {"jupyter": {"source_hidden": True}}


def _code(source: str, cell_id: str, *tags: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, id=cell_id, metadata={**HIDDEN, "tags": list(tags)})


def lesson_notebook(lesson_id: str) -> nbformat.NotebookNode:
    """Return the notebook of a lesson (its sections as in the default language's file)."""
    lesson = load_lesson(lesson_id, DEFAULT_LANG)
    start = "\n\n".join(f"**{t(code, 'ui.start')}**" for code in languages())
    extra = "".join(f'\n{name} = "{value}"' for name, value in lesson.parameters.items())
    passed = "".join(f", {name}={name}" for name in lesson.parameters)
    cells = [
        nbformat.v4.new_markdown_cell(start, id="start"),
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
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "kam": {"lesson": lesson_id},
    }
    return nb


def write_notebooks(folder: Path) -> list[Path]:
    """Write every lesson's notebook into ``folder``; return the paths."""
    written = []
    for lesson_id in lesson_ids():
        path = folder / f"{lesson_id}.ipynb"
        nbformat.write(lesson_notebook(lesson_id), path)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "notebooks"
    for p in write_notebooks(target):
        print(p)
