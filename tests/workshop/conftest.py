"""Fixtures of the workshop tests: every part rendered once, and what a notebook displays."""

from __future__ import annotations

import pytest

from kam_lessons.workshop import open_workshop
from kam_lessons.workshop.render import PARTS
from kam_lessons.workshop.view import Workshop

from .builders import (
    CASES,
)


@pytest.fixture(scope="module")
def rendered():
    """Every part of every sample case in every language, rendered once: (case, lang) -> text."""
    cache: dict[tuple[str, str], dict[str, str]] = {}

    def get(name: str, lang: str) -> dict[str, str]:
        if (name, lang) not in cache:
            workshop = open_workshop(CASES / name, lang)
            assert isinstance(workshop, Workshop)
            cache[name, lang] = {part: workshop.text(part) for part in PARTS}
        return cache[name, lang]

    return get


@pytest.fixture
def displayed(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(objs))
    return shown
