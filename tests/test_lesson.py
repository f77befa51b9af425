"""Opening a lesson: whatever a trainee's answers file has become, the lesson opens."""

from __future__ import annotations

import os

import pytest

from kam_lessons.answers import answers_path
from kam_lessons.lesson import LessonView, open_lesson

HEAD = '{"format": "kam-answers", "version": 1, "trainee_id": "anna", "lesson": "01_stages", '
BROKEN = {
    "deep": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
    "huge-number": lambda p: p.write_text(
        HEAD + '"answers": {"q11": {"value": 1' + "0" * 5000 + "}}}"
    ),
    "surrogate": lambda p: p.write_text(HEAD + '"answers": {"q18": {"value": "a\\ud800"}}}'),
    "fifo": lambda p: os.mkfifo(p),
    "endless": lambda p: p.symlink_to("/dev/zero"),
    "huge": lambda p: p.write_text(
        HEAD + '"answers": {"q18": {"value": "' + "x" * 3_000_000 + '"}}}'
    ),
}


@pytest.mark.parametrize("damage", list(BROKEN))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_lesson_opens_whatever_its_answers_file_holds(tmp_path, shown, damage, lang):
    path = answers_path(tmp_path / "answers", "01_stages")
    path.parent.mkdir()
    BROKEN[damage](path)
    view = open_lesson("01_stages", trainee_id="anna", lang=lang, answers_dir=path.parent)
    assert isinstance(view, LessonView)
    view.header()
    view.questions(*[q.id for q in view.lesson.questions])
    view.progress()
    view.store.set("q01", "a")  # and the next answer is saved
    assert view.store.get("q01") == "a"
    if damage in ("huge-number", "surrogate"):
        assert view.store.problem is None  # read, repaired: nothing set aside
    else:
        assert view.store.problem is not None
        assert any(".unreadable-" in p.name for p in path.parent.iterdir())
