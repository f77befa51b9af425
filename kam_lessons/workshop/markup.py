"""Escaped HTML for the workshop report, built with MarkupSafe.

**Everything from the case file is escaped.** A team may type anything into a case,
``<script>`` included, and it must show as text. The report's HTML is built only with
these helpers, which escape every value they are given (:func:`markupsafe.escape`, quotes
too) unless it is :class:`~markupsafe.Markup` they built themselves. No Markdown is used
for case text, so no raw HTML can slip through a Markdown renderer.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

__all__ = ["Markup", "bullets", "concat", "escape", "table", "tag"]


def tag(name: str, *children: object, cls: str = "") -> Markup:
    """Return an element holding ``children`` (each escaped unless :class:`Markup`)."""
    attr = Markup(' class="{}"').format(cls) if cls else Markup()
    return Markup("<{0}{1}>{2}</{0}>").format(Markup(name), attr, concat(*children))


def concat(*parts: object) -> Markup:
    """Return the parts one after another (each escaped unless :class:`Markup`)."""
    return Markup().join(escape(p) for p in parts)


def bullets(items: list[Any], cls: str = "") -> Markup:
    """Return a bulleted list of ``items`` (empty markup when there are none)."""
    if not items:
        return Markup()
    return tag("ul", *(tag("li", item) for item in items), cls=cls)


def table(
    headers: list[Any],
    rows: list[list[Any]],
    *,
    row_classes: list[str] | None = None,
    column_classes: dict[int, str] | None = None,
) -> Markup:
    """Return a table: a header row, then ``rows`` (cells escaped unless :class:`Markup`).

    Args:
        headers: The column titles.
        rows: The rows, one cell per column.
        row_classes: A CSS class per row ("" for none).
        column_classes: A CSS class per column index, e.g. ``kam-num`` for numbers.
    """
    columns = column_classes or {}
    head = tag("tr", *(tag("th", h, cls=columns.get(i, "")) for i, h in enumerate(headers)))
    body = []
    for n, row in enumerate(rows):
        cells = [tag("td", c, cls=columns.get(i, "")) for i, c in enumerate(row)]
        cls = row_classes[n] if row_classes else ""
        body.append(tag("tr", *cells, cls=cls))
    inner = tag("table", tag("thead", head), tag("tbody", *body), cls="kam-table")
    return tag("div", inner, cls="kam-scroll")  # wide tables scroll on screen
