"""Grade a cohort from its answers files, without executing any notebook.

Writes, into the output folder:

- ``gradebook.csv``: one row per trainee × lesson — ``trainee_id, name, lang, lesson,
  score, max_score, percent, answered, total, awaiting_manual, status``;
- ``questions.csv``: one row per trainee × question — points, max and whether answered
  (for item analysis);
- ``manual.csv``: every free-text answer awaiting a trainer's grade, with its rubric.

A missing answers file means nothing answered yet. Any other file that cannot be
trusted is reported for that trainee and lesson (``status`` says what is wrong, in a
short, printable line) and the rest of the cohort is still graded: a damaged, huge or
deeply nested file, a special file (FIFO, device) or a link out of the cohort in its
place, an answers folder that is a file, text that is not valid Unicode, answers of the
wrong form, to unknown questions or in another mode. The three files are written as a
set: all new, or (if one cannot be written) all as they were.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from kam_lessons.answers import AnswerFile, answers_path, check_owner, read_answers
from kam_lessons.content import FreeText, Lesson, load_lesson
from kam_lessons.errors import KamError, visible
from kam_lessons.i18n import t
from kam_lessons.scoring import LessonScore, score_lesson, well_formed
from kam_lessons.spreadsheet import csv_text
from kam_lessons.storage import write_all_or_none
from kam_lessons.workbook import ANSWERS_DIR, read_cohort

STATUS_OK = "ok"
STATUS_NOT_STARTED = "not started"
#: Question ids listed in a status before the rest are counted.
MAX_LISTED = 8
#: The longest status cell (a trainer reads it in a spreadsheet).
MAX_STATUS = 500


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


def _course_references(ref: str, lang: str) -> object:
    """Return a course case's reference ratings (the case code is loaded only if needed)."""
    from kam_lessons.casebook import reference_ratings

    return reference_ratings(ref, lang)


def _listing(lang: str, ids: list[str]) -> str:
    """Return question ids for a status: the first few, then how many more."""
    shown = ", ".join(visible(i) for i in ids[:MAX_LISTED])
    rest = len(ids) - MAX_LISTED
    return t(lang, "grade.more", shown=shown, n=rest) if rest > 0 else shown


def _status(prefix: str, text: str) -> str:
    status = f"{prefix}: {text}"
    return status if len(status) <= MAX_STATUS else status[: MAX_STATUS - 1] + "…"


def _locate(cohort_dir: Path, trainee_id: str, lesson_id: str) -> Path:
    """Return a trainee's answers file, or raise :class:`KamError` if its place is wrong."""
    folder = cohort_dir / trainee_id / ANSWERS_DIR
    path = answers_path(folder, lesson_id)
    if folder.exists() and not folder.is_dir():
        raise KamError(folder, None, "errors.answers_folder_not_folder")
    if path.is_symlink() or folder.is_symlink() or (cohort_dir / trainee_id).is_symlink():
        inside = path.resolve().is_relative_to(cohort_dir.resolve())
        if not inside:
            raise KamError(path, None, "errors.outside_cohort")
    return path


def _warnings(data: AnswerFile, lesson: Lesson, cohort_mode: str, lang: str) -> list[str]:
    """Return what makes a readable answers file not fully trustworthy."""
    values = data.values()
    warnings = []
    ids = {q.id for q in lesson.questions}
    malformed = [q.id for q in lesson.questions if not well_formed(q, values.get(q.id))]
    unknown = sorted(set(values) - ids)
    if malformed:
        warnings.append(t(lang, "grade.malformed", questions=_listing(lang, malformed)))
    if unknown:
        warnings.append(t(lang, "grade.unknown", questions=_listing(lang, unknown)))
    other_modes = sorted(m for m in data.modes() if m != cohort_mode)
    if other_modes:
        found = ", ".join(visible(m)[:20] for m in other_modes[:3])
        warnings.append(t(lang, "grade.mode", found=found, expected=cohort_mode))
    if data.repaired:
        warnings.append(t(lang, "grade.repaired", n=data.repaired))
    return warnings


def _read_and_score(
    cohort_dir: Path, trainee_id: str, lesson: Lesson, cohort_mode: str, lang: str
) -> tuple[dict[str, object], LessonScore, str, KamError | None]:
    """Read and score one answers file: values, score, the gradebook's status, any problem.

    Whatever the file holds, this returns: a file that cannot be read or scored scores
    0 with an ``error:`` status, so one trainee's file never stops the cohort.
    """
    try:
        path = _locate(cohort_dir, trainee_id, lesson.lesson)
        if not (path.exists() or path.is_symlink()):
            return {}, score_lesson(lesson, {}), STATUS_NOT_STARTED, None
        data = read_answers(path)
        mismatch = check_owner(path, data, trainee_id, lesson.lesson)
        if mismatch is not None:
            raise mismatch
        values = data.values()
        try:
            result = score_lesson(lesson, values, _course_references)
        except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
            detail = type(exc).__name__
            raise KamError(path, None, "errors.answers_unscorable", detail=detail) from None
        warnings = _warnings(data, lesson, cohort_mode, lang)
    except KamError as err:
        status = _status("error", err.problems[0].text(lang))
        return {}, score_lesson(lesson, {}), status, err
    except OSError as exc:
        err = KamError(exc.filename, None, "errors.cannot_read", detail=exc.strerror or str(exc))
        return {}, score_lesson(lesson, {}), _status("error", err.problems[0].text(lang)), err
    if not warnings:
        return values, result, STATUS_OK, None
    detail = "; ".join(warnings)
    return (
        values,
        result,
        _status("warning", detail),
        KamError(path, None, "grade.warning", detail=detail),
    )


def grade_cohort(cohort_dir: Path, lang: str = "en") -> Gradebook:
    """Grade every trainee × lesson of a built cohort.

    Args:
        cohort_dir: the folder ``kam build`` made.
        lang: the language of the statuses and problems reported to the trainer.
    """
    cohort_dir = Path(cohort_dir)
    cohort = read_cohort(cohort_dir)
    book = Gradebook()
    for trainee in cohort.trainees:
        for lesson_id in cohort.lessons:
            lesson = load_lesson(lesson_id, trainee.lang)
            values, result, status, problem = _read_and_score(
                cohort_dir, trainee.trainee_id, lesson, cohort.mode, lang
            )
            if problem is not None:
                book.problems.append(problem)
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


def write_gradebook(book: Gradebook, out: Path) -> list[Path]:
    """Write ``gradebook.csv``, ``questions.csv`` and ``manual.csv`` into ``out``, as a set.

    Either all three are new or, if one cannot be written, all three are as they were:
    a trainer never marks answers in a ``manual.csv`` older than the gradebook.
    """
    out = Path(out)
    columns = list(GradeRow.__dataclass_fields__)
    files = {
        "gradebook.csv": csv_text([asdict(r) for r in book.rows], columns),
        "questions.csv": csv_text(
            book.questions,
            ["trainee_id", "lesson", "question", "type", "points", "max_points", "answered"],
        ),
        "manual.csv": csv_text(
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
    write_all_or_none({out / name: text for name, text in files.items()})
    return [out / name for name in files]


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
