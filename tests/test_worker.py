"""Work beside: a forked child hands back its bytes, or its failure, and never a traceback."""

from __future__ import annotations

import os

import pytest

from kam_lessons import worker
from kam_lessons.errors import KamError

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(worker, "can_fork", lambda: True)


@needs_fork
@pytest.mark.parametrize("size", [0, 10, 5 * 1024 * 1024])  # past a pipe's buffer too
def test_a_child_hands_back_what_it_made(two_cores, size):
    parent = os.getpid()
    pending = worker.start(lambda: bytes([os.getpid() != parent]) * size, None, "en")
    assert pending.result() == (b"\x01" * size or None)
    assert pending.result() == (b"\x01" * size or None)  # asked again: the same, no wait


@needs_fork
def test_a_child_that_fails_raises_the_given_problem_with_its_own_message(two_cores, capfd):
    def task():
        raise KamError("/cohort/x.json", None, "errors.file_missing")

    failed = KamError("/out/feedback", None, "grade.feedback_failed")
    pending = worker.start(task, failed, "en")
    with pytest.raises(KamError) as caught:
        pending.result()
    assert caught.value is failed
    err = capfd.readouterr().err
    assert "/cohort/x.json" in err and "Traceback" not in err


@needs_fork
def test_a_child_that_breaks_returns_nothing_when_no_problem_is_given(two_cores, capfd):
    def task():
        raise RuntimeError("a bug")

    assert worker.start(task, None, "en").result() is None
    assert "Traceback" not in capfd.readouterr().err


def test_without_a_second_core_the_work_is_done_here(monkeypatch):
    monkeypatch.setattr(worker, "can_fork", lambda: False)
    parent = os.getpid()
    pending = worker.start(lambda: str(os.getpid() == parent).encode(), None, "en")
    assert pending.result() == b"True"
    assert worker.start(lambda: b"x", None, "en", beside=False).result() == b"x"
