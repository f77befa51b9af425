"""Single choice: pick one option; all or nothing."""

from __future__ import annotations

import random
from typing import Any, Literal

from pydantic import Field, model_validator

from kam_lessons.questions.base import (
    Choice,
    Examples,
    ItemResult,
    QuestionBase,
    References,
    ids,
    unique,
)
from kam_lessons.validation import invalid


class SingleChoice(QuestionBase):
    """Pick one option. ``answer`` is the id of the right option."""

    type: Literal["single"]
    options: tuple[Choice, ...] = Field(min_length=2)
    answer: str | None = None

    @model_validator(mode="after")
    def _check(self) -> SingleChoice:
        unique(ids(self.options), "option")
        if self.answer is not None and self.answer not in ids(self.options):
            raise invalid("key_not_option", given=self.answer)
        return self

    def well_formed(self, value: object) -> bool:  # noqa: D102
        return isinstance(value, str)

    def share(self, value: Any, references: References | None, lang: str) -> float:  # noqa: D102
        return 1.0 if self.answer is not None and value == self.answer else 0.0

    def item_results(self, value: Any) -> tuple[ItemResult, ...]:  # noqa: D102
        return (ItemResult(value, value == self.answer, value, self.answer),)

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        return rnd.choice(ids(self.options))

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        wrong = next(o.id for o in self.options if o.id != self.answer)
        return Examples(self.answer, wrong, [self.answer])
