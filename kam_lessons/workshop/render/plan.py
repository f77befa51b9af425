"""Part 6, the account plan: one page to take away."""

from __future__ import annotations

from typing import Any

from kam_lessons.i18n import t
from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.markup import bullets, tag
from kam_lessons.workshop.page import Output, html_output
from kam_lessons.workshop.words import plan_sections


def render(lang: str, found: Findings) -> list[Output]:
    """Return part 6: the account plan, section by section."""
    plan = found.plan
    sections: list[Any] = [
        tag("h2", t(lang, "workshop.plan.title", account=plan.account)),
        tag("p", t(lang, "workshop.plan.take_away"), cls="kam-muted"),
    ]
    for name, items in plan_sections(lang, plan):
        if not items and name != "open":
            continue
        sections.append(tag("h3", t(lang, f"workshop.plan.{name}")))
        sections.append(bullets(items) if items else tag("p", t(lang, "workshop.plan.nothing")))
    return [html_output(tag("div", *sections, cls="kam-plan"))]
