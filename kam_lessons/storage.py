"""Files users give and files the project writes, handled so that nothing is lost or hangs.

Reading: only regular files (a FIFO, a device or a folder in the place of a file is
refused, never waited on or read without end), at most a size cap, strict UTF-8, no NUL
bytes (a UTF-16 export is named as such); JSON and YAML whose numbers, nesting and text
cannot break the code that reads them.

Writing: whole files or nothing (a temporary file, ``fsync``, a rename, then ``fsync`` of
the folder so a power cut cannot undo the rename), several files as a set, and a lock
beside a file for a read-modify-write that other processes share. File names made from
ids cannot escape their folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

import yaml

from kam_lessons.errors import KamError, Problem

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

# Names Windows reserves for devices, with or without an extension, and the cohort's
# own manifest: a trainee folder must never be called so.
RESERVED = {"con", "prn", "aux", "nul", "cohort.json"} | {
    f"{dev}{n}" for dev in ("com", "lpt") for n in range(1, 10)
}

#: The most a text file a user gives may hold (rosters, lessons, cases, manifests).
MAX_TEXT_BYTES = 8 * 1024 * 1024
#: The deepest nesting of lists and mappings a data file may have (real ones need < 10).
MAX_DEPTH = 64
#: The most digits an integer in a data file may have; longer ones read as a float.
MAX_INT_DIGITS = 30


def is_safe_id(value: object) -> bool:
    """Return whether ``value`` can be used as a file or folder name on every system.

    Allowed: 1–64 Latin letters, digits, ``.``, ``_`` and ``-``, starting with a letter
    or digit, not ending with ``.``, never ``..``, and not a name Windows reserves
    (``con``, ``nul``, ``com1``…) or ``cohort.json``. The whole string must match: a
    trailing newline is not allowed.
    """
    if not isinstance(value, str) or not SAFE_ID.fullmatch(value):
        return False
    if ".." in value or value.endswith("."):
        return False
    lowered = value.lower()
    return lowered not in RESERVED and lowered.split(".")[0] not in RESERVED - {"cohort.json"}


# -- reading ---------------------------------------------------------------------------


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """Read a regular file of at most ``limit`` bytes, or raise :class:`KamError`.

    The file is opened without blocking, so a FIFO in its place is refused at once
    instead of waited on; a device, a socket or a folder is refused too, and a file
    growing past the cap (or a symlink to an endless device) is never read to the end.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise KamError(path, None, "errors.file_missing") from None
    except IsADirectoryError:
        raise KamError(path, None, "errors.not_a_file") from None
    except OSError as exc:
        raise KamError(path, None, "errors.cannot_read", detail=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise KamError(path, None, "errors.not_a_file")
        if not stat.S_ISREG(info.st_mode):
            raise KamError(path, None, "errors.not_regular_file")
        if info.st_size > limit:
            raise KamError(path, None, "errors.file_too_large", limit=_megabytes(limit))
        # one read of the size fstat gave (a file may still grow: read on, up to the cap)
        chunks, size = [], 0
        want = min(limit, info.st_size) + 1
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise KamError(path, None, "errors.file_too_large", limit=_megabytes(limit))
            want = min(limit - size, 1 << 20) + 1
        return b"".join(chunks)
    except OSError as exc:
        raise KamError(path, None, "errors.cannot_read", detail=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def read_text(path: Path, encoding: str = "utf-8", limit: int = MAX_TEXT_BYTES) -> str:
    """Read a text file a user gave, turning what can go wrong into a :class:`KamError`.

    A missing file, a folder, a special file, one too large, one you may not read, one
    that is not UTF-8 and one saved as UTF-16 each get the message that names the fix.
    """
    data = read_bytes(path, limit)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data:
        raise KamError(path, None, "errors.file_utf16")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise KamError(path, None, "errors.file_not_utf8") from None


def _parse_int(digits: str) -> int | float:
    """Read a JSON integer; one too long to be a real answer becomes a float (maybe ``inf``)."""
    return int(digits) if len(digits.lstrip("-")) <= MAX_INT_DIGITS else float(digits)


def loads_json(text: str, path: Path) -> Any:
    """Parse JSON a user's file holds, or raise :class:`KamError` naming the file and line.

    Nesting deeper than :data:`MAX_DEPTH` is refused (it would exhaust the recursion of
    whatever reads it next); integers of more than :data:`MAX_INT_DIGITS` digits read
    as floats, so no digit limit or overflow is ever hit.
    """
    try:
        # the integer hook costs less than searching the text for a long run of digits
        data = json.loads(text, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        raise KamError(path, exc.lineno, "errors.json_malformed", detail=exc.msg) from None
    except RecursionError:
        raise KamError(path, None, "errors.too_deep", depth=MAX_DEPTH) from None
    if text.count("[") + text.count("{") > MAX_DEPTH:
        check_depth(data, path)
    return data


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def may_hold_bad_text(json_text: str) -> bool:
    r"""Return whether JSON text could spell a lone surrogate (a ``\ud800``-style escape)."""
    return _SURROGATE_ESCAPE.search(json_text) is not None


def check_depth(data: object, path: Path, limit: int = MAX_DEPTH) -> None:
    """Raise :class:`KamError` if lists and mappings in ``data`` nest deeper than ``limit``."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        children: Any
        if isinstance(node, Mapping):
            children = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        if depth > limit:
            raise KamError(path, None, "errors.too_deep", depth=limit)
        stack.extend((child, depth + 1) for child in children)


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_text(data: Any) -> tuple[Any, int]:
    r"""Replace text that is not valid Unicode (lone surrogates) in keys and values.

    JSON may spell such text (``"\ud800"``); it cannot be written as UTF-8, printed or
    put in a spreadsheet. Each is replaced by U+FFFD. Returns the repaired data and how
    many strings were repaired.
    """
    count = 0

    def fix(text: str) -> str:
        nonlocal count
        if _SURROGATE.search(text) is None:
            return text
        count += 1
        return _SURROGATE.sub("\ufffd", text)

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            return fix(node)
        if isinstance(node, dict):
            return {fix(k) if isinstance(k, str) else k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(data), count


# -- writing ---------------------------------------------------------------------------


def _temp_for(path: Path) -> tuple[int, str]:
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")


def _write_temp(path: Path, text: str | bytes, mode: int) -> str:
    """Write ``text`` (or bytes) to a synced temporary file beside ``path``; return its name."""
    fd, tmp = _temp_for(path)
    try:
        if isinstance(text, bytes):
            fh: IO[Any] = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` survive a power cut (``fsync`` of the folder; POSIX)."""
    if os.name != "posix":  # pragma: no cover - Windows has no folder fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never half of one; a crash leaves the
    old file in place; once this returns, a power cut keeps the new one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path, text, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_all_or_none(files: Mapping[Path, str | bytes], mode: int = 0o644) -> None:
    """Write several files (text, or bytes) as a set: all new, or (on any error) all old.

    Every file is first written in full to a temporary file beside it; only then are they
    renamed into place. Should a rename fail, the files already renamed are put back as
    they were (a file that did not exist before is removed).
    """
    temps: dict[Path, str] = {}
    backups: dict[Path, Path | None] = {}
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temps[path] = _write_temp(path, text, mode)
        for path, tmp in temps.items():
            backups[path] = _backup(path)
            os.replace(tmp, path)
    except BaseException:
        for path, backup in backups.items():
            with suppress(OSError):
                if backup is not None:
                    os.replace(backup, path)
                elif path.is_file():
                    path.unlink()
        for tmp in temps.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    for backup in backups.values():
        if backup is not None:
            backup.unlink(missing_ok=True)
    for folder in {p.parent for p in files}:
        sync_folder(folder)


def _backup(path: Path) -> Path | None:
    """Keep the current ``path`` under a hidden name (a hard link), or ``None`` if none."""
    if not path.is_file():
        return None
    backup = path.with_name(f".{path.name}.previous")
    backup.unlink(missing_ok=True)
    try:
        os.link(path, backup)
    except OSError:  # a file system without hard links: copy instead
        backup.write_bytes(path.read_bytes())
    return backup


def remove_stale_temps(path: Path) -> int:
    """Remove temporary files a killed writer of ``path`` left beside it; return how many.

    Call it only while holding :func:`locked` on ``path``: then no writer is running.
    """
    removed = 0
    for tmp in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        with suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed


def glob_escape(name: str) -> str:
    """Escape the characters ``glob`` treats as patterns."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def lock_path(path: Path) -> Path:
    """Return the lock file that guards ``path`` (hidden, beside it)."""
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` across processes while the block runs.

    The lock is an advisory ``flock`` on a hidden file beside ``path``, so a
    read-modify-write of ``path`` by two processes (two browser tabs, two kernels) runs
    one after the other. It is released when the block ends, or when the process dies.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(fd)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    def _lock(fd: int) -> None:
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# -- YAML ------------------------------------------------------------------------------

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser where installed
_MERGE_TAG = "tag:yaml.org,2002:merge"
#: Changes whenever what the YAML reader makes of a text changes: old cached parses go.
_YAML_CACHE_VERSION = "1"


class _YamlRefusal(yaml.YAMLError):
    """A valid YAML document this project refuses: its line, catalogue key and values."""

    def __init__(self, line: int, key: str, **params: object) -> None:
        super().__init__(key)
        self.line, self.key, self.params = line, key, params


class _StrictLoader(_BaseLoader):
    """A safe loader that refuses a key given twice in one mapping and absurd integers.

    Plain YAML keeps the last of two equal keys without a word (a copied block of scores
    would overwrite the first); merge keys (``<<: *base``) are fine, and keys given
    explicitly may override merged ones. An integer of more than
    :data:`MAX_INT_DIGITS` digits is refused with its line.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float | bool):
                if key in seen:
                    raise _YamlRefusal(line, "errors.yaml_duplicate_key", name=key, first=seen[key])
                seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = sum(ch.isdigit() for ch in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise _YamlRefusal(node.start_mark.line + 1, "errors.number_too_long", digits=digits)
        return super().construct_yaml_int(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


def read_yaml(path: Path, limit: int = MAX_TEXT_BYTES, cache: str | None = None) -> object:
    """Read a YAML file, turning a missing, malformed or hostile file into a :class:`KamError`.

    Safe (no arbitrary objects), parsed by the C loader where installed, with a key given
    twice refused, integers of absurd length refused and nesting capped.

    Args:
        path: the file.
        limit: the most bytes it may have.
        cache: for the course's own files only (never a client case): the kind of cache
            (:func:`kam_lessons.paths.cache_dir`) where the parsed data is kept as JSON,
            keyed by the file's content, so the next process reads it ~10x faster.
    """
    text = read_text(path, limit=limit)
    if cache is None:
        return _parse_yaml(text, path)
    from kam_lessons.paths import cache_dir

    digest = hashlib.sha256(f"{_YAML_CACHE_VERSION}\0{text}".encode()).hexdigest()[:40]
    kept = cache_dir(cache) / f"{digest}.json"
    with suppress(OSError, ValueError):
        return json.loads(kept.read_text(encoding="utf-8"))
    data = _parse_yaml(text, path)
    with suppress(OSError, TypeError, ValueError):  # a read-only home only costs speed
        dumped = json.dumps(data, ensure_ascii=False)
        if json.loads(dumped) == data:  # JSON holds exactly what YAML read (no int keys...)
            write_atomic(kept, dumped)
    return data


def _parse_yaml(text: str, path: Path) -> object:
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except _YamlRefusal as exc:
        raise KamError(path, problems=[Problem(exc.line, exc.key, exc.params)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = mark.line + 1 if mark is not None else None
        problem = str(getattr(exc, "problem", None) or exc)
        if "nesting depth" in problem:
            raise KamError(path, where, "errors.too_deep", depth=MAX_DEPTH) from None
        raise KamError(path, where, "errors.yaml_malformed", detail=problem) from None
    except RecursionError:  # the pure-Python parser on deep nesting
        raise KamError(path, None, "errors.too_deep", depth=MAX_DEPTH) from None
    check_depth(data, path)
    return data
