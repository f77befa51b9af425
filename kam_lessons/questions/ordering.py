"""Ordering: put items in order; ``(LCS − 1) / (n − 1)`` of the points.

LCS is the length of the longest common subsequence of the chosen order and the right
one: the most items already in the right order relative to each other. One item swapped
with its neighbour keeps most of the credit; a reversed list scores 0.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
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


class Ordering(QuestionBase):
    """Put the items in order; partial credit. ``answer`` lists the item ids in order."""

    type: Literal["ordering"]
    items: tuple[Choice, ...] = Field(min_length=3)
    answer: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> Ordering:
        unique(ids(self.items), "item")
        if self.answer is not None and sorted(self.answer) != sorted(ids(self.items)):
            raise invalid("key_every_item_once")
        return self

    def well_formed(self, value: object) -> bool:  # noqa: D102
        return is_str_list(value)

    def share(self, value: Any, references: References | None, lang: str) -> float:  # noqa: D102
        key = list(self.answer or ())
        if not key or sorted(value) != sorted(key):
            return 0.0
        return (lcs_length(key, list(value)) - 1) / (len(key) - 1)

    def item_results(self, value: Any) -> tuple[ItemResult, ...]:
        """Each item: right when at its place; ``given`` and ``expected`` are 1-based places."""
        key = list(self.answer or ())
        given = list(value)
        return tuple(
            ItemResult(
                item,
                item in key and key.index(item) == pos,
                pos + 1,
                key.index(item) + 1 if item in key else None,
            )
            for pos, item in enumerate(given)
        )

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        return rnd.sample(ids(self.items), len(self.items))

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        right = list(self.answer or ())
        return Examples(right, right[::-1], "".join(right))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Return the length of the longest common subsequence of ``a`` and ``b``."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]
