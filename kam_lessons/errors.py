"""User-facing errors: one clear message naming the file, the place and the fix.

Code raises :class:`KamError` with a message key from the i18n catalogue; the CLI
and the notebooks render it in the user's language. No traceback reaches a user.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

#: The most problems one message lists; the rest are counted (a file with 20,000 mistakes
#: must not print 140,000 lines).
MAX_PROBLEMS_SHOWN = 30
#: The longest value from a user's file quoted in a message.
MAX_QUOTED = 60


def visible(text: str) -> str:
    r"""Return ``text`` with every control and format character shown as an escape.

    Text taken from a user's file (an id, a question key, a mode) may hold terminal
    escape sequences that clear a trainer's screen or hide lines, bidirectional
    overrides that reorder what is read, or lone surrogates that cannot be printed:
    each becomes visible (``\x1b``, ``\u202e``), so what is printed is what the file says.
    Line breaks are shown too: one value is one line.
    """
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or (ch == " "):
            out.append(ch)
        elif unicodedata.category(ch) in ("Zs",):
            out.append(" ")
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return "".join(out)


def quote_value(value: object, limit: int = MAX_QUOTED) -> str:
    """Return a short, printable form of a value found in a user's file, for a message.

    As the file would spell it: ``null``, ``true``, ``{…}`` for a mapping, ``[…]`` for a
    list, a quoted text cut at ``limit`` characters, a number of thousands of digits by
    its length.
    """
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list | tuple):
        return "[…]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 200:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"<{digits}-digit number>"
    shown = visible(repr(value))
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def _shown(value: object, lang: str) -> object:
    """Return a message parameter as shown: text made visible, a nested problem in ``lang``."""
    if isinstance(value, Problem):
        where = f"{visible(str(value.where))}: " if isinstance(value.where, str) else ""
        return where + value.text(lang)
    return visible(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, and the catalogue key saying what and how to fix."""

    where: str | int | None  # a field path, or a line number
    key: str
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """Return what is wrong and the fix, without the file and the place."""
        from kam_lessons.i18n import t

        params = {k: _shown(v, lang) for k, v in self.params.items()}
        return t(lang, self.key, **params)


class KamError(Exception):
    """Bad input from a user: a file, the places in it that are wrong, and the fixes."""

    def __init__(
        self,
        path: Path | str | None,
        where: str | int | None = None,
        key: str = "",
        /,
        *,
        problems: list[Problem] | None = None,
        **params: object,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.problems = problems if problems is not None else [Problem(where, key, dict(params))]
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        """Return the message in ``lang``: the file, then one line per problem."""
        from kam_lessons.i18n import t

        lines = []
        for problem in self.problems[:MAX_PROBLEMS_SHOWN]:
            text = problem.text(lang)
            place = visible(str(self.path)) if self.path is not None else ""
            where = problem.where
            if isinstance(where, int):
                where = t(lang, "errors.line", n=where)
            elif isinstance(where, str):
                where = visible(where)
            if where:
                place = f"{place}, {where}" if place else where
            lines.append(f"{place}: {text}" if place else text)
        hidden = len(self.problems) - MAX_PROBLEMS_SHOWN
        if hidden > 0:
            lines.append(t(lang, "errors.more_problems", n=hidden))
        return "\n".join(lines)


def format_location(loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic error location into a readable field path like ``questions[3].answer``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "."
