"""Preparation: the §4 questions with the case's answers, and how complete the case is.

:func:`measure_completeness` counts, per section, the values that may be ``unknown``
and how many are known (the five §5 analysis groups first, then the rest of the case);
names, notes and rationale texts are never unknown and are not counted. Pure functions,
no display.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from kam_lessons.workshop.schema import ANALYSIS_GROUPS, SECTIONS, ClientCase, admits_unknown


def iter_unknowns(case: ClientCase) -> Iterator[tuple[str, str, bool]]:
    """Yield ``(section, field path, known)`` for every value that may be ``unknown``.

    Sections are those of :data:`SECTIONS` (the five §5 groups are sections of their
    own). Names, notes and rationale texts are never unknown and are not counted.
    """
    for group in ANALYSIS_GROUPS:
        yield from _walk(getattr(case.analysis, group), group, f"analysis.{group}")
    for section in SECTIONS[len(ANALYSIS_GROUPS) :]:
        value = getattr(case, section)
        if section == "warning_signs":
            yield section, section, value is not None
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                yield from _walk(item, section, f"{section}[{i}]")
        else:
            yield from _walk(value, section, section)


def _walk(model: BaseModel, section: str, prefix: str) -> Iterator[tuple[str, str, bool]]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}.{name}"
        if admits_unknown(info.annotation):
            yield section, path, value is not None
        if isinstance(value, BaseModel):
            yield from _walk(value, section, path)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk(item, section, f"{path}[{i}]")


@dataclass(frozen=True)
class Completeness:
    """How much of one section is known."""

    section: str
    known: int
    total: int
    unknown: tuple[str, ...]

    @property
    def share(self) -> float:
        """Return known / total (1 for a section with nothing to fill in)."""
        return self.known / self.total if self.total else 1.0

    @property
    def is_analysis_group(self) -> bool:
        """Whether this is one of the five §5 customer-analysis groups."""
        return self.section in ANALYSIS_GROUPS


def measure_completeness(case: ClientCase) -> tuple[Completeness, ...]:
    """Count known and unknown values per section, the five §5 groups first."""
    known: Counter[str] = Counter()
    total: Counter[str] = Counter()
    unknown: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for section, path, is_known in iter_unknowns(case):
        total[section] += 1
        if is_known:
            known[section] += 1
        else:
            unknown[section].append(path)
    return tuple(Completeness(s, known[s], total[s], tuple(unknown[s])) for s in SECTIONS)


@dataclass(frozen=True)
class PreparationReview:
    """The §4 questions with the case's answers, and how complete the case is."""

    answers: tuple[tuple[str, str | None], ...]
    completeness: tuple[Completeness, ...]

    @property
    def open_questions(self) -> tuple[str, ...]:
        """Return the ids of the questions still unanswered."""
        return tuple(q for q, a in self.answers if a is None)

    @property
    def answered(self) -> int:
        """Return how many questions have an answer."""
        return sum(a is not None for _, a in self.answers)

    @property
    def analysis(self) -> tuple[Completeness, ...]:
        """Return the completeness of the five §5 analysis groups."""
        return tuple(c for c in self.completeness if c.is_analysis_group)


def review_preparation(case: ClientCase) -> PreparationReview:
    """Return the preparation questions with their answers, and the completeness."""
    return PreparationReview(tuple(case.preparation.answers().items()), measure_completeness(case))
