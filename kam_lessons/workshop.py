"""What the workshop notebook calls: open a client case, then show it part by part.

The workshop notebook (``notebooks/workshop.ipynb``) is a parameters cell and one-liners::

    workshop = open_workshop(case, lang)
    workshop.header()        # CONFIDENTIAL, the account's name, the case file
    workshop.square()        # 1. the square
    workshop.stage()         # 2. stage diagnosis
    workshop.risk()          # 3. uncoupling risk
    workshop.methods()       # 4. methods plan
    workshop.preparation()   # 5. preparation and completeness
    workshop.plan()          # 6. the account plan, one page to take away

Each part shows a result of :mod:`kam_lessons.diagnosis` or :mod:`kam_lessons.methods`
(the logic lives there, as pure functions) and says why it concludes what it concludes,
in the chosen language: every word comes from the catalogue (``workshop.*``, ``case.*``,
``methods.*``). Parts are HTML and SVG only, with no widgets, so the exported report
(:mod:`kam_lessons.report`) works offline.

**Everything from the case file is escaped.** A team may type anything into a case,
``<script>`` included, and it must show as text. The HTML is built only with the helpers
below (:func:`escape`, :func:`tag`, :func:`table`, ...), which escape every string they
are given unless it is :class:`Markup` they built themselves. No Markdown is used for
case text, so no raw HTML can slip through a Markdown renderer.

A bad case file (or an unknown language) never shows a traceback: :func:`open_workshop`
returns a :class:`WorkshopProblem`, which shows one message naming the file, the field,
what was found and what is allowed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kam_lessons.case import DECISION_ROLES, ClientCase, YesNo, load_case
from kam_lessons.diagnosis import (
    DISPUTE_COUNT,
    DISPUTE_SPREAD,
    SQUARE_REGIONS,
    SQUARE_THRESHOLD,
    classify_contacts,
    describe_contradiction,
    describe_range,
    describe_requirement,
    describe_value,
    diagnose_stage,
    explain_square,
    format_number,
    place_in_square,
    plan_account,
    plan_sections,
    review_preparation,
)
from kam_lessons.errors import KamError
from kam_lessons.i18n import DEFAULT_LANG, languages, t
from kam_lessons.methods import METHOD_IDS, THRESHOLD, as_ratings

PARTS: tuple[str, ...] = ("header", "square", "stage", "risk", "methods", "preparation", "plan")
HTML_MIME = "text/html"
SVG_MIME = "image/svg+xml"
#: How many unknown fields a completeness row names before it says "+ N more".
SHOWN_UNKNOWNS = 6

STYLE = """<style>
.kam-ws { max-width: 74em; line-height: 1.45; }
.kam-ws h1 { margin-top: 0.3em; }
.kam-ws h2 { margin-top: 1.4em; border-bottom: 2px solid #1f4e79; padding-bottom: 0.15em; }
.kam-ws table.kam-table { border-collapse: collapse; margin: 0.4em 0 1em; table-layout: auto; }
.kam-ws table.kam-table th, .kam-ws table.kam-table td { border: 1px solid #c8c8c8;
  padding: 3px 8px; text-align: left; vertical-align: top; }
.kam-ws table.kam-table th { background: #eef2f6; }
.kam-ws table.kam-table .kam-num { text-align: right; white-space: nowrap; }
.kam-ws table.kam-table .kam-mark { text-align: center; }
.kam-ws table.kam-table tr.kam-disputed td { background: #fff4d6; font-weight: bold; }
.kam-ws table.kam-table tr.kam-sum td { border-top: 2px solid #888; font-weight: bold; }
.kam-ws table.kam-table ul { margin: 0; padding-left: 1.2em; }
.kam-ws .kam-confidential { background: #b42318; color: #fff; padding: 6px 12px;
  border-radius: 3px; }
.kam-ws .kam-confidential strong { letter-spacing: 0.08em; margin-right: 0.6em; }
.kam-ws .kam-how { color: #444; font-style: italic; }
.kam-ws .kam-verdict { font-size: 1.1em; font-weight: bold; }
.kam-ws .kam-open { color: #b42318; font-style: italic; }
.kam-ws .kam-muted { color: #666; }
.kam-ws .kam-bad { color: #b42318; font-weight: bold; }
.kam-ws .kam-good { color: #2e7d32; font-weight: bold; }
.kam-ws .kam-level { display: inline-block; padding: 3px 10px; border-radius: 3px;
  font-weight: bold; }
.kam-ws .kam-level-none, .kam-ws .kam-level-low { background: #e3f1df; }
.kam-ws .kam-level-medium { background: #fff0c2; }
.kam-ws .kam-level-high { background: #f9d0cb; }
.kam-ws .kam-bar { display: inline-block; width: 6em; height: 0.7em; background: #e4e4e4;
  margin-right: 0.5em; vertical-align: middle; }
.kam-ws .kam-bar span { display: block; height: 100%; background: #1f4e79; }
.kam-ws .kam-plan { border: 2px solid #1f4e79; border-radius: 4px; padding: 0.2em 1.2em 0.8em; }
.kam-ws .kam-plan h3 { margin-bottom: 0.2em; }
.kam-ws .kam-plan ul { margin-top: 0.2em; }
.kam-ws pre { white-space: pre-wrap; }
.kam-ws td, .kam-ws li, .kam-ws p { white-space: pre-line; }
.kam-ws .kam-scroll { overflow-x: auto; max-width: 100%; }
@media print {
  .kam-ws .kam-scroll { overflow: visible; }
  .kam-ws table.kam-table { width: 100%; table-layout: fixed; }
  .kam-ws table.kam-table th, .kam-ws table.kam-table td { overflow-wrap: anywhere; }
  .kam-ws table.kam-table tr { break-inside: avoid; }
  .kam-ws .kam-plan { break-before: page; break-inside: avoid; font-size: 9.5pt;
    line-height: 1.3; padding: 0.1em 0.8em 0.4em; border-width: 1px; }
  .kam-ws .kam-plan h2 { margin-top: 0.2em; font-size: 1.25em; }
  .kam-ws .kam-plan h3 { margin: 0.5em 0 0.1em; font-size: 1.02em; }
  .kam-ws .kam-plan ul { margin: 0.1em 0; }
  .kam-ws .kam-plan li { margin: 0; }
}
</style>"""


# ---------------------------------------------------------------------------
# Escaped HTML.


class Markup(str):
    """HTML that is safe to show as it is: built here, with every text in it escaped."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """Return ``value`` as HTML: escaped (quotes too), unless it is already :class:`Markup`."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


def tag(name: str, *children: object, cls: str = "") -> Markup:
    """Return an element holding ``children`` (each escaped unless :class:`Markup`)."""
    attr = f' class="{escape(cls)}"' if cls else ""
    return Markup(f"<{name}{attr}>{''.join(escape(c) for c in children)}</{name}>")


def concat(*parts: object) -> Markup:
    """Return the parts one after another (each escaped unless :class:`Markup`)."""
    return Markup("".join(escape(p) for p in parts))


def bullets(items: list[Any], cls: str = "") -> Markup:
    """Return a bulleted list of ``items`` (empty markup when there are none)."""
    if not items:
        return Markup("")
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


# ---------------------------------------------------------------------------
# What a part shows.


@dataclass(frozen=True)
class Output:
    """One thing a part shows: HTML (``text/html``) or a chart (``image/svg+xml``)."""

    mime: str
    data: str


def _html(*parts: object, style: bool = False) -> Output:
    """Return HTML output; ``style`` adds the stylesheet (once per report: the header)."""
    return Output(HTML_MIME, (STYLE if style else "") + tag("div", *parts, cls="kam-ws"))


def show(outputs: list[Output]) -> None:
    """Display outputs in the notebook: HTML as HTML, charts as SVG."""
    from IPython.display import HTML, display

    from kam_lessons.charts import svg_display

    for out in outputs:
        display(HTML(out.data) if out.mime == HTML_MIME else svg_display(out.data))


class Workshop:
    """One client case, opened in one language: shows the six parts of the workshop."""

    def __init__(self, case: ClientCase, path: Path, lang: str) -> None:
        self.case = case
        self.path = Path(path)
        self.lang = lang
        self.placement = place_in_square(case)
        self.diagnosis = diagnose_stage(case)
        self.account_plan = plan_account(case)
        self.risk_assessment = self.account_plan.risk  # weighed for the diagnosed stage
        self.review = review_preparation(case)

    # -- what the notebook calls ----------------------------------------------------
    def header(self) -> None:
        """Show CONFIDENTIAL, the account's name, the case file and what follows."""
        show(self.render("header"))

    def square(self) -> None:
        """Show part 1: the square, each scorer's point, the spread and the consensus."""
        show(self.render("square"))

    def stage(self) -> None:
        """Show part 2: the stage, the evidence, contradictions and the next stage."""
        show(self.render("stage"))

    def risk(self) -> None:
        """Show part 3: the warning signs weighed by stage, with counter-actions and rules."""
        show(self.render("risk"))

    def methods(self) -> None:
        """Show part 4: value against cost of the five methods, and what to lead with."""
        show(self.render("methods"))

    def preparation(self) -> None:
        """Show part 5: the preparation questions, the decision unit, competitors, completeness."""
        show(self.render("preparation"))

    def plan(self) -> None:
        """Show part 6: the account plan, one page to take away."""
        show(self.render("plan"))

    def render(self, part: str) -> list[Output]:
        """Return what a part shows (one of :data:`PARTS`), without displaying it."""
        if part not in PARTS:
            raise ValueError(f"no workshop part {part!r}; parts: {', '.join(PARTS)}")
        return getattr(self, f"_render_{part}")()

    def text(self, part: str) -> str:
        """Return everything a part shows as one string (HTML and SVG), e.g. for tests."""
        return "\n".join(out.data for out in self.render(part))

    # -- words ------------------------------------------------------------------------
    def _t(self, key: str, **params: object) -> str:
        return t(self.lang, key, **params)

    def _stage_name(self, stage: str | None) -> str:
        return self._t(f"case.stages.{stage}.name") if stage else self._t("case.unknown")

    def _region_name(self, region: str | None) -> str:
        return self._t(f"case.regions.{region}.name") if region else self._t("case.unknown")

    def _value_name(self, indicator: str, value: str | None) -> str:
        return describe_value(self.lang, indicator, value)

    def _num(self, value: float | None) -> str:
        return format_number(value, self.lang)

    def _exact(self, value: float) -> str:
        return format_number(value, self.lang, floor=False)

    def _case_text(self, value: str) -> str:
        """Return a text from the case; a yes/no answer in the report's language."""
        return self._t(f"case.yes_no.{value}") if isinstance(value, YesNo) else value

    def _unknown(self) -> Markup:
        return tag("span", self._t("case.unknown"), cls="kam-open")

    # -- the parts --------------------------------------------------------------------
    def _render_header(self) -> list[Output]:
        notes = (
            [tag("p", self._t("workshop.team_notes", notes=self.case.notes))]
            if self.case.notes.strip()
            else []
        )
        return [
            _html(
                tag(
                    "div",
                    tag("strong", self._t("workshop.confidential")),
                    self._t("workshop.confidential_note"),
                    cls="kam-confidential",
                ),
                tag("h1", self._t("workshop.title", account=self.case.name)),
                tag("p", self._t("workshop.case_file", file=self.path.name), cls="kam-muted"),
                *notes,
                tag("p", self._t("workshop.contents")),
                style=True,
            )
        ]

    def _render_square(self) -> list[Output]:
        from kam_lessons.charts import square_chart, to_svg

        square = self.placement
        threshold = self._num(SQUARE_THRESHOLD)
        high = self._t("workshop.square.high", threshold=threshold)
        low = self._t("workshop.square.low", threshold=threshold)
        sides = {
            "key": (high, high),
            "target": (high, low),
            "not_of_interest": (low, high),
            "too_ambitious": (low, low),
        }
        regions = table(
            [
                self._t("workshop.square.region"),
                self._t("workshop.square.customer"),
                self._t("workshop.square.ours"),
                self._t("workshop.square.meaning"),
            ],
            [
                [
                    tag("strong", self._region_name(r)),
                    *sides[r],
                    self._t(f"case.regions.{r}.meaning"),
                ]
                for r in SQUARE_REGIONS
            ],
        )
        intro = _html(
            tag("h2", self._t("workshop.square.title")),
            tag("p", self._t("workshop.square.how", threshold=threshold), cls="kam-how"),
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
                    "label": self._t("workshop.square.team"),
                    "ours": square.consensus.ours,
                    "customer": square.consensus.customer,
                    "kind": "team",
                }
            )
        labels = {
            "regions": {r: self._region_name(r) for r in SQUARE_REGIONS},
            "chart": {
                "title": self._t("workshop.square.chart_title"),
                "x_title": self._t("workshop.square.axis_ours"),
                "y_title": self._t("workshop.square.axis_customer"),
                "scorer": self._t("workshop.square.scorer"),
                "team": self._t("workshop.square.team"),
            },
        }
        chart = Output(SVG_MIME, to_svg(square_chart(points, labels, SQUARE_THRESHOLD)))

        sentences = explain_square(square, self.lang)
        notes = []
        if square.consensus.region is None:
            notes.append(tag("p", self._t("workshop.square.no_point"), cls="kam-bad"))
        if not several:
            notes.append(tag("p", self._t("workshop.square.one_scorer"), cls="kam-muted"))
        elif square.disputed:
            notes.append(
                tag(
                    "p",
                    self._t(
                        "workshop.square.disputed_note",
                        spread=self._num(DISPUTE_SPREAD),
                        count=DISPUTE_COUNT,
                    ),
                )
            )
        else:
            notes.append(
                tag("p", self._t("workshop.square.no_dispute", spread=self._num(DISPUTE_SPREAD)))
            )
        details = _html(
            tag("h3", self._t("workshop.square.points_title")),
            bullets(sentences),
            *notes,
            tag("h3", self._t("workshop.square.scores_title")),
            *(self._scores_table(group) for group in ("customer", "ours")),
        )
        return [intro, chart, details]

    def _scores_table(self, group: str) -> Markup:
        square = self.placement
        several = len(square.points) > 1
        disputed = {(s.group, s.criterion) for s in square.disputed}
        headers: list[Any] = [self._t(f"case.groups.{group}")]
        headers += [p.scorer for p in square.points]
        if several:
            headers += [self._t("workshop.square.spread")]
        rows: list[list[Any]] = []
        classes = []
        for spread in square.spreads:
            if spread.group != group:
                continue
            flagged = (group, spread.criterion) in disputed
            name = self._t(f"case.criteria.{group}.{spread.criterion}")
            row: list[Any] = [f"⚑ {name}" if flagged else name]
            for card in self.case.scores:
                value = getattr(getattr(card, group), spread.criterion)
                row.append(self._unknown() if value is None else self._num(value))
            if several:
                row.append(self._num(spread.spread) if len(spread.scores) > 1 else "—")
            rows.append(row)
            classes.append("kam-disputed" if flagged else "")
        means: list[Any] = [self._t("workshop.square.mean")]
        means += [self._num(getattr(p, group)) for p in square.points]
        if several:
            means.append("")
        rows.append(means)
        classes.append("kam-sum")
        numbers = dict.fromkeys(range(1, len(headers)), "kam-num")
        return table(headers, rows, row_classes=classes, column_classes=numbers)

    def _render_stage(self) -> list[Output]:
        d = self.diagnosis
        parts: list[Any] = [
            tag("h2", self._t("workshop.stage.title")),
            tag("p", self._t("workshop.stage.how"), cls="kam-how"),
        ]
        if d.stage is None:
            parts.append(tag("p", self._t("case.explain.stage.unknown"), cls="kam-verdict"))
        else:
            parts.append(
                tag(
                    "p",
                    self._t(
                        "case.explain.stage.points_to",
                        stage=self._stage_name(d.stage),
                        agreeing=d.agreeing,
                        known=d.known,
                    ),
                    cls="kam-verdict",
                )
            )
        if d.claimed is None:
            parts.append(tag("p", self._t("workshop.stage.no_claim")))
        elif d.claim_matches:
            parts.append(
                tag("p", self._t("workshop.stage.claim_matches", stage=self._stage_name(d.claimed)))
            )
        elif d.claim_matches is False:
            parts.append(
                tag(
                    "p",
                    self._t(
                        "case.explain.stage.claim_differs",
                        claimed=self._stage_name(d.claimed),
                        stage=self._stage_name(d.stage),
                    ),
                    cls="kam-bad",
                )
            )
        else:  # e.g. the team says "uncoupling", or no stage could be diagnosed
            parts.append(
                tag("p", self._t("workshop.stage.claimed", stage=self._stage_name(d.claimed)))
            )
        parts += [tag("h3", self._t("workshop.stage.evidence_title")), self._evidence_table()]
        parts += self._contact_map()
        if d.stage is None:  # nothing known: nothing to contradict, no next stage to plan
            return [_html(*parts)]
        parts.append(tag("h3", self._t("workshop.stage.contradictions_title")))
        if d.contradictions:
            lines = [describe_contradiction(c, self.lang) for c in d.contradictions]
            parts += [bullets(lines), tag("p", self._t("workshop.stage.contradictions_why"))]
        else:
            parts.append(tag("p", self._t("workshop.stage.no_contradictions"), cls="kam-good"))
        parts.append(tag("h3", self._t("workshop.stage.next_title")))
        if d.next_stage is None:
            parts.append(tag("p", self._t("case.explain.stage.top")))
        else:
            parts.append(
                tag(
                    "p",
                    self._t(
                        "case.explain.stage.next",
                        next=self._stage_name(d.next_stage),
                        advice=self._t(f"case.stages.{d.next_stage}.move"),
                    ),
                )
            )
            parts.append(
                bullets([describe_requirement(r, self.lang) for r in d.requirements if not r.met])
            )
        return [_html(*parts)]

    def _evidence_table(self) -> Markup:
        d = self.diagnosis
        rel = self.case.relationship
        rows = []
        for item in d.evidence:
            value: Any = self._value_name(item.indicator, item.value)
            if item.value is None:
                value = self._unknown()
            elif item.indicator == "joint_activities" and rel.joint_activities:
                names = ", ".join(self._t(f"case.activities.{a}") for a in rel.joint_activities)
                value = f"{value} ({names})"
            elif item.indicator == "agreements" and rel.agreements:
                value = concat(value, bullets([a.name or "—" for a in rel.agreements]))
            row = [
                self._t(f"case.indicators.{item.indicator}"),
                value,
                describe_range(self.lang, item) if item.known else "—",
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
            self._t("workshop.stage.indicator"),
            self._t("workshop.stage.value"),
            self._t("workshop.stage.points_to"),
        ]
        if d.stage is not None:
            headers.append(self._t("workshop.stage.fits", stage=self._stage_name(d.stage)))
        return table(headers, rows, column_classes={3: "kam-mark"})

    def _contact_map(self) -> list[Any]:
        parts: list[Any] = [tag("h3", self._t("workshop.stage.contacts_title"))]
        contacts = self.case.relationship.contacts
        if contacts is None:
            return [*parts, tag("p", self._t("workshop.stage.contacts_unknown"), cls="kam-open")]
        shape = classify_contacts(contacts)
        headers: list[Any] = [self._t("workshop.stage.contacts_corner")]
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
        shape_name = self._t(f"case.values.contacts.{shape.shape}")
        parts.append(
            tag(
                "p",
                tag("strong", self._t("workshop.stage.shape", shape=shape_name)),
                " ",
                self._t(f"workshop.stage.shape_why.{shape.shape}"),
            )
        )
        if self.account_plan.unreached:
            roles = ", ".join(self.account_plan.unreached)
            parts.append(tag("p", self._t("workshop.stage.unreached", roles=roles)))
        return parts

    def _render_risk(self) -> list[Output]:
        risk = self.risk_assessment
        parts: list[Any] = [
            tag("h2", self._t("workshop.risk.title")),
            tag("p", self._t("workshop.risk.how"), cls="kam-how"),
        ]
        if not risk.assessed:
            parts.append(tag("p", self._t("case.explain.risk.not_assessed"), cls="kam-open"))
            return [_html(*parts)]
        if not risk.items:
            parts.append(
                tag("p", self._t("case.explain.risk.none"), cls="kam-level kam-level-none")
            )
            return [_html(*parts)]
        parts.append(
            tag(
                "p",
                self._t(
                    "case.explain.risk.summary",
                    level=self._t(f"case.risk_levels.{risk.level}"),
                    total=self._exact(risk.total),
                    stage=self._stage_name(risk.stage),
                ),
                cls=f"kam-level kam-level-{risk.level}",
            )
        )
        contacts = self.case.relationship.contacts
        roles = {}
        if contacts is not None:
            roles = {p.id: p.role or p.id for p in (*contacts.ours, *contacts.theirs)}
        rows = []
        for item in risk.items:
            sign: list[Any] = [tag("strong", self._t(f"case.signs.{item.sign}.name"))]
            if item.note:
                sign.append(tag("div", item.note, cls="kam-muted"))
            if item.source == "contact_map":
                people = ", ".join(roles.get(p, p) for p in item.people)
                sign.append(
                    tag("div", self._t("workshop.risk.from_map", people=people), cls="kam-muted")
                )
            rows.append(
                [
                    concat(*sign),
                    self._t(f"case.causes.{item.cause}"),
                    self._t(
                        "workshop.risk.weight_value",
                        base=item.base,
                        factor=self._exact(item.factor),
                        weight=self._exact(item.weight),
                    ),
                    self._t(f"case.signs.{item.sign}.counter"),
                    bullets([self._t(f"case.rules.{r}") for r in item.rules]),
                ]
            )
        rows.append(
            ["", "", f"{self._t('workshop.risk.total')}: {self._exact(risk.total)}", "", ""]
        )
        headers = [
            self._t("workshop.risk.sign"),
            self._t("workshop.risk.cause"),
            self._t("workshop.risk.weight"),
            self._t("workshop.risk.counter"),
            self._t("workshop.risk.rules"),
        ]
        classes = [""] * len(risk.items) + ["kam-sum"]
        parts.append(table(headers, rows, row_classes=classes, column_classes={2: "kam-num"}))
        return [_html(*parts)]

    def _render_methods(self) -> list[Output]:
        from kam_lessons.charts import to_svg
        from kam_lessons.methods import load_chart_labels, value_cost_chart

        ratings = as_ratings(self.case.methods)
        lead = self.account_plan.lead_methods
        intro = _html(
            tag("h2", self._t("workshop.methods.title")),
            tag(
                "p", self._t("workshop.methods.how", threshold=self._num(THRESHOLD)), cls="kam-how"
            ),
        )
        labels = load_chart_labels(self.lang)
        labels["series"]["yours"] = self._t("workshop.methods.series")
        chart = Output(SVG_MIME, to_svg(value_cost_chart(ratings, labels, lang=self.lang)))
        rows = []
        for method in METHOD_IDS:
            rating = ratings[method]
            why = []
            if rating.value_rationale:
                why.append(self._t("workshop.methods.why_value", why=rating.value_rationale))
            if rating.cost_rationale:
                why.append(self._t("workshop.methods.why_cost", why=rating.cost_rationale))
            name = self._t(f"methods.names.{method}")
            rows.append(
                [
                    tag("strong", f"{name} ★") if method in lead else name,
                    self._unknown() if rating.value is None else self._num(rating.value),
                    self._unknown() if rating.cost is None else self._num(rating.cost),
                    self._t(f"methods.regions.{rating.region}") if rating.region else "—",
                    concat(*(tag("div", w) for w in why)),
                ]
            )
        headers = [
            self._t("workshop.methods.method"),
            self._t("workshop.methods.value"),
            self._t("workshop.methods.cost"),
            self._t("workshop.methods.region"),
            self._t("workshop.methods.why"),
        ]
        if not any(r.value_rationale or r.cost_rationale for r in ratings.values()):
            headers, rows = headers[:-1], [row[:-1] for row in rows]  # no reasons given
        parts: list[Any] = [
            table(headers, rows, column_classes={1: "kam-num", 2: "kam-num"}),
            tag("h3", self._t("workshop.methods.lead_title")),
        ]
        if not lead:
            parts.append(tag("p", self._t("case.explain.plan.no_methods"), cls="kam-open"))
        for method in lead:
            rating = ratings[method]
            tactics = list(_catalogue_group(self.lang, f"workshop.tactics.{method}.").values())
            parts += [
                tag(
                    "p",
                    tag(
                        "strong",
                        self._t(
                            "workshop.methods.lead_item",
                            method=self._t(f"methods.names.{method}"),
                            region=self._t(f"methods.regions.{rating.region}"),
                            value=self._num(rating.value),
                            cost=self._num(rating.cost),
                        ),
                    ),
                    " ",
                    self._t("workshop.methods.goal", goal=self._t(f"workshop.goals.{method}")),
                ),
                tag("div", self._t("workshop.methods.tactics"), cls="kam-muted"),
                bullets(tactics),
            ]
        unrated = [self._t(f"methods.names.{m}") for m in METHOD_IDS if not ratings[m].known]
        if unrated:
            parts.append(
                tag(
                    "p",
                    self._t("workshop.methods.unrated", methods=", ".join(unrated)),
                    cls="kam-open",
                )
            )
        return [intro, chart, _html(*parts)]

    def _render_preparation(self) -> list[Output]:
        review = self.review
        parts: list[Any] = [
            tag("h2", self._t("workshop.preparation.title")),
            tag("p", self._t("workshop.preparation.how"), cls="kam-how"),
            tag(
                "p",
                self._t(
                    "case.explain.prep.answered",
                    answered=review.answered,
                    total=len(review.answers),
                ),
                cls="kam-verdict",
            ),
        ]
        open_mark = tag("span", self._t("workshop.preparation.open"), cls="kam-open")
        parts.append(
            table(
                [self._t("workshop.preparation.question"), self._t("workshop.preparation.answer")],
                [
                    [self._t(f"case.questions.{q}"), open_mark if a is None else self._case_text(a)]
                    for q, a in review.answers
                ],
            )
        )
        unit = self.case.decision_unit
        rows = []
        for role in DECISION_ROLES:
            who = getattr(unit, role)
            if isinstance(who, tuple):
                who = ", ".join(who) or self._t("workshop.none")
            rows.append(
                [
                    self._t(f"case.fields.decision_unit.{role}"),
                    self._unknown() if who is None else self._case_text(who),
                ]
            )
        known = unit.power_structure_known
        rows.append(
            [
                self._t("case.fields.decision_unit.power_structure_known"),
                self._unknown()
                if known is None
                else self._t(f"case.values.power_structure_known.{known}"),
            ]
        )
        parts += [
            tag("h3", self._t("workshop.preparation.decision_unit_title")),
            table(
                [self._t("workshop.preparation.role"), self._t("workshop.preparation.who")], rows
            ),
            tag("h3", self._t("workshop.preparation.competitors_title")),
            self._competitors(),
            tag("h3", self._t("workshop.preparation.completeness_title")),
            tag("p", self._t("workshop.preparation.completeness_how"), cls="kam-how"),
            self._completeness(),
        ]
        return [_html(*parts)]

    def _competitors(self) -> Markup:
        if not self.case.competitors:
            return tag("p", self._t("workshop.none"))
        fields = ("name", "share", "strengths", "weaknesses", "threat")
        rows = []
        for rival in self.case.competitors:
            row: list[Any] = []
            for field in fields:
                value = getattr(rival, field)
                if value is None:
                    row.append(self._unknown())
                elif field == "threat":
                    row.append(self._t(f"case.values.threat.{value}"))
                elif isinstance(value, tuple):
                    row.append(bullets(list(value)) if value else self._t("workshop.none"))
                else:
                    row.append(self._case_text(value))
            rows.append(row)
        return table([self._t(f"case.fields.competitors.{f}") for f in fields], rows)

    def _completeness(self) -> Markup:
        rows: list[list[Any]] = []
        classes = []
        sections = self.review.completeness
        for title, group in (
            ("workshop.preparation.analysis", [c for c in sections if c.is_analysis_group]),
            ("workshop.preparation.rest", [c for c in sections if not c.is_analysis_group]),
        ):
            rows.append([tag("strong", self._t(title)), "", ""])
            classes.append("kam-sum")
            for item in group:
                width = round(100 * item.share)
                bar = Markup(f'<span class="kam-bar"><span style="width: {width}%"></span></span>')
                missing = item.unknown[:SHOWN_UNKNOWNS]
                more = len(item.unknown) - len(missing)
                more_note = (
                    tag("div", self._t("workshop.preparation.more", n=more), cls="kam-muted")
                    if more
                    else ""
                )
                rows.append(
                    [
                        self._t(f"case.sections.{item.section}"),
                        concat(
                            bar,
                            self._t(
                                "workshop.preparation.known_of", known=item.known, total=item.total
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
                    self._t("workshop.preparation.section"),
                    self._t("workshop.preparation.known"),
                    self._t("workshop.preparation.missing"),
                ],
                rows,
                row_classes=classes,
            ),
            tag(
                "p",
                self._t("workshop.preparation.total", known=known, total=total, percent=percent),
            ),
        )

    def _render_plan(self) -> list[Output]:
        plan = self.account_plan
        sections: list[Any] = [
            tag("h2", self._t("workshop.plan.title", account=plan.account)),
            tag("p", self._t("workshop.plan.take_away"), cls="kam-muted"),
        ]
        for name, items in plan_sections(plan, self.lang):
            if not items and name != "open":
                continue
            sections.append(tag("h3", self._t(f"workshop.plan.{name}")))
            sections.append(bullets(items) if items else tag("p", self._t("workshop.plan.nothing")))
        return [_html(tag("div", *sections, cls="kam-plan"))]


def _catalogue_group(lang: str, prefix: str) -> dict[str, str]:
    """Return the catalogue entries under ``prefix`` in their file order (English if missing)."""
    from kam_lessons.i18n import catalogue

    found = {k: v for k, v in catalogue(lang).items() if k.startswith(prefix)}
    return found or {k: v for k, v in catalogue(DEFAULT_LANG).items() if k.startswith(prefix)}


class WorkshopProblem:
    """Stands in for a case that could not be opened: the first call shows what is wrong."""

    def __init__(self, error: KamError, lang: str) -> None:
        self.error = error
        self.lang = lang if lang in languages() else DEFAULT_LANG
        self._shown = False

    def render(self, part: str = "header") -> list[Output]:
        """Return the message (the same for every part): what is wrong and how to fix it."""
        return [
            _html(
                tag("p", tag("strong", t(self.lang, "workshop.cannot_open")), cls="kam-bad"),
                tag("pre", self.error.render(self.lang)),
                tag("p", t(self.lang, "workshop.fix_hint")),
                style=True,
            )
        ]

    def text(self, part: str = "header") -> str:
        """Return the message as one string."""
        return "\n".join(out.data for out in self.render(part))

    def _show(self, *_: Any, **__: Any) -> None:
        if self._shown:
            return
        self._shown = True
        show(self.render())

    header = square = stage = risk = methods = preparation = plan = _show


def open_workshop(case_path: str | Path, lang: str = DEFAULT_LANG) -> Workshop | WorkshopProblem:
    """Open a client case for the workshop; on bad input return a stand-in that explains it.

    Args:
        case_path: The case's YAML file.
        lang: A language with a catalogue (``en``, ``ru``).

    Returns:
        The :class:`Workshop`, or a :class:`WorkshopProblem` whose first call shows one
        message naming the file, the field, what was found and what is allowed.
    """
    try:
        check_lang(lang)
        path = Path(case_path)
        case = load_case(path)
    except KamError as err:
        return WorkshopProblem(err, lang)
    return Workshop(case, path, lang)


def check_lang(lang: str) -> None:
    """Raise a :class:`KamError` unless ``lang`` has a catalogue."""
    if lang not in languages():
        raise KamError(
            None, "lang", "errors.unknown_lang", found=lang, allowed=", ".join(languages())
        )
