"""The client cases lessons use: finding a case's file and its reference ratings.

A lesson names a case by id (``sample``: ``data/cases/sample.<lang>.yaml`` if that
language's edition exists, else ``data/cases/sample.yaml``) or by the path of a YAML
file. The reference ratings of the five methods must all be known for a lesson to
score against them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kam_lessons.errors import KamError
from kam_lessons.methods import METHOD_IDS, Rating, as_ratings
from kam_lessons.workshop.loading import cases_dir, load_case
from kam_lessons.workshop.schema import ClientCase


def resolve_case(ref: str, lang: str) -> Path:
    """Return the file of a case reference: an id in ``data/cases`` or a path to a YAML file."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or len(path.parts) > 1:
        return path
    edition = cases_dir() / f"{ref}.{lang}.yaml"
    return edition if edition.exists() else cases_dir() / f"{ref}.yaml"


def load_lesson_case(ref: str, lang: str) -> ClientCase:
    """Load a case for a lesson, insisting that every method has a reference value and cost."""
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
    try:
        ratings = as_ratings(load_lesson_case(ref, lang).methods.by_id())
    except KamError:
        return None
    return {m: ratings[m] for m in METHOD_IDS}
