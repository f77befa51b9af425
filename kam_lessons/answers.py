"""A trainee's answers: one versioned JSON file per lesson, saved at every change.

The file (``<answers_dir>/<lesson>.json``) is the only place answers live, so a kernel
restart, a closed tab or a notebook never saved loses nothing. Format version 1::

    {
      "format": "kam-answers",
      "version": 1,
      "trainee_id": "anna.smirnova",
      "lesson": "01_stages",
      "lang": "ru",
      "mode": "practice",
      "updated": "2026-11-23T10:15:02+00:00",
      "answers": {
        "q01": {"value": "b", "saved_at": "2026-11-23T10:14:40+00:00"},
        "q04": {"value": ["pre", "early", "mid"], "saved_at": "..."}
      }
    }

Values are plain JSON, by question type (see :mod:`kam_lessons.scoring`). Each answer
also records the mode it was given in (``"mode": "practice"``), so a later save in
another mode never hides that an assessment was once answered with feedback on.

Every save holds a lock beside the file (``.<lesson>.json.lock``) while it re-reads the
file, changes one answer and writes it whole through a temporary file and a rename: two
tabs or kernels saving at the same moment never erase each other's answers.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from kam_lessons.errors import KamError
from kam_lessons.storage import (
    loads_json,
    locked,
    may_hold_bad_text,
    read_text,
    remove_stale_temps,
    repair_text,
    write_atomic,
)
from kam_lessons.validation import describe

FORMAT = "kam-answers"
VERSION = 1
#: The largest answers file read: a lesson's answers, long essays included, hold < 200 KB.
MAX_ANSWERS_BYTES = 2 * 1024 * 1024


class AnswerEntry(BaseModel):
    """One answer: its value and when it was saved."""

    model_config = ConfigDict(extra="allow")

    value: Any
    saved_at: str = ""
    mode: str = ""


class AnswerFile(BaseModel):
    """The content of an answers file."""

    model_config = ConfigDict(extra="allow")

    format: Literal["kam-answers"] = "kam-answers"
    version: Literal[1] = 1
    trainee_id: str
    lesson: str
    lang: str = ""
    mode: str = ""
    updated: str = ""
    answers: dict[str, AnswerEntry] = Field(default_factory=dict)
    _repaired: int = PrivateAttr(default=0)

    def values(self) -> dict[str, Any]:
        """Return ``{question id: value}``."""
        return {qid: entry.value for qid, entry in self.answers.items()}

    @property
    def repaired(self) -> int:
        """Return how many texts in the file were not valid Unicode (replaced by U+FFFD)."""
        return self._repaired

    def modes(self) -> set[str]:
        """Return the modes the answers were given in (the file's mode for older answers)."""
        found = {entry.mode or self.mode for entry in self.answers.values()}
        return {m for m in found if m} or ({self.mode} if self.mode else set())


def answers_path(answers_dir: Path | str, lesson_id: str) -> Path:
    """Return where a lesson's answers live inside ``answers_dir``."""
    return Path(answers_dir) / f"{lesson_id}.json"


def now() -> str:
    """Return the current UTC time as ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def read_answers(path: Path) -> AnswerFile:
    """Read an answers file, raising :class:`KamError` if it is unreadable or not in the format."""
    text = read_text(path, encoding="utf-8-sig", limit=MAX_ANSWERS_BYTES)
    try:
        data = loads_json(text, path)
    except KamError as err:
        if err.problems[0].key != "errors.json_malformed":
            raise
        problem = err.problems[0]
        raise KamError(
            path, problem.where, "errors.answers_not_json", detail=problem.params["detail"]
        ) from None
    data, repaired = repair_text(data) if may_hold_bad_text(text) else (data, 0)
    if (
        isinstance(data, dict)
        and isinstance(data.get("version"), int)
        and data["version"] > VERSION
    ):
        raise KamError(path, "version", "errors.answers_newer", version=data["version"])
    try:
        answers = AnswerFile.model_validate(data)
    except ValidationError as exc:
        raise describe(path, exc, model=AnswerFile) from None
    answers._repaired = repaired
    return answers


def check_owner(path: Path, data: AnswerFile, trainee_id: str, lesson: str) -> KamError | None:
    """Return why an answers file is not this trainee's answers to this lesson, or ``None``."""
    if data.trainee_id != trainee_id:
        return KamError(
            path,
            "trainee_id",
            "errors.answers_other_trainee",
            found=data.trainee_id,
            expected=trainee_id,
        )
    if data.lesson != lesson:
        return KamError(
            path, "lesson", "errors.answers_other_lesson", found=data.lesson, expected=lesson
        )
    return None


def write_answers(path: Path, answers: AnswerFile) -> None:
    """Write an answers file atomically (readable by the trainer's process too)."""
    text = json.dumps(answers.model_dump(mode="json"), ensure_ascii=False, indent=1)
    write_atomic(path, text + "\n")


class AnswerStore:
    """The answers of one trainee to one lesson, kept in step with the file on disk.

    Opening a store never writes, unless the file it finds is unreadable; the file is
    created at the first answer. A file that cannot be read (damaged, not a regular
    file, too large) or belongs to someone else is moved aside
    (``<lesson>.json.unreadable-<time>``), never overwritten, and :attr:`problem` says
    what happened. Every change is one locked read-modify-write of the file.
    """

    def __init__(
        self,
        path: Path,
        trainee_id: str,
        lesson_id: str,
        lang: str = "",
        mode: str = "",
    ) -> None:
        self.path = Path(path)
        self.problem: KamError | None = None
        self._blank = AnswerFile(trainee_id=trainee_id, lesson=lesson_id, lang=lang, mode=mode)
        self.data = self._blank.model_copy(deep=True)
        if self.path.exists() or self.path.is_symlink():
            with locked(self.path):
                self.data = self._read_or_set_aside() or self.data

    def _read_or_set_aside(self) -> AnswerFile | None:
        """Return the answers on disk, or ``None`` if there are none it may use.

        Call it holding the lock. A file it cannot use is moved aside.
        """
        if not (self.path.exists() or self.path.is_symlink()):
            return None
        try:
            data = read_answers(self.path)
            mismatch = check_owner(self.path, data, self._blank.trainee_id, self._blank.lesson)
            if mismatch is not None:
                raise mismatch
        except KamError as err:
            self.problem = err
            self._set_aside()
            return None
        return data

    def _set_aside(self) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        aside = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        self.path.replace(aside)

    def values(self) -> dict[str, Any]:
        """Return ``{question id: value}`` of every saved answer."""
        return self.data.values()

    def get(self, question_id: str) -> Any:
        """Return the saved value for a question, or ``None``."""
        entry = self.data.answers.get(question_id)
        return None if entry is None else entry.value

    def set(self, question_id: str, value: Any) -> None:
        """Save one answer at once (``None`` clears it).

        Under the file's lock, the file is read again (so answers saved meanwhile by
        another tab or kernel are kept), the one answer changed, and the file written
        whole. A file that has become unreadable, or belongs to someone else, is moved
        aside (never overwritten) and this trainee's answers written anew. Temporary
        files a killed save left behind are removed.
        """
        value, _ = repair_text(value)
        with locked(self.path):
            remove_stale_temps(self.path)
            # with no usable file, keep what this tab holds
            current = self._read_or_set_aside() or self.data.model_copy(deep=True)
            stamp = now()
            if value is None:
                current.answers.pop(question_id, None)
            else:
                current.answers[question_id] = AnswerEntry(
                    value=value, saved_at=stamp, mode=self._blank.mode
                )
            current.updated = stamp
            current.lang = self._blank.lang or current.lang
            current.mode = self._blank.mode or current.mode
            write_answers(self.path, current)
        self.data = current
