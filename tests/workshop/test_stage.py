"""The stage: the contact map, the indicators, contradictions and what the next stage takes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kam_lessons.workshop.loading import (
    cases_dir,
    load_case,
)
from kam_lessons.workshop.plan import (
    plan_account,
)
from kam_lessons.workshop.schema import (
    ContactMap,
)
from kam_lessons.workshop.stage import (
    INDICATOR_RANGES,
    INDICATORS,
    choose_stage,
    classify_contacts,
    diagnose_stage,
    gather_evidence,
)
from kam_lessons.workshop.vocabulary import (
    INFORMATION_LEVELS,
    JOINT_ACTIVITIES,
    MANAGEMENT_LEVELS,
    STAGES,
    SUPPLIER_STATUSES,
)
from kam_lessons.workshop.words import (
    describe_contradiction,
)

from .builders import (
    BOW_TIE,
    DIAMOND,
    FUNNEL_THEIRS,
    contacts,
    make,
)


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
    # §1 pre: products made available, ordinary sales calls; the customer may already buy
    # from us as one supplier among many (lesson 1, q04), so that alone is not early-KAM.
    "one of many, a bow-tie, basic information -> pre": (
        {
            "supplier_status": "one_of_many",
            "contacts": BOW_TIE,
            "information_shared": "basic",
            "management_involvement": "none",
            "joint_activities": [],
        },
        "pre",
    ),
    "one of many, a bow-tie, the customer monitoring our performance -> early": (
        {
            "supplier_status": "one_of_many",
            "contacts": BOW_TIE,
            "information_shared": "operational",
            "management_involvement": "none",
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
    text = " ".join(describe_contradiction("en", c) for c in diagnosis.contradictions)
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
            information_shared="operational",
            management_involvement="none",
            agreements=[],
            joint_activities=[],
        )
    )
    assert diagnosis.stage == "early" and diagnosis.next_stage == "mid"
    unmet = {r.indicator: r.needed for r in diagnosis.requirements if not r.met}
    assert unmet == {
        "supplier_status": ("one_of_few_preferred",),
        "contacts": ("diamond",),  # a funnel is a single point of contact: never the move
        "management_involvement": ("senior_reviews",),
        # no agreement: the model asks none of mid-KAM, and an exclusive one rules it out
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


def test_the_claimed_partnership_sample_shows_its_contradictions():
    diagnosis = diagnose_stage(load_case(cases_dir() / "claimed_partnership.yaml"))
    assert diagnosis.claimed == "partnership" and diagnosis.claim_matches is False
    claimed = {c.evidence.indicator for c in diagnosis.contradictions if c.kind == "claim"}
    assert {"contacts", "supplier_status", "agreements"} <= claimed


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


# --- one set of stage indicators: lesson 1's stage questions, diagnosed by the workshop ---

#: Each stage-recognition question of lesson 1, as the indicators of the situation it
#: describes (only what the prompt says; the rest stays unknown).
LESSON_1_SITUATIONS = {
    # small batches through the regular sales rep; one of several suppliers; nobody manages
    # the relationship yet: ordinary sales, pre-KAM (review E4)
    "q04": {
        "supplier_status": "one_of_many",
        "contacts": contacts({"rep": ["buyer"]}, ["buyer", "production_director"]),
        "information_shared": "basic",
        "management_involvement": "none",
        "agreements": [],
        "joint_activities": [],
    },
    # a KAM appointed; all communication through her and the head of procurement; one of
    # five suppliers; the chain checks our delivery every month
    "q05": {
        "supplier_status": "one_of_many",
        "contacts": contacts({"kam": ["procurement"]}, ["procurement", "stores"]),
        "information_shared": "operational",
        "management_involvement": "none",
        "joint_activities": [],
    },
    # one of three approved suppliers; many contacts on both sides; the review chaired by
    # our sales director; plant tours and a charity tournament; a competitor still quotes
    "q07": {
        "supplier_status": "one_of_few_preferred",
        "contacts": contacts(
            {"rep": ["buyer"], "technical": ["production", "quality"], "director": ["buyer"]}
        ),
        "management_involvement": "senior_reviews",
        "joint_activities": ["site_visits", "social_events"],
    },
    # a three-year sole-supplier agreement; joint development; cross-training; its
    # confidential forecast shared
    "q09": {
        "supplier_status": "sole_strategic",
        "agreements": [{"name": "film", "years": 3, "exclusive": True}],
        "information_shared": "confidential",
        "joint_activities": ["joint_product_development", "cross_training"],
        "contacts": contacts({"rnd": ["engineers"], "quality": ["plant"], "kam": ["buyer"]}),
    },
    # joint board meetings; one business plan; a shared lab; mixed process teams; "our
    # supply chain"
    "q10": {
        "supplier_status": "integrated",
        "management_involvement": "joint_board",
        "joint_activities": ["joint_business_planning", "joint_rnd", "joint_process_teams"],
    },
}


def _stage_questions(lesson) -> list:
    """Lesson 1's single-choice questions whose options are the stages themselves."""
    stages = {*STAGES, "uncoupling"}
    return [
        q for q in lesson.questions if q.type == "single" and {o.id for o in q.options} <= stages
    ]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_workshop_diagnoses_every_stage_question_of_lesson_1_as_its_key(lang):
    from kam_lessons.content import load_lesson

    questions = _stage_questions(load_lesson("01_stages", lang))
    assert {q.id for q in questions} == set(LESSON_1_SITUATIONS)  # every one, no more
    for question in questions:
        diagnosis = diagnose_stage(make(**LESSON_1_SITUATIONS[question.id]))
        assert diagnosis.stage == question.answer, question.id
        assert diagnosis.agreeing == diagnosis.known, question.id  # no indicator disagrees


def test_one_of_many_through_ordinary_sales_calls_is_pre_kam_not_only_early():
    for value, span in (("one_of_many", ("pre", "early")), ("bow_tie", ("pre", "early"))):
        indicator = "supplier_status" if value == "one_of_many" else "contacts"
        low, high = INDICATOR_RANGES[indicator][value]
        assert (STAGES[low], STAGES[high]) == span


def test_an_exclusive_agreement_never_points_to_mid_kam():
    """At mid-KAM the account is not exclusive yet (kam-facts §1.3; review E5)."""
    for years in (1, 2.5, 3, 10):
        case = make(agreements=[{"name": "x", "years": years, "exclusive": True}])
        (agreement,) = [e for e in gather_evidence(case) if e.indicator == "agreements"]
        assert not agreement.fits("mid") and agreement.low == "partnership", years
        assert diagnose_stage(case).stage == "partnership"
    # and a move towards mid never asks for one
    case = make(supplier_status="one_of_many", information_shared="operational", agreements=[])
    needs = {r.indicator: r.needed for r in diagnose_stage(case).requirements}
    assert "agreements" not in needs
