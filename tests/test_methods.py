"""The five methods: value-vs-cost regions, which to lead with, scoring a trainee, the chart."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_lessons.charts import value_cost_chart
from kam_lessons.methods import (
    FULL_TOLERANCE,
    HALF_TOLERANCE,
    METHOD_IDS,
    REGIONS,
    Rating,
    as_ratings,
    explain_score,
    load_chart_labels,
    methods_to_lead_with,
    region,
    score_gap,
    score_ratings,
)
from kam_lessons.workshop.loading import default_case_path, load_case

rating_value = st.floats(min_value=0, max_value=100, allow_nan=False)


def ratings(**pairs: tuple[float, float]) -> dict[str, dict[str, float]]:
    return {m: {"value": v, "cost": c} for m, (v, c) in pairs.items()}


REFERENCE = {
    "trust": Rating(70, 30, "Kept promises count here.", "Mostly the KAM's time."),
    "technical": Rating(85, 60, "They change profile systems yearly.", "Engineer on site."),
    "resource": Rating(30, 70, "They pay in 30 days.", "Ties up working capital."),
    "service": Rating(80, 40, "A stock-out stops the line.", "Consignment stock exists."),
    "risk": Rating(45, 25, "Products approved for years.", "Trials are cheap."),
}


# --- regions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cost", "expected"),
    [
        (50, 49.9, "quick_win"),
        (50, 50, "lead"),
        (50.1, 50.1, "lead"),
        (49.9, 49.9, "keep_up"),
        (49.9, 50, "reconsider"),
        (49.9, 50.1, "reconsider"),
        (50, 0, "quick_win"),
        (0, 0, "keep_up"),
        (100, 100, "lead"),
        (100, 0, "quick_win"),
        (0, 100, "reconsider"),
        (0, 49.9, "keep_up"),
    ],
)
def test_region_boundaries(value, cost, expected):
    assert region(value, cost) == expected


@given(rating_value, rating_value)
@settings(deadline=None)
def test_region_is_the_quadrant_split_at_50(value, cost):
    got = region(value, cost)
    assert got in REGIONS
    assert (got in ("quick_win", "lead")) == (value >= 50)
    assert (got in ("lead", "reconsider")) == (cost >= 50)


@pytest.mark.parametrize(
    ("value", "cost"), [(101, 10), (-1, 10), (10, 140), (True, 10), ("high", 5)]
)
def test_region_rejects_numbers_outside_the_scale(value, cost):
    with pytest.raises(ValueError):
        region(value, cost)


def test_rating_with_an_unknown_side_has_no_region():
    assert Rating(None, 40).region is None
    assert Rating(80, None).region is None
    assert Rating(80, 40).region == "quick_win"


# --- the shapes ratings come in ---------------------------------------------------------


def test_ratings_come_from_widgets_tuples_and_case_entries_alike():
    case = load_case(default_case_path())
    shapes = {
        "trust": {"value": 70, "cost": 30},
        "technical": (85, 60),
        "resource": Rating(30, 70),
        "service": case.methods.service,
        "bogus": {"value": 1, "cost": 1},
    }
    got = as_ratings(shapes)
    assert set(got) == {"trust", "technical", "resource", "service"}
    assert (got["technical"].value, got["technical"].cost) == (85, 60)
    assert got["service"].value_rationale.startswith("Two lines run just in time")
    assert as_ratings(case.methods) == as_ratings(case.methods.by_id())
    assert len(as_ratings(case.methods)) == 5


@pytest.mark.parametrize("bad", [None, "high", 140, -5, True, float("nan")])
def test_a_bad_number_from_a_widget_counts_as_unrated(bad):
    assert as_ratings({"trust": {"value": bad, "cost": 20}})["trust"].value is None


# --- which methods to lead with -----------------------------------------------------------


def test_lead_with_what_the_account_values_most():
    got = methods_to_lead_with(REFERENCE)
    assert got == tuple(
        sorted(REFERENCE, key=lambda m: (-REFERENCE[m].value, REFERENCE[m].cost))[:2]
    )


def test_a_costly_method_the_account_values_most_still_leads():
    got = methods_to_lead_with(ratings(trust=(60, 10), technical=(90, 80), service=(70, 20)))
    assert got == ("technical", "service")


def test_equal_values_go_to_the_cheaper_method():
    got = methods_to_lead_with(ratings(trust=(80, 50), service=(80, 40), risk=(50, 25)))
    assert got == ("service", "trust")


def test_a_cheap_method_the_account_hardly_values_does_not_lead():
    got = methods_to_lead_with(ratings(risk=(40, 5), trust=(90, 60), service=(70, 60)))
    assert got == ("trust", "service")


def test_free_methods_are_fine():
    assert methods_to_lead_with(ratings(trust=(60, 0), service=(90, 0)), n=1) == ("service",)


def test_a_method_of_unknown_value_is_left_out_one_of_unknown_cost_is_not():
    got = methods_to_lead_with({"trust": {"value": None, "cost": 10}, "service": (60, 20)})
    assert got == ("service",)
    got = methods_to_lead_with(
        {"trust": {"value": 90, "cost": None}, "technical": (60, 20), "service": (55, 10)}
    )
    assert got == ("trust", "technical")  # cost only breaks ties
    got = methods_to_lead_with({"trust": {"value": 60, "cost": None}, "service": (60, 90)})
    assert got == ("service", "trust")  # of equal values, a known cost before an unknown


def test_the_trainees_own_choice_of_lead_methods_is_scored():
    mine = {m: (r.value, r.cost) for m, r in REFERENCE.items()}
    expected = methods_to_lead_with(REFERENCE)
    other = next(m for m in METHOD_IDS if m not in expected)
    score = score_ratings(mine, REFERENCE, lead=[expected[0], other, other, "nonsense"])
    assert score.lead_trainee == (expected[0], other)
    assert score.lead_matches == (expected[0],) and score.lead_points == 1.0


@given(
    st.dictionaries(st.sampled_from(METHOD_IDS), st.tuples(rating_value, rating_value)),
    st.integers(min_value=0, max_value=5),
)
@settings(deadline=None)
def test_lead_methods_are_distinct_rated_and_valued_first(data, n):
    got = methods_to_lead_with(data, n)
    assert len(got) == min(n, len(data))
    assert len(set(got)) == len(got)
    values = [data[m][0] for m in got]
    assert values == sorted(values, reverse=True)  # most valued first
    left_out = [v for k, (v, _) in data.items() if k not in got]
    assert all(data[m][0] >= max(left_out, default=0) for m in got)
    reordered = dict(reversed(list(data.items())))
    assert methods_to_lead_with(reordered, n) == got


# --- scoring a trainee ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap", "points"),
    [
        (0, 1.0),
        (FULL_TOLERANCE, 1.0),
        (-FULL_TOLERANCE, 1.0),
        (15.01, 0.5),
        (HALF_TOLERANCE, 0.5),
        (-HALF_TOLERANCE, 0.5),
        (30.01, 0.0),
        (-100, 0.0),
        (65.1 - 50.1, 1.0),  # 15.000000000000007 in floating point
        (None, 0.0),
    ],
)
def test_points_at_and_around_the_tolerance(gap, points):
    assert score_gap(gap) == points


def test_matching_the_reference_earns_every_point():
    score = score_ratings(REFERENCE, REFERENCE)
    assert score.points == score.max_points == 5 * 2 + 2
    assert score.lead_matches == ("technical", "service")  # valued 85 and 80
    assert all(not f.differs for f in score.methods)


@pytest.mark.parametrize(
    ("shift", "trust_points"),
    [(15, 2.0), (16, 1.5), (30, 1.5), (31, 1.0)],
)
def test_a_cost_off_by_shift_scores_by_the_tolerance(shift, trust_points):
    mine = {m: (r.value, r.cost) for m, r in REFERENCE.items()}
    mine["trust"] = (70, 30 + shift)  # the value is exact, the cost is off by `shift`
    item = score_ratings(mine, REFERENCE).feedback("trust")
    assert item.value_points == 1.0
    assert item.points == trust_points
    assert item.differs == (() if shift <= FULL_TOLERANCE else ("cost",))


def test_each_lead_method_in_common_earns_a_point():
    mine = {m: (r.value, r.cost) for m, r in REFERENCE.items()}
    reference_lead = methods_to_lead_with(REFERENCE)
    outsider = next(m for m in METHOD_IDS if m not in reference_lead)
    mine[outsider] = (100, 0)  # now valued most: it leads, with the reference's first
    score = score_ratings(mine, REFERENCE)
    assert score.lead_trainee == (outsider, reference_lead[0])
    assert score.lead_matches == (reference_lead[0],)
    assert score.lead_points == 1.0


def test_feedback_says_where_and_why_the_trainee_differs():
    mine = {m: (r.value, r.cost) for m, r in REFERENCE.items()}
    mine["resource"] = (75, 70)  # values credit much more than the reference
    item = score_ratings(mine, REFERENCE).feedback("resource")
    assert item.differs == ("value",)
    assert item.direction("value") == "higher"
    assert item.direction("cost") == "close"
    assert item.value_points == 0.0 and item.cost_points == 1.0
    assert (item.trainee_region, item.reference_region) == ("lead", "reconsider")
    assert not item.same_region
    assert item.rationale("value") == "They pay in 30 days."


def test_an_unrated_method_scores_nothing_and_says_so():
    mine = {m: (r.value, r.cost) for m, r in REFERENCE.items() if m != "risk"}
    score = score_ratings(mine, REFERENCE)
    item = score.feedback("risk")
    assert not item.rated and item.points == 0
    assert item.direction("value") == "missing"
    assert score.max_points == 12


def test_a_method_the_reference_leaves_unknown_is_not_scored():
    reference = dict(REFERENCE, resource=Rating(None, None))
    score = score_ratings(REFERENCE, reference)
    assert [f.method for f in score.methods] == ["trust", "technical", "service", "risk"]
    assert score.max_points == 4 * 2 + 2
    assert score.share == 1.0


def test_the_default_case_carries_a_reason_for_every_reference_rating():
    methods = load_case(default_case_path()).methods.by_id()
    assert list(methods) == list(METHOD_IDS)
    for rating in methods.values():
        assert rating.value is not None and rating.cost is not None
        assert rating.value_rationale and rating.cost_rationale
    assert {Rating(r.value, r.cost).region for r in methods.values()} >= {"quick_win", "lead"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_explanation_quotes_the_case_rationale_in_the_language(lang):
    case = load_case(default_case_path())
    mine = {"trust": (20, 30), "technical": (85, 60), "service": (80, 40), "risk": (45, 25)}
    lines = explain_score(score_ratings(mine, case.methods.by_id()), lang)
    text = "\n".join(lines)
    assert case.methods.trust.value_rationale in text
    assert "methods." not in text  # every key was found in the catalogue
    word = {"en": "Personal trust", "ru": "Личное доверие"}[lang]
    assert word in text
    # trust 1 (value off by 50), technical 2, resource 0 (unrated), service 2, risk 2,
    # and both lead methods (technical, service: valued 85 and 80) in common.
    assert lines[-1] == {"en": "Score: 9 of 12 points.", "ru": "Результат: 9 из 12 баллов."}[lang]


# --- the chart -----------------------------------------------------------------------------


def _layers(chart) -> list[dict]:
    spec = chart.to_dict()
    return spec["layer"]


def _values(layer: dict, spec: dict) -> list[dict]:
    data = layer.get("data") or {}
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def test_chart_has_four_named_regions_and_five_labelled_points():
    labels = load_chart_labels("ru")
    chart = value_cost_chart(REFERENCE, labels)
    spec = chart.to_dict()
    layers = spec["layer"]
    regions = _values(layers[0], spec)
    assert sorted(r["region"] for r in regions) == sorted(labels["regions"].values())
    points = _values(layers[-1], spec)
    assert sorted(p["method"] for p in points) == sorted(labels["methods"].values())
    assert layers[0]["encoding"]["x"]["title"] == labels["axes"]["cost"]
    assert layers[0]["encoding"]["y"]["title"] == labels["axes"]["value"]
    assert spec["title"] == labels["chart"]["title"]


def test_chart_shows_the_reference_beside_the_trainee():
    mine = {"trust": (40, 20), "service": (90, 30)}
    spec = value_cost_chart(mine, load_chart_labels("en"), reference=REFERENCE).to_dict()
    points = _values(spec["layer"][-2], spec)
    assert sorted(p["series"] for p in points) == ["Reference"] * 5 + ["Your rating"] * 2
    lines = _values(spec["layer"][2], spec)
    assert {line["method"] for line in lines} == {"Personal trust", "Service levels"}


def test_chart_takes_a_lesson_files_labels():
    labels = {
        "methods": {"trust": "Trust!"},
        "regions": {"lead": "Lead with it"},
        "chart": {"title": "T", "x_title": "Cost to provide", "y_title": "Value to the account"},
    }
    spec = value_cost_chart({"trust": (70, 30)}, labels).to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == "Cost to provide"
    assert spec["layer"][0]["encoding"]["y"]["title"] == "Value to the account"
    assert "Lead with it" in {r["region"] for r in _values(spec["layer"][0], spec)}
    assert _values(spec["layer"][-1], spec)[0]["method"] == "Trust!"


def test_chart_fills_missing_words_from_the_catalogue_when_given_a_language():
    spec = value_cost_chart({"trust": (70, 30)}, {}, lang="ru").to_dict()
    assert _values(spec["layer"][-1], spec)[0]["method"] == "Личное доверие"


def test_chart_skips_unrated_methods():
    spec = value_cost_chart(
        {"trust": {"value": None, "cost": 20}}, load_chart_labels("en")
    ).to_dict()
    assert len(spec["layer"]) == 2  # only the regions and their names


def test_chart_renders_offline_to_svg():
    import vl_convert as vlc

    chart = value_cost_chart(REFERENCE, load_chart_labels("en"), reference=REFERENCE)
    svg = vlc.vegalite_to_svg(json.dumps(chart.to_dict()))
    assert svg.startswith("<svg") and "Quick win" in svg and "Personal trust" in svg


def test_logic_imports_without_altair():
    code = (
        "import sys\n"
        "import kam_lessons.methods, kam_lessons.workshop.findings, kam_lessons.workshop.words\n"
        "assert 'altair' not in sys.modules, 'altair imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_language_edition_of_a_case_keeps_the_reference_numbers():
    from kam_lessons.workshop.loading import cases_dir

    for edition in cases_dir().glob("*.*.yaml"):
        base = cases_dir() / f"{edition.name.split('.')[0]}.yaml"
        ours = {m: (r.value, r.cost) for m, r in load_case(edition).methods.by_id().items()}
        theirs = {m: (r.value, r.cost) for m, r in load_case(base).methods.by_id().items()}
        assert ours == theirs, edition


def test_methods_rated_alike_share_one_label_instead_of_overprinting():
    from kam_lessons.charts import to_svg

    labels = {
        "methods": {
            "trust": "Personal trust",
            "service": "Service levels",
            "risk": "Risk reduction",
        }
    }
    svg = to_svg(
        value_cost_chart({"trust": (40, 60), "service": (41, 61), "risk": (90, 10)}, labels)
    )
    assert "Personal trust, Service levels" in svg and "Risk reduction" in svg
