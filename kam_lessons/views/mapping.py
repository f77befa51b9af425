"""Inputs for matching and categorize: a picker per item (dropdown, or buttons for few bins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from kam_lessons.i18n import t
from kam_lessons.questions import Categorize, Matching
from kam_lessons.questions.mapping import MappingQuestion
from kam_lessons.views.base import FULL, InputView, ViewContext, text_html

NOTHING = ""  # the "— choose —" entry of a dropdown (ipywidgets treats None as no selection)
LONG_CHOICE = 40  # characters: longer choices are also listed in full above the dropdowns


class MappingView(InputView[MappingQuestion]):
    """One row per item with a picker of its target; long targets are listed, lettered."""

    def __init__(
        self,
        question: MappingQuestion,
        ctx: ViewContext,
        changed: Callable[[], None],
        dropdown: bool,
        shuffle_targets: bool,
    ) -> None:
        super().__init__(question, ctx, changed)
        targets = question.targets()
        order = self.order(targets, "choices") if shuffle_targets else list(targets)
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
        self.pickers: dict[str, w.ValueWidget] = {}
        for item in self.order(question.items, "items"):
            picker: w.ValueWidget
            if dropdown:
                picker = w.Dropdown(
                    options=[(t(ctx.lang, "ui.choose"), NOTHING), *pairs],
                    value=NOTHING,  # shows "— choose —" rather than a blank box
                    layout=w.Layout(width="45%"),
                )
            else:
                picker = w.ToggleButtons(options=pairs, value=None)
                picker.add_class("kam-toggle")
            picker.observe(lambda _: self.changed(), "value")
            self.pickers[item.id] = picker
            rows.append(
                w.HBox(
                    [w.HTML(text_html(item.text), layout=w.Layout(width="50%")), picker],
                    layout=w.Layout(border_bottom="1px solid #eee", padding="2px 0"),
                )
            )
        self.target_ids = {c.id for c in targets}
        self.item_texts = {i.id: i.text for i in question.items}
        self.target_texts = {c.id: c.text for c in targets}
        self.widget = w.VBox(rows)

    def item_text(self, item_id: str) -> str:  # noqa: D102
        return self.item_texts.get(item_id, item_id)

    def part_text(self, part: Any) -> str:  # noqa: D102
        if part is None or part == NOTHING:
            return t(self.ctx.lang, "ui.item_none")
        return self.target_texts.get(str(part), str(part))

    @property
    def value(self) -> Any:  # noqa: D102
        chosen = {i: p.value for i, p in self.pickers.items() if p.value not in (None, NOTHING)}
        return chosen or None

    def show(self, value: Any) -> None:  # noqa: D102
        chosen = value if isinstance(value, dict) else {}
        for i, p in self.pickers.items():
            if isinstance(chosen.get(i), str) and chosen[i] in self.target_ids:
                p.value = chosen[i]
            else:
                p.value = NOTHING if isinstance(p, w.Dropdown) else None


class MatchingView(MappingView):
    """Matching: a dropdown of the (shuffled) choices per item."""

    def __init__(self, question: Matching, ctx: ViewContext, changed: Callable[[], None]):
        super().__init__(question, ctx, changed, dropdown=True, shuffle_targets=True)


class CategorizeView(MappingView):
    """Categorize: a button per bin (a dropdown when there are more than three bins)."""

    def __init__(self, question: Categorize, ctx: ViewContext, changed: Callable[[], None]):
        dropdown = len(question.bins) > 3
        super().__init__(question, ctx, changed, dropdown=dropdown, shuffle_targets=False)
