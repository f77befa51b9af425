"""Safe writing: whole files or nothing, and file names that cannot escape their folder."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from kam_lessons.errors import KamError

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


# Names Windows reserves for devices, with or without an extension, and the cohort's
# own manifest: a trainee folder must never be called so.
RESERVED = {"con", "prn", "aux", "nul", "cohort.json"} | {
    f"{dev}{n}" for dev in ("com", "lpt") for n in range(1, 10)
}


def is_safe_id(value: str) -> bool:
    """Return whether ``value`` can be used as a file or folder name on every system.

    Allowed: 1–64 Latin letters, digits, ``.``, ``_`` and ``-``, starting with a letter
    or digit, not ending with ``.``, never ``..``, and not a name Windows reserves
    (``con``, ``nul``, ``com1``…) or ``cohort.json``.
    """
    if not SAFE_ID.match(value) or ".." in value or value.endswith("."):
        return False
    lowered = value.lower()
    return lowered not in RESERVED and lowered.split(".")[0] not in RESERVED - {"cohort.json"}


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """Read a text file a user gave, turning what can go wrong into a :class:`KamError`.

    A missing file, a folder, a file one may not read, and one that is not UTF-8 each get
    the message that names the fix.
    """
    try:
        return Path(path).read_text(encoding=encoding)
    except FileNotFoundError:
        raise KamError(path, None, "errors.file_missing") from None
    except UnicodeDecodeError:
        raise KamError(path, None, "errors.file_not_utf8") from None
    except OSError as exc:
        raise KamError(path, None, "errors.cannot_read", detail=exc.strerror or str(exc)) from None


def write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never half of one; a crash leaves the
    old file in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
