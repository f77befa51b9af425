"""One renderer per part of the report: ``render(lang, findings) -> list[Output]``.

Each part shows a result of the analyses (:mod:`kam_lessons.workshop.findings`) and
says why it concludes what it concludes, in the chosen language: the sentences come from
:mod:`kam_lessons.workshop.words`, the HTML from :mod:`kam_lessons.workshop.markup`, which
escapes every value from the case file.
"""

from __future__ import annotations

from collections.abc import Callable

from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.page import Output
from kam_lessons.workshop.render import header, methods, plan, preparation, risk, square, stage

#: The parts in the order the report shows them, and the renderer of each.
RENDERERS: dict[str, Callable[[str, Findings], list[Output]]] = {
    "header": header.render,
    "square": square.render,
    "stage": stage.render,
    "risk": risk.render,
    "methods": methods.render,
    "preparation": preparation.render,
    "plan": plan.render,
}
PARTS: tuple[str, ...] = tuple(RENDERERS)


def render_part(lang: str, found: Findings, part: str) -> list[Output]:
    """Return what a part shows (one of :data:`PARTS`)."""
    if part not in RENDERERS:
        raise ValueError(f"no workshop part {part!r}; parts: {', '.join(PARTS)}")
    return RENDERERS[part](lang, found)
