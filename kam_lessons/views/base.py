"""What every input view shares: the lesson's context, the HTML helpers, the view's interface.

An input view shows one question's input (radio buttons, sliders, …), reports every
change to the question shell (:class:`kam_lessons.widgets.QuestionView`), which saves
it, and shows a saved value again. It holds no rule of scoring: that is the question
type's (:mod:`kam_lessons.questions`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import ipywidgets as w
import mistune

from kam_lessons.i18n import t
from kam_lessons.questions import ItemResult, QuestionBase
from kam_lessons.variants import shuffled

if TYPE_CHECKING:
    from kam_lessons.answers import AnswerStore

_markdown = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])

FULL = w.Layout(width="100%")

# Long option texts wrap instead of running off the page; prompts read like prose.
STYLE = """<style>
.kam-wrap .widget-radio-box label, .kam-wrap .widget-label { white-space: normal !important; }
.kam-wrap .widget-radio-box label { line-height: 1.4; margin-bottom: 4px; }
.kam-prompt p { margin: 0.3em 0; }
.kam-points { color: #57606a; font-size: 0.9em; }
.kam-choices { list-style: none; padding-left: 0; margin: 0.3em 0 0.6em; }
.kam-wrap .widget-checkbox { width: 100% !important; height: auto !important; }
.kam-wrap .widget-checkbox .widget-label-basic { flex: 1 1 auto; display: flex; gap: 0.5em;
  align-items: flex-start; width: auto; height: auto; cursor: pointer; line-height: 1.4;
  margin-bottom: 4px; }
.kam-wrap .widget-checkbox .widget-label-basic span { white-space: normal !important;
  overflow: visible; flex: 1 1 auto; }
.kam-wrap .widget-checkbox input { margin-top: 0.25em; flex: none; }
.kam-toggle .widget-toggle-button { border: 1px solid #afb8c1; }
.kam-toggle .widget-toggle-button.mod-active, .kam-toggle .widget-toggle-button.mod-active:hover {
  background: #0b5cad !important; color: #fff !important; font-weight: 600;
  box-shadow: inset 0 0 0 2px #083d75; }
.kam-toggle .widget-toggle-button.mod-active::before { content: "✓ "; }
.kam-items { margin: 0.3em 0 0.6em; padding-left: 1.2em; }
.kam-item-right b { color: #1a7f37; }
.kam-item-wrong b { color: #b42318; }
.kam-chart svg { max-width: 100%; height: auto; }
</style>"""

#: What a view's ``value`` is when the input shows something that is not an answer
#: (a number box holding text): the old answer must not stand, nothing new is saved.
INVALID = object()


def markdown_html(text: str) -> str:
    """Render lesson Markdown to HTML (raw HTML in the source is escaped)."""
    return str(_markdown(text))


def text_html(text: str) -> str:
    """Return plain text (e.g. anything a trainee typed) safe to put inside HTML."""
    return html.escape(text, quote=True)


def muted(text: str) -> str:
    """Return ``text`` as a quiet status line."""
    return f'<span style="color:#57606a">{text_html(text)}</span>'


def warn(text: str) -> str:
    """Return ``text`` as a warning line."""
    return f'<span style="color:#b42318"><b>{text_html(text)}</b></span>'


def box(inner: str, colour: str) -> str:
    """Return feedback HTML in a coloured box."""
    return (
        f'<div class="kam-feedback" style="background:{colour};padding:6px 10px;'
        f'border-radius:4px">{inner}</div>'
    )


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


Q = TypeVar("Q", bound=QuestionBase)


class InputView(Generic[Q]):
    """The input of one question type. Subclasses build :attr:`widget` in ``__init__``.

    Args:
        question: the question shown.
        ctx: the lesson's shared context.
        changed: to call after every change the trainee makes (the shell saves).
    """

    widget: w.Widget
    #: Whether a right item's feedback says what was given too (ticked or not ticked).
    SHOW_GIVEN = False

    def __init__(self, question: Q, ctx: ViewContext, changed: Callable[[], None]) -> None:
        self.question = question
        self.ctx = ctx
        self.changed = changed

    @property
    def value(self) -> Any:
        """Return the answer the input shows (``None`` if none, :data:`INVALID` if unusable)."""
        raise NotImplementedError

    def show(self, value: Any) -> None:
        """Show a saved ``value`` (anything not of the right form shows as no answer)."""
        raise NotImplementedError

    def feedback_html(self, value: Any) -> str:
        """Return feedback of this type's own, shown between the verdict and the explanation.

        By default: which items are right and which are wrong, and what is right for each
        (from :func:`kam_lessons.scoring.item_results`); empty for whole answers.
        """
        from kam_lessons.scoring import item_results

        return self.items_html(item_results(self.question, value))

    def items_html(self, results: Sequence[ItemResult]) -> str:
        """Return the item-by-item list of a checked answer (nothing for whole answers)."""
        if not results:
            return ""
        lang = self.ctx.lang
        rows = []
        for r in results:
            mark = t(lang, "ui.item_right" if r.right else "ui.item_wrong")
            parts = [f"<b>{text_html(mark)}</b> — {text_html(self.item_text(r.item))}"]
            if r.right and self.SHOW_GIVEN:
                parts.append(text_html(self.part_text(r.given)))
            if not r.right:
                parts.append(text_html(t(lang, "ui.item_yours", given=self.part_text(r.given))))
                parts.append(
                    text_html(t(lang, "ui.item_expected", expected=self.part_text(r.expected)))
                )
            kind = "right" if r.right else "wrong"
            rows.append(f'<li class="kam-item kam-item-{kind}">{"; ".join(parts)}</li>')
        heading = text_html(t(lang, "ui.items_heading"))
        return f'<p><b>{heading}</b></p><ul class="kam-items">{"".join(rows)}</ul>'

    def item_text(self, item_id: str) -> str:
        """Return how an item of this question reads (its text)."""
        return item_id

    def part_text(self, part: Any) -> str:
        """Return how one item's part of an answer reads (a choice, a bin, a place)."""
        return t(self.ctx.lang, "ui.item_none") if part is None else str(part)

    def order(self, items: Sequence[Any], part: str) -> list[Any]:
        """Return ``items`` in this trainee's own order (the same on every run)."""
        return shuffled(items, self.ctx.trainee_id, f"{self.question.id}:{part}")
