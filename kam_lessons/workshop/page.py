"""The page every part of the report is shown in: outputs, the stylesheet, the display.

A part is a list of :class:`Output`: HTML (inside ``<div class="kam-ws">``) or a chart
(SVG). Parts are HTML and SVG only, with no widgets, so the exported report works
offline. The stylesheet is package data (``report.css``), added once per report, by
its header.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from markupsafe import Markup

from kam_lessons.i18n import t
from kam_lessons.workshop.markup import tag

HTML_MIME = "text/html"
SVG_MIME = "image/svg+xml"


@dataclass(frozen=True)
class Output:
    """One thing a part shows: HTML (``text/html``) or a chart (``image/svg+xml``)."""

    mime: str
    data: str


@cache
def stylesheet() -> Markup:
    """Return the report's ``<style>`` element (from ``report.css`` next to this module)."""
    css = files(__package__).joinpath("report.css").read_text(encoding="utf-8")
    return Markup("<style>\n{}</style>").format(Markup(css))


def html_output(*parts: object, style: bool = False) -> Output:
    """Return HTML output; ``style`` adds the stylesheet (once per report: the header)."""
    return Output(HTML_MIME, (stylesheet() if style else "") + tag("div", *parts, cls="kam-ws"))


def svg_output(svg: str) -> Output:
    """Return a chart's SVG as output."""
    return Output(SVG_MIME, svg)


def unknown_mark(lang: str) -> Markup:
    """Return "unknown", marked as still open."""
    return tag("span", t(lang, "case.unknown"), cls="kam-open")


def show(outputs: list[Output]) -> None:
    """Display outputs in the notebook: HTML as HTML, charts as SVG."""
    from IPython.display import HTML, display

    from kam_lessons.charts import svg_display

    for out in outputs:
        display(HTML(out.data) if out.mime == HTML_MIME else svg_display(out.data))
