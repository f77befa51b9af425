"""What matching and categorize share: each item goes to one target; share of items right."""

from __future__ import annotations

import random
from typing import Any, ClassVar

from kam_lessons.questions.base import (
    Choice,
    Examples,
    ItemResult,
    QuestionBase,
    References,
    ids,
    is_str_mapping,
    unique,
)
from kam_lessons.validation import invalid


class MappingQuestion(QuestionBase):
    """Items sent to targets (choices or bins). ``answer`` maps item id to target id."""

    items: tuple[Choice, ...]
    answer: dict[str, str] | None = None

    #: What a target is called in messages (``choice``, ``bin``).
    TARGET: ClassVar[str] = "target"

    def targets(self) -> tuple[Choice, ...]:
        """Return what items are sent to."""
        raise NotImplementedError

    def check_key(self) -> None:
        """Raise ``ValueError`` if ids repeat or the key does not fit the items and targets."""
        unique(ids(self.items), "item")
        unique(ids(self.targets()), self.TARGET)
        if self.answer is None:
            return
        if set(self.answer) != set(ids(self.items)):
            raise invalid("key_every_item", target=self.TARGET)
        for item, target in self.answer.items():
            if target not in ids(self.targets()):
                raise invalid("key_not_target", item=item, target=self.TARGET, given=target)

    def well_formed(self, value: object) -> bool:  # noqa: D102
        return is_str_mapping(value)

    def share(self, value: Any, references: References | None, lang: str) -> float:  # noqa: D102
        if not self.answer:
            return 0.0
        hits = sum(1 for item, right in self.answer.items() if value.get(item) == right)
        return hits / len(self.answer)

    def item_results(self, value: Any) -> tuple[ItemResult, ...]:  # noqa: D102
        key = self.answer or {}
        return tuple(
            ItemResult(i.id, value.get(i.id) == key.get(i.id), value.get(i.id), key.get(i.id))
            for i in self.items
        )

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        targets = ids(self.targets())
        return {i.id: rnd.choice(targets) for i in self.items if rnd.random() < 0.8}

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        right = dict(self.answer or {})
        others = ids(self.targets())
        wrong = {item: next(t for t in others if t != target) for item, target in right.items()}
        return Examples(right, wrong, list(right))
