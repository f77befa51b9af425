"""Categorize: sort items into bins; share of items in the right bin."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kam_lessons.questions.base import Choice
from kam_lessons.questions.mapping import MappingQuestion


class Categorize(MappingQuestion):
    """Sort items into bins; partial credit. ``answer`` maps item id to bin id."""

    TARGET = "bin"

    type: Literal["categorize"]
    items: tuple[Choice, ...] = Field(min_length=2)
    bins: tuple[Choice, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> Categorize:
        self.check_key()
        return self

    def targets(self) -> tuple[Choice, ...]:  # noqa: D102
        return self.bins
