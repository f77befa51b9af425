"""Multiple choice: tick every right option; ``max(0, right − wrong) / number right``."""

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
    is_str_list,
    unique,
)
from kam_lessons.validation import invalid


class MultipleChoice(QuestionBase):
    """Pick every right option; partial credit. ``answer`` lists the right ids."""

    type: Literal["multiple"]
    options: tuple[Choice, ...] = Field(min_length=2)
    answer: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> MultipleChoice:
        unique(ids(self.options), "option")
        if self.answer is not None:
            if not self.answer:
                raise invalid("key_empty")
            for a in self.answer:
                if a not in ids(self.options):
                    raise invalid("key_not_option", given=a)
        return self

    def well_formed(self, value: object) -> bool:  # noqa: D102
        return is_str_list(value)

    def share(self, value: Any, references: References | None, lang: str) -> float:  # noqa: D102
        if self.answer is None:
            return 0.0
        right, chosen = set(self.answer), set(value)
        return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))

    def item_results(self, value: Any) -> tuple[ItemResult, ...]:
        """Each option: right when ticked as it should be (ticked if right, else not)."""
        right, chosen = set(self.answer or ()), set(value)
        return tuple(
            ItemResult(o.id, (o.id in chosen) == (o.id in right), o.id in chosen, o.id in right)
            for o in self.options
        )

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        return rnd.sample(ids(self.options), rnd.randint(0, len(self.options)))

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        right = list(self.answer or ())
        wrong = [o.id for o in self.options if o.id not in right][:1] or right[:1]
        return Examples(right, wrong, right[0] if right else 1)
