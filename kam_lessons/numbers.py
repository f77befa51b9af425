"""Numbers people type and read: one parser and one formatter for the whole project.

The formatter takes the decimal mark from the catalogue (``ui.decimal_mark``: ``.`` in
English, ``,`` in Russian), shows no needless decimals, and ``—`` for an unknown value.
The parser reads what a trainee types in any course language (``2,5`` is 2.5).
"""

from __future__ import annotations

import math
import re

from kam_lessons.i18n import t

UNKNOWN = "—"


def format_number(value: float | None, lang: str = "en") -> str:
    """Return ``value`` for people: ``10.5`` / ``10,5``, ``3`` rather than ``3.0``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return UNKNOWN
    return f"{value:g}".replace(".", t(lang, "ui.decimal_mark"))


def as_number(value: object, lang: str | None = None) -> float | None:
    """Return ``value`` as a finite number, or ``None``: a number, or a text a person typed.

    Spaces (also the no-break spaces of Russian thousands) are ignored. In a language
    whose decimal mark is ``,`` the comma is the decimal mark (``2,5`` is 2.5); elsewhere
    a comma before groups of three digits separates thousands (``2,700`` is 2700) and any
    other comma reads as a decimal mark, as a trainee used to either may type it.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            return None
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    text = _SPACES.sub("", value)
    comma_decimal = lang is not None and t(lang, "ui.decimal_mark") == ","
    if not comma_decimal and _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
