"""Uncoupling risk: each warning sign weighed by stage, with its cause and rules."""

from __future__ import annotations

import pytest

from kam_lessons.i18n import catalogue
from kam_lessons.workshop.loading import (
    cases_dir,
    load_case,
)
from kam_lessons.workshop.risk import (
    BASE_WEIGHTS,
    RULE_IDS,
    SIGN_RULES,
    assess_risk,
)
from kam_lessons.workshop.vocabulary import (
    STAGES,
    WARNING_SIGNS,
)

from .builders import (
    BOW_TIE,
    make,
)


def test_a_single_point_of_contact_weighs_more_early_than_in_partnership():
    case = make(contacts=BOW_TIE, warning_signs=[])
    early = assess_risk(case, stage="early")
    partnership = assess_risk(case, stage="partnership")
    assert [i.sign for i in early.items] == ["single_point_of_contact"]
    assert early.items[0].source == "contact_map"
    assert early.items[0].people == ("kam", "buyer")
    assert early.total > partnership.total
    weights = [assess_risk(case, stage=s).total for s in STAGES]
    assert max(weights) == early.total


@pytest.mark.parametrize(
    ("sign", "heavier", "lighter"),
    [
        ("key_contact_change", "early", "partnership"),
        ("personal_friction", "early", "synergistic"),
        ("complacency", "partnership", "early"),
        ("competitor_quality", "mid", "synergistic"),
        ("broken_promise", "early", "mid"),
    ],
)
def test_signs_are_weighted_by_stage(sign, heavier, lighter):
    case = make(warning_signs=[sign])
    assert assess_risk(case, stage=heavier).total > assess_risk(case, stage=lighter).total


def test_a_declared_single_point_is_not_counted_twice():
    case = make(
        contacts=BOW_TIE,
        warning_signs=[{"sign": "single_point_of_contact", "note": "only the buyer"}],
    )
    items = assess_risk(case, stage="early").items
    assert [(i.sign, i.source, i.note) for i in items] == [
        ("single_point_of_contact", "declared", "only the buyer")
    ]


def test_the_stage_for_weighing_is_the_diagnosed_one():
    case = make(
        supplier_status="one_of_many",
        contacts=BOW_TIE,
        information_shared="operational",  # the customer monitors us: early, not pre
        claimed_stage="partnership",
        warning_signs=["key_contact_change"],
    )
    risk = assess_risk(case)
    assert risk.stage == "early"
    assert risk.items[0].weight == BASE_WEIGHTS["key_contact_change"] * 2


def test_signs_come_heaviest_first_with_their_cause_and_rules():
    case = load_case(cases_dir() / "early_distributor.yaml")
    risk = assess_risk(case)
    weights = [i.weight for i in risk.items]
    assert weights == sorted(weights, reverse=True)
    assert risk.items[0].sign == "key_contact_change"
    assert risk.level == "high"
    assert risk.causes[0] == "people"
    assert {i.sign for i in risk.items} >= {"broken_promise", "single_point_of_contact"}


@pytest.mark.parametrize(
    ("signs", "level"),
    [
        ([], "none"),
        (["culture_clash"], "low"),  # 2
        (["culture_clash", "unresolved_complaints"], "medium"),  # 4
        (["quality_problems", "buyer_decline", "culture_clash"], "high"),  # 8
    ],
)
def test_risk_levels(signs, level):
    assert assess_risk(make(warning_signs=signs), stage="mid").level == level


def test_unknown_warning_signs_are_not_assessed():
    risk = assess_risk(make())
    assert not risk.assessed and risk.items == ()


def test_every_sign_has_a_cause_a_counter_action_and_known_rules():
    english = catalogue("en")
    assert RULE_IDS == (
        "do1",
        "do2",
        "do3",
        "do4",
        "do5",
        "do6",
        "do7",
        "do8",
        "dont1",
        "dont2",
        "dont3",
        "dont4",
        "dont5",
        "dont6",
    )
    for rule in RULE_IDS:
        assert f"case.rules.{rule}" in english
    for sign in WARNING_SIGNS:
        assert SIGN_RULES[sign] and set(SIGN_RULES[sign]) <= set(RULE_IDS)
        assert f"case.signs.{sign}.counter" in english
        assert f"case.causes.{WARNING_SIGNS[sign]}" in english
    assert english["case.rules.do2"].startswith("Do agree only to what can really be delivered")
    assert english["case.rules.dont6"].startswith("Don't deceive")


@pytest.mark.parametrize(
    ("agreements", "stage", "factor"),
    [
        ([{"name": "A", "years": 1, "exclusive": True}], "mid", 1.0),
        ([{"name": "A", "years": 5, "exclusive": False}], "partnership", 1.5),
        ([{"name": "A", "years": 5, "exclusive": False}], "synergistic", 1.5),
        ([], "synergistic", 1.5),
        ("unknown", "mid", 1.5),
        ("unknown", "partnership", 1.0),
    ],
)
def test_a_competitors_quality_weighs_by_exclusivity(agreements, stage, factor):
    case = make(warning_signs=["competitor_quality"], agreements=agreements)
    (item,) = assess_risk(case, stage=stage).items
    assert item.factor == factor
