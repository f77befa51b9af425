"""Where the course's data tree lives: one module owns every path of it.

The package runs from its checkout (an editable install): lessons, catalogues, notebooks,
sample data and cases sit next to it. ``KAM_CONTENT`` points the lessons and catalogues
elsewhere (tests, a translator's working copy); ``KAM_CACHE`` the caches.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The checkout: the folder holding ``kam_lessons/``, ``exercises/``, ``notebooks/``, ``data/``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def content_root() -> Path:
    """Return the folder of the lesson files (``KAM_CONTENT``, else ``exercises/``)."""
    override = os.environ.get("KAM_CONTENT")
    return Path(override) if override else PROJECT_ROOT / "exercises"


def catalogue_dir() -> Path:
    """Return the folder of the string catalogues (``<content>/i18n``)."""
    return content_root() / "i18n"


def notebooks_root() -> Path:
    """Return the folder of the course's notebooks."""
    return PROJECT_ROOT / "notebooks"


def data_dir() -> Path:
    """Return the folder of the sample roster, answer sets and cases."""
    return PROJECT_ROOT / "data"


def cases_dir() -> Path:
    """Return the folder of the sample client cases (``data/cases``)."""
    return data_dir() / "cases"


def cache_dir(kind: str) -> Path:
    """Return where derived files of one kind are kept: ``charts``, ``lessons`` or ``cases``.

    Drawn charts (SVG), parsed lesson files, and the course cases' reference ratings.

    Under ``KAM_CACHE``, else the user's cache folder (``~/.cache/kam-workbook``). Only the
    course's own content is cached there, never a client case or a trainee's answers.
    """
    root = os.environ.get("KAM_CACHE")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        root = str(Path(base) / "kam-workbook")
    return Path(root) / kind
