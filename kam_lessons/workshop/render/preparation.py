"""Part 5, preparation: the §4 questions, the decision unit, competitors and completeness."""

from __future__ import annotations

from typing import Any

from kam_lessons.i18n import t
from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.markup import Markup, bullets, concat, table, tag
from kam_lessons.workshop.page import Output, html_output, unknown_mark
from kam_lessons.workshop.schema import COMPETITOR_FIELDS, DECISION_ROLES
from kam_lessons.workshop.words import case_text

#: How many unknown fields a completeness row names before it says "+ N more".
SHOWN_UNKNOWNS = 6


def render(lang: str, found: Findings) -> list[Output]:
    """Return part 5: answers, decision unit, competitors and completeness."""
    review = found.preparation
    parts: list[Any] = [
        tag("h2", t(lang, "workshop.preparation.title")),
        tag("p", t(lang, "workshop.preparation.how"), cls="kam-how"),
        tag(
            "p",
            t(
                lang,
                "case.explain.prep.answered",
                answered=review.answered,
                total=len(review.answers),
            ),
            cls="kam-verdict",
        ),
    ]
    open_mark = tag("span", t(lang, "workshop.preparation.open"), cls="kam-open")
    parts.append(
        table(
            [t(lang, "workshop.preparation.question"), t(lang, "workshop.preparation.answer")],
            [
                [t(lang, f"case.questions.{q}"), open_mark if a is None else case_text(lang, a)]
                for q, a in review.answers
            ],
        )
    )
    unit = found.case.decision_unit
    rows = []
    for role in DECISION_ROLES:
        who = getattr(unit, role)
        if isinstance(who, tuple):
            who = ", ".join(who) or t(lang, "workshop.none")
        rows.append(
            [
                t(lang, f"case.fields.decision_unit.{role}"),
                unknown_mark(lang) if who is None else case_text(lang, who),
            ]
        )
    known = unit.power_structure_known
    rows.append(
        [
            t(lang, "case.fields.decision_unit.power_structure_known"),
            unknown_mark(lang)
            if known is None
            else t(lang, f"case.values.power_structure_known.{known}"),
        ]
    )
    parts += [
        tag("h3", t(lang, "workshop.preparation.decision_unit_title")),
        table([t(lang, "workshop.preparation.role"), t(lang, "workshop.preparation.who")], rows),
        tag("h3", t(lang, "workshop.preparation.competitors_title")),
        _competitors(lang, found),
        tag("h3", t(lang, "workshop.preparation.completeness_title")),
        tag("p", t(lang, "workshop.preparation.completeness_how"), cls="kam-how"),
        _completeness(lang, found),
    ]
    return [html_output(*parts)]


def _competitors(lang: str, found: Findings) -> Markup:
    if not found.case.competitors:
        return tag("p", t(lang, "workshop.none"))
    fields = COMPETITOR_FIELDS
    rows = []
    for rival in found.case.competitors:
        row: list[Any] = []
        for field in fields:
            value = getattr(rival, field)
            if value is None:
                row.append(unknown_mark(lang))
            elif field == "threat":
                row.append(t(lang, f"case.values.threat.{value}"))
            elif isinstance(value, tuple):
                row.append(bullets(list(value)) if value else t(lang, "workshop.none"))
            else:
                row.append(case_text(lang, value))
        rows.append(row)
    return table([t(lang, f"case.fields.competitors.{f}") for f in fields], rows)


def _completeness(lang: str, found: Findings) -> Markup:
    rows: list[list[Any]] = []
    classes = []
    sections = found.preparation.completeness
    for title, group in (
        ("workshop.preparation.analysis", [c for c in sections if c.is_analysis_group]),
        ("workshop.preparation.rest", [c for c in sections if not c.is_analysis_group]),
    ):
        rows.append([tag("strong", t(lang, title)), "", ""])
        classes.append("kam-sum")
        for item in group:
            width = round(100 * item.share)
            bar = Markup('<span class="kam-bar"><span style="width: {}%"></span></span>').format(
                width
            )
            missing = item.unknown[:SHOWN_UNKNOWNS]
            more = len(item.unknown) - len(missing)
            more_note = (
                tag("div", t(lang, "workshop.preparation.more", n=more), cls="kam-muted")
                if more
                else ""
            )
            rows.append(
                [
                    t(lang, f"case.sections.{item.section}"),
                    concat(
                        bar,
                        t(
                            lang,
                            "workshop.preparation.known_of",
                            known=item.known,
                            total=item.total,
                        ),
                    ),
                    concat(*(tag("div", tag("code", m)) for m in missing), more_note),
                ]
            )
            classes.append("")
    known = sum(c.known for c in sections)
    total = sum(c.total for c in sections)
    percent = round(100 * known / total) if total else 100
    return concat(
        table(
            [
                t(lang, "workshop.preparation.section"),
                t(lang, "workshop.preparation.known"),
                t(lang, "workshop.preparation.missing"),
            ],
            rows,
            row_classes=classes,
        ),
        tag(
            "p",
            t(lang, "workshop.preparation.total", known=known, total=total, percent=percent),
        ),
    )
