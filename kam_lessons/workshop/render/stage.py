"""Part 2, the stage: the verdict, the evidence, the contact map, contradictions, what next."""

from __future__ import annotations

from typing import Any

from kam_lessons.i18n import t
from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.markup import Markup, bullets, concat, table, tag
from kam_lessons.workshop.page import Output, html_output, unknown_mark
from kam_lessons.workshop.stage import classify_contacts
from kam_lessons.workshop.words import (
    describe_contradiction,
    describe_range,
    describe_requirement,
    describe_stage,
    describe_value,
)


def render(lang: str, found: Findings) -> list[Output]:
    """Return part 2: the verdict, the evidence, the contact map and what next."""
    d = found.stage
    parts: list[Any] = [
        tag("h2", t(lang, "workshop.stage.title")),
        tag("p", t(lang, "workshop.stage.how"), cls="kam-how"),
    ]
    if d.stage is None:
        parts.append(tag("p", t(lang, "case.explain.stage.unknown"), cls="kam-verdict"))
    else:
        parts.append(
            tag(
                "p",
                t(
                    lang,
                    "case.explain.stage.points_to",
                    stage=describe_stage(lang, d.stage),
                    agreeing=d.agreeing,
                    known=d.known,
                ),
                cls="kam-verdict",
            )
        )
    if d.claimed is None:
        parts.append(tag("p", t(lang, "workshop.stage.no_claim")))
    elif d.claim_matches:
        parts.append(
            tag("p", t(lang, "workshop.stage.claim_matches", stage=describe_stage(lang, d.claimed)))
        )
    elif d.claim_matches is False:
        parts.append(
            tag(
                "p",
                t(
                    lang,
                    "case.explain.stage.claim_differs",
                    claimed=describe_stage(lang, d.claimed),
                    stage=describe_stage(lang, d.stage),
                ),
                cls="kam-bad",
            )
        )
    else:  # e.g. the team says "uncoupling", or no stage could be diagnosed
        parts.append(
            tag("p", t(lang, "workshop.stage.claimed", stage=describe_stage(lang, d.claimed)))
        )
    parts += [tag("h3", t(lang, "workshop.stage.evidence_title")), _evidence_table(lang, found)]
    parts += _contact_map(lang, found)
    if d.stage is None:  # nothing known: nothing to contradict, no next stage to plan
        return [html_output(*parts)]
    parts.append(tag("h3", t(lang, "workshop.stage.contradictions_title")))
    if d.contradictions:
        lines = [describe_contradiction(lang, c) for c in d.contradictions]
        parts += [bullets(lines), tag("p", t(lang, "workshop.stage.contradictions_why"))]
    else:
        parts.append(tag("p", t(lang, "workshop.stage.no_contradictions"), cls="kam-good"))
    parts.append(tag("h3", t(lang, "workshop.stage.next_title")))
    if d.next_stage is None:
        parts.append(tag("p", t(lang, "case.explain.stage.top")))
    else:
        parts.append(
            tag(
                "p",
                t(
                    lang,
                    "case.explain.stage.next",
                    next=describe_stage(lang, d.next_stage),
                    advice=t(lang, f"case.stages.{d.next_stage}.move"),
                ),
            )
        )
        parts.append(bullets([describe_requirement(lang, r) for r in d.requirements if not r.met]))
    return [html_output(*parts)]


def _evidence_table(lang: str, found: Findings) -> Markup:
    d = found.stage
    rel = found.case.relationship
    rows = []
    for item in d.evidence:
        value: Any = describe_value(lang, item.indicator, item.value)
        if item.value is None:
            value = unknown_mark(lang)
        elif item.indicator == "joint_activities" and rel.joint_activities:
            names = ", ".join(t(lang, f"case.activities.{a}") for a in rel.joint_activities)
            value = f"{value} ({names})"
        elif item.indicator == "agreements" and rel.agreements:
            value = concat(value, bullets([a.name or "—" for a in rel.agreements]))
        row = [
            t(lang, f"case.indicators.{item.indicator}"),
            value,
            describe_range(lang, item) if item.known else "—",
        ]
        if d.stage is not None:
            if not item.known:
                row.append("—")
            elif item.fits(d.stage):
                row.append(tag("span", "✓", cls="kam-good"))
            else:
                row.append(tag("span", "✗", cls="kam-bad"))
        rows.append(row)
    headers = [
        t(lang, "workshop.stage.indicator"),
        t(lang, "workshop.stage.value"),
        t(lang, "workshop.stage.points_to"),
    ]
    if d.stage is not None:
        headers.append(t(lang, "workshop.stage.fits", stage=describe_stage(lang, d.stage)))
    return table(headers, rows, column_classes={3: "kam-mark"})


def _contact_map(lang: str, found: Findings) -> list[Any]:
    parts: list[Any] = [tag("h3", t(lang, "workshop.stage.contacts_title"))]
    contacts = found.case.relationship.contacts
    if contacts is None:
        return [*parts, tag("p", t(lang, "workshop.stage.contacts_unknown"), cls="kam-open")]
    shape = classify_contacts(contacts)
    headers: list[Any] = [t(lang, "workshop.stage.contacts_corner")]
    headers += [p.role or p.id for p in contacts.theirs]
    rows = [
        [
            tag("strong", person.role or person.id),
            *(
                Markup('<span class="kam-good">●</span>') if other.id in person.talks_to else ""
                for other in contacts.theirs
            ),
        ]
        for person in contacts.ours
    ]
    marks = dict.fromkeys(range(1, len(headers)), "kam-mark")
    parts.append(table(headers, rows, column_classes=marks))
    shape_name = t(lang, f"case.values.contacts.{shape.shape}")
    parts.append(
        tag(
            "p",
            tag("strong", t(lang, "workshop.stage.shape", shape=shape_name)),
            " ",
            t(lang, f"workshop.stage.shape_why.{shape.shape}"),
        )
    )
    if found.plan.unreached:
        roles = ", ".join(found.plan.unreached)
        parts.append(tag("p", t(lang, "workshop.stage.unreached", roles=roles)))
    return parts
