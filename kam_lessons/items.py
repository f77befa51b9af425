"""Item analysis: how well each auto-scored question works, per lesson and language. Pure.

For every lesson × language (the banks are parallel, but a translation can break an
item), over the trainees who started the lesson (``n``; a blank answer scores 0):

- **facility**: the share of the question's points the trainees earned (0 to 1);
- **discrimination**: the point-biserial (Pearson) correlation of the question's points
  with the rest of the lesson (the lesson's auto-scored points without this question),
  so a question does not correlate with itself;
- for single and multiple choice, the **share choosing each option**: a distractor
  nobody picks does no work, and one picked more than the key points to a wrong key;
- the lesson's **reliability**, Cronbach's alpha (KR-20 when every item is right or
  wrong): ``k/(k−1) · (1 − Σ var(item) / var(total))``.

An item is flagged ``too hard`` (facility < 0.2), ``too easy`` (> 0.9), ``negative
discrimination`` (< 0), ``low discrimination`` (< 0.15), ``distractor beats key``
(a wrong option chosen more often than the key, or than a right option of a multiple
choice) or ``unused distractor`` (an option no one chose, from 20 trainees up). Every
figure says how many trainees it rests on: with 10–30 they are noisy, and with fewer
than 5 nothing is flagged.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kam_lessons.content import Lesson, MultipleChoice, SingleChoice
from kam_lessons.spreadsheet import csv_text

if TYPE_CHECKING:
    from kam_lessons.grades import Gradebook

TOO_HARD = 0.2
TOO_EASY = 0.9
LOW_DISCRIMINATION = 0.15
#: From this many trainees an option no one chose is flagged.
UNUSED_FROM = 20
#: Below this many trainees the report says the figures are noisy.
FEW = 30
#: Below this many trainees no item is flagged: two or three answers say nothing of an item.
FLAG_FROM = 5

FLAGS = (
    "too hard",
    "too easy",
    "negative discrimination",
    "low discrimination",
    "distractor beats key",
    "unused distractor",
)

#: One trainee's points and answer value on each auto-scored question, by question id.
Response = Mapping[str, tuple[float, object]]


@dataclass(frozen=True)
class OptionShare:
    """The share of trainees who chose one option of a choice question."""

    option: str
    share: float
    key: bool


@dataclass(frozen=True)
class ItemStat:
    """The figures of one question in one lesson and language."""

    lesson: str
    lang: str
    question: str
    type: str
    n: int
    facility: float | None
    discrimination: float | None
    options: tuple[OptionShare, ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def flag(self) -> str:
        """Return the flags as one cell: empty when the item looks sound."""
        return ", ".join(self.flags)


@dataclass(frozen=True)
class Reliability:
    """A lesson's reliability in one language."""

    lesson: str
    lang: str
    n: int
    items: int
    alpha: float | None


@dataclass(frozen=True)
class ItemAnalysis:
    """Every item's figures and each lesson's reliability."""

    items: list[ItemStat]
    reliability: list[Reliability]

    def flagged(self) -> list[ItemStat]:
        """Return the items with at least one flag."""
        return [i for i in self.items if i.flags]


def mean(values: Sequence[float]) -> float:
    """Return the arithmetic mean (0 for none)."""
    return sum(values) / len(values) if values else 0.0


def variance(values: Sequence[float]) -> float:
    """Return the population variance."""
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / len(values) if values else 0.0


def correlation(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Return Pearson's correlation of ``x`` and ``y``; ``None`` if either does not vary."""
    if len(x) < 2:
        return None
    mx, my = mean(x), mean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float | None:
    """Return Cronbach's alpha of a trainee × item table of points (KR-20 for 0/1 items).

    ``None`` with fewer than two items or two trainees, or when totals do not vary.
    """
    if len(scores) < 2 or not scores[0] or len(scores[0]) < 2:
        return None
    k = len(scores[0])
    totals = [sum(row) for row in scores]
    var_total = variance(totals)
    if var_total <= 1e-12:
        return None
    item_var = sum(variance([row[j] for row in scores]) for j in range(k))
    return k / (k - 1) * (1 - item_var / var_total)


def _chosen(question: SingleChoice | MultipleChoice, value: object) -> set[str]:
    if isinstance(question, SingleChoice):
        return {value} if isinstance(value, str) else set()
    if isinstance(value, list | tuple):
        return {v for v in value if isinstance(v, str)}
    return set()


def option_shares(
    question: SingleChoice | MultipleChoice, values: Sequence[object]
) -> tuple[OptionShare, ...]:
    """Return the share of trainees choosing each option (a multiple choice: ticking it)."""
    n = len(values)
    counts = dict.fromkeys((o.id for o in question.options), 0)
    for value in values:
        for option in _chosen(question, value):
            if option in counts:
                counts[option] += 1
    raw = question.answer
    key = {raw} if isinstance(raw, str) else set(raw or ())
    return tuple(OptionShare(o, c / n if n else 0.0, o in key) for o, c in counts.items())


def item_flags(
    facility: float | None,
    discrimination: float | None,
    options: Sequence[OptionShare],
    n: int,
) -> tuple[str, ...]:
    """Return what looks wrong with an item (see the module's thresholds)."""
    flags = []
    if facility is not None and facility < TOO_HARD:
        flags.append("too hard")
    if facility is not None and facility > TOO_EASY:
        flags.append("too easy")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination")
    elif discrimination is not None and discrimination < LOW_DISCRIMINATION:
        flags.append("low discrimination")
    keys = [o.share for o in options if o.key]
    wrong = [o.share for o in options if not o.key]
    if keys and wrong and max(wrong) > min(keys):
        flags.append("distractor beats key")
    if n >= UNUSED_FROM and any(share == 0 for share in wrong):
        flags.append("unused distractor")
    return tuple(flags)


def analyse_lesson(
    lesson: Lesson, responses: Sequence[Response]
) -> tuple[list[ItemStat], Reliability]:
    """Return the figures of a lesson's auto-scored questions over trainees' responses."""
    questions = [q for q in lesson.questions if q.auto_scored]
    n = len(responses)
    table = [[r.get(q.id, (0.0, None))[0] for q in questions] for r in responses]
    totals = [sum(row) for row in table]
    stats = []
    for j, q in enumerate(questions):
        points = [row[j] for row in table]
        facility = mean(points) / q.points if n else None
        rest = [total - p for total, p in zip(totals, points, strict=True)]
        discrimination = correlation(points, rest)
        options: tuple[OptionShare, ...] = ()
        if isinstance(q, SingleChoice | MultipleChoice):
            options = option_shares(q, [r.get(q.id, (0.0, None))[1] for r in responses])
        flags = item_flags(facility, discrimination, options, n) if n >= FLAG_FROM else ()
        stats.append(
            ItemStat(
                lesson.lesson,
                lesson.lang,
                q.id,
                q.type,
                n,
                facility,
                discrimination,
                options,
                flags,
            )
        )
    return stats, Reliability(lesson.lesson, lesson.lang, n, len(questions), cronbach_alpha(table))


def analyse_items(book: Gradebook) -> ItemAnalysis:
    """Return the item analysis of a graded cohort: per lesson × language, started lessons only."""
    groups: dict[tuple[str, str], tuple[Lesson, list[Response]]] = {}
    for result in book.results:
        entry = groups.setdefault((result.lesson.lesson, result.lesson.lang), (result.lesson, []))
        if not result.started:
            continue
        entry[1].append(
            {
                qs.question_id: (qs.points or 0.0, result.values.get(qs.question_id))
                for qs in result.score.questions
                if qs.points is not None
            }
        )
    items: list[ItemStat] = []
    reliability: list[Reliability] = []
    for key in sorted(groups):
        lesson, responses = groups[key]
        stats, rel = analyse_lesson(lesson, responses)
        items.extend(stats)
        reliability.append(rel)
    return ItemAnalysis(items, reliability)


ITEM_COLUMNS = (
    "lesson",
    "lang",
    "question",
    "type",
    "n",
    "facility",
    "discrimination",
    "options",
    "alpha",
    "flag",
)


def _round(value: float | None) -> object:
    return "" if value is None else round(value, 3)


def items_csv(analysis: ItemAnalysis) -> str:
    """Return ``items.csv``: one row per lesson × language × question, with the lesson's alpha."""
    alpha = {(r.lesson, r.lang): r.alpha for r in analysis.reliability}
    rows = [
        {
            "lesson": i.lesson,
            "lang": i.lang,
            "question": i.question,
            "type": i.type,
            "n": i.n,
            "facility": _round(i.facility),
            "discrimination": _round(i.discrimination),
            "options": " ".join(
                f"{o.option}{'*' if o.key else ''}={round(o.share, 3):g}" for o in i.options
            ),
            "alpha": _round(alpha.get((i.lesson, i.lang))),
            "flag": i.flag,
        }
        for i in analysis.items
    ]
    return csv_text(rows, ITEM_COLUMNS)
