"""How a long command uses the machine: work beside it on a second core, the collector paused.

``kam grade`` has independent pieces of work once a cohort is graded (the feedback
pages, the Excel workbook, the report's charts); each may run in a child made with
``fork``, which inherits the graded cohort without copying it, while this process goes
on. A child hands back bytes (through a pipe) or nothing; if it fails, it prints its own
one-line message (never a traceback) and :meth:`Pending.result` raises the
:class:`~kam_lessons.errors.KamError` it was given (or, given none, returns ``None``,
for work the caller can do again itself).

Where ``fork`` is missing, on one core, or when asked, the work is simply done here.

:func:`collector_paused` pauses Python's cyclic garbage collector while a command builds
a large graph of objects that holds no cycle (a graded cohort): the collector would walk
all of it again and again as it grows.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kam_lessons.errors import KamError


@dataclass
class Pending:
    """Work started by :func:`start`: :meth:`result` waits for it and returns its bytes."""

    failed: KamError | None
    pid: int = 0
    read_fd: int = -1
    value: bytes | None = None
    done: bool = False

    def result(self) -> bytes | None:
        """Wait for the work and return what it returned; if it failed, raise ``failed``."""
        if self.done:
            return self.value
        self.done = True
        chunks = []
        try:
            while chunk := os.read(self.read_fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(self.read_fd)
            _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            if self.failed is None:
                return None
            raise self.failed
        self.value = b"".join(chunks) if chunks else None
        return self.value


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector within the block (as it was, after).

    Objects are still freed by reference counting as usual; only cycles wait.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def can_fork() -> bool:
    """Return whether work can run beside this process (``fork`` and a second core)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def start(
    task: Callable[[], object], failed: KamError | None, lang: str, beside: bool = True
) -> Pending:
    """Start ``task`` in a forked child (or, if ``beside`` is false or impossible, run it now).

    Args:
        task: the work; if it returns bytes, :meth:`Pending.result` hands them back.
        failed: what :meth:`Pending.result` raises if the task failed (``None``: it returns
            ``None``).
        lang: the language of the child's own message, should it fail.
        beside: run in a child; otherwise (or without ``fork`` or a second core) here.
    """
    if not (beside and can_fork()):
        data = task()
        return Pending(failed, value=data if isinstance(data, bytes) else None, done=True)
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow a fork
        os.close(read_fd)
        _child(task, write_fd, lang)
    os.close(write_fd)
    return Pending(failed, pid, read_fd)


def _child(task: Callable[[], object], write_fd: int, lang: str) -> None:  # pragma: no cover
    """Run ``task`` in the child, send its bytes, and end the child (never return)."""
    code = 0
    try:
        data = task()
        view = memoryview(data if isinstance(data, bytes) else b"")
        while view:
            view = view[os.write(write_fd, view) :]
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
