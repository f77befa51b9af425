"""The question shell: prompt, input, Check, saving, restoring and feedback for every type.

Widgets only display and call :mod:`kam_lessons.scoring`; the input of each question
type is its view in :mod:`kam_lessons.views` (the table ``VIEWS``). What is saved is the
plain answer value (ids, numbers, text), so the display order of options never matters.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kam_lessons.casebook import reference_ratings
from kam_lessons.i18n import t
from kam_lessons.numbers import format_number
from kam_lessons.questions import Question
from kam_lessons.scoring import score_question
from kam_lessons.views import VIEWS, InputView
from kam_lessons.views.base import (
    FULL,
    INVALID,
    STYLE,
    ViewContext,
    box,
    markdown_html,
    muted,
    text_html,
    warn,
)

__all__ = ["STYLE", "QuestionView", "ViewContext", "markdown_html", "text_html"]


class QuestionView:
    """One question: its prompt, the input of its type, saving, and feedback.

    Attributes:
        widget: the box to display.
        input: the question type's input view (:mod:`kam_lessons.views`).
        control: the input's widget.
        status: the line that says saved / restored / what went wrong.
        feedback: where Check's verdict and explanation appear (practice mode).
    """

    def __init__(self, question: Question, number: int, ctx: ViewContext) -> None:
        self.question = question
        self.ctx = ctx
        self._restoring = False
        self.status = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.feedback = w.HTML(layout=FULL)
        points = t(ctx.lang, "ui.points", n=format_number(question.points, ctx.lang))
        prompt = w.HTML(
            f'<div class="kam-prompt"><b>{number}.</b> {markdown_html(question.prompt)}'
            f'<span class="kam-points">{text_html(points)}</span></div>',
            layout=FULL,
        )
        self.input: InputView = VIEWS[question.type](question, ctx, self._changed)
        self.control = self.input.widget
        footer: list[w.Widget] = []
        if ctx.practice:
            self.check_button = w.Button(description=t(ctx.lang, "ui.check"), button_style="info")
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

    @property
    def value(self) -> Any:
        """Return the answer as shown now (``None`` when nothing is given)."""
        value = self.input.value
        return None if value is INVALID else value

    def set_value(self, value: Any) -> None:
        """Show ``value`` in the input; the change is saved as if the trainee made it."""
        self._restoring = True
        try:
            self.input.show(value)
        finally:
            self._restoring = False
        self._changed()

    def reload(self) -> None:
        """Show the saved answer again if it changed meanwhile (another tab, a later visit)."""
        saved = self.ctx.store.get(self.question.id)
        if saved != self.value:
            self.feedback.value = ""
            self.status.value = ""
            self._restore(saved)

    def _restore(self, value: Any) -> None:
        self._restoring = True
        try:
            self.input.show(value)
            restored = value is not None and self.input.value not in (None, INVALID)
            unusable = value is not None and not restored
        except (TypeError, ValueError):  # a hand-edited file: show the question unanswered
            self.input.show(None)
            unusable = True
        finally:
            self._restoring = False
        if unusable:
            self.status.value = warn(t(self.ctx.lang, "ui.restore_failed"))
        elif value is not None:
            self.status.value = muted(t(self.ctx.lang, "ui.restored"))

    def _changed(self) -> None:
        if self._restoring:
            return
        self.feedback.value = ""
        raw = self.input.value
        invalid = raw is INVALID
        if invalid:  # what the box shows is not a number: the old answer must not stand
            raw = None
        try:
            self.ctx.store.set(self.question.id, raw)
        except OSError as exc:
            self.status.value = warn(t(self.ctx.lang, "ui.save_failed", detail=str(exc)))
            return
        if invalid:
            self.status.value = warn(t(self.ctx.lang, "ui.number_hint"))
        else:
            key = "ui.saved" if raw is not None else "ui.cleared"
            self.status.value = muted(t(self.ctx.lang, key))
        self.ctx.on_change(False)

    def check(self) -> None:
        """Show feedback on the current answer (practice mode only)."""
        if not self.ctx.practice:
            return
        lang = self.ctx.lang
        value = self.value
        if value is None:
            self.feedback.value = muted(t(lang, "ui.no_answer"))
            return
        q = self.question
        if not q.auto_scored:
            self.feedback.value = box(self._trainer_graded_html(), "#f6f8fa")
            return
        result = score_question(q, value, reference_ratings, lang)
        self.ctx.on_change(True)
        if result.correct:
            verdict, colour = t(lang, "ui.right"), "#e6f4ea"
        elif result.points:
            verdict = t(
                lang,
                "ui.partly",
                points=format_number(result.points, lang),
                max=format_number(q.points, lang),
            )
            colour = "#fff8e1"
        else:
            verdict, colour = t(lang, "ui.wrong", max=format_number(q.points, lang)), "#fdecea"
        details = self.input.feedback_html(value)
        self.feedback.value = box(
            f"<p><b>{text_html(verdict)}</b></p>{details}{markdown_html(q.explain)}", colour
        )

    def _trainer_graded_html(self) -> str:
        """What Check says of an answer a trainer grades: saved, the rubric, a model answer."""
        lang, q = self.ctx.lang, self.question
        parts = [f"<p>{text_html(t(lang, 'ui.text_saved'))}</p>"]
        rubric = getattr(q, "rubric", ())
        if rubric:
            items = "".join(f"<li>{text_html(r)}</li>" for r in rubric)
            parts.append(f"<p><b>{text_html(t(lang, 'ui.rubric'))}</b></p><ul>{items}</ul>")
        if q.explain:
            heading = text_html(t(lang, "ui.model_answer"))
            parts.append(f"<p><b>{heading}</b></p>{markdown_html(q.explain)}")
        return "".join(parts)
