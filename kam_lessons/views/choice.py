"""Inputs for single and multiple choice: radio buttons, or a check box per option."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kam_lessons.i18n import t
from kam_lessons.questions import MultipleChoice, SingleChoice
from kam_lessons.views.base import FULL, InputView, ViewContext


class SingleView(InputView[SingleChoice]):
    """Radio buttons, in the trainee's own order."""

    def __init__(self, question: SingleChoice, ctx: ViewContext, changed: Callable[[], None]):
        super().__init__(question, ctx, changed)
        self.options = [(o.text, o.id) for o in self.order(question.options, "options")]
        self.radio = w.RadioButtons(options=self.options, value=None, layout=FULL)
        self.radio.add_class("kam-wrap")
        self.radio.observe(lambda _: self.changed(), "value")
        self.widget = self.radio

    @property
    def value(self) -> Any:  # noqa: D102
        return self.radio.value

    def feedback_html(self, value: Any) -> str:  # noqa: D102
        return ""  # one answer, right or not: the verdict and the explanation say it all

    def show(self, value: Any) -> None:  # noqa: D102
        ids = {option_id for _, option_id in self.options}
        self.radio.value = value if isinstance(value, str) and value in ids else None


class MultipleView(InputView[MultipleChoice]):
    """A check box per option, in the trainee's own order."""

    SHOW_GIVEN = True

    def __init__(self, question: MultipleChoice, ctx: ViewContext, changed: Callable[[], None]):
        super().__init__(question, ctx, changed)
        self.boxes: dict[str, w.Checkbox] = {}
        self.texts = {o.id: o.text for o in question.options}
        rows = []
        for option in self.order(question.options, "options"):
            # the option's text is the box's own label: clicking it ticks the box
            box = w.Checkbox(value=False, indent=False, description=option.text, layout=FULL)
            box.observe(lambda _: self.changed(), "value")
            self.boxes[option.id] = box
            rows.append(box)
        self.widget = w.VBox(rows, layout=FULL)
        self.widget.add_class("kam-wrap")

    @property
    def value(self) -> Any:  # noqa: D102
        return sorted(i for i, b in self.boxes.items() if b.value) or None

    def item_text(self, item_id: str) -> str:  # noqa: D102
        return self.texts.get(item_id, item_id)

    def part_text(self, part: Any) -> str:  # noqa: D102
        return t(self.ctx.lang, "ui.item_ticked" if part else "ui.item_unticked")

    def show(self, value: Any) -> None:  # noqa: D102
        items = value if isinstance(value, list | tuple) else []
        chosen = {v for v in items if isinstance(v, str)}
        for i, b in self.boxes.items():
            b.value = i in chosen
