"""The values a client case may hold: each list of allowed values, written down once.

These are the *values* of the case's choice fields (stages, supplier statuses, levels,
joint activities, warning signs). The *field names* (criteria, analysis groups,
preparation questions, decision roles, sections) are not listed here: they are read off
the pydantic models in :mod:`kam_lessons.workshop.schema`, so a field added to a model
is a new criterion or question everywhere at once.
"""

from __future__ import annotations

#: The word a team writes where it does not know yet (any letter case).
UNKNOWN = "unknown"

#: The relationship stages of kam-facts §1, in order (uncoupling is a break, not a step).
STAGES: tuple[str, ...] = ("pre", "early", "mid", "partnership", "synergistic")
CLAIMABLE_STAGES: tuple[str, ...] = (*STAGES, "uncoupling")
GOAL_STAGES: tuple[str, ...] = STAGES[1:]

SUPPLIER_STATUSES: tuple[str, ...] = (
    "prospect",
    "one_of_many",
    "one_of_few_preferred",
    "sole_strategic",
    "integrated",
)
INFORMATION_LEVELS: tuple[str, ...] = ("none", "basic", "operational", "confidential", "strategic")
MANAGEMENT_LEVELS: tuple[str, ...] = ("none", "occasional_reviews", "senior_reviews", "joint_board")
JOINT_ACTIVITIES: tuple[str, ...] = (
    "site_visits",
    "joint_promotion",
    "social_events",
    "joint_problem_solving",
    "joint_product_development",
    "cross_training",
    "joint_business_planning",
    "joint_rnd",
    "joint_process_teams",
    "joint_cost_reduction",
)
#: Warning signs of uncoupling, each tied to one of the six causes of kam-facts §1.
WARNING_SIGNS: dict[str, str] = {
    "key_contact_change": "people",
    "personal_friction": "people",
    "single_point_of_contact": "people",
    "broken_promise": "trust",
    "unresolved_complaints": "trust",
    "complacency": "complacency",
    "culture_clash": "culture",
    "quality_problems": "quality",
    "competitor_quality": "quality",
    "buyer_decline": "decline",
}
#: The six causes of uncoupling, in the order of their first sign.
CAUSES: tuple[str, ...] = tuple(dict.fromkeys(WARNING_SIGNS.values()))
POWER_STRUCTURE_LEVELS: tuple[str, ...] = ("none", "partly", "well")
THREAT_LEVELS: tuple[str, ...] = ("low", "medium", "high")

#: A person's id in the contact map.
PERSON_ID = r"^[a-z0-9][a-z0-9_-]*$"
MAX_AGREEMENT_YEARS = 50
