"""Numeric: type a number; all the points within the question's tolerance, else none."""

from __future__ import annotations

import random
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from kam_lessons.numbers import as_number
from kam_lessons.questions.base import Examples, QuestionBase, References


class Numeric(QuestionBase):
    """Type a number; right when within ``tolerance`` of ``answer``."""

    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("answer", "tolerance", "explain")

    type: Literal["numeric"]
    answer: float | None = None
    tolerance: Annotated[float, Field(ge=0)] = 0.0
    unit: str = ""

    def well_formed(self, value: object) -> bool:  # noqa: D102
        return as_number(value) is not None

    def answered(self, value: Any) -> bool:  # noqa: D102
        return True

    def share(self, value: Any, references: References | None, lang: str) -> float:  # noqa: D102
        number = as_number(value)
        if number is None or self.answer is None:
            return 0.0
        return 1.0 if abs(number - self.answer) <= self.tolerance + 1e-9 else 0.0

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        return rnd.uniform(-10, 100)

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        answer = self.answer if self.answer is not None else 0.0
        return Examples(answer, answer + self.tolerance + 1 + abs(answer), "three")
