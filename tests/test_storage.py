"""Storage: reading files users give, writing files whole, safe names, locks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kam_lessons.errors import KamError
from kam_lessons.storage import (
    is_safe_id,
    locked,
    read_text,
    read_yaml,
    write_all_or_none,
    write_atomic,
)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("anna.smirnova", True),
        ("a", True),
        ("A-1_b", True),
        ("anna\n", False),  # `$` would accept a trailing newline: the whole string must match
        ("anna\r", False),
        ("\nanna", False),
        ("an na", False),
        ("..", False),
        ("a..b", False),
        ("anna.", False),
        ("con", False),
        ("nul.txt", False),
        ("cohort.json", False),
        ("x" * 64, True),
        ("x" * 65, False),
        (None, False),
        (5, False),
    ],
)
def test_safe_ids(name, safe):
    assert is_safe_id(name) is safe


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: None, "does not exist"),
        (lambda p: p.mkdir(), "is a folder, not a file"),
        (lambda p: os.mkfifo(p), "not an ordinary file"),
        (lambda p: p.symlink_to("/dev/zero"), "not an ordinary file"),
        (lambda p: p.write_bytes(b"\xff\xfename\x00"), "UTF-16"),
        (lambda p: p.write_bytes("trainee_id,name\n".encode("utf-16-le")), "UTF-16"),
        (lambda p: p.write_bytes(b"caf\xe9"), "not UTF-8"),
        (lambda p: p.write_bytes(b"x" * 2000), "larger than"),
    ],
    ids=["missing", "folder", "fifo", "endless", "utf16-bom", "utf16-no-bom", "latin1", "big"],
)
def test_reading_a_file_that_is_not_a_readable_text_file_names_the_fix(tmp_path, make, says):
    path = tmp_path / "file.csv"
    make(path)
    with pytest.raises(KamError, match=says) as err:
        read_text(path, limit=1000)
    assert str(path) in err.value.render("en")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a: 1\na: 2\n", "line 2: the key 'a' is given a second time"),
        ("a: " + "9" * 5000 + "\n", "line 1: a number here has 5000 digits"),
        ("a: " + "[" * 900 + "]" * 900 + "\n", "nest more than 64"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nest more than 64"),
        ("a: [1, 2\n", "not valid YAML"),
    ],
    ids=["duplicate", "long-int", "deep", "deeper-than-libyaml", "malformed"],
)
def test_hostile_yaml_is_refused_with_its_line(tmp_path, text, says):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KamError, match=says):
        read_yaml(path)


def test_yaml_merge_keys_are_valid_yaml_and_read(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text("base: &b {x: 1, y: 1}\nother:\n  <<: *b\n  y: 2\n", encoding="utf-8")
    assert read_yaml(path) == {"base": {"x": 1, "y": 1}, "other": {"x": 1, "y": 2}}


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    write_atomic(tmp_path / "a.txt", "one")
    write_atomic(tmp_path / "a.txt", "two")
    assert os.listdir(tmp_path) == ["a.txt"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "two"


def test_a_set_of_files_is_written_all_or_none(tmp_path):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    write_all_or_none({a: "a1", b: "b1"})
    c.mkdir()  # c.csv cannot be written: a folder is in its place
    with pytest.raises(OSError):
        write_all_or_none({a: "a2", b: "b2", c: "c2"})
    assert a.read_text(encoding="utf-8") == "a1" and b.read_text(encoding="utf-8") == "b1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "c.csv"]
    c.rmdir()
    write_all_or_none({a: "a3", b: "b3", c: "c3"})
    assert [p.read_text(encoding="utf-8") for p in (a, b, c)] == ["a3", "b3", "c3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.csv", "c.csv"]


_HOLDER = """
import sys, time
from kam_lessons.storage import locked
with locked(sys.argv[1]):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_lock_is_held_across_processes_and_freed_when_its_holder_dies(tmp_path):
    import time

    target = tmp_path / "answers.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(target), "30"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    waiter = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(target), "0"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(0.5)
    assert waiter.poll() is None  # still waiting for the lock
    holder.kill()  # kill -9: the kernel frees the lock
    holder.wait()
    assert waiter.stdout.readline().strip() == "held"
    assert waiter.wait(timeout=30) == 0
    holder.stdout.close()
    waiter.stdout.close()
    with locked(target):  # and this process can take it too
        pass


def test_write_atomic_syncs_the_folder_so_a_power_cut_keeps_the_rename(tmp_path, monkeypatch):
    import stat

    synced = []
    real = os.fsync

    def spy(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    write_atomic(tmp_path / "a.json", "{}")
    assert synced == [False, True]  # the file's data, then the folder's entry
