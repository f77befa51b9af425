"""CSV for spreadsheets: no cell a trainee or a roster controls ever runs as a formula."""

from __future__ import annotations

import csv
import io
import re

import pytest

from kam_lessons.spreadsheet import EXCEL_CELL_LIMIT, csv_field, csv_rows, csv_text, safe_cell

# Where a spreadsheet would start a formula: a cell's start, or after a character at
# which a reader with another separator (`;` in Russian Excel) or a line break starts one.
LIVE = re.compile(r"(?<![^,;\t\r\n]) *[=+\-@\t\r]")


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1+2",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "fine\r=1+1",
        "fine\n=1+1",
        'ok;=HYPERLINK("http://x","y")',
        "ok, =1",
        "ok;;;  @x",
        "a\t-1",
        "=" * 5,
    ],
)
def test_no_trigger_survives_at_a_cell_start_or_after_a_separator(text):
    cell = safe_cell(text)
    assert not LIVE.search(cell), cell
    assert cell.replace("'", "") == text.replace("'", "")  # only quotes were added


@pytest.mark.parametrize("text", ["fine", "a-b", "e-mail", "1+1", "Анна", ""])
def test_plain_text_is_left_alone(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("number", [-3, -2.5, 0, 7.25])
def test_numbers_stay_numbers(number):
    assert safe_cell(number) == number


def test_every_field_is_quoted_and_reads_back_whole():
    rows = [{"a": "x;y", "b": "line\r\nbreak", "c": 2}]
    text = csv_text(rows, ["a", "b", "c"])
    assert text.splitlines()[0] == '"a","b","c"'
    assert list(csv.DictReader(io.StringIO(text, newline=""))) == [
        {"a": "x;y", "b": "line\r\nbreak", "c": "2"}
    ]


def test_a_cell_longer_than_excel_holds_is_cut_and_says_so():
    cell = safe_cell("x" * 100_000)
    assert len(cell) == EXCEL_CELL_LIMIT and cell.endswith("[…]")


@pytest.mark.parametrize(
    "value",
    [None, "", "plain", "=1+1", 'say "hi"', "a,\n@SUM(A1)", -2.5, 0, 7.25, True, False, "Анна"],
)
def test_a_field_made_alone_is_the_field_the_table_writer_makes(value):
    table = csv_rows([[value]], ["c"])
    assert table == '"c"\n' + csv_field(value) + "\n"
