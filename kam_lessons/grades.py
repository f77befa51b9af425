"""The graded cohort's records: what ``kam grade`` finds, typed, for every report made of it.

One :class:`Gradebook` holds a row per trainee × lesson, the written answers to mark,
the problems found, each lesson's full result (answers, scores, marks) and the cohort's
marks. The gradebook files, the feedback pages, the
cohort report, the item analysis and the LMS file are all made from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kam_lessons.content import Lesson
from kam_lessons.errors import KamError
from kam_lessons.marks import MANUAL_COLUMNS, Mark, MarkBook
from kam_lessons.roster import Trainee
from kam_lessons.scoring import LessonScore

STATUS_OK = "ok"
STATUS_NOT_STARTED = "not started"


@dataclass(frozen=True)
class GradeRow:
    """One trainee's result on one lesson."""

    trainee_id: str
    name: str
    lang: str
    lesson: str
    score: float
    max_score: float
    percent: float
    answered: int
    total: int
    awaiting_manual: int
    status: str


#: The columns of ``gradebook.csv``.
GRADE_COLUMNS = tuple(GradeRow.__dataclass_fields__)
#: The columns of ``questions.csv``.
QUESTION_COLUMNS = ("trainee_id", "lesson", "question", "type", "points", "max_points", "answered")


@dataclass(frozen=True)
class ManualRow:
    """One free-text answer for the trainer (``manual.csv`` and the manual sheet)."""

    trainee_id: str
    name: str
    lesson: str
    question: str
    max_points: float
    rubric: str
    answer: str
    points: float | str | None  # a mark, or what was typed for one that was refused
    rubric_items: str
    comment: str
    answer_id: str
    marked: str

    def cells(self) -> list[object]:
        """Return the row's cells in :data:`MANUAL_COLUMNS` order (blank points as ``""``)."""
        return ["" if getattr(self, c) is None else getattr(self, c) for c in MANUAL_COLUMNS]


@dataclass(frozen=True)
class LessonResult:
    """Everything graded of one trainee × lesson: what feedback and the report are made of."""

    trainee: Trainee
    lesson: Lesson
    values: dict[str, object]
    score: LessonScore
    status: str
    marks: dict[str, Mark] = field(default_factory=dict)
    changed: frozenset[str] = frozenset()

    @property
    def started(self) -> bool:
        """Whether the file was read and holds at least one answer (item analysis uses these)."""
        readable = self.status != STATUS_NOT_STARTED and not self.status.startswith("error")
        return readable and self.score.answered > 0


@dataclass
class TraineeTotal:
    """One trainee's course: each lesson's score and the totals."""

    trainee_id: str
    name: str
    lang: str
    score: float = 0.0
    max_score: float = 0.0
    answered: int = 0
    total: int = 0
    awaiting_manual: int = 0
    problems: int = 0
    lessons: dict[str, float] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        """Return the score as a percentage of the maximum."""
        return _percent(self.score, self.max_score)

    def cell(self, column: str) -> object:
        """Return a column of the summary sheet: a lesson's score or a total."""
        if column in self.lessons:
            return self.lessons[column]
        return getattr(self, column)


@dataclass
class Gradebook:
    """A graded cohort: rows, per-question detail, free-text answers and problems found."""

    rows: list[GradeRow] = field(default_factory=list)
    manual: list[ManualRow] = field(default_factory=list)
    problems: list[KamError] = field(default_factory=list)
    #: Marks that could not be merged, and marks on answers changed since: for the trainer.
    mark_problems: list[KamError] = field(default_factory=list)
    results: list[LessonResult] = field(default_factory=list)
    marks: MarkBook = field(default_factory=MarkBook)
    mode: str = "practice"
    trainees: list[Trainee] = field(default_factory=list)

    def totals(self) -> list[TraineeTotal]:
        """Return one summary per trainee: lessons, score, max, percent, answered, manual."""
        out: dict[str, TraineeTotal] = {}
        for row in self.rows:
            entry = out.setdefault(row.trainee_id, TraineeTotal(row.trainee_id, row.name, row.lang))
            entry.score = round(entry.score + row.score, 2)
            entry.max_score = round(entry.max_score + row.max_score, 2)
            entry.answered += row.answered
            entry.total += row.total
            entry.awaiting_manual += row.awaiting_manual
            entry.problems += row.status not in (STATUS_OK, STATUS_NOT_STARTED)
            entry.lessons[row.lesson] = row.score
        return list(out.values())


def _percent(score: float, max_score: float) -> float:
    return round(100 * score / max_score, 1) if max_score else 0.0


def percent(score: float, max_score: float) -> float:
    """Return ``score`` as a percentage of ``max_score``, to one decimal (0 without a maximum)."""
    return _percent(score, max_score)
