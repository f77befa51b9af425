"""The page shell: one stylesheet per report, from the package data."""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from kam_lessons.i18n import languages
from kam_lessons.workshop.page import HTML_MIME, SVG_MIME, html_output, stylesheet, svg_output

from ..conftest import ROOT
from .builders import visible


@pytest.mark.parametrize("lang", languages())
def test_one_stylesheet_per_report_and_no_plural_hedges(rendered, lang):
    parts = rendered("sample.yaml", lang)
    assert sum(text.count("<style>") for text in parts.values()) == 1
    assert "<style>" in parts["header"]
    assert "(s)" not in visible(parts["square"])


def test_the_stylesheet_and_the_report_template_are_package_data():
    here = files("kam_lessons.workshop")
    assert stylesheet() == "<style>\n" + here.joinpath("report.css").read_text("utf-8") + "</style>"
    assert "@media print" in stylesheet() and ".kam-ws .kam-plan" in stylesheet()
    assert "{%- extends 'index.html.j2' -%}" in here.joinpath("report.html.j2").read_text("utf-8")
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    assert setuptools["packages"]["find"]["include"] == ["kam_lessons*"]  # subpackages too
    assert {"*.css", "*.j2"} <= set(setuptools["package-data"]["kam_lessons.workshop"])


def test_a_part_is_html_in_the_workshop_div_or_a_chart():
    out = html_output("<b>", style=True)
    assert out.mime == HTML_MIME
    assert out.data == str(stylesheet()) + '<div class="kam-ws">&lt;b&gt;</div>'
    assert html_output("x").data == '<div class="kam-ws">x</div>'
    assert svg_output("<svg/>").mime == SVG_MIME
