"""The catalogue of user-facing strings: ``exercises/i18n/<lang>/<area>.yaml``.

Each area file (``ui``, ``errors``, ``cli``, ...) holds nested keys; a key's full name
is the file's stem, then the nested keys, joined by dots: ``ui.progress.answered``.
Adding a language is a content-only change: a folder of catalogue files plus the
lesson files.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from kam_lessons.content import content_root

DEFAULT_LANG = "en"


def catalogue_dir() -> Path:
    """Return the folder holding the catalogues."""
    return content_root() / "i18n"


def languages() -> list[str]:
    """Return the language codes that have a catalogue, English first."""
    found = sorted(p.name for p in catalogue_dir().iterdir() if p.is_dir())
    return sorted(found, key=lambda code: (code != DEFAULT_LANG, code))


def _flatten(data: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@lru_cache(maxsize=16)
def catalogue(lang: str) -> dict[str, str]:
    """Return the flat catalogue (``"area.group.key" -> text``) of a language; empty if none."""
    flat: dict[str, str] = {}
    for path in sorted((catalogue_dir() / lang).glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            flat.update(_flatten(yaml.safe_load(fh) or {}, f"{path.stem}."))
    return flat


def t(lang: str, key: str, /, **params: object) -> str:
    """Return the text for ``key`` in ``lang`` (English if missing), formatted with ``params``."""
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key, key)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text
