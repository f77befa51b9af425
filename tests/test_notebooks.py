"""Every lesson notebook executed with papermill, in every language and both modes."""

from __future__ import annotations

import json

import nbformat
import papermill
import pytest

from kam_lessons.content import load_lesson
from kam_lessons.i18n import languages
from kam_lessons.workbook import lesson_notebooks

pytestmark = pytest.mark.notebook

CASES = [
    (lid, lang, mode)
    for lid in lesson_notebooks()
    for lang in languages()
    for mode in ("practice", "assessment")
]


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _everything(nb) -> str:
    """All a reader of the executed notebook could see: outputs and the widgets' state."""
    data = [o.get("data", {}) for o in _outputs(nb)]
    return json.dumps([data, nb.metadata.get("widgets", {})], ensure_ascii=False)


@pytest.mark.parametrize(("lesson_id", "lang", "mode"), CASES)
def test_notebook_runs_and_shows_the_whole_lesson(tmp_path, lesson_id, lang, mode):
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(lesson_notebooks()[lesson_id]),
        str(out),
        cwd=str(tmp_path),
        progress_bar=False,
        kernel_name="python3",
        parameters={"trainee_id": "t1", "trainee_name": "<b>Tess</b>", "lang": lang, "mode": mode},
    )
    nb = nbformat.read(out, as_version=4)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    lesson = load_lesson(lesson_id, lang)
    markdown = "\n".join(o.data.get("text/markdown", "") for o in outputs if "data" in o)
    assert lesson.title in markdown
    for section in lesson.sections:
        if section.title:
            assert section.title in markdown
    widgets = [
        o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    # the header, the progress line twice, one box per question
    assert len(widgets) == len(lesson.questions) + 3
    charts = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert len(charts) == sum(1 for s in lesson.sections if s.chart)
    text = _everything(nb)
    assert "Tess" in text and "<b>Tess</b>" not in text  # a name is shown as text, never as HTML
    if mode == "assessment":
        for q in lesson.questions:
            if q.explain:
                assert q.explain.strip()[:50] not in text, q.id
    assert not (tmp_path / "answers").exists()  # running a lesson answers nothing


def test_lesson_2_with_a_missing_case_opens_and_says_what_is_wrong(tmp_path):
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(lesson_notebooks()["02_methods"]),
        str(out),
        cwd=str(tmp_path),
        progress_bar=False,
        kernel_name="python3",
        parameters={"case": "no_such_case", "lang": "ru"},
    )
    nb = nbformat.read(out, as_version=4)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    text = _everything(nb)
    assert "no_such_case.yaml" in text and "файл не существует" in text
    lesson = load_lesson("02_methods", "ru")
    markdown = "\n".join(o.data.get("text/markdown", "") for o in outputs if "data" in o)
    assert all(s.title in markdown for s in lesson.sections if s.title)
