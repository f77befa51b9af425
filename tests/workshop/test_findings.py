"""The analyses, run together: pure (no display code) and consistent with each other."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from kam_lessons.workshop.findings import analyse
from kam_lessons.workshop.loading import load_case, sample_case_paths

ANALYSES = ("square", "stage", "risk", "methods_plan", "preparation", "plan", "findings")


def test_the_analyses_import_no_display_code():
    modules = ", ".join(f"kam_lessons.workshop.{m}" for m in ANALYSES)
    code = (
        f"import sys, {modules}\n"
        "shown = ('IPython', 'ipywidgets', 'altair', 'markupsafe', 'nbconvert', 'papermill')\n"
        "print([m for m in shown if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_lessons_read_cases_without_the_report():
    code = (
        "import sys, kam_lessons.casebook, kam_lessons.scoring\n"
        "print(sorted(m for m in sys.modules if m.startswith('kam_lessons.workshop.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(ast.literal_eval(out.stdout))
    assert loaded <= {f"kam_lessons.workshop.{m}" for m in ("vocabulary", "schema", "loading")}


@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_the_findings_agree_with_each_other(path):
    found = analyse(load_case(path), path)
    assert found.path == path
    assert found.plan.stage == found.stage.stage
    assert found.plan.region == found.square.consensus.region
    assert found.risk is found.plan.risk  # weighed once, for the diagnosed stage
    assert found.plan.lead_methods == found.methods.lead
    assert found.plan.open_questions == found.preparation.open_questions
