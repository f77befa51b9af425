"""The client cases lessons use: finding a case's file and its reference ratings.

A lesson names a case by id (``sample``: ``data/cases/sample.<lang>.yaml`` if that
language's edition exists, else ``data/cases/sample.yaml``) or by the path of a YAML
file. The reference ratings of the five methods must all be known for a lesson to
score against them.

The reference ratings of the course's own cases (``data/cases``, never a case given by
path) are kept in the cache (``cache_dir("cases")``), keyed by the file's bytes, so a
process that only scores (``kam grade``) reads them without loading the case's schema.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kam_lessons.errors import KamError
from kam_lessons.methods import METHOD_IDS, Rating, as_ratings
from kam_lessons.paths import cache_dir, cases_dir
from kam_lessons.storage import write_atomic

if TYPE_CHECKING:
    from kam_lessons.workshop.schema import ClientCase

#: Changes whenever what is kept of a case's reference ratings changes: old entries go.
_CACHE_VERSION = "1"


def resolve_case(ref: str, lang: str) -> Path:
    """Return the file of a case reference: an id in ``data/cases`` or a path to a YAML file."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or len(path.parts) > 1:
        return path
    edition = cases_dir() / f"{ref}.{lang}.yaml"
    return edition if edition.exists() else cases_dir() / f"{ref}.yaml"


def load_lesson_case(ref: str, lang: str) -> ClientCase:
    """Load a case for a lesson, insisting that every method has a reference value and cost."""
    from kam_lessons.workshop.loading import load_case

    path = resolve_case(ref, lang)
    case = load_case(path)
    for method, rating in case.methods.by_id().items():
        for side in ("value", "cost"):
            if getattr(rating, side) is None:
                raise KamError(path, f"methods.{method}.{side}", "errors.case_no_reference")
    return case


@lru_cache(maxsize=32)
def reference_ratings(ref: str, lang: str = "en") -> dict[str, Rating] | None:
    """Return a case's reference ratings by method id, or ``None`` if the case cannot serve."""
    path = resolve_case(ref, lang)
    kept = _kept(path)
    if kept is not None:
        with suppress(OSError, ValueError, KeyError, TypeError):  # none yet, or stale: made anew
            stored = json.loads(kept.read_text(encoding="utf-8"))
            return {m: Rating(**stored[m]) for m in METHOD_IDS}
    try:
        ratings = as_ratings(load_lesson_case(ref, lang).methods.by_id())
    except KamError:
        return None
    found = {m: ratings[m] for m in METHOD_IDS}
    if kept is not None:
        with suppress(OSError, TypeError, ValueError):  # a read-only home only costs speed
            write_atomic(kept, json.dumps({m: asdict(r) for m, r in found.items()}))
    return found


def _kept(path: Path) -> Path | None:
    """Return where a course case's ratings are kept (by its bytes), or ``None`` for others."""
    try:
        if path.resolve().parent != cases_dir().resolve():
            return None  # a case given by path may be a client's: never kept
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(_CACHE_VERSION.encode() + b"\0" + data).hexdigest()[:40]
    return cache_dir("cases") / f"{digest}.json"

