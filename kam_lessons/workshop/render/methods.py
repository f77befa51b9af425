"""Part 4, the methods plan: value against cost (lesson 2's chart) and what to lead with."""

from __future__ import annotations

from typing import Any

from kam_lessons.i18n import t
from kam_lessons.methods import METHOD_IDS, THRESHOLD
from kam_lessons.workshop.findings import Findings
from kam_lessons.workshop.markup import bullets, concat, table, tag
from kam_lessons.workshop.page import Output, html_output, svg_output, unknown_mark
from kam_lessons.workshop.words import catalogue_group, format_number


def render(lang: str, found: Findings) -> list[Output]:
    """Return part 4: the chart, the ratings with the team's reasons, the methods to lead with."""
    from kam_lessons.charts import to_svg, value_cost_chart
    from kam_lessons.methods import load_chart_labels

    plan = found.methods
    ratings, lead = plan.ratings, plan.lead
    intro = html_output(
        tag("h2", t(lang, "workshop.methods.title")),
        tag(
            "p",
            t(lang, "workshop.methods.how", threshold=format_number(lang, THRESHOLD)),
            cls="kam-how",
        ),
    )
    labels = load_chart_labels(lang)
    labels["series"]["yours"] = t(lang, "workshop.methods.series")
    chart = svg_output(to_svg(value_cost_chart(ratings, labels, lang=lang)))
    rows = []
    for method in METHOD_IDS:
        rating = ratings[method]
        why = []
        if rating.value_rationale:
            why.append(t(lang, "workshop.methods.why_value", why=rating.value_rationale))
        if rating.cost_rationale:
            why.append(t(lang, "workshop.methods.why_cost", why=rating.cost_rationale))
        name = t(lang, f"methods.names.{method}")
        rows.append(
            [
                tag("strong", f"{name} ★") if method in lead else name,
                unknown_mark(lang) if rating.value is None else format_number(lang, rating.value),
                unknown_mark(lang) if rating.cost is None else format_number(lang, rating.cost),
                t(lang, f"methods.regions.{rating.region}") if rating.region else "—",
                concat(*(tag("div", w) for w in why)),
            ]
        )
    headers = [
        t(lang, "workshop.methods.method"),
        t(lang, "workshop.methods.value"),
        t(lang, "workshop.methods.cost"),
        t(lang, "workshop.methods.region"),
        t(lang, "workshop.methods.why"),
    ]
    if not plan.has_reasons:
        headers, rows = headers[:-1], [row[:-1] for row in rows]  # no reasons given
    parts: list[Any] = [
        table(headers, rows, column_classes={1: "kam-num", 2: "kam-num"}),
        tag("h3", t(lang, "workshop.methods.lead_title")),
    ]
    if not lead:
        parts.append(tag("p", t(lang, "case.explain.plan.no_methods"), cls="kam-open"))
    for method in lead:
        rating = ratings[method]
        tactics = list(catalogue_group(lang, f"workshop.tactics.{method}.").values())
        parts += [
            tag(
                "p",
                tag(
                    "strong",
                    t(
                        lang,
                        "workshop.methods.lead_item",
                        method=t(lang, f"methods.names.{method}"),
                        region=t(lang, f"methods.regions.{rating.region}"),
                        value=format_number(lang, rating.value),
                        cost=format_number(lang, rating.cost),
                    ),
                ),
                " ",
                t(lang, "workshop.methods.goal", goal=t(lang, f"workshop.goals.{method}")),
            ),
            tag("div", t(lang, "workshop.methods.tactics"), cls="kam-muted"),
            bullets(tactics),
        ]
    unrated = [t(lang, f"methods.names.{m}") for m in plan.unrated]
    if unrated:
        parts.append(
            tag(
                "p",
                t(lang, "workshop.methods.unrated", methods=", ".join(unrated)),
                cls="kam-open",
            )
        )
    return [intro, chart, html_output(*parts)]
