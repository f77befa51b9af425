"""Loading a case: the samples, and one clear message per mistake."""

from __future__ import annotations

import copy

import pytest

from kam_lessons.errors import KamError
from kam_lessons.workshop.loading import (
    load_case,
    sample_case_paths,
)
from kam_lessons.workshop.schema import (
    ClientCase,
)

from .builders import (
    SAMPLE,
    delete_at,
    problems_of,
    sample_data,
    set_at,
    write,
)


def test_there_are_at_least_three_sample_cases_and_the_lesson_2_default():
    names = {p.name for p in sample_case_paths()}
    assert len(names) >= 3
    assert SAMPLE.name in names


@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_every_sample_case_loads(path):
    case = load_case(path)
    assert isinstance(case, ClientCase)
    assert case.name


@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_sample_cases_hold_roles_not_private_data(path):
    text = path.read_text(encoding="utf-8").lower()
    for word in (
        "birthday",
        "family",
        "gift",
        "wife",
        "husband",
        "children",
        "hobby",
        "день рождения",
        "семья",
        "подарок",
    ):
        assert word not in text, word


BAD_VALUES = [
    ("scores.0.customer.growth", 140, "scores[0].customer.growth", "case.errors.score", "140"),
    (
        "scores.2.ours.relationship",
        "high",
        "scores[2].ours.relationship",
        "case.errors.score",
        "'high'",
    ),
    ("scores.0.customer.potential", -5, "scores[0].customer.potential", "case.errors.score", "-5"),
    (
        "scores.0.customer.potential",
        True,
        "scores[0].customer.potential",
        "case.errors.score",
        "true",
    ),
    ("scores.0.customer.potential", None, "scores[0].customer.potential", "case.errors.empty", ""),
    (
        "relationship.supplier_status",
        "best_friend",
        "relationship.supplier_status",
        "case.errors.choice",
        "'best_friend'",
    ),
    (
        "relationship.claimed_stage",
        "partner",
        "relationship.claimed_stage",
        "case.errors.choice",
        "'partner'",
    ),
    (
        "relationship.goal_stage",
        "uncoupling",
        "relationship.goal_stage",
        "case.errors.choice",
        "'uncoupling'",
    ),
    (
        "relationship.management_involvement",
        3,
        "relationship.management_involvement",
        "case.errors.choice",
        "3",
    ),
    (
        "relationship.joint_activities",
        ["site_visits", "golf_days"],
        "relationship.joint_activities[1]",  # a bad list entry names its index
        "case.errors.choice_item",
        "'golf_days'",
    ),
    (
        "relationship.joint_activities",
        "golf",
        "relationship.joint_activities",
        "case.errors.choice_list",
        "'golf'",
    ),
    (
        "relationship.agreements.0.years",
        0,
        "relationship.agreements[0].years",
        "case.errors.years",
        "0",
    ),
    (
        "relationship.agreements.0.exclusive",
        "maybe",
        "relationship.agreements[0].exclusive",
        "case.errors.not_yes_no",
        "'maybe'",
    ),
    (
        "relationship.contacts.ours.0.id",
        "Key Account",
        "relationship.contacts.ours[0].id",
        "case.errors.bad_id",
        "'Key Account'",
    ),
    (
        "warning_signs",
        [{"sign": "bad_weather"}],
        "warning_signs[0].sign",
        "case.errors.choice",
        "'bad_weather'",
    ),
    (
        "decision_unit.power_structure_known",
        "mostly",
        "decision_unit.power_structure_known",
        "case.errors.choice",
        "'mostly'",
    ),
    (
        "analysis.profile.industry",
        ["a", "b"],
        "analysis.profile.industry",
        "case.errors.text",
        "[…]",
    ),
    ("analysis.profile", "windows", "analysis.profile", "case.errors.not_a_section", "'windows'"),
    ("competitors", "many", "competitors", "case.errors.not_a_list", "'many'"),
    ("scores", [], "scores", "case.errors.too_short", ""),
    ("name", "", "name", "case.errors.name", "''"),
]


@pytest.mark.parametrize(
    ("field", "value", "where", "key", "found"),
    BAD_VALUES,
    ids=[f"{b[0]}={b[1]!r}" for b in BAD_VALUES],
)
def test_a_bad_value_gets_one_message_naming_file_field_found_and_allowed(
    tmp_path, field, value, where, key, found
):
    data = sample_data()
    set_at(data, field, value)
    path = write(tmp_path, data)
    problems = problems_of(path)
    assert [(p.where, p.key) for p in problems] == [(where, key)]
    with pytest.raises(KamError) as info:
        load_case(path)
    message = info.value.render("en")
    assert message.startswith(f"{path}, {where}: ")
    if found:
        assert f"found {found}" in message


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("analysis.profile.industry", "analysis.profile.industry"),
        ("scores.0.ours.prices", "scores[0].ours.prices"),
        ("preparation", "preparation"),
        ("relationship.contacts", "relationship.contacts"),
        ("methods.risk", "methods.risk"),
        ("relationship.agreements.0.years", "relationship.agreements[0].years"),
    ],
)
def test_a_missing_required_field_is_named(tmp_path, field, where):
    data = sample_data()
    delete_at(data, field)
    problems = problems_of(write(tmp_path, data))
    assert [(p.where, p.key) for p in problems] == [(where, "case.errors.missing")]


def test_a_misspelt_field_is_named_with_the_fields_allowed_there(tmp_path):
    data = sample_data()
    data["analysis"]["profile"]["indusrty"] = data["analysis"]["profile"].pop("industry")
    problems = problems_of(write(tmp_path, data))
    assert {(p.where, p.key) for p in problems} == {
        ("analysis.profile.industry", "case.errors.missing"),
        ("analysis.profile.indusrty", "case.errors.unknown_field"),
    }
    typo = next(p for p in problems if p.key == "case.errors.unknown_field")
    assert "industry" in str(typo.params["allowed"]).split(", ")


def test_each_mistake_gets_its_own_message(tmp_path):
    data = sample_data()
    data["scores"][0]["customer"]["growth"] = 140
    data["scores"][1]["ours"]["prices"] = "high"
    data["relationship"]["supplier_status"] = "best_friend"
    del data["preparation"]["risk"]
    problems = problems_of(write(tmp_path, data))
    assert sorted(p.where for p in problems) == [
        "preparation.risk",
        "relationship.supplier_status",
        "scores[0].customer.growth",
        "scores[1].ours.prices",
    ]


def test_references_inside_the_contact_map_are_checked(tmp_path):
    data = sample_data()
    data["relationship"]["contacts"]["ours"][0]["talks_to"] = ["purchasing", "cfo"]
    data["relationship"]["contacts"]["theirs"][3]["id"] = "purchasing"  # nobody talks to [3]
    data["scores"][2]["scorer"] = "key account manager"
    problems = problems_of(write(tmp_path, data))
    assert {(p.where, p.key) for p in problems} == {
        ("relationship.contacts.ours[0].talks_to[1]", "case.errors.unknown_person"),
        ("relationship.contacts.theirs[3].id", "case.errors.duplicate_person"),
        ("scores[2].scorer", "case.errors.duplicate_scorer"),
    }


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("name: [unclosed\n", "errors.yaml_malformed"),
        ("name: a\n  bad: indent\n", "errors.yaml_malformed"),
        ("", "case.errors.empty_file"),
        ("# only a comment\n", "case.errors.empty_file"),
        ("- just\n- a list\n", "case.errors.not_a_section"),
        ("just text\n", "case.errors.not_a_section"),
    ],
)
def test_a_file_that_is_not_a_case_says_so(tmp_path, text, key):
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert [p.key for p in problems] == [key]


def test_a_missing_file_is_named(tmp_path):
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(KamError) as info:
        load_case(path)
    assert info.value.path == path
    assert [p.key for p in info.value.problems] == ["errors.file_missing"]
    assert str(path) in info.value.render("ru")


def test_messages_are_in_the_users_language(tmp_path):
    data = sample_data()
    data["scores"][0]["customer"]["growth"] = 140
    with pytest.raises(KamError) as info:
        load_case(write(tmp_path, data))
    assert "найдено 140; допустимо: число от 0 до 100 или unknown" in info.value.render("ru")
    assert "found 140; allowed: a number from 0 to 100, or unknown" in info.value.render("en")


def test_a_bad_case_leaves_the_loaded_data_untouched(tmp_path):
    data = sample_data()
    before = copy.deepcopy(data)
    load_case(write(tmp_path, data))
    assert data == before


@pytest.mark.parametrize(
    ("field", "value", "where", "key"),
    [
        ("relationship.supplier_status", "nobody", "relationship.supplier_status", "choice"),
        ("scores.0.customer.growth", 500, "scores[0].customer.growth", "score"),
    ],
)
@pytest.mark.parametrize(
    ("cross", "cross_where", "cross_key"),
    [
        ("scorer", "scores[1].scorer", "duplicate_scorer"),
        ("talks_to", "relationship.contacts.ours[0].talks_to[0]", "unknown_person"),
        ("sign", "warning_signs[1]", "duplicate_sign"),
    ],
)
def test_checks_across_fields_come_with_field_errors(
    tmp_path, field, value, where, key, cross, cross_where, cross_key
):
    data = sample_data()
    set_at(data, field, value)
    if cross == "scorer":
        data["scores"][1]["scorer"] = data["scores"][0]["scorer"]
    elif cross == "talks_to":
        data["relationship"]["contacts"]["ours"][0]["talks_to"] = ["nobody_there"]
    else:
        data["warning_signs"] = [
            {"sign": "complacency", "note": "first"},
            {"sign": "complacency", "note": "second, once dropped silently"},
        ]
    problems = {(p.where, p.key) for p in problems_of(write(tmp_path, data))}
    assert (where, f"case.errors.{key}") in problems
    assert (cross_where, f"case.errors.{cross_key}") in problems
