"""The workshop: a team's real client account, from a YAML case file to a diagnosis report.

The case
    :mod:`~kam_lessons.workshop.vocabulary` (the allowed values),
    :mod:`~kam_lessons.workshop.schema` (the models, and the field vocabulary read off
    them), :mod:`~kam_lessons.workshop.loading` (``load_case``: the file, or every
    mistake) and :mod:`~kam_lessons.workshop.template` (the blank case, ``kam case new``).
The analyses, pure functions from a case to typed results
    :mod:`~kam_lessons.workshop.square`, :mod:`~kam_lessons.workshop.stage`,
    :mod:`~kam_lessons.workshop.risk`, :mod:`~kam_lessons.workshop.methods_plan`,
    :mod:`~kam_lessons.workshop.preparation` and :mod:`~kam_lessons.workshop.plan`, run
    together by :mod:`~kam_lessons.workshop.findings`.
The report
    :mod:`~kam_lessons.workshop.words` (every sentence, ``(lang, ...)``),
    :mod:`~kam_lessons.workshop.markup` (escaped HTML, MarkupSafe),
    :mod:`~kam_lessons.workshop.page` (outputs and the stylesheet, ``report.css``),
    :mod:`~kam_lessons.workshop.render` (one renderer per part),
    :mod:`~kam_lessons.workshop.view` (what the notebook calls: :func:`open_workshop`) and
    :mod:`~kam_lessons.workshop.report` (``kam case report``: the notebook run and
    exported to HTML).

Importing the package loads nothing but this page: :func:`open_workshop`,
:class:`Workshop` and :class:`WorkshopProblem` are loaded when first used, so the
lessons can read case files (:mod:`kam_lessons.casebook`) without the report's code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from kam_lessons.workshop.view import Workshop, WorkshopProblem, open_workshop

__all__ = ["Workshop", "WorkshopProblem", "open_workshop"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kam_lessons.workshop import view

        return getattr(view, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
