"""Escaped HTML: everything from the case file is shown as text."""

from __future__ import annotations

from kam_lessons.workshop import open_workshop
from kam_lessons.workshop.markup import Markup, escape, table, tag
from kam_lessons.workshop.render import PARTS
from kam_lessons.workshop.view import Workshop

from .builders import (
    NASTY,
    nasty_case,
    svgs,
    visible,
)


def test_everything_from_the_case_file_is_shown_as_text(tmp_path):
    workshop = open_workshop(nasty_case(tmp_path), "en")
    assert isinstance(workshop, Workshop)
    text = "\n".join(workshop.text(part) for part in PARTS)
    assert "<script" not in text and "<img" not in text
    assert "</table><script" not in text
    assert escape(NASTY) in text  # MarkupSafe: quotes too
    assert "alert" in visible(text)  # shown, as text
    for svg in svgs(text):
        assert "<script" not in svg


def test_the_html_helpers_escape_all_but_their_own_markup():
    assert escape("<b>") == "&lt;b&gt;"
    assert escape('a"b') == "a&#34;b"
    assert escape(Markup("<b>x</b>")) == "<b>x</b>"
    assert tag("p", "<i>", tag("b", "&")) == "<p>&lt;i&gt;<b>&amp;</b></p>"
    assert "&lt;x&gt;" in table(["<x>"], [["<y>"]]) and "<y>" not in table(["a"], [["<y>"]])
