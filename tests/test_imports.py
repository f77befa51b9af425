"""Imports form layers: nothing imports upward, and each command loads only what it needs.

In the manner of click's own import test: the layers are a table; a module may import
(at the top or inside a function) only modules of its own layer or below. Commands are
run in a fresh interpreter and the modules they loaded are checked.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "kam_lessons"

# Lowest first. A module's layer is that of its longest listed prefix.
LAYERS: list[set[str]] = [
    {"paths"},
    {"i18n"},
    {"errors"},
    {
        "storage",
        "numbers",
        "spreadsheet",
        "variants",
        "validation",
        "methods",
        "progress",
        "settings",
        "clitext",
        "browser",
        "worker",
    },
    {"questions"},
    {"content"},
    {"scoring", "answers", "roster", "objectives", "workshop.vocabulary", "workshop.schema"},
    {
        "workshop.square",
        "workshop.stage",
        "workshop.risk",
        "workshop.methods_plan",
        "workshop.preparation",
        "workshop.plan",
        "workshop.findings",
        "workshop.loading",
        "casebook",
        "items",
        "marks",
        "grades",
    },
    {"charts"},
    {
        "workshop.words",
        "workshop.markup",
        "workshop.page",
        "workshop.render",
        "workshop.template",
        "standin",
        "views",
        "widgets",
        "feedback",
        "cohort_report",
        "lms",
    },
    {"lesson", "workshop.view", "workshop", "notebook"},
    {"workbook", "gradebook", "demo", "workshop.report"},
    {"cli", "bench", "bench_app", "serve", "app", "lab"},
]


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def layer_of(module: str) -> int:
    """Return the layer of ``kam_lessons.<module>`` (its longest prefix in the table)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        for rank, names in enumerate(LAYERS):
            if prefix in names:
                return rank
    raise AssertionError(f"kam_lessons.{module} has no layer: add it to LAYERS")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            if name.startswith("kam_lessons."):
                module = name.removeprefix("kam_lessons.")
                if (PACKAGE / module.replace(".", "/")).exists() or (
                    PACKAGE / (module.replace(".", "/") + ".py")
                ).exists():
                    found.add(module)
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_imports_upward(path):
    me = _name(path)
    if not me:
        return  # the package's own __init__
    mine = layer_of(me)
    upward = sorted(m for m in _imports(path) if layer_of(m) > mine)
    assert not upward, f"kam_lessons.{me} (layer {mine}) imports upward: {upward}"


def _loaded(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return {m.split(".")[0] for m in json.loads(done.stdout.splitlines()[-1])}


HEAVY = {"nbformat", "papermill", "nbconvert", "altair", "jsonschema", "rfc3987_syntax"}
UI = {"IPython", "ipywidgets", "ipykernel", "altair", "vl_convert"}


@pytest.mark.parametrize("module", ["scoring", "questions", "content", "answers"])
def test_scoring_and_content_import_no_ui_chart_or_notebook_code(module):
    loaded = _loaded(f"import kam_lessons.{module}")
    assert not loaded & (UI | HEAVY)
    assert "kam_lessons.workshop" not in _submodules(f"import kam_lessons.{module}")


def _submodules(code: str) -> set[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return {".".join(m.split(".")[:2]) for m in json.loads(done.stdout.splitlines()[-1])}


def _command(args: list[str]) -> str:
    return (
        "from kam_lessons.cli import main\n"
        f"sys.argv = ['kam', *{args!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
    )


def test_kam_help_loads_no_heavy_library():
    assert not _loaded(_command(["--help"])) & (HEAVY | UI)


def test_kam_grade_loads_no_notebook_or_chart_library(tmp_path):
    from kam_lessons.demo import run_demo

    result = run_demo(tmp_path / "demo")
    out = tmp_path / "g"
    loaded = _loaded(_command(["grade", str(result.workbooks), "--out", str(out)]))
    assert (out / "gradebook.csv").exists()
    assert not loaded & (HEAVY | (UI - {"vl_convert"}))  # a report draws with vl-convert only
