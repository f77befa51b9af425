"""Inputs a trainee types into: a number box (with its unit) and a text area."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kam_lessons.i18n import t
from kam_lessons.numbers import as_number, format_number
from kam_lessons.questions import FreeText, Numeric
from kam_lessons.views.base import FULL, INVALID, InputView, ViewContext, text_html


class NumericView(InputView[Numeric]):
    """A text box that reads a number in the trainee's language (``2,5`` or ``2.5``)."""

    def __init__(self, question: Numeric, ctx: ViewContext, changed: Callable[[], None]):
        super().__init__(question, ctx, changed)
        self.box = w.Text(placeholder=t(ctx.lang, "ui.number_placeholder"), continuous_update=True)
        self.box.observe(lambda _: self.changed(), "value")
        self.widget = w.HBox([self.box, w.HTML(text_html(question.unit))])

    @property
    def value(self) -> Any:  # noqa: D102
        if not self.box.value.strip():
            return None
        number = as_number(self.box.value)
        return INVALID if number is None else number

    def show(self, value: Any) -> None:  # noqa: D102
        number = as_number(value)
        self.box.value = "" if number is None else format_number(number, self.ctx.lang)


class TextView(InputView[FreeText]):
    """A text area, saved as the trainee types."""

    def __init__(self, question: FreeText, ctx: ViewContext, changed: Callable[[], None]):
        super().__init__(question, ctx, changed)
        self.area = w.Textarea(
            placeholder=question.placeholder or t(ctx.lang, "ui.text_placeholder"),
            rows=6,
            continuous_update=True,
            layout=FULL,
        )
        self.area.observe(lambda _: self.changed(), "value")
        self.widget = self.area

    @property
    def value(self) -> Any:  # noqa: D102
        return self.area.value if self.area.value.strip() else None

    def show(self, value: Any) -> None:  # noqa: D102
        self.area.value = value if isinstance(value, str) else ""
