"""Charts render offline to SVG, in the lesson's language, and are drawn once per machine."""

from __future__ import annotations

import pytest

from kam_lessons import charts
from kam_lessons.content import load_lesson


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_stage_chart_is_svg_with_every_stage_name(lang, monkeypatch, tmp_path):
    monkeypatch.setenv("KAM_CACHE", str(tmp_path))
    labels = load_lesson("01_stages", lang).labels
    svg = charts.chart_svg("stages", labels)
    assert svg.lstrip().startswith("<svg") and "http" not in svg.split(">", 1)[0].replace(
        "http://www.w3.org", ""
    )
    for name in labels["stages"].values():
        assert name in svg
    assert labels["chart"]["x_title"] in svg and labels["chart"]["y_title"] in svg


def test_a_chart_is_drawn_once_and_redrawn_when_its_words_change(monkeypatch, tmp_path):
    monkeypatch.setenv("KAM_CACHE", str(tmp_path))
    labels = load_lesson("01_stages", "en").labels
    first = charts.chart_svg("stages", labels)
    assert len(list((tmp_path / "charts").iterdir())) == 1

    def no_rendering(_chart):
        raise AssertionError("rendered again although cached")

    monkeypatch.setattr(charts, "to_svg", no_rendering)
    assert charts.chart_svg("stages", labels) == first
    monkeypatch.undo()
    monkeypatch.setenv("KAM_CACHE", str(tmp_path))
    changed = {**labels, "stages": {**labels["stages"], "mid": "Middle stage"}}
    assert "Middle stage" in charts.chart_svg("stages", changed)
    assert len(list((tmp_path / "charts").iterdir())) == 2


def test_an_unwritable_cache_only_costs_speed(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KAM_CACHE", str(blocker / "sub"))
    assert "<svg" in charts.chart_svg("stages", load_lesson("01_stages", "en").labels)
