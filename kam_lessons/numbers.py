"""Numbers people type and read: one parser and one formatter for the whole project.

The formatter takes the decimal mark from the catalogue (``ui.decimal_mark``: ``.`` in
English, ``,`` in Russian), shows no needless decimals, and ``—`` for an unknown value.
The parser reads what a trainee types in any course language (``2,5`` is 2.5).
"""

from __future__ import annotations

import math

from kam_lessons.i18n import t

UNKNOWN = "—"


def format_number(value: float | None, lang: str = "en") -> str:
    """Return ``value`` for people: ``10.5`` / ``10,5``, ``3`` rather than ``3.0``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return UNKNOWN
    return f"{value:g}".replace(".", t(lang, "ui.decimal_mark"))


def as_number(value: object) -> float | None:
    """Return ``value`` as a finite number (the text 2,5 reads as 2.5), or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float
            return None
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None
