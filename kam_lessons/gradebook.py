"""Grade a cohort from its answers files, without executing any notebook.

Writes, into the output folder:

- ``gradebook.csv``: one row per trainee × lesson — ``trainee_id, name, lang, lesson,
  score, max_score, percent, answered, total, awaiting_manual, status``;
- ``questions.csv``: one row per trainee × question — points, max and whether answered
  (for item analysis);
- ``manual.csv``: every free-text answer awaiting a trainer's grade, with its rubric.

A missing answers file means nothing answered yet. A damaged or hand-edited one is
reported for that trainee and lesson (``status`` says what is wrong) and the rest of
the cohort is still graded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kam_lessons.answers import answers_path, check_owner, read_answers
from kam_lessons.content import FreeText, Lesson, load_lesson
from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.scoring import LessonScore, score_lesson, well_formed
from kam_lessons.storage import write_atomic
from kam_lessons.workbook import ANSWERS_DIR, read_cohort

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


@dataclass
class Gradebook:
    """A graded cohort: rows, per-question detail, free-text answers and problems found."""

    rows: list[GradeRow] = field(default_factory=list)
    questions: list[dict[str, object]] = field(default_factory=list)
    manual: list[dict[str, object]] = field(default_factory=list)
    problems: list[KamError] = field(default_factory=list)

    def totals(self) -> list[dict[str, object]]:
        """Return one summary per trainee: lessons, score, max, percent, answered, manual."""
        out: dict[str, dict[str, object]] = {}
        for row in self.rows:
            entry = out.setdefault(
                row.trainee_id,
                {
                    "trainee_id": row.trainee_id,
                    "name": row.name,
                    "score": 0.0,
                    "max_score": 0.0,
                    "answered": 0,
                    "total": 0,
                    "awaiting_manual": 0,
                    "problems": 0,
                },
            )
            entry["score"] = round(entry["score"] + row.score, 2)
            entry["max_score"] = round(entry["max_score"] + row.max_score, 2)
            entry["answered"] += row.answered
            entry["total"] += row.total
            entry["awaiting_manual"] += row.awaiting_manual
            entry["problems"] += row.status not in (STATUS_OK, STATUS_NOT_STARTED)
            entry[row.lesson] = row.score
        for entry in out.values():
            entry["percent"] = _percent(entry["score"], entry["max_score"])
        return list(out.values())


def _percent(score: float, max_score: float) -> float:
    return round(100 * score / max_score, 1) if max_score else 0.0


def _read_values(
    path: Path, trainee_id: str, lesson: Lesson, cohort_mode: str, lang: str
) -> tuple[dict[str, object], str, KamError | None]:
    """Read one answers file: its values, the status for the gradebook, and any problem."""
    if not path.exists():
        return {}, STATUS_NOT_STARTED, None
    try:
        data = read_answers(path)
        mismatch = check_owner(path, data, trainee_id, lesson.lesson)
        if mismatch is not None:
            raise mismatch
    except OSError as exc:
        err = KamError(path, None, "errors.cannot_read", detail=exc.strerror or str(exc))
        return {}, f"error: {err.problems[0].text(lang)}", err
    except KamError as err:
        return {}, f"error: {err.problems[0].text(lang)}", err
    values = data.values()
    warnings = []
    ids = {q.id for q in lesson.questions}
    malformed = [q.id for q in lesson.questions if not well_formed(q, values.get(q.id))]
    unknown = sorted(set(values) - ids)
    if malformed:
        warnings.append(t(lang, "grade.malformed", questions=", ".join(malformed)))
    if unknown:
        warnings.append(t(lang, "grade.unknown", questions=", ".join(unknown)))
    if data.mode and data.mode != cohort_mode:
        warnings.append(t(lang, "grade.mode", found=data.mode, expected=cohort_mode))
    if not warnings:
        return values, STATUS_OK, None
    problem = KamError(path, None, "grade.warning", detail="; ".join(warnings))
    return values, "warning: " + "; ".join(warnings), problem


def grade_cohort(cohort_dir: Path, lang: str = "en") -> Gradebook:
    """Grade every trainee × lesson of a built cohort.

    Args:
        cohort_dir: the folder ``kam build`` made.
        lang: the language of the statuses and problems reported to the trainer.
    """
    cohort = read_cohort(Path(cohort_dir))
    book = Gradebook()
    for trainee in cohort.trainees:
        for lesson_id in cohort.lessons:
            lesson = load_lesson(lesson_id, trainee.lang)
            path = answers_path(Path(cohort_dir) / trainee.trainee_id / ANSWERS_DIR, lesson_id)
            values, status, problem = _read_values(
                path, trainee.trainee_id, lesson, cohort.mode, lang
            )
            if problem is not None:
                book.problems.append(problem)
            result = score_lesson(lesson, values)
            book.rows.append(_row(trainee, lesson_id, result, status))
            for q, qs in zip(lesson.questions, result.questions, strict=True):
                book.questions.append(
                    {
                        "trainee_id": trainee.trainee_id,
                        "lesson": lesson_id,
                        "question": q.id,
                        "type": q.type,
                        "points": "" if qs.points is None else qs.points,
                        "max_points": q.points,
                        "answered": qs.answered,
                    }
                )
                if isinstance(q, FreeText) and qs.answered:
                    book.manual.append(
                        {
                            "trainee_id": trainee.trainee_id,
                            "name": trainee.name,
                            "lesson": lesson_id,
                            "question": q.id,
                            "max_points": q.points,
                            "rubric": " | ".join(q.rubric),
                            "answer": values.get(q.id),
                            "points": "",
                        }
                    )
    return book


def _row(trainee, lesson_id: str, result: LessonScore, status: str) -> GradeRow:
    return GradeRow(
        trainee.trainee_id,
        trainee.name,
        trainee.lang,
        lesson_id,
        result.score,
        result.max_score,
        _percent(result.score, result.max_score),
        result.answered,
        result.total,
        result.awaiting_manual,
        status,
    )


def _cell(value: object) -> object:
    """Keep a spreadsheet from running text a trainee typed as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(rows: list[dict[str, object]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def write_gradebook(book: Gradebook, out: Path) -> list[Path]:
    """Write ``gradebook.csv``, ``questions.csv`` and ``manual.csv`` into ``out`` (atomically)."""
    out = Path(out)
    columns = list(GradeRow.__dataclass_fields__)
    files = {
        "gradebook.csv": _csv([asdict(r) for r in book.rows], columns),
        "questions.csv": _csv(
            book.questions,
            ["trainee_id", "lesson", "question", "type", "points", "max_points", "answered"],
        ),
        "manual.csv": _csv(
            book.manual,
            [
                "trainee_id",
                "name",
                "lesson",
                "question",
                "max_points",
                "rubric",
                "answer",
                "points",
            ],
        ),
    }
    written = []
    for name, text in files.items():
        write_atomic(out / name, text)
        written.append(out / name)
    return written


def summary_table(book: Gradebook, lang: str = "en") -> str:
    """Return a plain-text table: one line per trainee with each lesson's score and the total."""
    lessons = list(dict.fromkeys(r.lesson for r in book.rows))
    maxima = {r.lesson: r.max_score for r in book.rows}
    header = [
        t(lang, "grade.table.trainee"),
        *[f"{lid} /{maxima[lid]:g}" for lid in lessons],
        t(lang, "grade.table.total"),
        "%",
        t(lang, "grade.table.answered"),
        t(lang, "grade.table.manual"),
    ]
    lines = [header]
    for entry in book.totals():
        lines.append(
            [
                str(entry["trainee_id"]),
                *[f"{entry.get(lid, 0):g}" for lid in lessons],
                f"{entry['score']:g}/{entry['max_score']:g}",
                f"{entry['percent']:g}",
                f"{entry['answered']}/{entry['total']}",
                str(entry["awaiting_manual"]),
            ]
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        )
        for row in lines
    )
