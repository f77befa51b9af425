"""Widgets: show a question, save every change at once, and in practice mode show feedback.

Widgets only display and call :mod:`kam_lessons.scoring`; what they save is the plain
answer value (ids, numbers, text), so the display order of options never matters.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
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
)
from kam_lessons.i18n import t
from kam_lessons.scoring import score_question
from kam_lessons.variants import shuffled

_markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])

FULL = w.Layout(width="100%")

# Long option texts wrap instead of running off the page; prompts read like prose.
STYLE = """<style>
.kam-wrap label, .kam-wrap .widget-label { white-space: normal !important; }
.kam-wrap .widget-radio-box label { line-height: 1.4; margin-bottom: 4px; }
.kam-prompt p { margin: 0.3em 0; }
.kam-points { color: #57606a; font-size: 0.9em; }
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
    on_change: Callable[[], None] = lambda: None

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
        points = t(ctx.lang, "ui.points", n=_num(question.points))
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
        raise TypeError(q)  # pragma: no cover

    def _order(self, items, part: str):
        return shuffled(items, self.ctx.trainee_id, f"{self.question.id}:{part}")

    def _single(self, q: SingleChoice) -> w.Widget:
        options = [(o.text, o.id) for o in self._order(q.options, "options")]
        self._radio = w.RadioButtons(options=options, value=None, layout=FULL)
        self._radio.add_class("kam-wrap")
        self._radio.observe(lambda _: self._changed(), "value")
        self._get = lambda: self._radio.value
        self._set = lambda v: setattr(
            self._radio, "value", v if v in dict(map(reversed, options)) else None
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
            chosen = set(value or [])
            for i, b in boxes.items():
                b.value = i in chosen

        self._set = set_value
        return w.VBox(rows)

    def _mapping(self, items, targets, part: str | None, dropdown: bool) -> w.Widget:
        order = self._order(targets, part) if part else list(targets)
        pairs = [(c.text, c.id) for c in order]
        pickers: dict[str, w.ValueWidget] = {}
        rows = []
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
                if chosen.get(i) in ids:
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
            if isinstance(value, list | tuple) and sorted(value) == sorted(texts):
                self._current = list(value)
                self._order_given = True
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
            raw = box.value.strip().replace(",", ".").replace(" ", "")
            if not raw:
                return None
            try:
                return float(raw)
            except ValueError:
                return _INVALID

        self._get = get
        self._set = lambda v: setattr(box, "value", "" if v is None else _num(v))
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
        finally:
            self._restoring = False
        if value is not None:
            self.status.value = _muted(t(self.ctx.lang, "ui.restored"))

    def _changed(self) -> None:
        if self._restoring:
            return
        self.feedback.value = ""
        raw = self._get()
        if raw is _INVALID:
            self.status.value = _warn(t(self.ctx.lang, "ui.number_hint"))
            return
        try:
            self.ctx.store.set(self.question.id, raw)
        except OSError as exc:
            self.status.value = _warn(t(self.ctx.lang, "ui.save_failed", detail=str(exc)))
            return
        key = "ui.saved" if raw is not None else "ui.cleared"
        self.status.value = _muted(t(self.ctx.lang, key))
        self.ctx.on_change()

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
        result = score_question(q, value)
        if result.correct:
            verdict, colour = t(lang, "ui.right"), "#e6f4ea"
        elif result.points:
            verdict = t(lang, "ui.partly", points=_num(result.points), max=_num(q.points))
            colour = "#fff8e1"
        else:
            verdict, colour = t(lang, "ui.wrong", max=_num(q.points)), "#fdecea"
        self.feedback.value = _box(
            f"<p><b>{text_html(verdict)}</b></p>{markdown_html(q.explain)}", colour
        )


_INVALID = object()
NOTHING = ""  # the "— choose —" entry of a dropdown (ipywidgets treats None as no selection)


def _num(value: float) -> str:
    return f"{value:g}"


def _muted(text: str) -> str:
    return f'<span style="color:#57606a">{text_html(text)}</span>'


def _warn(text: str) -> str:
    return f'<span style="color:#b42318"><b>{text_html(text)}</b></span>'


def _box(inner: str, colour: str) -> str:
    return (
        f'<div class="kam-feedback" style="background:{colour};padding:6px 10px;'
        f'border-radius:4px">{inner}</div>'
    )
