"""Diagnosis: the square, the stage, uncoupling risk, preparation and the account plan."""

from __future__ import annotations

from statistics import fmean

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_lessons.case import (
    ANALYSIS_GROUPS,
    CUSTOMER_CRITERIA,
    INFORMATION_LEVELS,
    JOINT_ACTIVITIES,
    MANAGEMENT_LEVELS,
    OUR_CRITERIA,
    STAGES,
    SUPPLIER_STATUSES,
    WARNING_SIGNS,
    ClientCase,
    ContactMap,
    cases_dir,
    load_case,
    render_case_template,
)
from kam_lessons.diagnosis import (
    BASE_WEIGHTS,
    INDICATORS,
    RULE_IDS,
    SIGN_RULES,
    assess_risk,
    choose_stage,
    classify_contacts,
    describe_contradiction,
    diagnose_stage,
    format_number,
    gather_evidence,
    list_requirements,
    locate_in_square,
    measure_completeness,
    place_in_square,
    plan_account,
    plan_sections,
    review_preparation,
)
from kam_lessons.i18n import catalogue

BLANK = yaml.safe_load(render_case_template("en"))


def contacts(links: dict[str, list[str]], theirs: list[str] | None = None) -> dict:
    """A contact map: our person id -> their ids; their people default to those named."""
    named = theirs or sorted({x for xs in links.values() for x in xs}) or ["buyer"]
    return {
        "ours": [{"id": o, "role": o, "talks_to": xs} for o, xs in links.items()],
        "theirs": [{"id": x, "role": x} for x in named],
    }


BOW_TIE = contacts({"kam": ["buyer"]}, ["buyer", "quality", "director"])
FUNNEL_THEIRS = contacts({"kam": ["buyer"], "engineer": ["buyer"], "logistics": ["buyer"]})
DIAMOND = contacts(
    {"kam": ["buyer", "director"], "engineer": ["quality"], "logistics": ["warehouse"]}
)


def make(
    scores: list[dict] | None = None, warning_signs: object = "unknown", **relationship: object
) -> ClientCase:
    """A blank case with some relationship indicators, scores or warning signs filled in."""
    data = yaml.safe_load(yaml.safe_dump(BLANK))
    data["relationship"].update(relationship)
    data["warning_signs"] = warning_signs
    if scores is not None:
        data["scores"] = scores
    return ClientCase.model_validate(data)


def scorer(name: str, customer: float | list, ours: float | list) -> dict:
    cust = customer if isinstance(customer, list) else [customer] * 7
    our = ours if isinstance(ours, list) else [ours] * 8
    return {
        "scorer": name,
        "customer": dict(zip(CUSTOMER_CRITERIA, cust, strict=True)),
        "ours": dict(zip(OUR_CRITERIA, our, strict=True)),
    }


# --- the square -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "customer", "region"),
    [
        (50, 50, "key"),
        (50.1, 50.1, "key"),
        (49.9, 50, "target"),
        (49.9, 50.1, "target"),
        (50, 49.9, "not_of_interest"),
        (50.1, 49.9, "not_of_interest"),
        (49.9, 49.9, "too_ambitious"),
        (0, 0, "too_ambitious"),
        (100, 100, "key"),
        (0, 100, "target"),
        (100, 0, "not_of_interest"),
    ],
)
def test_square_regions_at_their_boundaries(ours, customer, region):
    assert locate_in_square(ours, customer) == region
    case = make(scores=[scorer("KAM", customer, ours)])
    point = place_in_square(case).points[0]
    assert (point.ours, point.customer) == pytest.approx((ours, customer))
    assert point.region == region


def test_the_point_is_the_mean_of_each_group_ignoring_unknowns():
    card = scorer("KAM", [70, 60, "unknown", 50, 40, 30, 20], [90] * 7 + ["unknown"])
    point = place_in_square(make(scores=[card])).points[0]
    assert point.customer == fmean([70, 60, 50, 40, 30, 20])
    assert point.ours == 90
    assert point.unknown == 2


def test_a_scorer_with_a_whole_group_unknown_has_no_region():
    point = place_in_square(make(scores=[scorer("KAM", "unknown", 80)])).points[0]
    assert point.customer is None and point.region is None


def test_three_scorers_who_disagree():
    square = place_in_square(load_case(cases_dir() / "sample.yaml"))
    assert [p.scorer for p in square.points] == [
        "Key account manager",
        "Application engineer",
        "Sales director",
    ]
    assert [p.region for p in square.points] == ["key", "target", "not_of_interest"]
    assert square.consensus.customer == pytest.approx(fmean(p.customer for p in square.points))
    assert square.consensus.ours == pytest.approx(fmean(p.ours for p in square.points))
    assert square.consensus.region == "key"
    assert [(s.criterion, s.spread) for s in square.disputed] == [
        ("need_for_us", 35),
        ("relationship", 35),
        ("services", 35),
    ]
    need = square.disputed[0]
    assert (need.low, need.high) == (35, 70)
    assert dict(need.scores) == {
        "Key account manager": 70,
        "Application engineer": 60,
        "Sales director": 35,
    }


def test_disputes_are_the_three_widest_spreads_widest_first():
    a = scorer("A", [50, 50, 50, 50, 50, 50, 50], [50, 50, 50, 50, 50, 50, 50, 50])
    b = scorer("B", [69, 70, 90, 95, 50, 50, 50], [50, 50, 50, 50, 50, 50, 50, 10])
    square = place_in_square(make(scores=[a, b]))
    # spreads: profitability 45, competition 40, advantages 40, potential 20, growth 19
    assert [s.criterion for s in square.disputed] == ["profitability", "competition", "advantages"]


@pytest.mark.parametrize(("other", "disputed"), [(69, False), (70, True), (30, True), (31, False)])
def test_a_dispute_needs_a_spread_of_twenty(other, disputed):
    cards = [scorer("A", 50, 50), scorer("B", [other] + [50] * 6, 50)]
    square = place_in_square(make(scores=cards))
    assert (square.disputed[:1] != ()) is disputed


def test_one_scorer_has_nothing_to_dispute():
    square = place_in_square(make(scores=[scorer("KAM", [10, 90, 50, 50, 50, 50, 50], 50)]))
    assert square.disputed == ()
    assert all(s.spread == 0 for s in square.spreads)


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=5))
@settings(deadline=None)
def test_consensus_is_the_mean_of_the_scorers_points(points):
    cards = [scorer(f"S{i}", c, o) for i, (c, o) in enumerate(points)]
    square = place_in_square(make(scores=cards))
    assert square.consensus.customer == pytest.approx(fmean(c for c, _ in points))
    assert square.consensus.ours == pytest.approx(fmean(o for _, o in points))
    assert square.consensus.region == locate_in_square(
        square.consensus.ours, square.consensus.customer
    )


# --- the contact map ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("links", "shape", "single"),
    [
        ({"kam": []}, "none", ()),
        ({"kam": ["buyer"]}, "bow_tie", ("kam", "buyer")),
        ({"kam": ["buyer"], "idle": []}, "bow_tie", ("kam", "buyer")),
        ({"kam": ["buyer"], "engineer": ["buyer"]}, "funnel", ("buyer",)),
        ({"kam": ["buyer", "quality", "director"]}, "funnel", ("kam",)),
        ({"kam": ["buyer"], "engineer": ["quality"]}, "diamond", ()),
        (
            {"kam": ["buyer", "director"], "engineer": ["quality"], "logistics": ["warehouse"]},
            "diamond",
            (),
        ),
    ],
)
def test_contact_map_shapes(links, shape, single):
    found = classify_contacts(ContactMap.model_validate(contacts(links)))
    assert found.shape == shape
    assert found.single_points == single


def test_their_people_nobody_talks_to_are_listed():
    found = classify_contacts(ContactMap.model_validate(BOW_TIE))
    assert found.unreached == ("quality", "director")


# --- the stage --------------------------------------------------------------------------------

STAGE_CASES = {
    # §1 synergistic: top management, joint board meetings, joint business planning.
    "joint board + joint planning -> synergistic": (
        {"management_involvement": "joint_board", "joint_activities": ["joint_business_planning"]},
        "synergistic",
    ),
    "joint board + joint planning on top of a partnership -> synergistic": (
        {
            "management_involvement": "joint_board",
            "joint_activities": ["joint_business_planning", "joint_product_development"],
            "supplier_status": "sole_strategic",
            "information_shared": "confidential",
            "agreements": [{"name": "x", "years": 5, "exclusive": True}],
            "contacts": DIAMOND,
        },
        "synergistic",
    ),
    # §1 early: one of several suppliers, contact through one buyer.
    "one of many, all contact through one buyer -> early": (
        {"supplier_status": "one_of_many", "contacts": FUNNEL_THEIRS},
        "early",
    ),
    "one of many, a bow-tie, basic information -> early": (
        {
            "supplier_status": "one_of_many",
            "contacts": BOW_TIE,
            "information_shared": "basic",
            "management_involvement": "none",
            "joint_activities": [],
        },
        "early",
    ),
    # §1 mid: one of a few preferred; more contacts; senior reviews; not exclusive.
    "preferred, several contacts, senior reviews, not exclusive -> mid": (
        {
            "supplier_status": "one_of_few_preferred",
            "contacts": DIAMOND,
            "management_involvement": "senior_reviews",
            "agreements": [{"name": "framework", "years": 2, "exclusive": False}],
        },
        "mid",
    ),
    # §1 partnership: sole supplier, >= 3-year agreement, confidential info, joint development.
    "sole, 3-year exclusive, confidential, joint development -> partnership": (
        {
            "supplier_status": "sole_strategic",
            "information_shared": "confidential",
            "agreements": [{"name": "partnership", "years": 3, "exclusive": True}],
            "joint_activities": ["joint_product_development"],
        },
        "partnership",
    ),
    "a prospect with no contact yet -> pre": (
        {
            "supplier_status": "prospect",
            "contacts": contacts({"kam": []}),
            "information_shared": "none",
        },
        "pre",
    ),
}


@pytest.mark.parametrize(("relationship", "stage"), STAGE_CASES.values(), ids=STAGE_CASES.keys())
def test_the_stage_follows_the_model(relationship, stage):
    diagnosis = diagnose_stage(make(**relationship))
    assert diagnosis.stage == stage
    assert diagnosis.agreeing == diagnosis.known  # every known indicator fits
    assert not [c for c in diagnosis.contradictions if c.kind == "outlier"]


def test_claimed_partnership_with_a_bow_tie_is_a_contradiction():
    diagnosis = diagnose_stage(
        make(claimed_stage="partnership", contacts=BOW_TIE, supplier_status="sole_strategic")
    )
    claims = [
        (c.evidence.indicator, c.evidence.value, c.stage)
        for c in diagnosis.contradictions
        if c.kind == "claim"
    ]
    assert claims == [("contacts", "bow_tie", "partnership")]
    text = " ".join(describe_contradiction(c, "en") for c in diagnosis.contradictions)
    assert "Contradiction with the claimed partnership-KAM — Contact map: a bow-tie" in text


def test_a_claim_the_indicators_bear_out_has_no_contradiction():
    diagnosis = diagnose_stage(
        make(
            claimed_stage="mid",
            **STAGE_CASES["preferred, several contacts, senior reviews, not exclusive -> mid"][0],
        )
    )
    assert diagnosis.claim_matches is True
    assert diagnosis.contradictions == ()


def test_indicators_far_apart_are_reported():
    diagnosis = diagnose_stage(
        make(
            supplier_status="one_of_many",
            contacts=BOW_TIE,
            joint_activities=["joint_business_planning"],
        )
    )
    assert diagnosis.stage == "early"
    outliers = [c.evidence.indicator for c in diagnosis.contradictions if c.kind == "outlier"]
    assert outliers == ["joint_activities"]


def test_a_tie_goes_to_the_lower_stage():
    # one of many (early) against social events (mid): one stage apart either way.
    diagnosis = diagnose_stage(
        make(supplier_status="one_of_many", joint_activities=["social_events"])
    )
    assert diagnosis.stage == "early"


def test_nothing_known_means_no_stage():
    diagnosis = diagnose_stage(make(claimed_stage="partnership"))
    assert diagnosis.stage is None and diagnosis.known == 0
    assert diagnosis.contradictions == () and diagnosis.next_stage is None


def test_what_moving_from_early_to_mid_takes():
    diagnosis = diagnose_stage(
        make(
            supplier_status="one_of_many",
            contacts=BOW_TIE,
            information_shared="basic",
            management_involvement="none",
            agreements=[],
            joint_activities=[],
        )
    )
    assert diagnosis.next_stage == "mid"
    unmet = {r.indicator: r.needed for r in diagnosis.requirements if not r.met}
    assert unmet == {
        "supplier_status": ("one_of_few_preferred",),
        "contacts": ("diamond",),  # a funnel is a single point of contact: never the move
        "information_shared": ("operational",),
        "management_involvement": ("senior_reviews",),
        "agreements": ("non_exclusive",),
    }


def test_partnership_needs_an_exclusive_agreement_of_three_years():
    for years, met in ((2, False), (2.9, False), (3, True), (7, True)):
        case = make(
            supplier_status="one_of_few_preferred",
            agreements=[{"name": "x", "years": years, "exclusive": True}],
        )
        plan = plan_account(
            case.model_copy(
                update={
                    "relationship": case.relationship.model_copy(
                        update={"goal_stage": "partnership"}
                    )
                }
            )
        )
        needs = {r.indicator: r.needed for r in plan.moves}
        assert ("agreements" not in needs) is met, years
        if not met:
            assert needs["agreements"] == ("exclusive_long",)


def test_partnership_work_is_what_partnership_asks_of_joint_activities():
    diagnosis = diagnose_stage(
        make(supplier_status="one_of_few_preferred", joint_activities=["social_events"])
    )
    needed = {r.indicator: r.needed for r in diagnosis.requirements}["joint_activities"]
    assert needed == ("joint_problem_solving", "joint_product_development", "cross_training")


def test_the_last_stage_has_no_next():
    diagnosis = diagnose_stage(load_case(cases_dir() / "synergistic_retailer.yaml"))
    assert diagnosis.stage == "synergistic"
    assert diagnosis.next_stage is None and diagnosis.requirements == ()


indicator_values = st.fixed_dictionaries(
    {},
    optional={
        "supplier_status": st.sampled_from(SUPPLIER_STATUSES),
        "information_shared": st.sampled_from(INFORMATION_LEVELS),
        "management_involvement": st.sampled_from(MANAGEMENT_LEVELS),
        "joint_activities": st.lists(st.sampled_from(JOINT_ACTIVITIES), max_size=4),
        "contacts": st.sampled_from([BOW_TIE, FUNNEL_THEIRS, DIAMOND]),
        "agreements": st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.just("agreement"),
                    "years": st.sampled_from([1, 2, 3, 5]),
                    "exclusive": st.booleans(),
                }
            ),
            max_size=2,
        ),
    },
)


@given(indicator_values)
@settings(deadline=None)
def test_the_diagnosed_stage_is_the_one_closest_to_all_indicators(relationship):
    case = make(**relationship)
    evidence = gather_evidence(case)
    diagnosis = diagnose_stage(case)
    assert [e.indicator for e in evidence] == list(INDICATORS)
    assert diagnosis.known == len(relationship)
    if not relationship:
        assert diagnosis.stage is None
        return

    def cost(stage: str) -> int:
        return sum(e.distance(stage) for e in evidence)

    assert diagnosis.stage in STAGES
    assert all(cost(diagnosis.stage) <= cost(s) for s in STAGES)
    lower = STAGES[: STAGES.index(diagnosis.stage)]
    assert all(cost(s) > cost(diagnosis.stage) for s in lower)  # ties went down
    if any(all(e.fits(s) for e in evidence if e.known) for s in STAGES):
        assert diagnosis.agreeing == diagnosis.known
    assert choose_stage(evidence) == diagnosis.stage


# --- uncoupling risk ----------------------------------------------------------------------------


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


# --- preparation and completeness ---------------------------------------------------------------


def test_open_questions_are_the_unanswered_ones():
    case = load_case(cases_dir() / "claimed_partnership.yaml")
    review = review_preparation(case)
    assert review.open_questions == (
        "complete_solution",
        "solution_weaknesses",
        "loyalty",
        "planned_revenue",
        "risk",
    )
    assert review.answered == 6
    assert dict(review.answers)["importance"].startswith("High")


def test_completeness_counts_unknowns_per_analysis_group():
    case = load_case(cases_dir() / "claimed_partnership.yaml")
    counts = {c.section: c for c in measure_completeness(case)}
    assert list(counts)[:5] == list(ANALYSIS_GROUPS)
    assert (counts["profile"].known, counts["profile"].total) == (4, 5)
    assert counts["profile"].unknown == ("analysis.profile.financial_position",)
    assert (counts["satisfaction"].known, counts["satisfaction"].total) == (4, 6)
    assert (counts["knowledge"].known, counts["knowledge"].total) == (3, 5)
    assert (counts["scores"].known, counts["scores"].total) == (14, 15)
    assert "methods.resource.value" in counts["methods"].unknown
    assert counts["warning_signs"].share == 1.0
    assert len(review_preparation(case).analysis) == 5


def test_a_fully_answered_group_is_complete():
    counts = {c.section: c for c in measure_completeness(load_case(cases_dir() / "sample.yaml"))}
    assert all(counts[g].share == 1.0 for g in ANALYSIS_GROUPS)
    assert counts["preparation"].unknown == ("preparation.planned_revenue",)


# --- every sample case, and the plan ---------------------------------------------------

SAMPLES = {
    "sample.yaml": ("mid", "key", "medium"),
    "sample.ru.yaml": ("mid", "key", "medium"),
    "early_distributor.yaml": ("early", "too_ambitious", "high"),
    "synergistic_retailer.yaml": ("synergistic", "key", "low"),
    "claimed_partnership.yaml": ("mid", "key", "medium"),
}


def test_every_sample_case_is_listed_here():
    assert {p.name for p in cases_dir().glob("*.yaml")} == set(SAMPLES)


@pytest.mark.parametrize(("name", "expected"), SAMPLES.items())
def test_every_sample_case_diagnoses(name, expected):
    case = load_case(cases_dir() / name)
    plan = plan_account(case)
    assert (plan.stage, plan.region, plan.risk.level) == expected
    assert plan.account == case.name
    assert len(plan.lead_methods) == 2


def test_the_claimed_partnership_sample_shows_its_contradictions():
    diagnosis = diagnose_stage(load_case(cases_dir() / "claimed_partnership.yaml"))
    assert diagnosis.claimed == "partnership" and diagnosis.claim_matches is False
    claimed = {c.evidence.indicator for c in diagnosis.contradictions if c.kind == "claim"}
    assert {"contacts", "supplier_status", "agreements"} <= claimed


def test_the_plan_aims_for_the_next_stage_unless_the_case_sets_a_goal():
    early = load_case(cases_dir() / "early_distributor.yaml")
    plan = plan_account(early)
    assert (plan.goal, plan.goal_from_case, plan.steps) == ("mid", True, ("mid",))
    no_goal = early.model_copy(
        update={"relationship": early.relationship.model_copy(update={"goal_stage": None})}
    )
    # its team point is in the lower half (too ambitious for now): hold the stage, say why
    assert plan_account(no_goal).goal == "early"
    assert "hold_low" in plan_account(no_goal).notes
    assert plan_account(no_goal).goal_from_case is False
    far = early.model_copy(
        update={"relationship": early.relationship.model_copy(update={"goal_stage": "partnership"})}
    )
    far_plan = plan_account(far)
    assert far_plan.steps == ("mid", "partnership")
    assert {m.indicator for m in far_plan.moves} >= {"supplier_status", "information_shared"}


def test_the_plan_gathers_moves_methods_risks_and_open_questions():
    plan = plan_account(load_case(cases_dir() / "early_distributor.yaml"))
    assert plan.lead_methods == ("service", "trust")  # valued 85 and 80
    assert all(not m.met for m in plan.moves)
    assert {m.indicator for m in plan.moves} == {
        "supplier_status",
        "contacts",
        "information_shared",
        "management_involvement",
        "agreements",  # a competitor's quality is flagged: no move stays non-exclusive
    }
    assert plan.unreached == ("Managing director", "Warehouse manager")
    assert plan.risk.items[0].sign == "key_contact_change"
    assert plan.open_questions == ("decision_process",)


def test_a_plan_at_its_goal_has_no_moves():
    plan = plan_account(load_case(cases_dir() / "synergistic_retailer.yaml"))
    assert plan.goal == "synergistic" and plan.steps == () and plan.moves == ()


# --- review fixes: plan defaults, moves, numbers, contradictions, weights -----------------------

MID = {
    "supplier_status": "one_of_few_preferred",
    "contacts": DIAMOND,
    "information_shared": "operational",
    "management_involvement": "senior_reviews",
}
SYNERGY = {
    "supplier_status": "integrated",
    "contacts": DIAMOND,
    "information_shared": "strategic",
    "management_involvement": "joint_board",
    "agreements": [{"name": "Alliance", "years": 7, "exclusive": True}],
    "joint_activities": ["joint_process_teams"],
}


@pytest.mark.parametrize(
    ("customer", "ours", "extra", "goal", "notes"),
    [
        (80, 80, MID, "partnership", ()),  # upper half, far from 50: the next stage
        (30, 80, MID, "mid", ("hold_low",)),  # not of interest: hold
        (30, 30, MID, "mid", ("hold_low",)),  # too ambitious: hold
        (53, 80, MID, "partnership", ("borderline",)),  # within 5 of the threshold
        (80, 80, SYNERGY, "synergistic", ("hold_top",)),
        (80, 80, {**MID, "goal_stage": "mid"}, "mid", ("goal_not_ahead",)),
        (80, 80, {**MID, "goal_stage": "early"}, "early", ("goal_not_ahead",)),
        (80, 80, {**MID, "claimed_stage": "uncoupling"}, "partnership", ("recovery",)),
    ],
)
def test_the_plan_default_goal_and_its_notes(customer, ours, extra, goal, notes):
    plan = plan_account(make(scores=[scorer("KAM", customer, ours)], **extra))
    assert plan.goal == goal and plan.notes == notes
    text = [line for _, lines in plan_sections(plan, "en") for line in lines]
    for note in notes:
        assert catalogue("en")[f"case.explain.plan.{note}"].split("{")[0] in " ".join(text)


def test_scorers_in_different_regions_are_borderline():
    plan = plan_account(make(scores=[scorer("A", 80, 80), scorer("B", 80, 20)], **MID))
    assert "borderline" in plan.notes


@pytest.mark.parametrize("claimed", ["uncoupling", "mid"])
def test_a_recovery_plan_leads_with_the_warning_signs(claimed):
    case = make(
        scores=[scorer("KAM", 80, 80)],
        warning_signs=["broken_promise"],
        claimed_stage=claimed,
        **MID,
    )
    sections = plan_sections(plan_account(case), "en")
    first, lines = sections[0]
    if claimed == "uncoupling":
        assert first == "risks" and lines[0] == catalogue("en")["case.explain.plan.recovery"]
    else:
        assert first == "where"


@pytest.mark.parametrize("contacts", [BOW_TIE, FUNNEL_THEIRS])
@pytest.mark.parametrize("stage", ["mid", "partnership", "synergistic"])
def test_a_move_never_recommends_a_single_point_of_contact(contacts, stage):
    evidence = gather_evidence(make(contacts=contacts))
    (req,) = [r for r in list_requirements(evidence, stage) if r.indicator == "contacts"]
    assert req.needed == ("diamond",) and not req.met
    flagged = assess_risk(make(contacts=contacts, warning_signs=[])).items
    assert "single_point_of_contact" in {i.sign for i in flagged}


@pytest.mark.parametrize(
    ("value", "lang", "shown", "region"),
    [
        (49.957, "en", "49.9", "not_of_interest"),
        (49.95, "en", "49.9", "not_of_interest"),
        (50.0 - 1e-12, "en", "50", "key"),
        (50.04, "en", "50", "key"),
        (71.875, "en", "71.9", "key"),
        (49.957, "ru", "49,9", "not_of_interest"),
    ],
)
def test_shown_means_never_contradict_the_region(value, lang, shown, region):
    assert format_number(value, lang) == shown
    assert locate_in_square(80, value) == region  # ours 80, the customer's position value


def test_an_exact_fifty_computed_inexactly_counts_as_fifty():
    # 7 criteria whose mean is 50 exactly on paper, 49.99999… in floating point
    customer = [50.1, 49.9, 50.3, 49.7, 50.2, 49.8, 50.0]
    point = place_in_square(make(scores=[scorer("KAM", customer, 80)])).consensus
    assert point.region == "key"


@pytest.mark.parametrize("claimed", ["early", "mid"])
def test_a_contradiction_is_listed_once_per_indicator(claimed):
    diagnosis = diagnose_stage(
        make(
            claimed_stage=claimed,
            supplier_status="one_of_many",
            contacts=BOW_TIE,
            joint_activities=["joint_business_planning"],
        )
    )
    indicators = [c.evidence.indicator for c in diagnosis.contradictions]
    assert indicators.count("joint_activities") == 1
    assert len(indicators) == len(set(indicators))


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
