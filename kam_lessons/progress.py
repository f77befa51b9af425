"""A progress bar on the terminal for long runs (tqdm); quiet when output is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
#: Runs over fewer items than this show no bar: they end before one would help.
MIN_ITEMS = 300


def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """Yield ``items``, showing a bar on standard error when it is a terminal and ``total`` large.

    Args:
        items: what is worked through.
        total: how many there are.
        label: what the bar says it is doing (a catalogue text).
    """
    stream = sys.stderr
    if total < MIN_ITEMS or not (hasattr(stream, "isatty") and stream.isatty()):
        yield from items
        return
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: a process may fork after a bar
    yield from tqdm(items, total=total, desc=label, file=stream, leave=False, unit="")
