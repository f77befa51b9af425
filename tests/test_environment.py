"""environment.yml and pyproject.toml name the same dependencies with the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml

from .conftest import ROOT

CONDA_ONLY = {"python", "pip"}


def _split(spec: str) -> tuple[str, str]:
    name, version = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", spec.strip()).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), version.replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_deps = project["dependencies"] + project["optional-dependencies"]["test"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    want = dict(_split(d) for d in pip_deps)
    have = {k: v for k, v in map(_split, conda) if k not in CONDA_ONLY}
    assert have == want
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["--editable ."]
