"""Widgets: show a question, save every change at once, and in practice mode show feedback.

Widgets only display and call :mod:`kam_lessons.scoring`; what they save is the plain
answer value (ids, numbers, text), so the display order of options never matters.
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import mistune

from kam_lessons.answers import AnswerStore
from kam_lessons.content import (
    Categorize,
    FreeText,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    SingleChoice,
    ValueCost,
)
from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.scoring import as_number, score_question
from kam_lessons.variants import shuffled

_markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])

FULL = w.Layout(width="100%")

# Long option texts wrap instead of running off the page; prompts read like prose.
STYLE = """<style>
.kam-wrap label, .kam-wrap .widget-label { white-space: normal !important; }
.kam-wrap .widget-radio-box label { line-height: 1.4; margin-bottom: 4px; }
.kam-prompt p { margin: 0.3em 0; }
.kam-points { color: #57606a; font-size: 0.9em; }
.kam-choices { list-style: none; padding-left: 0; margin: 0.3em 0 0.6em; }
</style>"""


def markdown_html(text: str) -> str:
    """Render lesson Markdown to HTML (raw HTML in the source is escaped)."""
    return _markdown(text)


def text_html(text: str) -> str:
    """Return plain text (e.g. anything a trainee typed) safe to put inside HTML."""
    return html.escape(text, quote=True)


@dataclass
class ViewContext:
    """What every question widget of a lesson shares."""

    store: AnswerStore
    trainee_id: str
    lang: str
    mode: str
    on_change: Callable[[bool], None] = lambda checked: None
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)

    @property
    def practice(self) -> bool:
        """Whether feedback is shown (practice) or withheld (assessment)."""
        return self.mode == "practice"


class QuestionView:
    """One question: its prompt, an input for its type, saving, and feedback.

    Attributes:
        widget: the box to display.
        control: the input part, built per type by :meth:`_build_input`.
    """

    def __init__(self, question: Question, number: int, ctx: ViewContext) -> None:
        self.question = question
        self.ctx = ctx
        self._restoring = False
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.feedback = w.HTML(layout=FULL)
        points = t(ctx.lang, "ui.points", n=_num(question.points, ctx.lang))
        prompt = w.HTML(
            f'<div class="kam-prompt"><b>{number}.</b> {markdown_html(question.prompt)}'
            f'<span class="kam-points">{text_html(points)}</span></div>',
            layout=FULL,
        )
        self.control = self._build_input()
        footer: list[w.Widget] = []
        if ctx.practice:
            self.check_button = w.Button(
                description=t(ctx.lang, "ui.check"), button_style="info", icon="check"
            )
            self.check_button.on_click(lambda _: self.check())
            footer.append(self.check_button)
        footer.append(self.status)
        self.widget = w.VBox(
            [prompt, self.control, w.HBox(footer), self.feedback],
            layout=w.Layout(
                border="1px solid #d0d7de", padding="8px 12px", margin="8px 0", width="100%"
            ),
        )
        self._restore(ctx.store.get(question.id))

    # -- per-type inputs -------------------------------------------------------------
    def _build_input(self) -> w.Widget:
        q = self.question
        match q:
            case SingleChoice():
                return self._single(q)
            case MultipleChoice():
                return self._multiple(q)
            case Matching():
                return self._mapping(q.items, q.choices, "choices", dropdown=True)
            case Categorize():
                return self._mapping(q.items, q.bins, None, dropdown=len(q.bins) > 3)
            case Ordering():
                return self._ordering(q)
            case Numeric():
                return self._numeric(q)
            case FreeText():
                return self._text(q)
            case ValueCost():
                return self._value_cost(q)
        raise TypeError(q)  # pragma: no cover

    def _order(self, items, part: str):
        return shuffled(items, self.ctx.trainee_id, f"{self.question.id}:{part}")

    def _single(self, q: SingleChoice) -> w.Widget:
        options = [(o.text, o.id) for o in self._order(q.options, "options")]
        self._radio = w.RadioButtons(options=options, value=None, layout=FULL)
        self._radio.add_class("kam-wrap")
        self._radio.observe(lambda _: self._changed(), "value")
        ids = {option_id for _, option_id in options}
        self._get = lambda: self._radio.value
        self._set = lambda v: setattr(
            self._radio, "value", v if isinstance(v, str) and v in ids else None
        )
        return self._radio

    def _multiple(self, q: MultipleChoice) -> w.Widget:
        boxes: dict[str, w.Checkbox] = {}
        rows = []
        for option in self._order(q.options, "options"):
            box = w.Checkbox(value=False, indent=False, layout=w.Layout(width="2em"))
            box.observe(lambda _: self._changed(), "value")
            boxes[option.id] = box
            rows.append(w.HBox([box, w.HTML(text_html(option.text))]))
        self._get = lambda: sorted(i for i, b in boxes.items() if b.value) or None

        def set_value(value: Any) -> None:
            items = value if isinstance(value, list | tuple) else []
            chosen = {v for v in items if isinstance(v, str)}
            for i, b in boxes.items():
                b.value = i in chosen

        self._set = set_value
        return w.VBox(rows)

    def _mapping(self, items, targets, part: str | None, dropdown: bool) -> w.Widget:
        order = self._order(targets, part) if part else list(targets)
        pairs = [(c.text, c.id) for c in order]
        rows: list[w.Widget] = []
        if dropdown and max(len(c.text) for c in order) > LONG_CHOICE:
            # Long texts do not fit a dropdown: list them in full, lettered, and let the
            # dropdowns show the letter first so the choice is clear even when cut off.
            letters = [chr(ord("A") + n) for n in range(len(order))]
            pairs = [(f"{x} — {c.text}", c.id) for x, c in zip(letters, order, strict=True)]
            listing = "".join(
                f"<li><b>{x}</b> — {text_html(c.text)}</li>"
                for x, c in zip(letters, order, strict=True)
            )
            rows.append(w.HTML(f'<ul class="kam-choices">{listing}</ul>', layout=FULL))
        pickers: dict[str, w.ValueWidget] = {}
        for item in self._order(items, "items"):
            if dropdown:
                picker = w.Dropdown(
                    options=[(t(self.ctx.lang, "ui.choose"), NOTHING), *pairs],
                    value=NOTHING,  # shows "— choose —" rather than a blank box
                    layout=w.Layout(width="45%"),
                )
            else:
                picker = w.ToggleButtons(options=pairs, value=None)
            picker.observe(lambda _: self._changed(), "value")
            pickers[item.id] = picker
            rows.append(
                w.HBox(
                    [w.HTML(text_html(item.text), layout=w.Layout(width="50%")), picker],
                    layout=w.Layout(border_bottom="1px solid #eee", padding="2px 0"),
                )
            )
        ids = {c.id for c in targets}
        self._get = lambda: (
            {i: p.value for i, p in pickers.items() if p.value not in (None, NOTHING)} or None
        )

        def set_value(value: Any) -> None:
            chosen = value if isinstance(value, dict) else {}
            for i, p in pickers.items():
                if isinstance(chosen.get(i), str) and chosen[i] in ids:
                    p.value = chosen[i]
                else:
                    p.value = NOTHING if isinstance(p, w.Dropdown) else None

        self._set = set_value
        return w.VBox(rows)

    def _ordering(self, q: Ordering) -> w.Widget:
        texts = {i.id: i.text for i in q.items}
        self._current = [i.id for i in self._order(q.items, "items")]
        self._order_given = False
        rows_box = w.VBox()

        def move(index: int, step: int) -> None:
            j = index + step
            if 0 <= j < len(self._current):
                self._current[index], self._current[j] = self._current[j], self._current[index]
                self._order_given = True
                redraw()
                self._changed()

        def redraw() -> None:
            rows = []
            for pos, item_id in enumerate(self._current):
                up = w.Button(icon="arrow-up", layout=w.Layout(width="2.6em"), disabled=pos == 0)
                down = w.Button(
                    icon="arrow-down",
                    layout=w.Layout(width="2.6em"),
                    disabled=pos == len(self._current) - 1,
                )
                up.on_click(lambda _, p=pos: move(p, -1))
                down.on_click(lambda _, p=pos: move(p, 1))
                label = w.HTML(f"<b>{pos + 1}.</b> {text_html(texts[item_id])}")
                rows.append(w.HBox([up, down, label]))
            rows_box.children = rows

        keep = w.Button(
            description=t(self.ctx.lang, "ui.keep_order"),
            icon="thumbs-up",
            layout=w.Layout(width="auto"),
        )

        def keep_order(_: Any) -> None:
            self._order_given = True
            self._changed()

        keep.on_click(keep_order)
        self._get = lambda: list(self._current) if self._order_given else None

        def set_value(value: Any) -> None:
            given = value if isinstance(value, list | tuple) else []
            if all(isinstance(v, str) for v in given) and sorted(given) == sorted(texts):
                self._current = list(given)
                self._order_given = True
            else:  # no answer (or one that is not an order of these items): start afresh
                self._order_given = False
            redraw()

        self._set = set_value
        redraw()
        hint = w.HTML(f"<i>{text_html(t(self.ctx.lang, 'ui.order_hint'))}</i>")
        return w.VBox([hint, rows_box, keep])

    def _numeric(self, q: Numeric) -> w.Widget:
        box = w.Text(placeholder=t(self.ctx.lang, "ui.number_placeholder"), continuous_update=True)
        unit = w.HTML(text_html(q.unit))
        box.observe(lambda _: self._changed(), "value")

        def get() -> Any:
            if not box.value.strip():
                return None
            number = as_number(box.value)
            return _INVALID if number is None else number

        def set_value(value: Any) -> None:
            number = as_number(value)
            box.value = "" if number is None else _num(number, self.ctx.lang)

        self._get, self._set = get, set_value
        return w.HBox([box, unit])

    def _text(self, q: FreeText) -> w.Widget:
        area = w.Textarea(
            placeholder=q.placeholder or t(self.ctx.lang, "ui.text_placeholder"),
            rows=6,
            continuous_update=True,
            layout=FULL,
        )
        area.observe(lambda _: self._changed(), "value")
        self._get = lambda: area.value if area.value.strip() else None
        self._set = lambda v: setattr(area, "value", v if isinstance(v, str) else "")
        return area

    def _value_cost(self, q: ValueCost) -> w.Widget:
        from kam_lessons.casebook import load_lesson_case
        from kam_lessons.methods import METHOD_IDS

        lang = self.ctx.lang
        ref = self.ctx.parameters.get("case") or q.case
        self._case_ref = ref
        self._case = None
        try:
            self._case = load_lesson_case(ref, lang)
        except KamError as err:
            self._get = lambda: None
            self._set = lambda v: None
            self.case_problem = err
            return w.HTML(_warn(t(lang, "ui.vc_case_problem", detail=err.render(lang))))
        threading.Thread(target=_warm_up_charts, daemon=True).start()
        names = self.ctx.labels.get("methods", {})
        words = self.ctx.labels.get("sliders", {})
        self._sliders: dict[str, tuple[w.IntSlider, w.IntSlider]] = {}
        self._rated: set[str] = set()
        self._lead: list[str] = []
        rows = [
            w.HBox(
                [
                    w.HTML("", layout=w.Layout(width="28%")),
                    w.HTML(
                        f"<b>{text_html(words.get('value', ''))}</b>", layout=w.Layout(width="36%")
                    ),
                    w.HTML(
                        f"<b>{text_html(words.get('cost', ''))}</b>", layout=w.Layout(width="36%")
                    ),
                ]
            )
        ]
        for method in METHOD_IDS:
            pair = tuple(
                w.IntSlider(
                    value=50,
                    min=0,
                    max=100,
                    step=5,
                    continuous_update=False,
                    readout=True,
                    layout=w.Layout(width="36%"),
                )
                for _ in range(2)
            )
            for slider in pair:
                slider.observe(lambda _, m=method: self._rate(m), "value")
            self._sliders[method] = pair
            rows.append(
                w.HBox(
                    [
                        w.HTML(
                            f"<b>{text_html(names.get(method, method))}</b>",
                            layout=w.Layout(width="28%"),
                        ),
                        *pair,
                    ]
                )
            )
        self._lead_buttons = {
            m: w.ToggleButton(description=names.get(m, m), layout=w.Layout(width="auto"))
            for m in METHOD_IDS
        }
        for method, button in self._lead_buttons.items():
            button.observe(lambda change, m=method: self._pick(m, change["new"]), "value")
        self.chart = w.HTML(_muted(t(lang, "ui.vc_chart_hint")))

        def get() -> Any:
            if not self._rated and not self._lead:
                return None
            ratings = {
                m: {"value": self._sliders[m][0].value, "cost": self._sliders[m][1].value}
                for m in METHOD_IDS
                if m in self._rated
            }
            return {"case": ref, "ratings": ratings, "lead": list(self._lead)}

        def set_value(value: Any) -> None:
            data = value if isinstance(value, dict) else {}
            ratings = data.get("ratings") if isinstance(data.get("ratings"), dict) else {}
            self._rated = {m for m in ratings if m in self._sliders}
            for m in self._rated:
                entry = ratings[m] if isinstance(ratings[m], dict) else {}
                for slider, side in zip(self._sliders[m], ("value", "cost"), strict=True):
                    number = entry.get(side)
                    if isinstance(number, int | float) and not isinstance(number, bool):
                        slider.value = int(min(100, max(0, number)))
            lead = data.get("lead") if isinstance(data.get("lead"), list) else []
            self._lead = [m for m in lead if isinstance(m, str) and m in self._lead_buttons][:2]
            for m, button in self._lead_buttons.items():
                button.value = m in self._lead
            self._style_lead()
            self._draw()

        self._get, self._set = get, set_value
        brief = w.HTML(case_brief_html(self._case, lang), layout=FULL)
        lead_line = w.HTML(f"<b>{text_html(t(lang, 'ui.vc_lead'))}</b>")
        return w.VBox(
            [brief, *rows, self.chart, lead_line, w.HBox(list(self._lead_buttons.values()))]
        )

    def _rate(self, method: str) -> None:
        if self._restoring:
            return
        self._rated.add(method)
        self._draw()
        self._changed()

    def _pick(self, method: str, on: bool) -> None:
        if self._restoring:
            return
        if on and method not in self._lead:
            self._lead.append(method)
            if len(self._lead) > 2:  # keep the two latest choices
                dropped = self._lead.pop(0)
                self._restoring = True
                self._lead_buttons[dropped].value = False
                self._restoring = False
        elif not on and method in self._lead:
            self._lead.remove(method)
        self._style_lead()
        self._changed()

    def _style_lead(self) -> None:
        for method, button in self._lead_buttons.items():
            button.button_style = "info" if method in self._lead else ""
            button.icon = "star" if method in self._lead else ""

    def _draw(self, reference: Any = None) -> None:
        """Redraw the value-vs-cost chart of the rated methods (and the reference, if given)."""
        from kam_lessons.charts import to_svg
        from kam_lessons.methods import value_cost_chart

        value = self._get()
        ratings = value["ratings"] if value else {}
        if not ratings and reference is None:
            self.chart.value = _muted(t(self.ctx.lang, "ui.vc_chart_hint"))
            return
        chart = value_cost_chart(ratings, self.ctx.labels, reference=reference, lang=self.ctx.lang)
        self.chart.value = f'<div class="kam-chart">{to_svg(chart)}</div>'

    # -- behaviour -------------------------------------------------------------------
    @property
    def value(self) -> Any:
        """Return the answer as shown now (``None`` when nothing is given)."""
        value = self._get()
        return None if value is _INVALID else value

    def set_value(self, value: Any) -> None:
        """Show ``value`` in the input; the change is saved as if the trainee made it."""
        self._set(value)
        self._changed()

    def _restore(self, value: Any) -> None:
        self._restoring = True
        try:
            self._set(value)
            restored = value is not None and self._get() not in (None, _INVALID)
            unusable = value is not None and not restored
        except (TypeError, ValueError):  # a hand-edited file: show the question unanswered
            self._set(None)
            unusable = True
        finally:
            self._restoring = False
        if unusable:
            self.status.value = _warn(t(self.ctx.lang, "ui.restore_failed"))
        elif value is not None:
            self.status.value = _muted(t(self.ctx.lang, "ui.restored"))

    def _changed(self) -> None:
        if self._restoring:
            return
        self.feedback.value = ""
        raw = self._get()
        invalid = raw is _INVALID
        if invalid:  # what the box shows is not a number: the old answer must not stand
            raw = None
        try:
            self.ctx.store.set(self.question.id, raw)
        except OSError as exc:
            self.status.value = _warn(t(self.ctx.lang, "ui.save_failed", detail=str(exc)))
            return
        if invalid:
            self.status.value = _warn(t(self.ctx.lang, "ui.number_hint"))
        else:
            key = "ui.saved" if raw is not None else "ui.cleared"
            self.status.value = _muted(t(self.ctx.lang, key))
        self.ctx.on_change(False)

    def check(self) -> None:
        """Show feedback on the current answer (practice mode only)."""
        if not self.ctx.practice:
            return
        lang = self.ctx.lang
        value = self.value
        if value is None:
            self.feedback.value = _muted(t(lang, "ui.no_answer"))
            return
        q = self.question
        if isinstance(q, FreeText):
            parts = [f"<p>{text_html(t(lang, 'ui.text_saved'))}</p>"]
            if q.rubric:
                items = "".join(f"<li>{text_html(r)}</li>" for r in q.rubric)
                parts.append(f"<p><b>{text_html(t(lang, 'ui.rubric'))}</b></p><ul>{items}</ul>")
            if q.explain:
                heading = text_html(t(lang, "ui.model_answer"))
                parts.append(f"<p><b>{heading}</b></p>{markdown_html(q.explain)}")
            self.feedback.value = _box("".join(parts), "#f6f8fa")
            return
        result = score_question(q, value, lang=lang)
        self.ctx.on_change(True)
        if result.correct:
            verdict, colour = t(lang, "ui.right"), "#e6f4ea"
        elif result.points:
            verdict = t(
                lang, "ui.partly", points=_num(result.points, lang), max=_num(q.points, lang)
            )
            colour = "#fff8e1"
        else:
            verdict, colour = t(lang, "ui.wrong", max=_num(q.points, lang)), "#fdecea"
        details = ""
        if isinstance(q, ValueCost):
            details = self._value_cost_feedback(value)
        self.feedback.value = _box(
            f"<p><b>{text_html(verdict)}</b></p>{details}{markdown_html(q.explain)}", colour
        )

    def _value_cost_feedback(self, value: Any) -> str:
        """Say per method where and why the trainee's view differs, and draw the reference."""
        from kam_lessons.casebook import reference_ratings
        from kam_lessons.methods import explain_score, score_ratings

        reference = reference_ratings(self._case_ref, self.ctx.lang)
        if reference is None:
            return ""
        result = score_ratings(value.get("ratings", {}), reference, lead=value.get("lead", []))
        lines = "".join(
            f"<li>{text_html(line)}</li>" for line in explain_score(result, self.ctx.lang)
        )
        self._draw(reference=reference)
        return f"<ul>{lines}</ul>"


_INVALID = object()


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


NOTHING = ""  # the "— choose —" entry of a dropdown (ipywidgets treats None as no selection)
LONG_CHOICE = 40  # characters: longer choices are also listed in full above the dropdowns


def _num(value: float, lang: str = "en") -> str:
    """Format a number for people: no needless decimals, the language's decimal mark."""
    return f"{value:g}".replace(".", t(lang, "ui.decimal_mark"))


def _muted(text: str) -> str:
    return f'<span style="color:#57606a">{text_html(text)}</span>'


def _warn(text: str) -> str:
    return f'<span style="color:#b42318"><b>{text_html(text)}</b></span>'


def _box(inner: str, colour: str) -> str:
    return (
        f'<div class="kam-feedback" style="background:{colour};padding:6px 10px;'
        f'border-radius:4px">{inner}</div>'
    )
