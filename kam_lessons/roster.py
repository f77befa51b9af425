"""The roster: who is in a cohort. A CSV file with a header row.

Columns: ``trainee_id`` (required; becomes a folder name, so 1–64 Latin letters, digits,
``.``, ``_``, ``-``), ``name`` (required; any script), ``lang`` (optional; the workbook's
language for that trainee, else the build's ``--lang``), ``email`` and ``idnumber``
(optional; what an LMS matches grades on: ``lms.csv`` carries them). Commas or semicolons (as
spreadsheet programs save in many locales) both work; a UTF-8 byte-order mark is fine.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kam_lessons.errors import KamError, Problem, quote_value
from kam_lessons.i18n import languages
from kam_lessons.storage import is_safe_id, read_text

REQUIRED = ("trainee_id", "name")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


@dataclass(frozen=True)
class Trainee:
    """One trainee of a cohort."""

    trainee_id: str
    name: str
    lang: str
    email: str = ""
    idnumber: str = ""


def read_roster(path: Path, default_lang: str) -> list[Trainee]:
    """Read and validate a roster; every problem found is reported at once in one error."""
    path = Path(path)
    lines = read_text(path, encoding="utf-8-sig").splitlines()
    if not lines or not lines[0].strip():
        raise KamError(path, 1, "errors.roster_empty")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    twice = sorted({h for h in header if header.count(h) > 1 and h})
    if twice:
        raise KamError(path, 1, "errors.roster_column_twice", columns=", ".join(twice))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise KamError(
            path,
            1,
            "errors.roster_missing_column",
            missing=", ".join(missing),
            found=", ".join(header),
        )
    problems: list[Problem] = []
    trainees: list[Trainee] = []
    seen: dict[str, int] = {}
    langs = languages()
    for line_no, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue  # a blank line
        where = line_no
        if row.get(None) or None in row.values():  # more fields than the header, or fewer
            problems.append(Problem(where, "errors.roster_fields", {"n": len(header)}))
            continue
        tid = (row.get("trainee_id") or "").strip()
        name = (row.get("name") or "").strip()
        lang = (row.get("lang") or "").strip() or default_lang
        if not tid:
            problems.append(Problem(where, "errors.roster_empty_id"))
        elif not is_safe_id(tid):
            problems.append(Problem(where, "errors.roster_unsafe_id", {"found": tid}))
        elif tid.lower() in seen:
            problems.append(
                Problem(
                    where, "errors.roster_duplicate_id", {"found": tid, "first": seen[tid.lower()]}
                )
            )
        else:
            seen[tid.lower()] = line_no
        if not name:
            problems.append(Problem(where, "errors.roster_empty_name", {"id": tid}))
        if lang not in langs:
            problems.append(
                Problem(
                    where, "errors.roster_bad_lang", {"found": lang, "allowed": ", ".join(langs)}
                )
            )
        email = (row.get("email") or "").strip()
        if email and not _EMAIL.match(email):
            problems.append(Problem(where, "lms.roster_bad_email", {"found": quote_value(email)}))
        idnumber = (row.get("idnumber") or "").strip()
        if idnumber and not idnumber.isprintable():
            problems.append(
                Problem(where, "lms.roster_bad_idnumber", {"found": quote_value(idnumber)})
            )
        trainees.append(Trainee(tid, name, lang, email, idnumber))
    if problems:
        raise KamError(path, problems=problems)
    if not trainees:
        raise KamError(path, None, "errors.roster_no_trainees")
    return trainees
