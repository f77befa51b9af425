"""kam case report: every sample case, in every language, as one self-contained HTML page."""

from __future__ import annotations

import html
import re

import nbformat
import papermill
import pytest

from kam_lessons.case import load_case, sample_case_paths
from kam_lessons.cli import main
from kam_lessons.i18n import languages, t
from kam_lessons.report import notebook_path, workshop_notebook

pytestmark = pytest.mark.notebook

EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_every_sample_case_is_reported(runner, tmp_path, path, lang):
    out = tmp_path / "out"
    result = runner.invoke(main, ["case", "report", str(path), "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output + result.stderr
    page = out / f"{path.stem}.{lang}.html"
    executed = out / f"{path.stem}.{lang}.ipynb"
    assert sorted(p.name for p in out.iterdir()) == sorted([page.name, executed.name])
    assert str(page) in result.output and t(lang, "workshop.confidential") in result.output

    for written in (page, executed):  # confidential: owner only
        assert written.stat().st_mode & 0o777 == 0o600
    text = page.read_text(encoding="utf-8")
    account = load_case(path).name
    # one workshop stylesheet per report, with print rules: the banner repeats, the
    # plan fits a page, wide tables scroll on screen and wrap on paper
    assert text.count(".kam-ws { max-width") == 1
    assert "@media print" in text and "position: fixed" in text
    assert "overflow-x: auto" in text and "white-space: pre-line" in text
    # confidential: in the title, on the banner and in the header
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert html.unescape(title) == t(lang, "workshop.report_title", account=account)
    assert 'class="kam-banner"' in text
    assert t(lang, "workshop.confidential_note") in html.unescape(text)
    # no code, no prompts: only what the parts display
    for code in ("open_workshop", "workshop.square()", "import ", "lang = "):
        assert code not in text
    body = text.split("</head>", 1)[1]
    assert "jp-InputArea" not in body and "In&nbsp;[" not in body
    # both charts inline, as SVG
    assert len(re.findall(r"<svg\b", text)) == 2
    assert "data:image/svg+xml;base64" not in text.split("</style>")[-1]
    # nothing from the internet: no src or href to another site, no script at all
    assert not EXTERNAL.search(text), EXTERNAL.search(text)
    assert "<script" not in text.lower()
    # every part is there
    for key in ("square", "stage", "risk", "methods", "preparation"):
        assert html.escape(t(lang, f"workshop.{key}.title")) in text
    assert html.escape(t(lang, "workshop.plan.title", account=account)) in text

    nb = nbformat.read(executed, as_version=4)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream"]
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert str(path.resolve()) in injected.source and f'"{lang}"' in injected.source
    assert injected.metadata["jupyter"]["source_hidden"] is True


def test_a_bad_case_in_the_notebook_shows_one_message(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    nb = papermill.execute_notebook(
        str(notebook_path()),
        None,
        parameters={"case": str(bad), "lang": "ru"},
        cwd=str(tmp_path),
        kernel_name="python3",
        progress_bar=False,
    )
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o for o in outputs if "data" in o]
    assert len(shown) == 1
    message = html.unescape(shown[0].data["text/html"])
    assert t("ru", "workshop.cannot_open") in message and str(bad) in message


def test_the_committed_workshop_notebook_is_current():
    committed = nbformat.read(notebook_path(), as_version=4)
    assert committed == workshop_notebook()
    assert not re.match(r"\d\d", notebook_path().name)  # not a lesson: `kam build` skips it
    cells = committed.cells
    assert cells[1].metadata.tags == ["parameters"]
    assert 'case = "../data/cases/sample.yaml"' in cells[1].source
    assert 'lang = "en"' in cells[1].source
    for cell in cells[1:]:
        assert cell.cell_type == "code" and cell.metadata.jupyter.source_hidden
        assert cell.outputs == [] and cell.execution_count is None
        assert len(cell.source.splitlines()) <= 4
    assert "ipywidgets" not in nbformat.writes(committed)


def test_a_failed_write_leaves_no_half_report(tmp_path, monkeypatch):
    import kam_lessons.report as report

    real = report.os.replace
    calls = []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(report.os, "replace", failing)
    out = tmp_path / "out"
    files = {out / "a.html": "page", out / "a.ipynb": "nb"}
    with pytest.raises(OSError):
        report.write_pair(files, out)
    assert list(out.iterdir()) == []  # neither file, and no temporary file
