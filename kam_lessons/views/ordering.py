"""Input for ordering: the items with up and down arrows, and "keep this order"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kam_lessons.i18n import t
from kam_lessons.questions import Ordering
from kam_lessons.views.base import InputView, ViewContext, text_html


class OrderingView(InputView[Ordering]):
    """The items in the trainee's own start order; arrows move them.

    The start order is not an answer until the trainee moves an item or keeps the order.
    """

    def __init__(self, question: Ordering, ctx: ViewContext, changed: Callable[[], None]):
        super().__init__(question, ctx, changed)
        self.texts = {i.id: i.text for i in question.items}
        self.current = [i.id for i in self.order(question.items, "items")]
        self.given = False
        self.rows = w.VBox()
        self.keep_button = w.Button(
            description=t(ctx.lang, "ui.keep_order"),
            layout=w.Layout(width="auto"),
        )
        self.keep_button.on_click(lambda _: self._keep())
        hint = w.HTML(f"<i>{text_html(t(ctx.lang, 'ui.order_hint'))}</i>")
        self._redraw()
        self.widget = w.VBox([hint, self.rows, w.HBox([self.keep_button])])

    def move(self, index: int, step: int) -> None:
        """Move the item at ``index`` by ``step`` places (as its arrow does)."""
        j = index + step
        if 0 <= j < len(self.current):
            self.current[index], self.current[j] = self.current[j], self.current[index]
            self.given = True
            self._redraw()
            self.changed()

    def _keep(self) -> None:
        self.given = True
        self.changed()

    def _redraw(self) -> None:
        rows = []
        last = len(self.current) - 1
        for pos, item_id in enumerate(self.current):
            up = w.Button(
                description=t(self.ctx.lang, "ui.move_up"),
                layout=w.Layout(width="2.6em"),
                disabled=pos == 0,
            )
            down = w.Button(
                description=t(self.ctx.lang, "ui.move_down"),
                layout=w.Layout(width="2.6em"),
                disabled=pos == last,
            )
            up.on_click(lambda _, p=pos: self.move(p, -1))
            down.on_click(lambda _, p=pos: self.move(p, 1))
            label = w.HTML(f"<b>{pos + 1}.</b> {text_html(self.texts[item_id])}")
            rows.append(w.HBox([up, down, label]))
        self.rows.children = rows

    def item_text(self, item_id: str) -> str:  # noqa: D102
        return self.texts.get(item_id, item_id)

    def part_text(self, part: Any) -> str:  # noqa: D102
        if part is None:
            return t(self.ctx.lang, "ui.item_none")
        return t(self.ctx.lang, "ui.item_place", n=part)

    @property
    def value(self) -> Any:  # noqa: D102
        return list(self.current) if self.given else None

    def show(self, value: Any) -> None:  # noqa: D102
        given = value if isinstance(value, list | tuple) else []
        if all(isinstance(v, str) for v in given) and sorted(given) == sorted(self.texts):
            self.current = list(given)
            self.given = True
        else:  # no answer (or one that is not an order of these items): start afresh
            self.given = False
        self._redraw()
