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

:func:`xlsx_bytes` writes an Excel workbook with the same promise: every text is a
string cell (never a formula, whatever it starts with), numbers are number cells, each
sheet has a frozen header and filters.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence

#: Excel's limit on the characters of one cell.
EXCEL_CELL_LIMIT = 32_767
TRUNCATED = " […]"

# A trigger at the start, or after a character at which some spreadsheet starts a cell.
_TRIGGER = re.compile(r"(?<![^,;\t\r\n])( *)([=+\-@\t\r])")
_ANY_TRIGGER = re.compile(r"[=+\-@\t\r]")


def safe_cell(value: object) -> object:
    """Return ``value`` as a cell that can never run as a formula (text only; numbers kept)."""
    if not isinstance(value, str):
        return value
    if len(value) <= EXCEL_CELL_LIMIT and _ANY_TRIGGER.search(value) is None:
        return value  # the common case: nothing that could start a formula
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


def csv_rows(rows: Iterable[Sequence[object]], columns: Sequence[str]) -> str:
    """Return a CSV table like :func:`csv_text`, from rows given as cells in column order.

    The same quoting and safety, faster for a cohort's hundred thousand rows: the ids,
    words and rubrics that repeat down a column are made safe once.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([safe_cell(c) for c in columns])
    seen: dict[str, object] = {}

    def safe(value: object) -> object:
        if not isinstance(value, str):
            return value
        done = seen.get(value)
        if done is None:
            done = seen[value] = safe_cell(value)
        return done

    writer.writerows([safe(v) for v in row] for row in rows)
    return buf.getvalue()


def csv_field(value: object) -> str:
    """Return one field as :func:`csv_rows` writes it: made safe, quoted, quotes doubled."""
    if value is None:
        return '""'
    text = safe_cell(value) if isinstance(value, str) else value
    return '"' + str(text).replace('"', '""') + '"'


# -- xlsx -------------------------------------------------------------------------------
# A workbook written directly as its Office Open XML parts (a zip): every text is an
# inline string cell, so text starting with ``=`` is text and never a formula; numbers are
# number cells; each sheet has a frozen header row and filters on every column.

#: Column widths (characters) by column name; others get :data:`DEFAULT_WIDTH`.
WIDTHS = {"name": 24, "answer": 60, "rubric": 40, "comment": 40, "status": 30}
DEFAULT_WIDTH = 12

# Characters XML 1.0 cannot carry (controls but tab, line feed and carriage return).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def column_letter(n: int) -> str:
    """Return the letters of the ``n``-th column (1 is ``A``, 27 is ``AA``)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cell(ref: str, value: object) -> str:
    """Return a cell as XML: a number cell, or an inline string (never a formula)."""
    if type(value) is float and math.isfinite(value):  # most cells: points
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if value is None or value == "":
        return ""
    text = str(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    text = escape_xml(text)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def sheet_xml(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> tuple[str, str, int]:
    """Return a worksheet's XML (frozen header, filters), its last column and its last row."""
    letters = [column_letter(n) for n in range(1, len(columns) + 1)]
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
        '<sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="1" '
        'topLeftCell="B2" activePane="bottomRight" state="frozen"/>'
        '<selection pane="bottomRight" activeCell="B2" sqref="B2"/></sheetView></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/><cols>',
    ]
    for n, name in enumerate(columns, start=1):
        width = WIDTHS.get(name, DEFAULT_WIDTH)
        out.append(f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>')
    out.append("</cols><sheetData>")
    header = "".join(_text_cell(f"{letters[i]}1", c) for i, c in enumerate(columns))
    out.append(f'<row r="1">{header}</row>')
    count = 1
    for count, row in enumerate(rows, start=2):
        number = str(count)
        cells = "".join(
            [_text_cell(letter + number, v) for letter, v in zip(letters, row, strict=False)]
        )
        out.append(f'<row r="{number}">{cells}</row>')
    last = letters[-1] if letters else "A"
    out.append(f'</sheetData><autoFilter ref="A1:{last}{count}"/></worksheet>')
    return "".join(out), last, count


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
    '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
    'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf '
    'numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]]) -> bytes:
    """Return an .xlsx file holding ``sheets`` (title, columns, rows), as Excel reads it.

    Written directly as the Office Open XML parts (a zip), which is many times faster
    than a general writer for a cohort's thousands of rows; read back with openpyxl.
    """
    names = [title[:31] for title, _, _ in sheets]
    parts: dict[str, str] = {}
    defined = []
    for n, (_, columns, rows) in enumerate(sheets, start=1):
        xml, last, count = sheet_xml(columns, rows)
        parts[f"xl/worksheets/sheet{n}.xml"] = xml
        quoted = escape_xml(names[n - 1].replace("'", "''"))
        defined.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n - 1}" hidden="1">'
            f"'{quoted}'!$A$1:${last}${count}</definedName>"
        )
    sheet_list = "".join(
        f'<sheet name="{escape_xml(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
        f"<sheets>{sheet_list}</sheets><definedNames>{''.join(defined)}</definedNames></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(names) + 1)
    )
    rels += f'<Relationship Id="rId{len(names) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG}">{rels}</Relationships>'
    )
    parts["xl/styles.xml"] = _STYLES
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    sheet_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheet_types}</Types>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        xl = sorted(k for k in parts if k.startswith("xl/"))
        for name in ("[Content_Types].xml", "_rels/.rels", *xl):
            zf.writestr(name, parts[name])
    return buf.getvalue()


def escape_xml(text: str) -> str:
    """Return ``text`` safe inside an XML attribute or element."""
    text = _ILLEGAL.sub("\ufffd", text)
    if _MARKUP.search(text) is None:
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;")


_MARKUP = re.compile('[&<>"]')
