"""The progress bar: shown on a terminal for long runs, never in a pipe or a log."""

from __future__ import annotations

import io

import pytest

from kam_lessons.progress import MIN_ITEMS, progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    ("stream", "total", "shown"),
    [
        (Terminal(), MIN_ITEMS, True),
        (Terminal(), MIN_ITEMS - 1, False),
        (io.StringIO(), 10 * MIN_ITEMS, False),
    ],
)
def test_a_bar_only_on_a_terminal_and_for_many_items(monkeypatch, stream, total, shown):
    monkeypatch.setattr("sys.stderr", stream)
    assert list(progress(range(total), total, "grading")) == list(range(total))
    assert ("grading" in stream.getvalue()) is shown
