"""Grade a cohort from its answers files, without executing any notebook.

Writes, into the output folder:

- ``gradebook.csv``: one row per trainee × lesson — ``trainee_id, name, lang, lesson,
  score, max_score, percent, answered, total, awaiting_manual, status``;
- ``questions.csv``: one row per trainee × question — points, max and whether answered;
- ``manual.csv``: every written answer, with its rubric, for a trainer to mark (and the
  marks already given), and ``marks.json``, the marks kept between runs;
- ``items.csv``: the item analysis; ``lms.csv``: grades for Moodle's import;
- ``gradebook.xlsx``: a summary sheet, one sheet per lesson and the manual sheet;
- with reports: ``feedback/<trainee_id>.html`` and ``report.html``.

The trainer's marks (typed into ``manual.csv`` or the workbook's manual sheet, or given
with ``--manual``) are merged before anything is written: see :mod:`kam_lessons.marks`.

A missing answers file means nothing answered yet. Any other file that cannot be
trusted is reported for that trainee and lesson (``status`` says what is wrong, in a
short, printable line) and the rest of the cohort is still graded: a damaged, huge or
deeply nested file, a special file (FIFO, device) or a link out of the cohort in its
place, an answers folder that is a file, text that is not valid Unicode, answers of the
wrong form, to unknown questions or in another mode. The CSVs and ``marks.json`` are
written as a set: all new, or (if one cannot be written) all as they were.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kam_lessons.answers import AnswerFile, answers_path, check_owner, read_answers
from kam_lessons.content import FreeText, Lesson, load_lesson
from kam_lessons.errors import KamError, visible
from kam_lessons.grades import (
    GRADE_COLUMNS,
    QUESTION_COLUMNS,
    STATUS_NOT_STARTED,
    STATUS_OK,
    Gradebook,
    GradeRow,
    LessonResult,
    ManualRow,
    QuestionRow,
    percent,
)
from kam_lessons.i18n import t
from kam_lessons.marks import (
    MANUAL_COLUMNS,
    MANUAL_SHEET,
    MARKS_FILE,
    Key,
    Mark,
    MarkBook,
    OpenAnswer,
    Rejected,
    answer_id,
    merge_marks,
    remember_written,
    rubric_label,
)
from kam_lessons.numbers import format_number
from kam_lessons.progress import progress
from kam_lessons.roster import Trainee
from kam_lessons.scoring import LessonScore, QuestionScore, score_lesson
from kam_lessons.spreadsheet import csv_rows, write_bytes_atomic, xlsx_bytes
from kam_lessons.storage import write_all_or_none
from kam_lessons.workbook import ANSWERS_DIR, read_cohort

#: Question ids listed in a status before the rest are counted.
MAX_LISTED = 8
#: The longest status cell (a trainer reads it in a spreadsheet).
MAX_STATUS = 500


def _course_references(ref: str, lang: str) -> Mapping[str, Any] | None:
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


def _warnings(
    data: AnswerFile, lesson: Lesson, result: LessonScore, cohort_mode: str, lang: str
) -> list[str]:
    """Return what makes a readable answers file not fully trustworthy."""
    values = data.values()
    warnings = []
    ids = {q.id for q in lesson.questions}
    malformed = [q.question_id for q in result.questions if not q.well_formed]
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
        warnings = _warnings(data, lesson, result, cohort_mode, lang)
    except KamError as err:
        status = _status("error", err.problems[0].text(lang))
        return {}, score_lesson(lesson, {}), status, err
    except OSError as exc:
        unread = KamError(exc.filename, None, "errors.cannot_read", detail=exc.strerror or str(exc))
        return {}, score_lesson(lesson, {}), _status("error", unread.problems[0].text(lang)), unread
    if not warnings:
        return values, result, STATUS_OK, None
    detail = "; ".join(warnings)
    return (
        values,
        result,
        _status("warning", detail),
        KamError(path, None, "grade.warning", detail=detail),
    )


def grade_cohort(
    cohort_dir: Path,
    lang: str = "en",
    marks: MarkBook | None = None,
    manual: Sequence[Path] = (),
) -> Gradebook:
    """Grade every trainee × lesson of a built cohort, with the trainer's marks merged.

    Args:
        cohort_dir: the folder ``kam build`` made.
        lang: the language of the statuses and problems reported to the trainer.
        marks: the marks kept from earlier grades (``OUT/marks.json``); none by default.
        manual: marks files the trainer filled in (``manual.csv``, ``gradebook.xlsx``),
            merged in order over ``marks``; a bad row is a problem, the rest is merged.
    """
    cohort_dir = Path(cohort_dir)
    cohort = read_cohort(cohort_dir)
    book = Gradebook(marks=marks if marks is not None else MarkBook(), mode=cohort.mode)
    book.trainees = list(cohort.trainees)
    graded = []
    pairs = [(t, lid) for t in cohort.trainees for lid in cohort.lessons]
    open_answers: dict[Key, OpenAnswer] = {}
    for trainee, lesson_id in progress(pairs, len(pairs), t(lang, "grade.progress")):
        lesson = load_lesson(lesson_id, trainee.lang)
        values, result, status, problem = _read_and_score(
            cohort_dir, trainee.trainee_id, lesson, cohort.mode, lang
        )
        if problem is not None:
            book.problems.append(problem)
        graded.append((trainee, lesson, values, result, status))
        for q, qs in zip(lesson.questions, result.questions, strict=True):
            if isinstance(q, FreeText) and qs.answered:
                text = str(values.get(q.id))
                key = (trainee.trainee_id, lesson_id, q.id)
                open_answers[key] = OpenAnswer(q.points, len(q.rubric), answer_id(text))
    book.mark_problems.extend(merge_marks(book.marks, manual, open_answers))
    for trainee, lesson, values, result, status in graded:
        book.results.append(_apply_marks(book, trainee, lesson, values, result, status, lang))
    return book


def _apply_marks(
    book: Gradebook,
    trainee: Trainee,
    lesson: Lesson,
    values: dict[str, object],
    result: LessonScore,
    status: str,
    lang: str,
) -> LessonResult:
    """Count the marks given to this lesson's answers; record its rows in ``book``."""
    scores = list(result.questions)
    given: dict[str, Mark] = {}
    changed = set()
    for n, (q, qs) in enumerate(zip(lesson.questions, result.questions, strict=True)):
        if isinstance(q, FreeText) and qs.answered:
            text = str(values.get(q.id))
            current = answer_id(text)
            mark = book.marks.get((trainee.trainee_id, lesson.lesson, q.id))
            if mark is not None and mark.answer_id == current:
                given[q.id] = mark
                scores[n] = QuestionScore(q.id, mark.points, q.points, True)
            elif mark is not None:
                changed.add(q.id)
                book.mark_problems.append(
                    KamError(
                        f"{trainee.trainee_id}/{lesson.lesson}",
                        q.id,
                        "marks.changed",
                        points=format_number(mark.points, lang),
                    )
                )
            book.manual.append(
                _manual_row(trainee, lesson, q, text, current, mark, book.marks.rejected, lang)
            )
        book.questions.append(
            QuestionRow(
                trainee.trainee_id,
                lesson.lesson,
                trainee.lang,
                q.id,
                q.type,
                scores[n].points,
                q.points,
                qs.answered,
                values.get(q.id),
            )
        )
    marked = LessonScore(result.lesson, tuple(scores))
    book.rows.append(_row(trainee, lesson.lesson, marked, status))
    return LessonResult(trainee, lesson, values, marked, status, given, frozenset(changed))


def _manual_row(
    trainee: Trainee,
    lesson: Lesson,
    q: FreeText,
    text: str,
    current: str,
    mark: Mark | None,
    rejected: Mapping[Key, Rejected],
    lang: str,
) -> ManualRow:
    """Return the manual row of an answer: blank to mark, its mark, or flagged as changed."""
    rubric = " | ".join(f"{rubric_label(i)}: {item}" for i, item in enumerate(q.rubric))
    given: tuple[float | str | None, str, str]  # points, rubric items, comment
    if mark is not None and mark.answer_id == current:
        given = (mark.points, " ".join(rubric_label(i) for i in mark.rubric), mark.comment)
        state = t(lang, "marks.state.marked")
    else:
        state = ""
        if mark is not None:
            state = t(lang, "marks.state.changed", points=format_number(mark.points, lang))
        typed = rejected.get((trainee.trainee_id, lesson.lesson, q.id))
        given = (None, "", "")
        if typed is not None:
            state = t(lang, "marks.state.rejected", reason=typed.problem.text(lang))
            given = (typed.points, typed.rubric_items, typed.comment)
    return ManualRow(
        trainee.trainee_id,
        trainee.name,
        lesson.lesson,
        q.id,
        q.points,
        rubric,
        text,
        given[0],
        given[1],
        given[2],
        current,
        state,
    )


def _row(trainee: Trainee, lesson_id: str, result: LessonScore, status: str) -> GradeRow:
    return GradeRow(
        trainee.trainee_id,
        trainee.name,
        trainee.lang,
        lesson_id,
        result.score,
        result.max_score,
        percent(result.score, result.max_score),
        result.answered,
        result.total,
        result.awaiting_manual,
        status,
    )


def gradebook_files(book: Gradebook) -> dict[str, str]:
    """Return the text files of a gradebook, by name: the CSVs, ``items.csv``, ``marks.json``."""
    from kam_lessons.items import analyse_items, items_csv
    from kam_lessons.lms import lms_csv

    return {
        "gradebook.csv": csv_rows(
            ([getattr(r, c) for c in GRADE_COLUMNS] for r in book.rows), GRADE_COLUMNS
        ),
        "questions.csv": csv_rows(
            (
                (
                    q.trainee_id,
                    q.lesson,
                    q.question,
                    q.type,
                    _blank(q.points),
                    q.max_points,
                    q.answered,
                )
                for q in book.questions
            ),
            QUESTION_COLUMNS,
        ),
        "manual.csv": csv_rows((m.cells() for m in book.manual), MANUAL_COLUMNS),
        "items.csv": items_csv(analyse_items(book)),
        "lms.csv": lms_csv(book),
        MARKS_FILE: book.marks.to_json(),
    }


def _blank(value: object) -> object:
    return "" if value is None else value


SUMMARY_SHEET = "summary"


def gradebook_xlsx(book: Gradebook, manual: Sequence[Sequence[object]]) -> bytes:
    """Return ``gradebook.xlsx``'s bytes: summary, one sheet per lesson, the manual sheet."""
    lessons = list(dict.fromkeys(r.lesson for r in book.rows))
    summary_cols = [
        "trainee_id",
        "name",
        *lessons,
        "score",
        "max_score",
        "percent",
        "answered",
        "total",
        "awaiting_manual",
    ]
    sheets: list[tuple[str, Sequence[str], Iterable[Sequence[object]]]] = [
        (SUMMARY_SHEET, summary_cols, [[e.cell(c) for c in summary_cols] for e in book.totals()])
    ]
    by_lesson: dict[str, dict[str, list[object]]] = {}
    order: dict[str, list[str]] = {}
    for q in book.questions:
        per = by_lesson.setdefault(q.lesson, {}).setdefault(q.trainee_id, [])
        ids = order.setdefault(q.lesson, [])
        if len(per) == len(ids):  # the first trainee lists the lesson's questions
            ids.append(q.question)
        per.append(q.points)
    status = {(r.trainee_id, r.lesson): r for r in book.rows}
    for lesson in lessons:
        qids = order.get(lesson, [])
        rows = []
        for tid, points in by_lesson.get(lesson, {}).items():
            row = status[(tid, lesson)]
            rows.append([tid, row.lang, row.score, row.max_score, *points])
        sheets.append((lesson, ["trainee_id", "lang", "score", "max_score", *qids], rows))
    sheets.append((MANUAL_SHEET, list(MANUAL_COLUMNS), manual))
    return xlsx_bytes(sheets)


def write_gradebook(book: Gradebook, out: Path) -> list[Path]:
    """Write the gradebook into ``out``: its CSVs and marks as a set, then ``gradebook.xlsx``.

    The text files (``gradebook.csv``, ``questions.csv``, ``manual.csv``, ``items.csv``,
    ``lms.csv``, ``marks.json``) are all new or, if one cannot be written, all as they
    were: a trainer never marks answers in a ``manual.csv`` older than the gradebook,
    and no mark is lost. ``gradebook.xlsx`` is written whole, after them.
    """
    out = Path(out)
    files = gradebook_files(book)
    write_all_or_none({out / name: text for name, text in files.items()})
    xlsx = out / "gradebook.xlsx"
    write_bytes_atomic(xlsx, gradebook_xlsx(book, [m.cells() for m in book.manual]))
    remember_written(out, clean=not book.marks.rejected)
    return [out / name for name in files if name != MARKS_FILE] + [xlsx]


def summary_table(book: Gradebook, lang: str = "en") -> str:
    """Return a plain-text table: one line per trainee with each lesson's score and the total."""
    lessons = list(dict.fromkeys(r.lesson for r in book.rows))
    maxima: dict[str, float] = {}
    for r in book.rows:
        maxima[r.lesson] = max(maxima.get(r.lesson, 0.0), r.max_score)
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
                entry.trainee_id,
                *[f"{entry.lessons.get(lid, 0):g}" for lid in lessons],
                f"{entry.score:g}/{entry.max_score:g}",
                f"{entry.percent:g}",
                f"{entry.answered}/{entry.total}",
                str(entry.awaiting_manual),
            ]
        )
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        )
        for row in lines
    )


def grade_and_report(
    cohort_dir: Path,
    out: Path,
    lang: str = "en",
    manual: Sequence[Path] = (),
    release: bool = False,
    reports: bool = True,
) -> tuple[Gradebook, list[Path]]:
    """Do what ``kam grade`` does: grade with the marks, write the gradebook and the reports.

    The marks are those kept in ``out/marks.json``, then those typed into ``out``'s own
    ``manual.csv`` and ``gradebook.xlsx`` (the one saved last wins), then ``manual``.

    Args:
        cohort_dir: the folder ``kam build`` made.
        out: the grades folder.
        lang: the language of messages and of the cohort report.
        manual: marks files the trainer filled in elsewhere.
        release: in an assessment cohort, show the key and explanations in feedback.
        reports: write the feedback pages and ``report.html`` too.

    Returns:
        The graded cohort and the files written (the feedback folder as one entry).
    """
    from kam_lessons.marks import files_to_read, load_marks

    out = Path(out)
    marks = load_marks(out / MARKS_FILE)
    book = grade_cohort(cohort_dir, lang, marks, files_to_read(out, manual))
    if not reports:
        return book, write_gradebook(book, out)
    from kam_lessons.cohort_report import write_report
    from kam_lessons.feedback import FEEDBACK_DIR, write_feedback

    folder = out / FEEDBACK_DIR
    wait = _beside(
        lambda: write_feedback(book, out, release, lang),
        len(book.trainees) >= PARALLEL_FROM,
        folder,
        lang,
    )
    try:
        written = write_gradebook(book, out)
        written.append(write_report(book, out, lang))
    finally:
        wait()
    return book, [*written, folder]


#: From this many trainees a second process writes the feedback pages beside the rest.
PARALLEL_FROM = 300


def _beside(
    task: Callable[[], object], parallel: bool, place: Path, lang: str
) -> Callable[[], None]:
    """Run ``task`` in a forked process beside this one (or here, now); return how to wait.

    The returned function waits for the task and raises :class:`KamError` if it failed
    (its own message already printed, never a traceback).
    """
    if not (parallel and hasattr(os, "fork") and (os.cpu_count() or 1) > 1):
        task()
        return lambda: None
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
        code = 0
        try:
            task()
        except KamError as err:
            sys.stderr.write(err.render(lang) + "\n")
            code = 2
        except OSError as exc:
            detail = exc.strerror or str(exc)
            problem = KamError(exc.filename, None, "errors.cannot_write", detail=detail)
            sys.stderr.write(problem.render(lang) + "\n")
            code = 2
        except BaseException:  # a child must end, whatever happened
            code = 1
        finally:
            sys.stderr.flush()
            os._exit(code)

    def wait() -> None:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise KamError(place, None, "grade.feedback_failed")

    return wait
