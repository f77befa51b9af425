"""Tables for spreadsheets: CSV text that Excel, LibreOffice and an LMS open safely.

Cells hold text trainees typed and names a roster gave, so no cell may ever run as a
formula, in any locale:

- every field is quoted, so a comma, a semicolon or a line break inside a cell stays in
  that cell (Excel in Russian and other locales splits on ``;``, and an unquoted
  carriage return ends a row);
- a formula trigger (``=``, ``+``, ``-``, ``@``, tab, carriage return) at the start of a
  cell, or after any separator or line break where a spreadsheet reading with another
  separator would start a new cell, gets a leading ``'``, which makes it text;
- a cell longer than Excel's limit (32,767 characters) is cut, and says so.

Numbers stay numbers (a negative score is never a string).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence

#: Excel's limit on the characters of one cell.
EXCEL_CELL_LIMIT = 32_767
TRUNCATED = " […]"

# A trigger at the start, or after a character at which some spreadsheet starts a cell.
_TRIGGER = re.compile(r"(?<![^,;\t\r\n])( *)([=+\-@\t\r])")


def safe_cell(value: object) -> object:
    """Return ``value`` as a cell that can never run as a formula (text only; numbers kept)."""
    if not isinstance(value, str):
        return value
    text = _TRIGGER.sub(r"\1'\2", value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return text


def csv_text(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Return a CSV table (header row, then ``rows``) with every field quoted and made safe."""
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(columns), lineterminator="\n", quoting=csv.QUOTE_ALL
    )
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()
