"""What a lesson notebook calls: open a lesson for a trainee, then show it section by section.

A lesson notebook is a parameters cell and one-liners::

    lesson = open_lesson("01_stages", trainee_id=trainee_id, trainee_name=trainee_name,
                         lang=lang, mode=mode, answers_dir=answers_dir, bank=bank)
    lesson.header()
    lesson.section("intro")

Bad input (an unknown language or mode, a missing or broken lesson file) never shows a
traceback: the lesson displays one message saying what is wrong and how to fix it.
"""

from __future__ import annotations

import contextlib
import weakref
from pathlib import Path
from typing import Any

from kam_lessons.answers import AnswerStore, answers_path
from kam_lessons.casebook import reference_ratings
from kam_lessons.content import Lesson, load_lesson, load_lesson_file
from kam_lessons.errors import KamError
from kam_lessons.i18n import DEFAULT_LANG, t
from kam_lessons.numbers import format_number
from kam_lessons.scoring import is_answered, score_lesson
from kam_lessons.settings import check_lang, check_mode
from kam_lessons.standin import CannotOpen


def _display(*objs: Any) -> None:
    from IPython.display import display

    display(*objs)


def _markdown(text: str) -> None:
    from IPython.display import Markdown

    _display(Markdown(text))


class LessonView:
    """One lesson, opened for one trainee: shows sections, questions, chart and progress."""

    def __init__(
        self,
        lesson: Lesson,
        store: AnswerStore,
        trainee_id: str,
        trainee_name: str,
        mode: str,
        parameters: dict[str, str] | None = None,
    ) -> None:
        import ipywidgets as w

        from kam_lessons.widgets import ViewContext

        self.lesson = lesson
        self.store = store
        self.trainee_id = trainee_id
        self.trainee_name = trainee_name
        self.mode = mode
        self.lang = lesson.lang
        self.progress_widget = w.HTML()
        self._score: tuple[float, float] | None = None  # as of the last Check (practice)
        self.views: dict[str, Any] = {}
        self.parameters = {**lesson.parameters, **(parameters or {})}
        self.ctx = ViewContext(
            store,
            trainee_id,
            lesson.lang,
            mode,
            on_change=self.refresh,
            labels=lesson.labels,
            parameters=self.parameters,
        )
        self.refresh()
        _watch_page_connects(self)

    def reload(self) -> None:
        """Show the answers saved now (a page opening a kernel started earlier, a second tab).

        Called when a page's widget manager connects, so a pre-started kernel, or one
        that outlived a reload, never shows answers older than the file's.
        """
        from kam_lessons.storage import locked

        store = self.store
        if store.path.exists():
            with locked(store.path):
                fresh = store._read_or_set_aside()
            if fresh is not None:
                store.data = fresh
        for view in self.views.values():
            view.reload()
        self.refresh()

    # -- what the notebook calls ----------------------------------------------------
    def header(self) -> None:
        """Show the title, who the workbook is for, the mode and the progress line."""
        from kam_lessons.widgets import STYLE, text_html

        lang = self.lang
        lines = [f"# {self.lesson.title}"]
        if self.lesson.summary:
            lines.append(self.lesson.summary)
        _markdown("\n\n".join(lines))
        import ipywidgets as w

        notes = [t(lang, f"ui.mode_{self.mode}"), t(lang, "ui.autosave")]
        if self.trainee_name or self.trainee_id != DEMO_TRAINEE:  # the course itself: no one's
            notes.insert(0, t(lang, "ui.trainee", name=self.trainee_name or self.trainee_id))
        if self.store.problem is not None:
            notes.append(
                t(lang, "errors.answers_set_aside", detail=self.store.problem.render(lang))
            )
        html = "<br>".join(text_html(n) for n in notes)
        _display(w.HTML(f'{STYLE}<div class="kam-header">{html}</div>'), self.progress_widget)

    def section(self, section_id: str) -> None:
        """Show one section: its prose, its chart if any, then its questions."""
        section = next((s for s in self.lesson.sections if s.id == section_id), None)
        if section is None:
            _markdown(f"**{t(self.lang, 'ui.no_section', section=section_id)}**")
            return
        text = (f"## {section.title}\n\n" if section.title else "") + section.body
        if text.strip():
            _markdown(text)
        if section.chart:
            self.chart(section.chart)
        if section.questions:
            self.questions(*section.questions)

    def sections(self) -> None:
        """Show every section in order."""
        for section in self.lesson.sections:
            self.section(section.id)

    def questions(self, *question_ids: str) -> None:
        """Show questions by id, numbered as in the lesson."""
        from kam_lessons.widgets import QuestionView

        shown = [qid for section in self.lesson.sections for qid in section.questions]
        numbers = {qid: n for n, qid in enumerate(shown, start=1)}
        for qid in question_ids:
            view = QuestionView(self.lesson.question(qid), numbers[qid], self.ctx)
            self.views[qid] = view
            _display(view.widget)

    def chart(self, name: str) -> None:
        """Show a named chart drawn from the lesson's labels."""
        from kam_lessons import charts

        _display(charts.svg_display(charts.chart_svg(name, self.lesson.labels)))

    def progress(self) -> None:
        """Show the progress line again (e.g. at the end of the lesson)."""
        _display(self.progress_widget)

    def refresh(self, checked: bool = True) -> None:
        """Recompute the progress line from the saved answers.

        Args:
            checked: whether to recompute the score too. In practice mode the score moves
                only when the trainee checks an answer (and when the lesson opens), so
                that trying options one by one cannot reveal which is right.
        """
        if checked or self._score is None:
            result = score_lesson(self.lesson, self.store.values(), reference_ratings)
            self._score = (result.score, result.max_score)
        self.progress_widget.value = self.progress_text()

    def progress_text(self) -> str:
        """Return the progress line as HTML: answered / total, and the score in practice."""
        from kam_lessons.widgets import text_html

        values = self.store.values()
        total = len(self.lesson.questions)
        answered = sum(is_answered(q, values.get(q.id)) for q in self.lesson.questions)
        if self.mode == "practice" and not self.lesson.key_stripped:
            score, max_score = self._score or (0.0, self.lesson.max_score)
            line = t(
                self.lang,
                "ui.progress_practice",
                answered=answered,
                total=total,
                score=format_number(score, self.lang),
                max=format_number(max_score, self.lang),
            )
        else:
            line = t(self.lang, "ui.progress_assessment", answered=answered, total=total)
        return f'<div class="kam-progress"><b>{text_html(line)}</b></div>'


DEMO_TRAINEE = "demo"
_OPEN: list[weakref.ref[LessonView]] = []


def _watch_page_connects(view: LessonView) -> None:
    """Reload ``view``'s answers whenever a page's widget manager connects to this kernel.

    A page asks for the widgets' state by opening the ``jupyter.widget.control`` comm;
    the answers are read from the file first, then ipywidgets answers as it always does.
    """
    _OPEN.append(weakref.ref(view))
    if len(_OPEN) > 1:
        return
    try:
        from ipywidgets import Widget
        from ipywidgets.comm import get_comm_manager
    except ImportError:  # pragma: no cover - no kernel
        return
    manager = get_comm_manager()
    if manager is None:  # pragma: no cover
        return

    def opened(comm: Any, msg: dict) -> None:
        for ref in list(_OPEN):
            lesson = ref()
            if lesson is not None:
                with contextlib.suppress(Exception):  # showing stale answers beats failing
                    lesson.reload()
        Widget.handle_control_comm_opened(comm, msg)

    manager.register_target("jupyter.widget.control", opened)


class LessonProblem(CannotOpen):
    """Stands in for a lesson that could not be opened: every call shows what is wrong, once."""

    calls = ("header", "section", "sections", "questions", "chart", "progress")

    def display(self) -> None:
        """Show the message as Markdown: what is wrong and how to fix it."""
        _markdown(
            f"**{t(self.lang, 'ui.cannot_open')}**\n\n```\n{self.error.render(self.lang)}\n```"
        )


def open_lesson(
    lesson_id: str,
    *,
    trainee_id: str = DEMO_TRAINEE,
    trainee_name: str = "",
    lang: str = DEFAULT_LANG,
    mode: str = "practice",
    answers_dir: str | Path = "answers",
    bank: str | Path | None = None,
    **parameters: str,
) -> LessonView | LessonProblem:
    """Open a lesson for a trainee; on bad input return a stand-in that explains the problem.

    Args:
        lesson_id: the lesson, e.g. ``"01_stages"``.
        trainee_id: whose answers to load and save; also seeds the order of options.
        trainee_name: shown in the header.
        lang: a language with a catalogue (``en``, ``ru``).
        mode: ``practice`` (feedback after checking) or ``assessment`` (no correctness shown).
        answers_dir: the folder of the answers files.
        bank: a lesson file to use instead of the course's (assessment workbooks carry a
            copy with no answer key).
        **parameters: the lesson's own parameters (e.g. ``case`` for lesson 2's client case).
    """
    try:
        check_lang(lang)
        check_mode(mode)
        lesson = load_lesson_file(Path(bank)) if bank else load_lesson(lesson_id, lang)
        if mode == "assessment" and not lesson.key_stripped:
            lesson = lesson.without_key()
        store = AnswerStore(
            answers_path(answers_dir, lesson_id), trainee_id, lesson_id, lang=lang, mode=mode
        )
    except KamError as err:
        return LessonProblem(err, lang)
    return LessonView(lesson, store, trainee_id, trainee_name, mode, parameters)
