"""The client case's schema: one real key account, as a workshop team writes it in YAML.

The file is documented field by field in ``data/cases/README.md``. In short, a case
holds the customer analysis in the five groups of kam-facts §5 (``analysis``), the
relationship scores of §4 per team member (``scores``), the indicators that tell the
relationship stages apart (``relationship``), the decision-making unit by role
(``decision_unit``), value and cost of the five methods (``methods``), warning signs of
uncoupling (``warning_signs``), competitors (``competitors``) and the answers to the §4
preparation questions (``preparation``).

**Unknown values.** Where a team does not know yet, it writes the word ``unknown``
(any letter case). Internally an unknown value is ``None``; it is counted in the
completeness figures and never guessed. An empty value (``field:`` with nothing after
it) is an error, so a forgotten field is never mistaken for a known one.

Every section and every field listed in the README is required (write ``unknown``
rather than leave one out); only ``notes``, the rationale texts of the methods, a
warning sign's ``note`` and a person's ``talks_to`` have defaults. Unknown fields are
typos and are errors; a bad value raises an error whose key names the catalogue message
(``case.errors.<key>``), which :mod:`kam_lessons.workshop.loading` turns into one
problem per mistake.

**The vocabulary is the models.** The criteria, the analysis groups and their fields,
the preparation questions, the decision roles and the sections (:data:`CUSTOMER_CRITERIA`,
:data:`ANALYSIS_GROUPS`, :data:`SECTIONS`, ...) are read off the models at the end of
this module, and each choice field knows its allowed values (:func:`allowed_values`),
so the blank template and the report never keep a list of their own.
"""

from __future__ import annotations

import datetime as _dt
import math
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, PlainValidator

from kam_lessons.content import Strict
from kam_lessons.methods import METHOD_IDS
from kam_lessons.validation import invalid
from kam_lessons.workshop.vocabulary import (
    CLAIMABLE_STAGES,
    GOAL_STAGES,
    INFORMATION_LEVELS,
    JOINT_ACTIVITIES,
    MANAGEMENT_LEVELS,
    MAX_AGREEMENT_YEARS,
    PERSON_ID,
    POWER_STRUCTURE_LEVELS,
    SUPPLIER_STATUSES,
    THREAT_LEVELS,
    UNKNOWN,
    WARNING_SIGNS,
)

# ---------------------------------------------------------------------------
# Value validators: ``unknown`` becomes None, anything else is checked, and a bad
# value raises an error whose key names the catalogue message (``case.errors.<key>``).


_fail = invalid


def is_unknown(value: object) -> bool:
    """Whether a raw value is the word ``unknown`` (any letter case, spaces around)."""
    return isinstance(value, str) and value.strip().lower() == UNKNOWN


def _maybe(value: object) -> object:
    if value is None:
        raise _fail("empty")
    if is_unknown(value):
        return None
    return value


class YesNo(str):
    """A yes/no answer (a YAML boolean) in a text field: ``"yes"`` or ``"no"``.

    Shown in the report's language through the catalogue (``case.yes_no.*``).
    """

    __slots__ = ()


def _text(value: object) -> str | None:
    value = _maybe(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return YesNo("yes" if value else "no")
    if isinstance(value, int | float | _dt.date):
        return str(value)
    if not isinstance(value, str):
        raise _fail("text")
    if not value.strip():
        raise _fail("empty")
    return value.strip()


def _text_list(value: object) -> tuple[str, ...] | None:
    value = _maybe(value)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise _fail("text_list")
    out = []
    for item in value:
        if item is None or isinstance(item, dict | list) or is_unknown(item):
            raise _fail("text_list")
        out.append(str(item).strip())
    return tuple(out)


def _score(value: object) -> float | None:
    value = _maybe(value)
    if value is None:
        return None
    if isinstance(value, str):
        # "70%" and "70 %" are the same as 70; anything else is not a score.
        stripped = value.strip().removesuffix("%").strip()
        try:
            value = float(stripped)
        except ValueError:
            raise _fail("score") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("score")
    if math.isnan(value) or not 0 <= value <= 100:
        raise _fail("score")
    return float(value)


def _years(value: object) -> float:
    if value is None:
        raise _fail("empty")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail("years", most=MAX_AGREEMENT_YEARS)
    if math.isnan(value) or not 0 < value <= MAX_AGREEMENT_YEARS:
        raise _fail("years", most=MAX_AGREEMENT_YEARS)
    return float(value)


class _Choice:
    """A validator for a choice field that knows its allowed values (``allowed``).

    ``kind`` is ``one`` (a value or ``unknown``), ``item`` (one entry of a list) or
    ``list`` (the list itself: ``unknown``, or a list whose entries are checked one by
    one, so a bad entry's message names its index).
    """

    def __init__(self, allowed: tuple[str, ...], kind: str = "one") -> None:
        self.allowed = allowed
        self.kind = kind

    def __call__(self, value: object) -> object:
        if self.kind != "item":
            value = _maybe(value)
            if value is None:
                return None
        if self.kind == "list":
            if not isinstance(value, list | tuple):
                raise _fail("choice_list", allowed=", ".join(self.allowed))
            return value
        if isinstance(value, str) and value.strip().lower() in self.allowed:
            return value.strip().lower()  # any letter case, as for unknown
        key = "choice_item" if self.kind == "item" else "choice"
        raise _fail(key, allowed=", ".join(self.allowed))


def _distinct(value: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(dict.fromkeys(value))


def _name(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _fail("name")
    return value.strip()


def _sign_entry(value: object) -> object:
    # A bare id ("- broken_promise") is short for {sign: broken_promise}.
    if isinstance(value, str):
        return {"sign": value}
    return value


Text = Annotated[str | None, PlainValidator(_text)]  # plain: keeps YesNo
TextList = Annotated[tuple[str, ...] | None, BeforeValidator(_text_list)]
Score = Annotated[float | None, BeforeValidator(_score)]
Name = Annotated[str, BeforeValidator(_name)]
Years = Annotated[float, BeforeValidator(_years)]
PersonId = Annotated[str, Field(pattern=PERSON_ID, max_length=40)]


# One of a vocabulary's values, or unknown (None).
ClaimedStage = Annotated[str | None, BeforeValidator(_Choice(CLAIMABLE_STAGES))]
GoalStage = Annotated[str | None, BeforeValidator(_Choice(GOAL_STAGES))]
SupplierStatus = Annotated[str | None, BeforeValidator(_Choice(SUPPLIER_STATUSES))]
InformationLevel = Annotated[str | None, BeforeValidator(_Choice(INFORMATION_LEVELS))]
ManagementLevel = Annotated[str | None, BeforeValidator(_Choice(MANAGEMENT_LEVELS))]
PowerStructureLevel = Annotated[str | None, BeforeValidator(_Choice(POWER_STRUCTURE_LEVELS))]
ThreatLevel = Annotated[str | None, BeforeValidator(_Choice(THREAT_LEVELS))]
SignId = Annotated[str | None, BeforeValidator(_Choice(tuple(WARNING_SIGNS)))]
ActivityList = Annotated[
    tuple[Annotated[str, BeforeValidator(_Choice(JOINT_ACTIVITIES, "item"))], ...] | None,
    BeforeValidator(_Choice(JOINT_ACTIVITIES, "list")),
    AfterValidator(_distinct),
]


# ---------------------------------------------------------------------------
# The schema.


class ProfileGroup(Strict):
    """§5 group 1, the customer's profile."""

    company: Text
    industry: Text
    importance: Text
    location: Text
    financial_position: Text


class PurchasingGroup(Strict):
    """§5 group 2, purchasing facts."""

    volume: Text
    frequency: Text
    range: Text
    prices: Text
    financial_terms: Text


class LogisticsGroup(Strict):
    """§5 group 3, purchasing logistics."""

    location: Text
    delivery: Text
    transport: Text
    transport_costs: Text
    customs: Text
    packaging: Text


class SatisfactionGroup(Strict):
    """§5 group 4, the customer's satisfaction with us."""

    products: Text
    staff: Text
    prices: Text
    logistics: Text
    service: Text
    company: Text


class KnowledgeGroup(Strict):
    """§5 group 5, special knowledge of the customer."""

    management: Text
    power_structure: Text
    organisation: Text
    partners: Text
    future_plans: Text


class Analysis(Strict):
    """The customer analysis in the five groups of kam-facts §5."""

    profile: ProfileGroup
    purchasing: PurchasingGroup
    logistics: LogisticsGroup
    satisfaction: SatisfactionGroup
    knowledge: KnowledgeGroup


class CustomerScores(Strict):
    """The customer's position (attractiveness), 7 criteria, each 0–100 (100 = best for us)."""

    growth: Score
    potential: Score
    competition: Score
    profitability: Score
    need_for_us: Score
    strategic_importance: Score
    external_dependence: Score

    def values(self) -> dict[str, float | None]:
        """Return the scores by criterion id, in the order of the fields."""
        return dict(self)


class OurScores(Strict):
    """Our position with the customer, 8 criteria, each 0–100 (100 = best for us)."""

    purchase_frequency: Score
    knowledge: Score
    relationship: Score
    contacts: Score
    prices: Score
    reputation: Score
    services: Score
    advantages: Score

    def values(self) -> dict[str, float | None]:
        """Return the scores by criterion id, in the order of the fields."""
        return dict(self)


class Scorecard(Strict):
    """One team member's scores; ``scorer`` is a role or initials, never private data."""

    scorer: Name
    customer: CustomerScores
    ours: OurScores


class Agreement(Strict):
    """An agreement with the customer: what it is, its length, and whether it is exclusive."""

    name: Text
    years: Years
    exclusive: bool


class OurPerson(Strict):
    """One of our people in the contact map, and the ids of their people they talk to."""

    id: PersonId
    role: Text
    talks_to: tuple[PersonId, ...] = ()


class TheirPerson(Strict):
    """One of the customer's people in the contact map (a role or job title)."""

    id: PersonId
    role: Text


class ContactMap(Strict):
    """Who talks to whom: our people × their people."""

    ours: tuple[OurPerson, ...] = Field(min_length=1)
    theirs: tuple[TheirPerson, ...] = Field(min_length=1)


class Relationship(Strict):
    """The indicators that tell the relationship stages apart (kam-facts §1)."""

    claimed_stage: ClaimedStage
    goal_stage: GoalStage
    supplier_status: SupplierStatus
    information_shared: InformationLevel
    management_involvement: ManagementLevel
    agreements: Annotated[tuple[Agreement, ...] | None, BeforeValidator(_maybe)]
    joint_activities: ActivityList
    contacts: Annotated[ContactMap | None, BeforeValidator(_maybe)]


class DecisionUnit(Strict):
    """The decision-making unit by role (kam-facts §5): job titles, not people's details."""

    first_contact: Text
    decides: Text
    influences: TextList
    technical: Text
    pays: Text
    influences_payment: TextList
    power_structure_known: PowerStructureLevel


class MethodRating(Strict):
    """Value to the account and cost to us of one method, 0–100, with optional reasons."""

    value: Score
    cost: Score
    value_rationale: str = ""
    cost_rationale: str = ""


class MethodRatings(Strict):
    """The five methods of kam-facts §2, each rated for value and cost."""

    trust: MethodRating
    technical: MethodRating
    resource: MethodRating
    service: MethodRating
    risk: MethodRating

    def by_id(self) -> dict[str, MethodRating]:
        """Return the ratings by method id, in the order of ``METHOD_IDS``."""
        return {m: getattr(self, m) for m in METHOD_IDS}


class WarningSign(Strict):
    """A warning sign of uncoupling that the team sees, with an optional note."""

    sign: SignId
    note: str = ""


class Competitor(Strict):
    """A competitor at this account."""

    name: Text
    share: Text
    strengths: TextList
    weaknesses: TextList
    threat: ThreatLevel


class Preparation(Strict):
    """Answers to the questions of kam-facts §4, asked before negotiating."""

    differentiation: Text
    complete_solution: Text
    solution_weaknesses: Text
    price_or_value: Text
    loyalty: Text
    access: Text
    decision_process: Text
    planned_revenue: Text
    importance: Text
    current_business: Text
    risk: Text

    def answers(self) -> dict[str, str | None]:
        """Return the answers by question id, in the order of the fields."""
        return dict(self)


class ClientCase(Strict):
    """One client case file."""

    name: Name
    notes: str = ""
    analysis: Analysis
    scores: tuple[Scorecard, ...] = Field(min_length=1)
    relationship: Relationship
    decision_unit: DecisionUnit
    methods: MethodRatings
    warning_signs: Annotated[
        tuple[Annotated[WarningSign, BeforeValidator(_sign_entry)], ...] | None,
        BeforeValidator(_maybe),
    ]
    competitors: tuple[Competitor, ...]
    preparation: Preparation


if tuple(MethodRatings.model_fields) != METHOD_IDS:  # pragma: no cover - a coding error
    raise AssertionError("MethodRatings must rate the methods of kam_lessons.methods, in order")


# ---------------------------------------------------------------------------
# The vocabulary, read off the models.


def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def unwrap(annotation: Any) -> Iterator[Any]:
    """Yield the types inside an annotation: through Annotated, unions, tuples and lists."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        yield from unwrap(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, tuple, list):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis and arg is not type(None):
                yield from unwrap(arg)
    else:
        yield annotation


def section_model(annotation: Any) -> type[BaseModel] | None:
    """Return the model of a field's annotation (a section, or a list of entries), if any."""
    for inner in unwrap(annotation):
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def admits_unknown(annotation: Any) -> bool:
    """Whether a field may be ``unknown`` (its annotation admits ``None``)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return admits_unknown(typing.get_args(annotation)[0])
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def allowed_values(model: type[BaseModel], field: str) -> tuple[str, ...] | None:
    """Return the values a choice field allows (``None`` for a field that is not a choice)."""
    info = model.model_fields[field]
    for meta in info.metadata:
        check = getattr(meta, "func", None)
        if isinstance(check, _Choice):
            return check.allowed
    return None


#: The five groups of customer-analysis criteria (kam-facts §5) and their fields.
ANALYSIS_GROUPS: dict[str, tuple[str, ...]] = {
    group: _field_names(typing.cast(type[BaseModel], info.annotation))
    for group, info in Analysis.model_fields.items()
}
#: The seven criteria of the customer's position and the eight of ours (kam-facts §4).
CUSTOMER_CRITERIA: tuple[str, ...] = _field_names(CustomerScores)
OUR_CRITERIA: tuple[str, ...] = _field_names(OurScores)
#: The questions to answer before negotiating (kam-facts §4), in order.
PREPARATION_QUESTIONS: tuple[str, ...] = _field_names(Preparation)
#: The roles of the decision-making unit (every field of it but ``power_structure_known``).
DECISION_ROLES: tuple[str, ...] = tuple(
    f for f in _field_names(DecisionUnit) if allowed_values(DecisionUnit, f) is None
)
#: What the case says about each competitor.
COMPETITOR_FIELDS: tuple[str, ...] = _field_names(Competitor)
#: Sections counted for completeness, in the order they are reported: the five §5
#: groups first, then the rest of the case (every section but the name and notes).
SECTIONS: tuple[str, ...] = (
    *ANALYSIS_GROUPS,
    *(f for f in _field_names(ClientCase) if f not in ("name", "notes", "analysis")),
)
