"""Input for value versus cost: a case brief, two sliders per method, a live chart, a lead pick.

A method counts as rated once either of its sliders is moved (or it is restored), so a
method left alone is not scored as 50/50. The chart redraws at every change; Check adds
the case's reference to it and says, per method, where and why the trainee's view differs.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
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
        threading.Thread(target=_warm_up_charts, daemon=True).start()
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
            continuous_update=False,
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
        for method, button in self.lead_buttons.items():
            button.button_style = "info" if method in self.lead else ""
            button.icon = "star" if method in self.lead else ""

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
            ratings = data.get("ratings") if isinstance(data.get("ratings"), dict) else {}
            self.rated = {m for m in ratings if m in self.sliders}
            for m in self.rated:
                entry = ratings[m] if isinstance(ratings[m], dict) else {}
                for slider, side in zip(self.sliders[m], ("value", "cost"), strict=True):
                    number = entry.get(side)
                    if isinstance(number, int | float) and not isinstance(number, bool):
                        slider.value = int(min(100, max(0, number)))
            lead = data.get("lead") if isinstance(data.get("lead"), list) else []
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
        from kam_lessons.charts import to_svg
        from kam_lessons.charts import value_cost_chart

        value = self.value
        ratings = value["ratings"] if value else {}
        if not ratings and reference is None:
            self.chart.value = muted(t(self.ctx.lang, "ui.vc_chart_hint"))
            return
        chart = value_cost_chart(ratings, self.ctx.labels, reference=reference, lang=self.ctx.lang)
        self.chart.value = f'<div class="kam-chart">{to_svg(chart)}</div>'

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


def _warm_up_charts() -> None:
    """Import Altair and start the renderer in the background, so the first chart is quick."""
    with contextlib.suppress(Exception):  # warming up is only an optimisation
        import altair  # noqa: F401
        import vl_convert

        vl_convert.vegalite_to_svg({"mark": "point", "data": {"values": [{}]}})


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
