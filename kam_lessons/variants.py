"""Per-trainee variants: the same shuffle of options and items for a trainee on every run."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def seed_for(trainee_id: str, key: str) -> int:
    """Return a stable seed for a trainee and a question (same on every machine and run)."""
    digest = hashlib.sha256(f"{trainee_id}\x1f{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def shuffled(items: Sequence[T], trainee_id: str, key: str) -> list[T]:
    """Return ``items`` in this trainee's order for ``key`` (a question id plus a part name)."""
    out = list(items)
    random.Random(seed_for(trainee_id, key)).shuffle(out)
    return out
