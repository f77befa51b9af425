"""The workshop notebook, and its report for one client case: self-contained HTML.

:func:`render_report` (``kam case report CASE.yaml --out DIR``):

1. checks the language and the case first: a bad case raises
   :class:`~kam_lessons.errors.KamError` and nothing is written;
2. executes ``notebooks/workshop.ipynb`` with papermill (parameters ``case``, the
   absolute path, and ``lang``), with a temporary folder as the kernel's working folder;
3. exports it to HTML with nbconvert's ``lab`` template: no code, no prompts, charts as
   inline SVG, and nothing loaded from the internet (the template's require.js, MathJax,
   Mermaid and widget scripts are left out; the notebook has no widgets anyway). The
   page's title and a banner on top mark it CONFIDENTIAL;
4. writes ``<case stem>.<lang>.html`` and ``<case stem>.<lang>.ipynb`` (the executed
   notebook) into the output folder, readable by the owner only (0600): both go to
   temporary files there first, then both are renamed, so a failure leaves no half
   report.

The workshop notebook is thin and generated (:func:`workshop_notebook`): a note on how
to start, a hidden parameters cell, then one hidden one-liner per part.
``python -m kam_lessons.report`` rewrites ``notebooks/workshop.ipynb``; a test checks the
committed one is current.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from kam_lessons.case import load_case
from kam_lessons.errors import KamError
from kam_lessons.i18n import DEFAULT_LANG, languages, t
from kam_lessons.storage import write_atomic
from kam_lessons.workshop import PARTS, check_lang

NOTEBOOK_NAME = "workshop.ipynb"
KERNEL = "python3"

PARAMETERS = """# Parameters: `kam case report` sets the case file and the language (papermill).
case = "../data/cases/sample.yaml"
lang = "en\""""

HIDDEN = {"jupyter": {"source_hidden": True}}

# nbconvert's lab template, minus everything it would fetch from the internet, plus a
# CONFIDENTIAL banner; charts stay inline SVG (the stock template would base64 them).
TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
.kam-banner { position: sticky; top: 0; z-index: 10; background: #b42318; color: #fff;
  font: bold 14px/1.4 sans-serif; letter-spacing: 0.04em; padding: 6px 16px; }
main { max-width: 1100px; margin: 0 auto; }
.jp-RenderedSVG svg { max-width: 100%; height: auto; }
@media print {
  /* not sticky on paper: a fixed banner repeats at the top of every printed page */
  .kam-banner { position: fixed; top: 0; left: 0; right: 0; }
  body { padding-top: 2.4em; }
  @page { size: A4; margin: 14mm 12mm; }
}
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<div class="kam-banner">{{ resources.kam_banner | escape_html }}</div>
{%- endblock body_header -%}
{% block data_svg scoped -%}
<div class="jp-RenderedSVG jp-OutputArea-output {{ extra_class }}" data-mime-type="image/svg+xml">
{{ output.data['image/svg+xml'] }}
</div>
{%- endblock data_svg %}
"""
TEMPLATE_NAME = "kam_report.html.j2"


def notebook_path() -> Path:
    """Return the workshop notebook (``notebooks/workshop.ipynb`` next to the package)."""
    return Path(__file__).resolve().parent.parent / "notebooks" / NOTEBOOK_NAME


def _code(source: str, cell_id: str, *tags: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, id=cell_id, metadata={**HIDDEN, "tags": list(tags)})


def workshop_notebook() -> nbformat.NotebookNode:
    """Return the workshop notebook: a note, the parameters, then one one-liner per part."""
    start = "\n\n".join(t(code, "workshop.start") for code in languages())
    cells = [
        nbformat.v4.new_markdown_cell(start, id="start"),
        _code(PARAMETERS, "parameters", "parameters"),
        _code(
            "from kam_lessons.workshop import open_workshop\n\n"
            "workshop = open_workshop(case, lang)\n"
            "workshop.header()",
            "open-workshop",
            "open-workshop",
        ),
    ]
    cells += [_code(f"workshop.{part}()", f"part-{part}", "part") for part in PARTS[1:]]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"name": KERNEL, "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "kam": {"workshop": True},
    }
    return nb


def write_workshop_notebook(path: Path | None = None) -> Path:
    """Write the workshop notebook (by default to :func:`notebook_path`); return the path."""
    path = Path(path) if path is not None else notebook_path()
    write_atomic(path, nbformat.writes(workshop_notebook()) + "\n")
    return path


@dataclass(frozen=True)
class ReportResult:
    """What :func:`render_report` wrote."""

    account: str
    html: Path
    notebook: Path


def render_report(
    case_path: Path | str, out_dir: Path | str, lang: str = DEFAULT_LANG
) -> ReportResult:
    """Run the workshop notebook for a case and write its HTML report and executed notebook.

    Args:
        case_path: The client case's YAML file.
        out_dir: The folder to write into (created if missing).
        lang: The report's language (``en``, ``ru``).

    Returns:
        The account's name and the two paths written.

    Raises:
        KamError: If the language is unknown, the case is bad, the output folder is a
            file, or the notebook fails; nothing is written then.
    """
    check_lang(lang)
    case_path = Path(case_path)
    case = load_case(case_path)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise KamError(out_dir, None, "workshop.errors.out_not_folder")
    nb = execute_workshop(case_path.resolve(), lang)
    nb.metadata["title"] = t(lang, "workshop.report_title", account=case.name)
    html = export_html(nb, lang)
    stem = f"{case_path.stem}.{lang}"
    result = ReportResult(case.name, out_dir / f"{stem}.html", out_dir / f"{stem}.ipynb")
    write_pair(
        {result.notebook: nbformat.writes(nb) + "\n", result.html: html}, out_dir, mode=0o600
    )
    return result


def write_pair(files: dict[Path, str], out_dir: Path, mode: int = 0o600) -> None:
    """Write every file to a temporary file in ``out_dir`` first, then rename them all.

    A failure while writing leaves none of them (and no temporary file) behind, so
    there is never half a report. ``mode`` 0o600: reports are confidential.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            tmp = out_dir / f".{path.name}.{os.getpid()}.tmp"
            write_atomic(tmp, text, mode=mode)
            staged.append((tmp, path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise


def execute_workshop(case_path: Path, lang: str) -> nbformat.NotebookNode:
    """Execute the workshop notebook for a case with papermill; return the executed notebook.

    The kernel runs in a temporary folder, so nothing is written beside the case or the
    notebook. The injected parameters cell is hidden like the rest of the code.

    Raises:
        KamError: If a cell fails (naming the error), since a report must be whole.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    with tempfile.TemporaryDirectory(prefix="kam-report-") as tmp:
        try:
            nb = papermill.execute_notebook(
                str(notebook_path()),
                None,
                parameters={"case": str(case_path), "lang": lang},
                cwd=tmp,
                kernel_name=KERNEL,
                progress_bar=False,
                log_output=False,
                # the kernel's start-up warnings (e.g. TCP without encryption) are noise here
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except PapermillExecutionError as exc:
            raise KamError(
                case_path, None, "workshop.errors.failed", detail=f"{exc.ename}: {exc.evalue}"
            ) from None
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return nb


def export_html(nb: nbformat.NotebookNode, lang: str) -> str:
    """Return an executed workshop notebook as one self-contained HTML page (no code shown)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file=TEMPLATE_NAME,
        extra_loaders=[DictLoader({TEMPLATE_NAME: TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        exclude_raw=True,
        language_code=lang,
    )
    banner = nb.metadata.get("title") or t(lang, "workshop.confidential")
    body, _ = exporter.from_notebook_node(nb, resources={"kam_banner": banner})
    return body


if __name__ == "__main__":  # pragma: no cover
    print(write_workshop_notebook(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
