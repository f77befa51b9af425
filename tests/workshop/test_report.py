"""kam case report: one full run per language; the rest in process, for every sample case."""

from __future__ import annotations

import html
import re

import nbformat
import pytest

from kam_lessons.cli import main
from kam_lessons.i18n import languages, t
from kam_lessons.notebook import workshop_notebook
from kam_lessons.workshop import open_workshop
from kam_lessons.workshop.loading import default_case_path, load_case, sample_case_paths
from kam_lessons.workshop.render import PARTS
from kam_lessons.workshop.report import export_html, write_pair

from .builders import nasty_case, score_140

EXTERNAL = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _check_page(text: str, lang: str, account: str) -> None:
    """What every exported report must be: one confidential, offline page with no code."""
    # one workshop stylesheet per report, with print rules: the banner repeats, the
    # plan fits a page, wide tables scroll on screen and wrap on paper
    assert text.count(".kam-ws { max-width") == 1
    assert "@media print" in text and "position: fixed" in text
    assert "overflow-x: auto" in text and "white-space: pre-line" in text
    # confidential: in the title, on the banner and in the header
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert html.unescape(title) == t(lang, "workshop.report_title", account=account)
    assert 'class="kam-banner"' in text
    seen = html.unescape(text)
    assert t(lang, "workshop.confidential_note") in seen
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
        assert t(lang, f"workshop.{key}.title") in seen
    assert t(lang, "workshop.plan.title", account=account) in seen


# --- the whole pipeline, once per language: papermill, nbconvert, the files ------------------


@pytest.mark.notebook
@pytest.mark.parametrize("lang", languages())
def test_kam_case_report_writes_one_confidential_page_and_the_notebook(runner, tmp_path, lang):
    path = default_case_path()
    out = tmp_path / "out"
    result = runner.invoke(main, ["case", "report", str(path), "--out", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output + result.stderr
    page = out / f"{path.stem}.{lang}.html"
    executed = out / f"{path.stem}.{lang}.ipynb"
    assert sorted(p.name for p in out.iterdir()) == sorted([page.name, executed.name])
    assert str(page) in result.output and t(lang, "workshop.confidential") in result.output
    for written in (page, executed):  # confidential: owner only
        assert written.stat().st_mode & 0o777 == 0o600
    _check_page(page.read_text(encoding="utf-8"), lang, load_case(path).name)

    nb = nbformat.read(executed, as_version=4)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream"]
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert str(path.resolve()) in injected.source and f'"{lang}"' in injected.source
    assert injected.metadata["jupyter"]["source_hidden"] is True


# --- in process: the notebook's cells, and the export of what they show -----------------------


def _run_cells(case, lang, displayed):
    """Run the workshop notebook's code in process, as papermill would with these parameters.

    Returns the notebook with each cell's outputs as the kernel would record them.
    """
    from IPython.core.formatters import DisplayFormatter

    formatter = DisplayFormatter()
    nb = workshop_notebook()
    namespace: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        start = len(displayed)
        exec(cell.source, namespace)
        if "parameters" in cell.metadata.tags:
            namespace.update(case=str(case), lang=lang)  # what papermill injects
        cell.outputs = [
            nbformat.v4.new_output("display_data", data=formatter.format(shown)[0])
            for shown in displayed[start:]
        ]
    return nb


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_every_sample_case_exports_as_one_page(path, lang, displayed):
    nb = _run_cells(path, lang, displayed)
    account = load_case(path).name
    shown = _outputs(nb)
    assert len(shown) == len(displayed) >= len(PARTS)  # one or more outputs per part
    assert sum("image/svg+xml" in o.data for o in shown) == 2  # the square and the methods
    nb.metadata["title"] = t(lang, "workshop.report_title", account=account)
    _check_page(export_html(nb, lang), lang, account)


def test_a_nasty_account_name_is_escaped_in_the_title_too(tmp_path, displayed):
    path = nasty_case(tmp_path)
    nb = _run_cells(path, "en", displayed)
    account = load_case(path).name
    nb.metadata["title"] = t("en", "workshop.report_title", account=account)
    text = export_html(nb, "en")
    assert "<script" not in text.lower() and "<img" not in text
    assert account in html.unescape(re.search(r"<title>(.*?)</title>", text, re.S).group(1))


@pytest.mark.parametrize("lang", languages())
def test_a_bad_case_in_the_notebook_shows_one_message(tmp_path, displayed, lang):
    bad = score_140(tmp_path)
    nb = _run_cells(bad, lang, displayed)
    shown = _outputs(nb)
    assert len(shown) == 1  # the first call shows it, the rest nothing
    message = html.unescape(shown[0].data["text/html"])
    assert t(lang, "workshop.cannot_open") in message and str(bad) in message
    assert open_workshop(bad, lang).text() == shown[0].data["text/html"]


def test_a_failed_write_leaves_no_half_report(tmp_path, monkeypatch):
    import kam_lessons.workshop.report as report

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
        write_pair(files, out)
    assert list(out.iterdir()) == []  # neither file, and no temporary file
