"""The vocabulary: the allowed values are listed once; the field names are the models'."""

from __future__ import annotations

import pytest

from kam_lessons.methods import METHOD_IDS
from kam_lessons.workshop import schema, vocabulary
from kam_lessons.workshop.schema import (
    ANALYSIS_GROUPS,
    COMPETITOR_FIELDS,
    CUSTOMER_CRITERIA,
    DECISION_ROLES,
    OUR_CRITERIA,
    PREPARATION_QUESTIONS,
    SECTIONS,
    Analysis,
    ClientCase,
    Competitor,
    CustomerScores,
    DecisionUnit,
    MethodRatings,
    OurScores,
    Preparation,
    Relationship,
    WarningSign,
    allowed_values,
)


def test_field_names_are_read_off_the_models():
    assert tuple(CustomerScores.model_fields) == CUSTOMER_CRITERIA
    assert tuple(OurScores.model_fields) == OUR_CRITERIA
    assert tuple(Preparation.model_fields) == PREPARATION_QUESTIONS
    assert tuple(Competitor.model_fields) == COMPETITOR_FIELDS
    assert tuple(ANALYSIS_GROUPS) == tuple(Analysis.model_fields)
    assert (*DECISION_ROLES, "power_structure_known") == tuple(DecisionUnit.model_fields)
    assert tuple(MethodRatings.model_fields) == METHOD_IDS


def test_kam_facts_counts():  # §4: 7 + 8 criteria and 11 questions; §5: five groups
    assert (len(CUSTOMER_CRITERIA), len(OUR_CRITERIA), len(PREPARATION_QUESTIONS)) == (7, 8, 11)
    assert len(ANALYSIS_GROUPS) == 5 and len(DECISION_ROLES) == 6


def test_sections_are_the_case_file_sections_with_the_analysis_groups_first():
    rest = [f for f in ClientCase.model_fields if f not in ("name", "notes", "analysis")]
    assert (*ANALYSIS_GROUPS, *rest) == SECTIONS


@pytest.mark.parametrize(
    ("model", "field", "allowed"),
    [
        (Relationship, "claimed_stage", vocabulary.CLAIMABLE_STAGES),
        (Relationship, "goal_stage", vocabulary.GOAL_STAGES),
        (Relationship, "supplier_status", vocabulary.SUPPLIER_STATUSES),
        (Relationship, "joint_activities", vocabulary.JOINT_ACTIVITIES),
        (WarningSign, "sign", tuple(vocabulary.WARNING_SIGNS)),
        (Competitor, "threat", vocabulary.THREAT_LEVELS),
        (DecisionUnit, "power_structure_known", vocabulary.POWER_STRUCTURE_LEVELS),
        (Competitor, "name", None),
    ],
)
def test_each_choice_field_knows_its_allowed_values(model, field, allowed):
    assert allowed_values(model, field) == allowed


def test_causes_are_those_of_the_signs_in_order():
    assert vocabulary.CAUSES == ("people", "trust", "complacency", "culture", "quality", "decline")


def test_the_schema_lists_no_vocabulary_of_its_own():
    names = {n for n in dir(vocabulary) if n.isupper()}
    assert all(getattr(schema, n) is getattr(vocabulary, n) for n in names if hasattr(schema, n))


def test_the_square_criteria_are_the_same_in_the_lesson_exercise_and_the_case_schema():
    """Declared twice (scoring may not import workshop code): this keeps them one list."""
    from kam_lessons.questions.square import CRITERIA
    from kam_lessons.workshop.schema import CUSTOMER_CRITERIA, OUR_CRITERIA

    assert CRITERIA == {"customer": CUSTOMER_CRITERIA, "ours": OUR_CRITERIA}
