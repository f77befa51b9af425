"""What a notebook gets when its lesson or client case could not be opened.

:class:`CannotOpen` stands in for the lesson (:class:`kam_lessons.lesson.LessonProblem`)
or the workshop (:class:`kam_lessons.workshop.view.WorkshopProblem`): it answers every
call the notebook makes (its :attr:`~CannotOpen.calls`), and the first one shows one
message, what is wrong and how to fix it, in the user's language, never a traceback.
"""

from __future__ import annotations

from typing import Any, ClassVar

from kam_lessons.errors import KamError
from kam_lessons.i18n import DEFAULT_LANG, languages


class CannotOpen:
    """Stands in for something that could not be opened: the first call shows what is wrong.

    A subclass names the calls its notebook makes (``calls``) and shows the message
    (:meth:`display`); each of those calls shows it once, then does nothing.
    """

    #: The names the notebook calls; each is bound to :meth:`show_once`.
    calls: ClassVar[tuple[str, ...]] = ()

    def __init__(self, error: KamError, lang: str) -> None:
        self.error = error
        self.lang = lang if lang in languages() else DEFAULT_LANG
        self.shown = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.calls:
            setattr(cls, name, cls.show_once)

    def show_once(self, *_: Any, **__: Any) -> None:
        """Show the message, the first time only (any arguments are ignored)."""
        if self.shown:
            return
        self.shown = True
        self.display()

    def display(self) -> None:  # pragma: no cover - every subclass shows its own
        """Show the message."""
        raise NotImplementedError
