"""The client-case file: samples, the blank template, and one clear message per mistake."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kam_lessons.case import (
    ANALYSIS_GROUPS,
    CUSTOMER_CRITERIA,
    OUR_CRITERIA,
    PREPARATION_QUESTIONS,
    SECTIONS,
    ClientCase,
    default_case_path,
    load_case,
    new_case,
    render_case_template,
    sample_case_paths,
    write_case_template,
)
from kam_lessons.diagnosis import (
    diagnose_stage,
    explain_square,
    measure_completeness,
    place_in_square,
    plan_account,
    plan_sections,
    review_preparation,
)
from kam_lessons.errors import KamError
from kam_lessons.i18n import catalogue, languages, t

SAMPLE = default_case_path()


def sample_data() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list:
    with pytest.raises(KamError) as info:
        load_case(path)
    assert info.value.path == path
    return info.value.problems


# --- the sample cases --------------------------------------------------------------------


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


# --- the blank template ----------------------------------------------------------------


@pytest.mark.parametrize("lang", languages())
def test_template_loads_as_it_is_and_counts_everything_unknown(tmp_path, lang):
    path = write_case_template(tmp_path / "sub" / "new.yaml", lang)
    case = load_case(path)
    counts = measure_completeness(case)
    assert [c.section for c in counts] == list(SECTIONS)
    assert all(c.known == 0 and c.total > 0 for c in counts), counts
    assert {c.section: c.total for c in counts}["scores"] == 15
    assert sum(c.total for c in counts if c.is_analysis_group) == sum(
        len(fields) for fields in ANALYSIS_GROUPS.values()
    )
    assert review_preparation(case).open_questions == PREPARATION_QUESTIONS
    assert diagnose_stage(case).stage is None
    assert place_in_square(case).consensus.region is None


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("en", "How are decisions made?"),
        ("en", "Customer's growth rate"),
        ("ru", "Как принимаются решения?"),
        ("ru", "Темп роста клиента"),
    ],
)
def test_template_comments_are_in_the_chosen_language(lang, phrase):
    assert phrase in render_case_template(lang)


def test_template_names_every_allowed_value_next_to_its_field():
    text = render_case_template("en")
    line = next(x for x in text.splitlines() if x.strip().startswith("supplier_status:"))
    assert "one_of_many" in line and "integrated" in line


def test_template_examples_are_comments_that_load_when_uncommented(tmp_path):
    text = render_case_template("en")
    lines = text.splitlines()
    start = lines.index("  # contacts:")
    example = []
    for line in lines[start:]:
        if not line.startswith("  #"):
            break
        example.append("  " + line[4:])
    filled = text.replace("\n  contacts: unknown\n", "\n" + "\n".join(example) + "\n")
    path = tmp_path / "case.yaml"
    path.write_text(filled, encoding="utf-8")
    contacts = load_case(path).relationship.contacts
    assert contacts is not None and contacts.ours[0].talks_to == ("buyer", "quality")


# --- values the file accepts -------------------------------------------------------------


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


# --- bad files: one clear message per problem -----------------------------------------------


def _set(data: dict, path: str, value: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if part.isdigit() else data[part]
    data[int(last) if last.isdigit() else last] = value


def _delete(data: dict, path: str) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if part.isdigit() else data[part]
    del data[last]


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
    _set(data, field, value)
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
    _delete(data, field)
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


# --- the catalogue ---------------------------------------------------------------------------


def _area(lang: str, area: str) -> dict[str, str]:
    return {k: v for k, v in catalogue(lang).items() if k.startswith(f"{area}.")}


@pytest.mark.parametrize("area", ["case", "methods"])
def test_english_and_russian_have_the_same_keys(area):
    assert set(_area("en", area)) == set(_area("ru", area))
    assert _area("en", area)


@pytest.mark.parametrize("area", ["case", "methods"])
def test_translations_keep_the_same_placeholders(area):
    english, russian = _area("en", area), _area("ru", area)
    for key, text in english.items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", russian[key])), key


RAW_KEY = re.compile(r"\b(case|methods)\.[a-z_]+\.[a-z_]")


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("path", sample_case_paths(), ids=lambda p: p.name)
def test_every_sentence_about_a_sample_case_comes_from_the_catalogue(path, lang):
    case = load_case(path)
    lines = explain_square(place_in_square(case), lang) + [
        line for _, part in plan_sections(plan_account(case), lang) for line in part
    ]
    assert lines
    for line in lines:
        assert not RAW_KEY.search(line), line
        assert "{" not in line, line


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
    _set(data, field, value)
    case = load_case(write(tmp_path, data))
    section, name = field.split(".")
    assert getattr(getattr(case, section), name) == stored


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
    _set(data, field, value)
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


@pytest.mark.parametrize("lang", languages())
def test_yes_no_answers_are_shown_in_the_report_language(tmp_path, lang):
    from kam_lessons.workshop import open_workshop

    data = sample_data()
    data["preparation"]["loyalty"] = True
    text = open_workshop(write(tmp_path, data), lang).text("preparation")
    assert f"<td>{t(lang, 'case.yes_no.yes')}</td>" in text


@pytest.mark.parametrize(
    ("lang", "hint"), [("en", "(roles, not names)"), ("ru", "(должности, не имена)")]
)
def test_the_template_asks_for_roles_not_names(lang, hint):
    lines = render_case_template(lang).splitlines()
    assert any(line.strip().startswith("management:") and hint in line for line in lines)
    assert any("role:" in line and hint in line for line in lines)


def test_a_new_case_is_readable_by_its_owner_only(tmp_path):
    path = new_case("acme", tmp_path, "en")
    assert path.stat().st_mode & 0o777 == 0o600
