"""click's own words (usage, help headings, usage errors) follow KAM_LANG."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _kam(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KAM_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "kam_lessons.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "en", "ru"),
    [
        (["build", "--out", "x"], "Missing option '--roster'", "Не указан параметр '--roster'"),
        (["grade"], "Missing argument", "Не указан аргумент"),
        (["build", "--nope"], "No such option", "Нет параметра"),
        (["--help"], "Show this message and exit.", "Показать эту справку и выйти."),
    ],
)
def test_clicks_messages_are_in_the_trainers_language(args, en, ru):
    english = _kam(*args, lang="en")
    russian = _kam(*args, lang="ru")
    assert en in english.stdout + english.stderr
    text = russian.stdout + russian.stderr
    assert ru in text and en not in text
    assert "Usage:" not in text and "Использование:" in text


@pytest.mark.parametrize("command", [[], ["build"], ["grade"], ["serve"], ["case", "report"]])
def test_the_help_of_every_command_is_in_the_trainers_language(command):
    english = _kam(*command, "--help", lang="en").stdout
    russian = _kam(*command, "--help", lang="ru").stdout
    assert russian != english
    for line in russian.splitlines():
        words = [w for w in line.replace("[", " ").split() if w.isalpha() and w.isascii()]
        # option names, metavars and the names KAM_LANG, en, practice… may stay Latin
        assert len(words) <= 4 or not line.strip(), line
