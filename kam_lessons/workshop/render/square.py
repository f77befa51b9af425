"""Part 1, the square: each scorer's point, the chart, the spread and the consensus."""

from __future__ import annotations

from typing import Any

from kam_lessons.i18n import t
from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.markup import Markup, bullets, table, tag
from kam_lessons.workshop.page import Output, html_output, svg_output, unknown_mark
from kam_lessons.workshop.square import (
    DISPUTE_COUNT,
    DISPUTE_SPREAD,
    SQUARE_REGIONS,
    SQUARE_THRESHOLD,
)
from kam_lessons.workshop.words import describe_region, explain_square, format_number


def render(lang: str, found: Findings) -> list[Output]:
    """Return part 1: the regions, the chart, each point and the scores per criterion."""
    from kam_lessons.charts import square_chart, to_svg

    square = found.square
    threshold = format_number(lang, SQUARE_THRESHOLD)
    high = t(lang, "workshop.square.high", threshold=threshold)
    low = t(lang, "workshop.square.low", threshold=threshold)
    sides = {
        "key": (high, high),
        "target": (high, low),
        "not_of_interest": (low, high),
        "too_ambitious": (low, low),
    }
    regions = table(
        [
            t(lang, "workshop.square.region"),
            t(lang, "workshop.square.customer"),
            t(lang, "workshop.square.ours"),
            t(lang, "workshop.square.meaning"),
        ],
        [
            [
                tag("strong", describe_region(lang, r)),
                *sides[r],
                t(lang, f"case.regions.{r}.meaning"),
            ]
            for r in SQUARE_REGIONS
        ],
    )
    intro = html_output(
        tag("h2", t(lang, "workshop.square.title")),
        tag("p", t(lang, "workshop.square.how", threshold=threshold), cls="kam-how"),
        regions,
    )
    several = len(square.points) > 1
    points = [
        {"label": p.scorer, "ours": p.ours, "customer": p.customer, "kind": "scorer"}
        for p in square.points
    ]
    if several:
        points.append(
            {
                "label": t(lang, "workshop.square.team"),
                "ours": square.consensus.ours,
                "customer": square.consensus.customer,
                "kind": "team",
            }
        )
    labels = {
        "regions": {r: describe_region(lang, r) for r in SQUARE_REGIONS},
        "chart": {
            "title": t(lang, "workshop.square.chart_title"),
            "x_title": t(lang, "workshop.square.axis_ours"),
            "y_title": t(lang, "workshop.square.axis_customer"),
            "scorer": t(lang, "workshop.square.scorer"),
            "team": t(lang, "workshop.square.team"),
        },
    }
    chart = svg_output(to_svg(square_chart(points, labels, SQUARE_THRESHOLD)))

    sentences = explain_square(lang, square)
    notes = []
    if square.consensus.region is None:
        notes.append(tag("p", t(lang, "workshop.square.no_point"), cls="kam-bad"))
    if not several:
        notes.append(tag("p", t(lang, "workshop.square.one_scorer"), cls="kam-muted"))
    elif square.disputed:
        notes.append(
            tag(
                "p",
                t(
                    lang,
                    "workshop.square.disputed_note",
                    spread=format_number(lang, DISPUTE_SPREAD),
                    count=DISPUTE_COUNT,
                ),
            )
        )
    else:
        notes.append(
            tag(
                "p",
                t(lang, "workshop.square.no_dispute", spread=format_number(lang, DISPUTE_SPREAD)),
            )
        )
    details = html_output(
        tag("h3", t(lang, "workshop.square.points_title")),
        bullets(sentences),
        *notes,
        tag("h3", t(lang, "workshop.square.scores_title")),
        *(_scores_table(lang, found, group) for group in ("customer", "ours")),
    )
    return [intro, chart, details]


def _scores_table(lang: str, found: Findings, group: str) -> Markup:
    square = found.square
    several = len(square.points) > 1
    disputed = {(s.group, s.criterion) for s in square.disputed}
    headers: list[Any] = [t(lang, f"case.groups.{group}")]
    headers += [p.scorer for p in square.points]
    if several:
        headers += [t(lang, "workshop.square.spread")]
    rows: list[list[Any]] = []
    classes = []
    for spread in square.spreads:
        if spread.group != group:
            continue
        flagged = (group, spread.criterion) in disputed
        name = t(lang, f"case.criteria.{group}.{spread.criterion}")
        row: list[Any] = [f"⚑ {name}" if flagged else name]
        for card in found.case.scores:
            value = getattr(getattr(card, group), spread.criterion)
            row.append(unknown_mark(lang) if value is None else format_number(lang, value))
        if several:
            row.append(format_number(lang, spread.spread) if len(spread.scores) > 1 else "—")
        rows.append(row)
        classes.append("kam-disputed" if flagged else "")
    means: list[Any] = [t(lang, "workshop.square.mean")]
    means += [format_number(lang, getattr(p, group)) for p in square.points]
    if several:
        means.append("")
    rows.append(means)
    classes.append("kam-sum")
    numbers = dict.fromkeys(range(1, len(headers)), "kam-num")
    return table(headers, rows, row_classes=classes, column_classes=numbers)
