"""Free text: the trainee writes; a trainer grades it against the rubric, never the engine."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Literal

from kam_lessons.questions.base import Examples, QuestionBase, References


class FreeText(QuestionBase):
    """Write an answer; stored for a trainer to grade against ``rubric``, never auto-scored."""

    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("rubric", "explain")
    AUTO_SCORED: ClassVar[bool] = False

    type: Literal["text"]
    rubric: tuple[str, ...] = ()
    placeholder: str = ""

    def well_formed(self, value: object) -> bool:  # noqa: D102
        return isinstance(value, str)

    def answered(self, value: Any) -> bool:  # noqa: D102
        return bool(value.strip())

    def share(self, value: Any, references: References | None, lang: str) -> float:
        """Never called: free text has no automatic share."""
        raise TypeError("free text is graded by a trainer")

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        return rnd.choice(["A written answer.", "", "   ", "Я бы представил нового менеджера."])

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        return Examples("A written answer.", "", 42)
