"""The methods plan: lesson 2's rules applied to a case."""

from __future__ import annotations

from kam_lessons.methods import METHOD_IDS, methods_to_lead_with
from kam_lessons.workshop.loading import cases_dir, load_case
from kam_lessons.workshop.methods_plan import plan_methods
from kam_lessons.workshop.plan import plan_account


def test_the_plan_rates_every_method_and_leads_with_what_the_account_values():
    case = load_case(cases_dir() / "sample.yaml")
    plan = plan_methods(case)
    assert tuple(plan.ratings) == METHOD_IDS
    assert plan.lead == ("technical", "service") == methods_to_lead_with(case.methods)
    assert plan.unrated == () and plan.has_reasons
    assert plan_account(case).lead_methods == plan.lead


def test_unrated_methods_are_named_in_method_order():
    plan = plan_methods(load_case(cases_dir() / "claimed_partnership.yaml"))
    assert plan.unrated and all(not plan.ratings[m].known for m in plan.unrated)
    assert list(plan.unrated) == [m for m in METHOD_IDS if m in plan.unrated]
