"""Matching: match each item to a choice; share of items matched right."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kam_lessons.questions.base import Choice
from kam_lessons.questions.mapping import MappingQuestion


class Matching(MappingQuestion):
    """Match each item to one choice. ``answer`` maps item id to choice id."""

    TARGET = "choice"

    type: Literal["matching"]
    items: tuple[Choice, ...] = Field(min_length=2)
    choices: tuple[Choice, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _check(self) -> Matching:
        self.check_key()
        return self

    def targets(self) -> tuple[Choice, ...]:  # noqa: D102
        return self.choices
