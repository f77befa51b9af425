"""Input for the relationship square: 15 sliders in two groups, the live square, a region pick.

A criterion counts as scored once its slider is moved (or it is restored), so a
criterion left alone is not scored as 50. The point is placed and drawn the way the
workshop places and draws it: the means and the region by
:mod:`kam_lessons.workshop.square` (whose rule is :mod:`kam_lessons.questions.square`),
the chart by :func:`kam_lessons.charts.square_chart`. Check adds the team's point and
says which criteria are far from the team's scores. Every word comes from the lesson's
labels (``criteria``, ``groups``, ``regions``, ``square``, ``chart``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from kam_lessons.methods import FULL_TOLERANCE
from kam_lessons.numbers import format_number
from kam_lessons.questions.square import CRITERIA, GROUPS, SquareScores, mean_of, score_square
from kam_lessons.views.base import FULL, InputView, ViewContext, muted, text_html


def _fill(template: str, **values: str) -> str:
    """Fill a label's ``{placeholders}``; a label that does not fit is shown as it is."""
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def place_point(customer: Mapping[str, Any], ours: Mapping[str, Any]) -> Any:
    """Return the workshop's point for two groups of scores (a coordinate ``None`` if unscored).

    Args:
        customer: Scores of the customer's position, by criterion.
        ours: Scores of our position, by criterion.

    Returns:
        A :class:`kam_lessons.workshop.square.SquarePoint`; its ``region`` is the
        workshop's, ``None`` while a group has no score.
    """
    from kam_lessons.workshop.square import SquarePoint

    return SquarePoint(customer=mean_of(customer), ours=mean_of(ours))


class SquareView(InputView[SquareScores]):
    """Fifteen sliders under the two positions, the square with the point, the region to name."""

    def __init__(self, question: SquareScores, ctx: ViewContext, changed: Callable[[], None]):
        super().__init__(question, ctx, changed)
        self.sliders: dict[str, dict[str, w.IntSlider]] = {group: {} for group in GROUPS}
        self.scored: dict[str, set[str]] = {group: set() for group in GROUPS}
        self._showing = False
        names = ctx.labels.get("criteria", {})
        groups = ctx.labels.get("groups", {})
        words = ctx.labels.get("square", {})
        regions = ctx.labels.get("regions", {})
        rows: list[w.Widget] = []
        for group in GROUPS:
            rows.append(w.HTML(f"<b>{text_html(groups.get(group, group))}</b>"))
            for criterion in CRITERIA[group]:
                slider = self._slider(group, criterion)
                self.sliders[group][criterion] = slider
                label = w.HTML(
                    text_html(names.get(criterion, criterion)), layout=w.Layout(width="45%")
                )
                rows.append(w.HBox([label, slider]))
        self.means = w.HTML(muted(words.get("hint", "")))
        self.chart = w.HTML()
        self.region = w.RadioButtons(
            options=[(regions.get(r, r), r) for r in self._regions()], value=None, layout=FULL
        )
        self.region.add_class("kam-wrap")
        self.region.observe(lambda _: self._changed(), "value")
        region_line = w.HTML(f"<b>{text_html(words.get('region', ''))}</b>")
        self.widget = w.VBox([*rows, self.means, self.chart, region_line, self.region])

    @staticmethod
    def _regions() -> tuple[str, ...]:
        from kam_lessons.workshop.square import SQUARE_REGIONS

        return SQUARE_REGIONS

    def _slider(self, group: str, criterion: str) -> w.IntSlider:
        slider = w.IntSlider(
            value=50,
            min=0,
            max=100,
            step=1,
            continuous_update=False,
            readout=True,
            layout=w.Layout(width="50%"),
        )
        slider.observe(lambda _: self._score(group, criterion), "value")
        return slider

    def _score(self, group: str, criterion: str) -> None:
        if self._showing:
            return
        self.scored[group].add(criterion)
        self.draw()
        self.changed()

    def _changed(self) -> None:
        if not self._showing:
            self.changed()

    def _scores(self, group: str) -> dict[str, int]:
        return {c: s.value for c, s in self.sliders[group].items() if c in self.scored[group]}

    @property
    def value(self) -> Any:  # noqa: D102
        scores = {group: self._scores(group) for group in GROUPS}
        if not any(scores.values()) and self.region.value is None:
            return None
        value: dict[str, Any] = dict(scores)
        if self.region.value is not None:
            value["region"] = self.region.value
        return value

    def show(self, value: Any) -> None:  # noqa: D102
        self._showing = True
        try:
            data = value if isinstance(value, Mapping) else {}
            for group in GROUPS:
                raw = data.get(group)
                given: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
                self.scored[group] = {c for c in given if c in self.sliders[group]}
                for criterion in self.scored[group]:
                    number = given[criterion]
                    if isinstance(number, int | float) and not isinstance(number, bool):
                        self.sliders[group][criterion].value = int(min(100, max(0, number)))
                    else:
                        self.scored[group].discard(criterion)
            region = data.get("region")
            self.region.value = region if region in self._regions() else None
        finally:
            self._showing = False
        self.draw()

    def draw(self, reference: Mapping[str, Any] | None = None) -> None:
        """Redraw the square with the trainee's point (and the team's, if given)."""
        from kam_lessons.charts import square_chart, to_svg
        from kam_lessons.workshop.square import SQUARE_THRESHOLD

        lang, labels = self.ctx.lang, self.ctx.labels
        words, regions = labels.get("square", {}), labels.get("regions", {})
        chart_words = labels.get("chart", {})
        point = place_point(self._scores("customer"), self._scores("ours"))
        points = []
        if point.region is not None:
            self.means.value = text_html(
                _fill(
                    words.get("means", ""),
                    customer=format_number(round(point.customer, 1), lang),
                    ours=format_number(round(point.ours, 1), lang),
                    region=regions.get(point.region, point.region),
                )
            )
            points.append(
                {
                    "label": chart_words.get("scorer", ""),
                    "ours": point.ours,
                    "customer": point.customer,
                    "kind": "scorer",
                }
            )
        else:
            self.means.value = muted(words.get("hint", ""))
        if reference is not None:
            team = place_point(reference.get("customer", {}), reference.get("ours", {}))
            points.append(
                {
                    "label": chart_words.get("team", ""),
                    "ours": team.ours,
                    "customer": team.customer,
                    "kind": "team",
                }
            )
        if not points:
            self.chart.value = ""
            return
        chart = square_chart(points, labels, SQUARE_THRESHOLD)
        self.chart.value = f'<div class="kam-chart">{to_svg(chart)}</div>'

    def feedback_html(self, value: Any) -> str:
        """Name the criteria far from the team's scores and where the two points land."""
        key = self.question.answer
        if key is None:
            return ""
        lang, labels = self.ctx.lang, self.ctx.labels
        words, names = labels.get("square", {}), labels.get("criteria", {})
        regions = labels.get("regions", {})
        result = score_square(value, key)
        lines = []
        for c in result.criteria:
            name = names.get(c.criterion, c.criterion)
            reference = format_number(c.reference, lang)
            if c.given is None:
                lines.append(
                    _fill(words.get("criterion_missing", ""), criterion=name, reference=reference)
                )
            elif round(abs(c.given - c.reference), 6) > FULL_TOLERANCE:
                lines.append(
                    _fill(
                        words.get("criterion_off", ""),
                        criterion=name,
                        given=format_number(c.given, lang),
                        reference=reference,
                    )
                )
        if not lines:
            lines.append(words.get("all_close", ""))
        team = regions.get(result.reference_region, result.reference_region)
        if result.landed == result.reference_region:
            lines.append(_fill(words.get("landed", ""), region=team))
        elif result.landed is not None:
            given = regions.get(result.landed, result.landed)
            lines.append(_fill(words.get("landed_off", ""), given=given, region=team))
        self.draw(reference=key)
        return "<ul>" + "".join(f"<li>{text_html(line)}</li>" for line in lines) + "</ul>"
