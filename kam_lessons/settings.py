"""The values a course setting may take — languages and modes — and their one check each.

``--lang`` of every command, a roster's ``lang`` column, a notebook's ``lang`` and
``mode`` parameters and a cohort's manifest are all checked here, so each gets the same
message naming the place and what is allowed.
"""

from __future__ import annotations

from pathlib import Path

from kam_lessons.errors import KamError
from kam_lessons.i18n import languages

#: practice: feedback after Check; assessment: answers only recorded, no key in the workbook.
MODES = ("practice", "assessment")


def check_lang(lang: str, where: str | int | None = "lang", path: Path | str | None = None) -> str:
    """Return ``lang`` if the course has it, else raise :class:`KamError` listing the languages."""
    if lang not in languages():
        raise KamError(
            path, where, "errors.unknown_lang", found=lang, allowed=", ".join(languages())
        )
    return lang


def check_mode(mode: str, where: str | int | None = "mode", path: Path | str | None = None) -> str:
    """Return ``mode`` if it is a mode, else raise :class:`KamError` listing the modes."""
    if mode not in MODES:
        raise KamError(path, where, "errors.unknown_mode", found=mode, allowed=", ".join(MODES))
    return mode
