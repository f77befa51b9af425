"""``make lab``: JupyterLab for authors and trainers, which never writes into the course.

``python -m kam_lessons.lab [DIR] [--port N]`` starts JupyterLab on 127.0.0.1:

* the course (``DIR`` = ``notebooks/``, the default) opens from fresh copies in
  ``build/lab/course/`` (outputs stripped), never from the tracked notebooks; a
  trainee's workbook folder opens in place;
* saving a generated notebook (a lesson or the workshop: ``metadata.kam``) keeps the
  file as it is on disk (:func:`keep_generated_notebooks`, the contents manager's
  pre-save hook), so neither autosave nor Save ever stores outputs, widget state, a
  deleted cell or a client case's results; answers are saved by the lesson itself;
* autosave runs every second (``jupyter/overrides.json``), so a tab is never left
  "unsaved" and closing it does not offer to discard anything;
* each ``DIR`` has its own workspace (``build/lab/workspaces/<name>-<hash>``): tabs
  never reopen in another trainee's folder; terminals are off.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from kam_lessons.paths import PROJECT_ROOT, notebooks_root

ROOT = PROJECT_ROOT
COURSE = notebooks_root()
LAB_HOME = ROOT / "build" / "lab"
CONFIG = ROOT / ".venv" / "etc" / "kam-jupyter"


def keep_generated_notebooks(
    model: dict[str, Any], path: str, contents_manager: Any, **_: Any
) -> None:
    """Pre-save hook: a generated notebook is saved as it is on disk, whatever the tab holds.

    Generated notebooks (the lessons and the workshop carry ``metadata.kam``) hold no
    work of their own: answers live in the answers files, reports in ``--out``. So a
    save keeps the file: no outputs, no widget state, no cell deleted by a stray key.
    Any other notebook (a trainer's own) is saved as usual.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    if "kam" not in model["content"].get("metadata", {}):
        return
    os_path = Path(contents_manager._get_os_path(path))
    try:
        on_disk = json.loads(os_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(on_disk, dict) and "kam" in on_disk.get("metadata", {}):
        model["content"] = on_disk


def course_copy(target: Path | None = None) -> Path:
    """Copy the course's notebooks, outputs stripped, to ``build/lab/course/``; return it.

    The copies are made afresh at every start (answers in ``answers/`` are kept); the
    workshop's sample case is given as an absolute path, since the copy lives elsewhere.
    """
    target = target or LAB_HOME / "course"
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(COURSE.glob("*.ipynb")):
        data = json.loads(source.read_text(encoding="utf-8"))
        data.get("metadata", {}).pop("widgets", None)
        for cell in data.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
                text = "".join(cell.get("source", ""))
                if "../data/" in text:
                    cell["source"] = text.replace("../data/", f"{ROOT / 'data'}/")
        (target / source.name).write_text(
            json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return target


def workspace_dir(folder: Path) -> Path:
    """Return the workspace folder of one served folder (its own tabs, nobody else's)."""
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    return LAB_HOME / "workspaces" / f"{folder.resolve().name}-{digest}"


def lab_settings(target: Path | None = None) -> Path:
    """Return JupyterLab's settings folder for ``make lab``: ``jupyter/overrides.json``, as is."""
    target = target or LAB_HOME / "settings"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "jupyter" / "overrides.json", target / "overrides.json")
    return target


def lab_command(
    folder: Path,
    port: int,
    config: Path = CONFIG,
    settings: Path | None = None,
    workspaces: Path | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Return the command line and environment ``make lab`` runs JupyterLab with.

    Each option is given once: a ``--LabApp`` option given twice makes JupyterLab drop
    every ``--LabApp`` option (the stylesheet and the settings with them).
    """
    args = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.terminals_enabled=False",
        "--FileContentsManager.pre_save_hook=kam_lessons.lab.keep_generated_notebooks",
        f"--LabApp.workspaces_dir={workspaces or workspace_dir(folder)}",
        "--LabApp.default_url=/lab/tree/01_stages.ipynb",
        "--LabApp.custom_css=True",
        f"--LabApp.app_settings_dir={settings or lab_settings()}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # JupyterLab refuses to start as root unless told it may
    return args, {**os.environ, "JUPYTER_CONFIG_DIR": str(config)}


def main(argv: list[str] | None = None) -> None:
    """Start JupyterLab on the course (copies) or on a trainee's workbook folder."""
    parser = argparse.ArgumentParser(prog="python -m kam_lessons.lab", description=__doc__)
    parser.add_argument("folder", nargs="?", default=str(COURSE))
    parser.add_argument("--port", type=int, default=8888)
    ns = parser.parse_args(argv)
    folder = Path(ns.folder.strip()).resolve()
    if not folder.is_dir():
        sys.exit(f"{folder}: not a folder")
    if folder == COURSE.resolve():
        folder = course_copy()
    workspace_dir(folder).mkdir(parents=True, exist_ok=True)
    args, env = lab_command(folder, ns.port)
    os.execve(args[0], args, env)


if __name__ == "__main__":  # pragma: no cover
    main()
