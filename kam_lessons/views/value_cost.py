"""Input for value versus cost: a case brief, two sliders per method, a live chart, a lead pick.

A method counts as rated once either of its sliders is moved (or it is restored), so a
method left alone is not scored as 50/50. The chart redraws at every change; Check adds
the case's reference to it and says, per method, where and why the trainee's view differs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.questions import ValueCost
from kam_lessons.views.base import FULL, InputView, ViewContext, muted, text_html, warn

LEAD_COUNT = 2


class ValueCostView(InputView[ValueCost]):
    """Sliders for the five methods of the lesson's case, its chart and the two to lead with."""

    def __init__(self, question: ValueCost, ctx: ViewContext, changed: Callable[[], None]):
        from kam_lessons.casebook import load_lesson_case
        from kam_lessons.methods import METHOD_IDS

        super().__init__(question, ctx, changed)
        lang = ctx.lang
        self.case_ref = ctx.parameters.get("case") or question.case
        self.case_problem: KamError | None = None
        self.sliders: dict[str, tuple[w.IntSlider, w.IntSlider]] = {}
        self.lead_buttons: dict[str, w.ToggleButton] = {}
        self.rated: set[str] = set()
        self.lead: list[str] = []
        self._showing = False
        try:
            self.case = load_lesson_case(self.case_ref, lang)
        except KamError as err:
            self.case_problem = err
            self.chart = w.HTML()
            self.widget = w.HTML(warn(t(lang, "ui.vc_case_problem", detail=err.render(lang))))
            return
        names = ctx.labels.get("methods", {})
        words = ctx.labels.get("sliders", {})
        header = w.HBox(
            [
                w.HTML("", layout=w.Layout(width="28%")),
                *(
                    w.HTML(f"<b>{text_html(words.get(side, ''))}</b>", layout=w.Layout(width="36%"))
                    for side in ("value", "cost")
                ),
            ]
        )
        rows: list[w.Widget] = [header]
        for method in METHOD_IDS:
            pair = (self._slider(method), self._slider(method))
            self.sliders[method] = pair
            label = w.HTML(
                f"<b>{text_html(names.get(method, method))}</b>", layout=w.Layout(width="28%")
            )
            rows.append(w.HBox([label, *pair]))
        self.rate_rest = w.Button(
            description=t(lang, "ui.vc_rate_rest"), layout=w.Layout(width="auto")
        )
        self.rate_rest.on_click(lambda _: self._rate_rest())
        rows.append(w.HBox([self.rate_rest]))
        for method in METHOD_IDS:
            button = w.ToggleButton(
                description=names.get(method, method), layout=w.Layout(width="auto")
            )
            button.observe(lambda change, m=method: self._pick(m, change["new"]), "value")
            self.lead_buttons[method] = button
        self.chart = w.HTML(muted(t(lang, "ui.vc_chart_hint")))
        brief = w.HTML(case_brief_html(self.case, lang), layout=FULL)
        lead_line = w.HTML(f"<b>{text_html(t(lang, 'ui.vc_lead'))}</b>")
        self.widget = w.VBox(
            [brief, *rows, self.chart, lead_line, w.HBox(list(self.lead_buttons.values()))]
        )

    def _slider(self, method: str) -> w.IntSlider:
        slider = w.IntSlider(
            value=50,
            min=0,
            max=100,
            step=5,
            continuous_update=True,  # the chart is drawn in Python, in well under 1 ms
            readout=True,
            layout=w.Layout(width="36%"),
        )
        slider.observe(lambda _: self._rate(method), "value")
        return slider

    def _rate(self, method: str) -> None:
        if self._showing:
            return
        self.rated.add(method)
        self.draw()
        self.changed()

    def _rate_rest(self) -> None:
        """Rate every method not rated yet as its sliders show it (e.g. 50/50, left alone)."""
        if not self.sliders or self.rated >= set(self.sliders):
            return
        self.rated |= set(self.sliders)
        self.draw()
        self.changed()

    def _pick(self, method: str, on: bool) -> None:
        if self._showing:
            return
        if on and method not in self.lead:
            self.lead.append(method)
            if len(self.lead) > LEAD_COUNT:  # keep the two latest choices
                dropped = self.lead.pop(0)
                self._showing = True
                self.lead_buttons[dropped].value = False
                self._showing = False
        elif not on and method in self.lead:
            self.lead.remove(method)
        self._style_lead()
        self.changed()

    def _style_lead(self) -> None:
        names = self.ctx.labels.get("methods", {})
        for method, button in self.lead_buttons.items():
            chosen = method in self.lead
            name = names.get(method, method)
            button.button_style = "info" if chosen else ""
            button.description = t(self.ctx.lang, "ui.lead_mark", name=name) if chosen else name

    @property
    def value(self) -> Any:  # noqa: D102
        if not self.rated and not self.lead:
            return None
        ratings = {
            m: {"value": pair[0].value, "cost": pair[1].value}
            for m, pair in self.sliders.items()
            if m in self.rated
        }
        return {"case": self.case_ref, "ratings": ratings, "lead": list(self.lead)}

    def show(self, value: Any) -> None:  # noqa: D102
        if self.case_problem is not None:
            return
        self._showing = True
        try:
            data = value if isinstance(value, dict) else {}
            ratings: dict[str, Any] = (
                data["ratings"] if isinstance(data.get("ratings"), dict) else {}
            )
            self.rated = {m for m in ratings if m in self.sliders}
            for m in self.rated:
                entry = ratings[m] if isinstance(ratings[m], dict) else {}
                for slider, side in zip(self.sliders[m], ("value", "cost"), strict=True):
                    number = entry.get(side)
                    if isinstance(number, int | float) and not isinstance(number, bool):
                        slider.value = int(min(100, max(0, number)))
            lead: list[Any] = data["lead"] if isinstance(data.get("lead"), list) else []
            self.lead = [m for m in lead if isinstance(m, str) and m in self.lead_buttons]
            self.lead = self.lead[:LEAD_COUNT]
            for m, button in self.lead_buttons.items():
                button.value = m in self.lead
        finally:
            self._showing = False
        self._style_lead()
        self.draw()

    def draw(self, reference: Any = None) -> None:
        """Redraw the value-vs-cost chart of the rated methods (and the reference, if given)."""
        value = self.value
        ratings = value["ratings"] if value else {}
        if not ratings and reference is None:
            self.chart.value = muted(t(self.ctx.lang, "ui.vc_chart_hint"))
            return
        svg = value_cost_svg(ratings, self.ctx.labels, self.ctx.lang, reference=reference)
        self.chart.value = f'<div class="kam-chart">{svg}</div>'

    def feedback_html(self, value: Any) -> str:
        """Say per method where and why the trainee's view differs, and draw the reference."""
        from kam_lessons.casebook import reference_ratings
        from kam_lessons.methods import explain_score, score_ratings

        reference = reference_ratings(self.case_ref, self.ctx.lang)
        if reference is None:
            return ""
        result = score_ratings(value.get("ratings", {}), reference, lead=value.get("lead", []))
        lines = "".join(
            f"<li>{text_html(line)}</li>" for line in explain_score(result, self.ctx.lang)
        )
        self.draw(reference=reference)
        return f"<ul>{lines}</ul>"


# The chart's geometry, in pixels: the plot area and the margins for the axes' words.
_W, _H = 520, 380
_LEFT, _TOP, _RIGHT, _BOTTOM = 64, 28, 16, 52
_REGION_COLOURS = {
    "quick_win": "#d9f0d3",
    "lead": "#d1e5f0",
    "keep_up": "#f0f0f0",
    "reconsider": "#fddbc7",
}


def _text_width(text: str, size: float) -> float:
    """Return a generous estimate of a text's width in pixels (no font metrics here)."""
    return 0.62 * size * len(text) + 2


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def value_cost_svg(
    ratings: Mapping[str, Any],
    labels: Mapping[str, Mapping[str, str]],
    lang: str,
    reference: Mapping[str, Any] | None = None,
) -> str:
    """Draw the value-vs-cost chart as SVG, in Python: x = cost, y = value, four regions.

    The same regions, threshold and words as :func:`kam_lessons.charts.value_cost_chart`
    (which draws it with Altair for reports), in well under a millisecond, so the chart
    follows a slider while it is dragged. No label is drawn over another: each point's
    name takes the first free place around it (right, left, above, below, then further out).

    Args:
        ratings: ``{method: {"value": .., "cost": ..}}`` of the rated methods.
        labels: the lesson's labels (``methods``, ``regions``, ``chart``).
        lang: the language of words the labels lack (from the catalogue).
        reference: the case's reference ratings, drawn as diamonds joined to the trainee's.
    """
    from kam_lessons.methods import _REGION_BOXES, as_ratings, load_chart_labels

    fallback = load_chart_labels(lang)

    def word(group: str, key: str, alias: tuple[str, str] | None = None) -> str:
        for source in (labels, fallback):
            for g, k in ((group, key), alias or (group, key)):
                found = source.get(g, {}).get(k)
                if found:
                    return str(found)
        return key

    width, height = _LEFT + _W + _RIGHT, _TOP + _H + _BOTTOM

    def px(cost: float, value: float) -> tuple[float, float]:
        return _LEFT + _W * cost / 100, _TOP + _H * (1 - value / 100)

    esc = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="system-ui, sans-serif" role="img">'
    ]
    taken: list[tuple[float, float, float, float]] = []
    for rid, (x0, x1, y0, y1) in _REGION_BOXES.items():
        left, top = px(x0, y1)
        right, bottom = px(x1, y0)
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
            f'height="{bottom - top:.1f}" fill="{_REGION_COLOURS[rid]}"/>'
        )
        name = word("regions", rid)
        parts.append(
            f'<text x="{left + 6:.1f}" y="{top + 15:.1f}" font-size="11" fill="#555">'
            f"{esc(name)}</text>"
        )
        taken.append((left + 4, top + 2, left + 8 + _text_width(name, 11), top + 19))
    for v in (0, 50, 100):  # axes' ticks
        x, _ = px(v, 0)
        _, y = px(0, v)
        parts.append(
            f'<text x="{x:.1f}" y="{_TOP + _H + 16}" font-size="11" text-anchor="middle" '
            f'fill="#333">{v}</text><text x="{_LEFT - 6}" y="{y + 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="#333">{v}</text>'
        )
    parts.append(
        f'<text x="{_LEFT + _W / 2:.1f}" y="{height - 10}" font-size="12" text-anchor="middle" '
        f'fill="#222">{esc(word("axes", "cost", ("chart", "x_title")))}</text>'
        f'<text transform="translate(16 {_TOP + _H / 2:.1f}) rotate(-90)" font-size="12" '
        f'text-anchor="middle" fill="#222">{esc(word("axes", "value", ("chart", "y_title")))}'
        "</text>"
    )
    mine = {m: r for m, r in as_ratings(ratings).items() if r.known}
    theirs = {m: r for m, r in as_ratings(reference).items() if r.known} if reference else {}
    points: list[tuple[str, float, float, str]] = []
    for method, rating in theirs.items():
        x, y = px(float(rating.cost or 0), float(rating.value or 0))
        if method in mine:
            mx, my = px(float(mine[method].cost or 0), float(mine[method].value or 0))
            parts.append(
                f'<line x1="{mx:.1f}" y1="{my:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#b2182b" '
                'stroke-dasharray="4 3" stroke-width="1.2"/>'
            )
        parts.append(
            f'<path d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y:.1f} L{x:.1f} {y + 7:.1f} '
            f'L{x - 7:.1f} {y:.1f} Z" fill="#b2182b"/>'
        )
        points.append((word("methods", method), x, y, "#b2182b"))
    for method, rating in mine.items():
        x, y = px(float(rating.cost or 0), float(rating.value or 0))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6.5" fill="#1f5f99"/>')
        points.append((word("methods", method), x, y, "#123"))
    taken += [(x - 7, y - 7, x + 7, y + 7) for _, x, y, _ in points]
    for name, x, y, colour in points:
        w_, h_ = _text_width(name, 12), 14
        spots = [
            (x + 10, y - 7),
            (x - 10 - w_, y - 7),
            (x - w_ / 2, y - 10 - h_),
            (x - w_ / 2, y + 10),
        ]
        spots += [(sx, sy + dy) for dy in (-16, 16, -32, 32, -48, 48) for sx, sy in spots[:2]]
        inside = [
            s for s in spots if _LEFT <= s[0] <= _LEFT + _W - w_ and _TOP <= s[1] <= _TOP + _H - h_
        ] or spots
        free = [
            s for s in inside if not any(_overlaps((*s, s[0] + w_, s[1] + h_), b) for b in taken)
        ]
        sx, sy = (free or inside)[0]
        taken.append((sx, sy, sx + w_, sy + h_))
        parts.append(
            f'<text x="{sx:.1f}" y="{sy + 11:.1f}" font-size="12" fill="{colour}">'
            f"{esc(name)}</text>"
        )
    if theirs:
        yours = word("series", "yours", ("chart", "yours"))
        ref = word("series", "reference", ("chart", "reference"))
        parts.append(
            f'<g font-size="11" fill="#333"><circle cx="{_LEFT + 8}" cy="{_TOP - 14}" r="5" '
            f'fill="#1f5f99"/><text x="{_LEFT + 18}" y="{_TOP - 10}">{esc(yours)}</text>'
            f'<path d="M{_LEFT + 30 + _text_width(yours, 11):.1f} {_TOP - 20} l6 6 l-6 6 l-6 -6 Z" '
            f'fill="#b2182b"/><text x="{_LEFT + 40 + _text_width(yours, 11):.1f}" '
            f'y="{_TOP - 10}">{esc(ref)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def case_brief_html(case: Any, lang: str) -> str:
    """Return a short, escaped profile of a client case: what a trainee needs to rate methods."""
    rows = [(t(lang, "case.fields.name"), case.name)]
    picks = [
        ("profile", "company"),
        ("profile", "industry"),
        ("profile", "importance"),
        ("profile", "financial_position"),
        ("purchasing", "volume"),
        ("purchasing", "financial_terms"),
        ("satisfaction", "products"),
        ("satisfaction", "logistics"),
        ("satisfaction", "service"),
        ("knowledge", "power_structure"),
        ("knowledge", "future_plans"),
    ]
    for group, name in picks:
        text = getattr(getattr(case.analysis, group), name)
        if text:
            rows.append((t(lang, f"case.fields.analysis.{group}.{name}"), text))
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{text_html(k)}</th>"
        f"<td style='text-align:left'>{text_html(str(v))}</td></tr>"
        for k, v in rows
    )
    return f'<table class="kam-case">{body}</table>'
