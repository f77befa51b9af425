"""User-facing errors: one clear message naming the file, the place and the fix.

Code raises :class:`KamError` with a message key from the i18n catalogue; the CLI
and the notebooks render it in the user's language. No traceback reaches a user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, and the catalogue key saying what and how to fix."""

    where: str | int | None  # a field path, or a line number
    key: str
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """Return what is wrong and the fix, without the file and the place."""
        from kam_lessons.i18n import t

        return t(lang, self.key, **self.params)


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
        for problem in self.problems:
            text = problem.text(lang)
            place = f"{self.path}" if self.path is not None else ""
            where = problem.where
            if isinstance(where, int):
                where = t(lang, "errors.line", n=where)
            if where:
                place = f"{place}, {where}" if place else where
            lines.append(f"{place}: {text}" if place else text)
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


def describe_validation_error(path: Path, exc: ValidationError) -> KamError:
    """Turn a pydantic validation error into a :class:`KamError` with one problem per field."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = _without_union_tags(tuple(err["loc"]))
        found = err.get("input")
        shown = repr(found) if not isinstance(found, dict | list) else type(found).__name__
        if len(shown) > 60:
            shown = shown[:57] + "..."
        problems.append(
            Problem(
                format_location(loc),
                "errors.invalid_field",
                {"found": shown, "allowed": err["msg"].removeprefix("Value error, ")},
            )
        )
    return KamError(path, problems=problems)


def _without_union_tags(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop the question type pydantic puts after ``questions[i]`` in an error location."""
    from kam_lessons.content import QUESTION_TYPES

    kept: list[int | str] = []
    for part in loc:
        after_question = len(kept) >= 2 and kept[-2] == "questions" and isinstance(kept[-1], int)
        if after_question and part in QUESTION_TYPES:
            continue
        kept.append(part)
    return tuple(kept)
