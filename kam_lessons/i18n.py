"""The catalogue of user-facing strings: ``exercises/i18n/<lang>/<area>.yaml``.

Each area file (``ui``, ``errors``, ``cli``, ...) holds nested keys; a key's full name
is the file's stem, then the nested keys, joined by dots: ``ui.progress.answered``.
Adding a language is a content-only change: a folder of catalogue files plus the
lesson files.
"""

from __future__ import annotations

import os
from functools import lru_cache

import yaml

from kam_lessons.paths import catalogue_dir

DEFAULT_LANG = "en"
#: Set (to anything) to make a missing or wrong placeholder an error, as the tests do;
#: in production a message with a bad placeholder is shown unformatted instead.
STRICT_ENV = "KAM_STRICT"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        flat.update(area(lang, path.stem))
    return flat


@lru_cache(maxsize=256)
def area(lang: str, name: str) -> dict[str, str]:
    """Return one area file of a language's catalogue, flat; empty if there is none.

    :func:`t` reads only the areas it is asked for: a command that prints a few lines
    never parses the workshop's or the cases' words.
    """
    path = catalogue_dir() / lang / f"{name}.yaml"
    try:
        with path.open(encoding="utf-8") as fh:
            return _flatten(yaml.load(fh, Loader=_Loader) or {}, f"{name}.")
    except FileNotFoundError:
        return {}


def t(lang: str, key: str, /, **params: object) -> str:
    """Return the text for ``key`` in ``lang`` (English if missing), formatted with ``params``.

    A placeholder the caller did not supply raises under test (``KAM_STRICT``); in
    production the text is shown as it is rather than failing in front of a user.
    """
    name = key.split(".", 1)[0]
    text = area(lang, name).get(key)
    if text is None:
        text = area(DEFAULT_LANG, name).get(key, key)
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        if os.environ.get(STRICT_ENV):
            raise
        return text
