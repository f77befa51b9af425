"""The schema: the values a case file accepts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam_lessons.workshop.loading import (
    load_case,
)
from kam_lessons.workshop.schema import (
    CUSTOMER_CRITERIA,
    OUR_CRITERIA,
)
from kam_lessons.workshop.square import (
    place_in_square,
)

from .builders import (
    problems_of,
    sample_data,
    set_at,
    write,
)


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (70, 70.0),
        (0, 0.0),
        (100, 100.0),
        (49.9, 49.9),
        ("70%", 70.0),
        ("70 %", 70.0),
        ("unknown", None),
        ("Unknown", None),
        ("UNKNOWN", None),
    ],
)
def test_scores_accept_numbers_percentages_and_unknown(tmp_path, written, read):
    data = sample_data()
    data["scores"][0]["customer"]["growth"] = written
    assert load_case(write(tmp_path, data)).scores[0].customer.growth == read


def test_a_warning_sign_may_be_just_its_id(tmp_path):
    data = sample_data()
    data["warning_signs"] = ["broken_promise", {"sign": "complacency", "note": "x"}]
    signs = load_case(write(tmp_path, data)).warning_signs
    assert [s.sign for s in signs] == ["broken_promise", "complacency"]


def test_numbers_and_yes_in_text_fields_are_kept_as_text(tmp_path):
    data = sample_data()
    data["analysis"]["purchasing"]["volume"] = 1900000
    data["preparation"]["complete_solution"] = True  # YAML reads a bare yes as true
    case = load_case(write(tmp_path, data))
    assert case.analysis.purchasing.volume == "1900000"
    assert case.preparation.complete_solution == "yes"


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=15, max_size=15))
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_scores_on_the_scale_load_and_average(tmp_path, values):
    data = sample_data()
    data["scores"] = [
        {
            "scorer": "KAM",
            "customer": dict(zip(CUSTOMER_CRITERIA, values[:7], strict=True)),
            "ours": dict(zip(OUR_CRITERIA, values[7:], strict=True)),
        }
    ]
    point = place_in_square(load_case(write(tmp_path, data))).points[0]
    assert point.customer == pytest.approx(sum(values[:7]) / 7)
    assert point.ours == pytest.approx(sum(values[7:]) / 8)


@given(
    st.one_of(
        st.floats(min_value=100.001, max_value=1e9),
        st.floats(min_value=-1e9, max_value=-0.001),
        st.sampled_from(["high", "low", "seventy", "70 points", "n/a", "?", "-", "50-60", "yes"]),
    )
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_score_off_the_scale_is_refused_naming_the_field(tmp_path, bad):
    data = sample_data()
    data["scores"][1]["ours"]["prices"] = bad
    problems = problems_of(write(tmp_path, data))
    assert [(p.where, p.key) for p in problems] == [("scores[1].ours.prices", "case.errors.score")]


@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("relationship.information_shared", "Operational", "operational"),
        ("relationship.supplier_status", " ONE_OF_MANY ", "one_of_many"),
        ("relationship.joint_activities", ["Site_Visits"], ("site_visits",)),
    ],
)
def test_enumerated_values_take_any_letter_case(tmp_path, field, value, stored):
    data = sample_data()
    set_at(data, field, value)
    case = load_case(write(tmp_path, data))
    section, name = field.split(".")
    assert getattr(getattr(case, section), name) == stored
