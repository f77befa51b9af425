"""A trainer's marks on free-text answers: read from ``manual.csv`` or ``gradebook.xlsx``, kept.

A trainer types points (and, if they like, rubric items by id and a comment) into the
``manual.csv`` or the ``manual`` sheet of ``gradebook.xlsx`` that ``kam grade`` wrote, or
into a copy given with ``--manual``. The next ``kam grade`` reads them, checks each row
against the answers it has just read, and merges the good ones into ``OUT/marks.json``,
the cohort's marks between runs: a re-grade never loses a mark already given.

Each mark keeps the ``answer_id`` of the text it was given to (a short hash of the
answer, printed in the ``answer_id`` column): a trainee who changes a marked answer
afterwards gets it flagged as *changed since marking* and back in the list to mark.

Rows with blank points are not marks yet and are skipped. A row that cannot be a mark
(points above the maximum, below 0, not a number, a formula, for an answer that no
longer exists, a rubric id the question does not have) becomes one problem naming the
file, the row and the fix; the rest is merged.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kam_lessons.errors import KamError, Problem, quote_value
from kam_lessons.numbers import as_number
from kam_lessons.storage import loads_json, read_text

MARKS_FILE = "marks.json"
MARKS_FORMAT = "kam-marks"
#: The sheet of ``gradebook.xlsx`` a trainer marks in.
MANUAL_SHEET = "manual"
#: The columns of ``manual.csv`` and of the manual sheet, in order.
MANUAL_COLUMNS = (
    "trainee_id",
    "name",
    "lesson",
    "question",
    "max_points",
    "rubric",
    "answer",
    "points",
    "rubric_items",
    "comment",
    "answer_id",
    "marked",
)
#: The columns a marks file must have to be read.
NEEDED = ("trainee_id", "lesson", "question", "points")
#: The most bytes of a marks file read (a cohort's essays fit many times over).
MAX_MARKS_BYTES = 64 * 1024 * 1024
_RUBRIC_ID = re.compile(r"^R?(\d{1,3})$", re.IGNORECASE)

Key = tuple[str, str, str]


def answer_id(text: str) -> str:
    """Return the short id of an answer's text: it changes whenever the text does."""
    return "h" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def rubric_label(index: int) -> str:
    """Return the id a trainer types for the rubric item at ``index`` (``R1``, ``R2``…)."""
    return f"R{index + 1}"


@dataclass(frozen=True)
class Mark:
    """A trainer's mark on one free-text answer."""

    trainee_id: str
    lesson: str
    question: str
    points: float
    answer_id: str
    comment: str = ""
    rubric: tuple[int, ...] = ()  # indexes into the question's rubric

    @property
    def key(self) -> Key:
        """Return the answer the mark is for."""
        return (self.trainee_id, self.lesson, self.question)


@dataclass(frozen=True)
class OpenAnswer:
    """A free-text answer as graded now: what a mark is checked against."""

    max_points: float
    rubric_size: int
    answer_id: str


@dataclass(frozen=True)
class MarkRow:
    """One row of a marks file, as typed: where it is and its cells."""

    where: int | str  # a CSV's line number, or a sheet's cell (``manual!H5``)
    cells: dict[str, object]
    formula_columns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rejected:
    """What a trainer typed in a row that could not be merged, and why."""

    points: str
    rubric_items: str
    comment: str
    problem: Problem


@dataclass
class MarkBook:
    """Every mark of a cohort, by answer; what ``marks.json`` holds."""

    marks: dict[Key, Mark] = field(default_factory=dict)
    #: Rows typed this run that could not be merged, by answer: shown again in the next
    #: ``manual.csv`` and sheet as typed, so a trainer corrects them rather than retypes.
    rejected: dict[Key, Rejected] = field(default_factory=dict, compare=False)

    def get(self, key: Key) -> Mark | None:
        """Return the mark on an answer, or ``None``."""
        return self.marks.get(key)

    def to_json(self) -> str:
        """Return ``marks.json``'s text."""
        data = {
            "format": MARKS_FORMAT,
            "version": 1,
            "marks": [
                {**asdict(m), "rubric": list(m.rubric)}
                for _, m in sorted(self.marks.items(), key=lambda kv: kv[0])
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def load_marks(path: Path) -> MarkBook:
    """Read ``marks.json`` (none yet: no marks); a damaged one is a :class:`KamError`."""
    path = Path(path)
    if not path.exists():
        return MarkBook()
    data = loads_json(read_text(path, limit=MAX_MARKS_BYTES), path)
    if not isinstance(data, dict) or data.get("format") != MARKS_FORMAT:
        raise KamError(path, None, "marks.store_damaged")
    book = MarkBook()
    for n, entry in enumerate(data.get("marks") or []):
        try:
            mark = Mark(
                str(entry["trainee_id"]),
                str(entry["lesson"]),
                str(entry["question"]),
                float(entry["points"]),
                str(entry["answer_id"]),
                str(entry.get("comment", "")),
                tuple(int(i) for i in entry.get("rubric", ())),
            )
        except (KeyError, TypeError, ValueError):
            raise KamError(path, f"marks[{n}]", "marks.store_damaged") from None
        book.marks[mark.key] = mark
    return book


def read_mark_rows(path: Path) -> list[MarkRow]:
    """Read the rows of a marks file: ``.xlsx`` (its manual sheet) or CSV (``,`` or ``;``)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_manual_sheet(path)
    lines = read_text(path, encoding="utf-8-sig", limit=MAX_MARKS_BYTES)
    first = lines.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(lines.splitlines(keepends=True), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in NEEDED if c not in header]
    if missing:
        raise KamError(path, 1, "marks.missing_columns", missing=", ".join(missing))
    rows = []
    for cells in reader:
        rows.append(MarkRow(reader.line_num, dict(zip(header, cells, strict=False))))
    return rows


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _rubric_ids(typed: str, size: int) -> tuple[int, ...] | None:
    """Return rubric indexes from ``"R1, R3"`` (or ``1 3``); ``None`` if one is not there."""
    found: list[int] = []
    for part in re.split(r"[\s,;]+", typed.strip()):
        if not part:
            continue
        match = _RUBRIC_ID.match(part)
        if match is None or not 1 <= int(match.group(1)) <= size:
            return None
        index = int(match.group(1)) - 1
        if index not in found:
            found.append(index)
    return tuple(found)


def check_row(row: MarkRow, answers: Mapping[Key, OpenAnswer]) -> Mark | Problem | None:
    """Return the mark a row gives, the problem with it, or ``None`` for a row not marked."""
    cells = row.cells
    key = (_text(cells.get("trainee_id")), _text(cells.get("lesson")), _text(cells.get("question")))
    raw_points = cells.get("points")
    typed = _text(raw_points)
    comment = _text(cells.get("comment"))
    items = _text(cells.get("rubric_items"))
    if "points" in row.formula_columns:
        return Problem(row.where, "marks.formula", {"found": quote_value(typed)})
    if not typed:
        if comment or items:
            return Problem(row.where, "marks.no_points")
        return None
    answer = answers.get(key)
    if answer is None:
        return Problem(
            row.where,
            "marks.no_answer",
            {"trainee": key[0], "lesson": key[1], "question": key[2]},
        )
    points = as_number(raw_points)
    if points is None:
        return Problem(row.where, "marks.not_number", {"found": quote_value(typed)})
    if points < 0:
        return Problem(row.where, "marks.below_zero", {"found": quote_value(typed)})
    if points > answer.max_points + 1e-9:
        return Problem(
            row.where,
            "marks.above_max",
            {"found": quote_value(typed), "max": f"{answer.max_points:g}"},
        )
    rubric = _rubric_ids(items, answer.rubric_size)
    if rubric is None:
        ids = ", ".join(rubric_label(i) for i in range(answer.rubric_size)) or "—"
        return Problem(row.where, "marks.bad_rubric", {"found": quote_value(items), "allowed": ids})
    given_to = _text(cells.get("answer_id")) or answer.answer_id
    return Mark(*key, round(points, 2), given_to, comment, rubric)


def merge_marks(
    book: MarkBook,
    files: Iterable[Path],
    answers: Mapping[Key, OpenAnswer],
) -> list[KamError]:
    """Merge every good mark of ``files`` (in order, later wins) into ``book``.

    Returns:
        One error per file with problems, each problem naming its row and the fix.
    """
    files = list(files)
    refused: dict[Key, tuple[Path, Problem]] = {}
    for path in files:
        for row in read_mark_rows(path):
            outcome = check_row(row, answers)
            key = (
                _text(row.cells.get("trainee_id")),
                _text(row.cells.get("lesson")),
                _text(row.cells.get("question")),
            )
            if isinstance(outcome, Mark):
                book.marks[outcome.key] = outcome
                book.rejected.pop(key, None)
                refused.pop(key, None)
            elif isinstance(outcome, Problem):
                refused[key] = (path, outcome)  # the same row refused in two files: once
                book.rejected[key] = Rejected(
                    _text(row.cells.get("points")),
                    _text(row.cells.get("rubric_items")),
                    _text(row.cells.get("comment")),
                    outcome,
                )
    errors = []
    for path in files:
        problems = [p for where, p in refused.values() if where == path]
        if problems:
            errors.append(KamError(path, problems=problems))
    return errors


#: What ``kam grade`` last wrote of its own marks files (hidden, in ``OUT``): a file still
#: as written holds no mark that is not in ``marks.json``, so it need not be read again.
WRITTEN_FILE = ".kam-written.json"
OWN_FILES = ("manual.csv", "gradebook.xlsx")


def _stamp(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_mtime_ns, info.st_size]


def remember_written(out: Path, clean: bool) -> None:
    """Record ``out``'s own marks files as just written (``clean``: no refused row in them)."""
    from kam_lessons.storage import write_atomic

    record = Path(out) / WRITTEN_FILE
    if not clean:
        record.unlink(missing_ok=True)
        return
    stamps = {name: _stamp(Path(out) / name) for name in OWN_FILES if (Path(out) / name).is_file()}
    write_atomic(record, json.dumps(stamps) + "\n")


def _as_written(out: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((out / WRITTEN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def files_to_read(out: Path, given: Iterable[Path]) -> list[Path]:
    """Return the marks files a grade reads: ``OUT``'s own (older first), then those given.

    ``manual.csv`` and ``gradebook.xlsx`` in ``out`` are the ones the last grade wrote
    and the trainer may have filled in; of the two, the one saved last wins. One still
    exactly as ``kam grade`` wrote it is skipped: its marks are all in ``marks.json``.
    """
    written = _as_written(out)
    own = [
        p
        for p in (out / name for name in OWN_FILES)
        if p.is_file() and written.get(p.name) != _stamp(p)
    ]
    own.sort(key=lambda p: p.stat().st_mtime_ns)
    extra = [Path(p) for p in given]
    for path in extra:
        if not path.is_file():
            raise KamError(path, None, "marks.file_missing")
    return [p for p in own if p not in extra] + extra


def read_manual_sheet(path: Path) -> list[MarkRow]:
    """Read the manual sheet of a gradebook a trainer filled in: one row per answer."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise KamError(path, None, "marks.xlsx_damaged", detail=type(exc).__name__) from None
    try:
        if MANUAL_SHEET not in wb.sheetnames:
            raise KamError(path, None, "marks.no_manual_sheet", sheet=MANUAL_SHEET)
        ws = wb[MANUAL_SHEET]
        rows = ws.iter_rows()
        header_cells = next(rows, ())
        header = [str(c.value).strip() if c.value is not None else "" for c in header_cells]
        missing = [c for c in NEEDED if c not in header]
        if missing:
            raise KamError(
                path, f"{MANUAL_SHEET}!1", "marks.missing_columns", missing=", ".join(missing)
            )
        out = []
        for row in rows:
            cells: dict[str, object] = {}
            formulas = set()
            place = ""
            for name, cell in zip(header, row, strict=False):
                if not name:
                    continue
                cells[name] = cell.value
                if getattr(cell, "data_type", "") == "f":
                    formulas.add(name)
                if name == "points" and hasattr(cell, "coordinate"):
                    place = f"{MANUAL_SHEET}!{cell.coordinate}"
            if any(v not in (None, "") for v in cells.values()):
                out.append(MarkRow(place or MANUAL_SHEET, cells, frozenset(formulas)))
        return out
    finally:
        wb.close()
