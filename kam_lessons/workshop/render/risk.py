"""Part 3, uncoupling risk: each warning sign weighed by stage, its counter-action, its rules."""

from __future__ import annotations

from typing import Any

from kam_lessons.i18n import t
from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.markup import bullets, concat, table, tag
from kam_lessons.workshop.page import Output, html_output
from kam_lessons.workshop.words import describe_stage, exact_number


def render(lang: str, found: Findings) -> list[Output]:
    """Return part 3: the level, then each warning sign with its weight and answers."""
    risk = found.risk
    parts: list[Any] = [
        tag("h2", t(lang, "workshop.risk.title")),
        tag("p", t(lang, "workshop.risk.how"), cls="kam-how"),
    ]
    if not risk.assessed:
        parts.append(tag("p", t(lang, "case.explain.risk.not_assessed"), cls="kam-open"))
        return [html_output(*parts)]
    if not risk.items:
        parts.append(tag("p", t(lang, "case.explain.risk.none"), cls="kam-level kam-level-none"))
        return [html_output(*parts)]
    parts.append(
        tag(
            "p",
            t(
                lang,
                "case.explain.risk.summary",
                level=t(lang, f"case.risk_levels.{risk.level}"),
                total=exact_number(lang, risk.total),
                stage=describe_stage(lang, risk.stage),
            ),
            cls=f"kam-level kam-level-{risk.level}",
        )
    )
    contacts = found.case.relationship.contacts
    roles = {}
    if contacts is not None:
        roles = {p.id: p.role or p.id for p in contacts.ours}
        roles |= {p.id: p.role or p.id for p in contacts.theirs}
    rows = []
    for item in risk.items:
        sign: list[Any] = [tag("strong", t(lang, f"case.signs.{item.sign}.name"))]
        if item.note:
            sign.append(tag("div", item.note, cls="kam-muted"))
        if item.source == "contact_map":
            people = ", ".join(roles.get(p, p) for p in item.people)
            sign.append(
                tag("div", t(lang, "workshop.risk.from_map", people=people), cls="kam-muted")
            )
        rows.append(
            [
                concat(*sign),
                t(lang, f"case.causes.{item.cause}"),
                t(
                    lang,
                    "workshop.risk.weight_value",
                    base=item.base,
                    factor=exact_number(lang, item.factor),
                    weight=exact_number(lang, item.weight),
                ),
                t(lang, f"case.signs.{item.sign}.counter"),
                bullets([t(lang, f"case.rules.{r}") for r in item.rules]),
            ]
        )
    rows.append(
        ["", "", f"{t(lang, 'workshop.risk.total')}: {exact_number(lang, risk.total)}", "", ""]
    )
    headers = [
        t(lang, "workshop.risk.sign"),
        t(lang, "workshop.risk.cause"),
        t(lang, "workshop.risk.weight"),
        t(lang, "workshop.risk.counter"),
        t(lang, "workshop.risk.rules"),
    ]
    classes = [""] * len(risk.items) + ["kam-sum"]
    parts.append(table(headers, rows, row_classes=classes, column_classes={2: "kam-num"}))
    return [html_output(*parts)]
