"""The renderers: each part shows and explains a case, in every language."""

from __future__ import annotations

import html
import re

import pytest

from kam_lessons import charts as charts_module
from kam_lessons.i18n import languages, t
from kam_lessons.workshop import open_workshop
from kam_lessons.workshop.loading import (
    default_case_path,
    sample_case_paths,
)
from kam_lessons.workshop.page import stylesheet
from kam_lessons.workshop.render import PARTS

from .builders import (
    dec,
    sample_data,
    stage_name,
    svgs,
    visible,
    write,
)

RAW_KEY = re.compile(r"\b(case|methods|workshop|errors)\.[a-z_]+\.?[a-z_]*\b")


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_every_part_of_every_sample_speaks_the_catalogue(rendered, path, lang):
    parts = rendered(path.name, lang)
    for part, text in parts.items():
        words = re.sub(r"<code>.*?</code>", "", text.replace(stylesheet(), ""))  # field paths
        words = re.sub(r"<svg.*?</svg>", "", words, flags=re.S)
        assert not RAW_KEY.search(words), (part, RAW_KEY.search(words))
        assert "{" not in words, part
        assert "<script" not in text
    header = visible(parts["header"])
    assert t(lang, "workshop.confidential") in header
    assert t(lang, "workshop.confidential_note") in header
    assert path.name in header
    assert len(svgs(parts["square"])) == 1 and len(svgs(parts["methods"])) == 1
    for part in PARTS[1:]:
        assert "<svg" not in parts[part] or part in ("square", "methods")


@pytest.mark.parametrize("lang", languages())
def test_the_square_shows_each_scorer_the_spread_and_the_consensus(rendered, lang):
    text = rendered("sample.yaml", lang)["square"]
    seen = visible(text)
    chart = svgs(text)[0]
    for scorer in ("Key account manager", "Application engineer", "Sales director"):
        assert scorer in seen and scorer in chart
    assert t(lang, "workshop.square.team") in chart
    for region in ("key", "target", "not_of_interest", "too_ambitious"):
        name = t(lang, f"case.regions.{region}.name")
        assert html.escape(name) in chart and name in seen
    # the three scorers' regions, the consensus (key), and each region's threshold
    for number in ("67.9", "71.9", "57.4", "59"):
        assert dec(number, lang) in seen
    assert t(lang, "case.regions.key.meaning") in seen
    assert t(lang, "workshop.square.how", threshold="50") in seen
    # the criteria the team disagrees on most are flagged, with their spread
    for group, criterion in (
        ("customer", "need_for_us"),
        ("ours", "relationship"),
        ("ours", "services"),
    ):
        assert f"⚑ {t(lang, f'case.criteria.{group}.{criterion}')}" in seen
    assert text.count('class="kam-disputed"') == 3
    assert t(lang, "workshop.square.spread") in seen


@pytest.mark.parametrize("lang", languages())
def test_one_scorer_is_asked_for_more_and_has_no_team_point(rendered, lang):
    text = rendered("early_distributor.yaml", lang)["square"]
    assert t(lang, "workshop.square.one_scorer") in visible(text)
    assert t(lang, "workshop.square.team") not in svgs(text)[0]
    assert t(lang, "case.regions.too_ambitious.name") in visible(text)


@pytest.mark.parametrize(
    ("points", "stacked"),
    [
        ([(60, 60), (60, 60)], True),  # the same spot
        ([(60, 60), (61, 62)], True),  # very close
        ([(20, 20), (80, 80)], False),  # far apart: labels stay by their points
    ],
)
def test_square_chart_labels_of_close_points_do_not_overprint(points, stacked):
    from kam_lessons.charts import LABEL_STEP, _stack_labels

    rows = [{"label": f"P{i}", "x": x, "y": y} for i, (x, y) in enumerate(points)]
    _stack_labels(rows)
    gap = abs(rows[0]["label_y"] - rows[1]["label_y"])
    if stacked:
        assert gap >= LABEL_STEP - 1e-9
    else:
        assert [r["label_y"] for r in rows] == [r["y"] for r in rows]


@pytest.mark.parametrize("lang", languages())
def test_a_claimed_partnership_through_a_bow_tie_is_contradicted(rendered, lang):
    seen = visible(rendered("claimed_partnership.yaml", lang)["stage"])
    mid, partnership = stage_name(lang, "mid"), stage_name(lang, "partnership")
    assert t(lang, "case.explain.stage.points_to", stage=mid, agreeing=4, known=6) in seen
    assert t(lang, "case.explain.stage.claim_differs", claimed=partnership, stage=mid) in seen
    bow_tie = t(lang, "case.values.contacts.bow_tie")
    assert t(lang, "workshop.stage.shape", shape=bow_tie) in seen
    assert t(lang, "workshop.stage.shape_why.bow_tie") in seen
    contradiction = t(
        lang,
        "case.explain.stage.contradiction_claim",
        stage=partnership,
        indicator=t(lang, "case.indicators.contacts"),
        value=bow_tie,
        range=t(
            lang,
            "case.explain.stage.range",
            low=stage_name(lang, "pre"),
            high=stage_name(lang, "early"),
        ),
    )
    assert contradiction in seen
    # what partnership takes: a diamond, among others
    assert t(lang, "case.values.contacts.diamond") in seen
    assert t(lang, "case.stages.partnership.move") in seen


@pytest.mark.parametrize("lang", languages())
def test_the_stage_shows_the_evidence_and_the_contact_map(rendered, lang):
    text = rendered("sample.yaml", lang)["stage"]
    seen = visible(text)
    for indicator in ("supplier_status", "contacts", "information_shared", "agreements"):
        assert t(lang, f"case.indicators.{indicator}") in seen
    assert t(lang, "workshop.stage.no_contradictions") in seen
    assert t(lang, "workshop.stage.claim_matches", stage=stage_name(lang, "mid")) in seen
    assert "Production manager, plant 2" in seen  # nobody of ours talks to them
    assert text.count("●") == 6  # one mark per link of the contact map


@pytest.mark.parametrize("lang", languages())
def test_the_last_stage_says_so(rendered, lang):
    seen = visible(rendered("synergistic_retailer.yaml", lang)["stage"])
    assert t(lang, "case.explain.stage.top") in seen


@pytest.mark.parametrize("lang", languages())
def test_uncoupling_risk_weighs_each_sign_with_its_answer(rendered, lang):
    seen = visible(rendered("early_distributor.yaml", lang)["risk"])
    level = t(lang, "case.risk_levels.high")
    summary = t(
        lang,
        "case.explain.risk.summary",
        level=level,
        total=dec("20.5", lang),
        stage=stage_name(lang, "early"),
    )
    assert summary in seen
    for sign in ("key_contact_change", "broken_promise", "single_point_of_contact"):
        assert t(lang, f"case.signs.{sign}.name") in seen
        assert t(lang, f"case.signs.{sign}.counter") in seen
    assert t(lang, "case.rules.do1") in seen and t(lang, "case.rules.dont6") in seen
    # a single point of contact weighs double in early-KAM, and is read from the contact map
    assert t(lang, "workshop.risk.weight_value", base=2, factor="2", weight="4") in seen


@pytest.mark.parametrize("lang", languages())
def test_complacency_weighs_more_at_the_last_stage(rendered, lang):
    seen = visible(rendered("synergistic_retailer.yaml", lang)["risk"])
    assert t(lang, "case.signs.complacency.name") in seen
    assert (
        t(lang, "workshop.risk.weight_value", base=2, factor=dec("1.5", lang), weight="3") in seen
    )


@pytest.mark.parametrize("lang", languages())
def test_the_methods_plan_leads_with_what_the_account_values(rendered, lang):
    text = rendered("sample.yaml", lang)["methods"]
    seen = visible(text)
    chart = svgs(text)[0]
    for method in ("trust", "technical", "resource", "service", "risk"):
        assert html.escape(t(lang, f"methods.names.{method}")) in chart
    assert t(lang, "workshop.methods.series") in chart
    for method in ("technical", "service"):  # the two highest values: 85, 80
        name = t(lang, f"methods.names.{method}")
        assert f"{name} ★" in seen
        assert t(lang, f"workshop.goals.{method}") in seen
    assert t(lang, "workshop.tactics.technical.double_selling") in seen
    assert t(lang, "workshop.tactics.service.right_first_time") in seen
    assert t(lang, "workshop.tactics.resource.credit") not in seen
    assert "on-site application help cuts their scrap" in seen  # the team's reason


def test_the_workshop_draws_methods_with_lesson_2s_chart(monkeypatch):
    calls = []
    real = charts_module.value_cost_chart

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts_module, "value_cost_chart", spy)
    workshop = open_workshop(default_case_path(), "en")
    workshop.render("methods")
    assert len(calls) == 1


@pytest.mark.parametrize("lang", languages())
def test_unrated_methods_are_named(rendered, lang):
    seen = visible(rendered("claimed_partnership.yaml", lang)["methods"])
    assert t(lang, "workshop.methods.unrated", methods="").split(":")[0] in seen


@pytest.mark.parametrize("lang", languages())
def test_preparation_lists_answers_open_questions_and_completeness(rendered, lang):
    text = rendered("claimed_partnership.yaml", lang)["preparation"]
    seen = visible(text)
    assert t(lang, "case.explain.prep.answered", answered=6, total=11) in seen
    for question in ("complete_solution", "loyalty", "planned_revenue", "differentiation"):
        assert t(lang, f"case.questions.{question}") in seen
    assert text.count(t(lang, "workshop.preparation.open")) >= 5
    for group in ("profile", "purchasing", "logistics", "satisfaction", "knowledge"):
        assert t(lang, f"case.sections.{group}") in seen
    assert t(lang, "workshop.preparation.known_of", known=4, total=5) in seen  # profile
    assert "decision_unit.pays" in seen  # an unknown field, named
    assert t(lang, "workshop.preparation.decision_unit_title") in seen


@pytest.mark.parametrize("lang", languages())
def test_the_plan_is_one_page_of_goal_moves_methods_risks_and_questions(rendered, lang):
    seen = visible(rendered("early_distributor.yaml", lang)["plan"])
    early, mid = stage_name(lang, "early"), stage_name(lang, "mid")
    assert t(lang, "workshop.plan.title", account="Northgate Industrial Supply") in seen
    assert t(lang, "case.explain.plan.now", stage=early, goal=mid) in seen
    assert t(lang, "case.stages.mid.move") in seen
    region = t(lang, "case.regions.too_ambitious.name")
    assert t(lang, "case.explain.plan.region_low", region=region) in seen
    services = ", ".join(t(lang, f"methods.names.{m}") for m in ("service", "trust"))
    assert t(lang, "case.explain.plan.methods", methods=services) in seen
    assert t(lang, "case.signs.broken_promise.counter") in seen
    assert t(lang, "case.questions.decision_process") in seen
    assert t(lang, "workshop.plan.take_away") in seen


@pytest.mark.parametrize("lang", languages())
def test_yes_no_answers_are_shown_in_the_report_language(tmp_path, lang):
    from kam_lessons.workshop import open_workshop

    data = sample_data()
    data["preparation"]["loyalty"] = True
    text = open_workshop(write(tmp_path, data), lang).text("preparation")
    assert f"<td>{t(lang, 'case.yes_no.yes')}</td>" in text
