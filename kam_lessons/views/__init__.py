"""The input views, one per question type, registered in one table like the types.

``VIEWS`` maps a question type (``TYPES`` of :mod:`kam_lessons.questions`) to the view
that shows its input; :class:`kam_lessons.widgets.QuestionView`, the shell every
question shares (prompt, status, Check, saving, restoring, feedback), picks from it.
"""

from __future__ import annotations

from kam_lessons.views.base import INVALID, STYLE, InputView, ViewContext, markdown_html, text_html
from kam_lessons.views.choice import MultipleView, SingleView
from kam_lessons.views.entry import NumericView, TextView
from kam_lessons.views.mapping import CategorizeView, MatchingView
from kam_lessons.views.ordering import OrderingView
from kam_lessons.views.square import SquareView
from kam_lessons.views.value_cost import ValueCostView

#: The view of each question type, by the type's name.
VIEWS: dict[str, type[InputView]] = {
    "single": SingleView,
    "multiple": MultipleView,
    "matching": MatchingView,
    "ordering": OrderingView,
    "categorize": CategorizeView,
    "numeric": NumericView,
    "text": TextView,
    "value_cost": ValueCostView,
    "square": SquareView,
}

__all__ = ["INVALID", "STYLE", "VIEWS", "InputView", "ViewContext", "markdown_html", "text_html"]
