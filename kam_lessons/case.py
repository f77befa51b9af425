"""The client case: one real key account, as a workshop team writes it down in YAML.

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
typos and are errors. A bad file raises one :class:`~kam_lessons.errors.KamError`
carrying one problem per mistake, each naming the field, what was found and what is
allowed, in the catalogue's words (``case.errors.*``).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    PlainValidator,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from kam_lessons.content import Strict, read_yaml
from kam_lessons.errors import KamError, Problem, format_location
from kam_lessons.methods import METHOD_IDS

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
CAUSES: tuple[str, ...] = ("people", "trust", "complacency", "culture", "quality", "decline")
POWER_STRUCTURE_LEVELS: tuple[str, ...] = ("none", "partly", "well")
THREAT_LEVELS: tuple[str, ...] = ("low", "medium", "high")

#: The seven criteria of the customer's position and the eight of ours (kam-facts §4).
CUSTOMER_CRITERIA: tuple[str, ...] = (
    "growth",
    "potential",
    "competition",
    "profitability",
    "need_for_us",
    "strategic_importance",
    "external_dependence",
)
OUR_CRITERIA: tuple[str, ...] = (
    "purchase_frequency",
    "knowledge",
    "relationship",
    "contacts",
    "prices",
    "reputation",
    "services",
    "advantages",
)
#: The five groups of customer-analysis criteria (kam-facts §5) and their fields.
ANALYSIS_GROUPS: dict[str, tuple[str, ...]] = {
    "profile": ("company", "industry", "importance", "location", "financial_position"),
    "purchasing": ("volume", "frequency", "range", "prices", "financial_terms"),
    "logistics": ("location", "delivery", "transport", "transport_costs", "customs", "packaging"),
    "satisfaction": ("products", "staff", "prices", "logistics", "service", "company"),
    "knowledge": ("management", "power_structure", "organisation", "partners", "future_plans"),
}
#: The questions to answer before negotiating (kam-facts §4), in order.
PREPARATION_QUESTIONS: tuple[str, ...] = (
    "differentiation",
    "complete_solution",
    "solution_weaknesses",
    "price_or_value",
    "loyalty",
    "access",
    "decision_process",
    "planned_revenue",
    "importance",
    "current_business",
    "risk",
)
DECISION_ROLES: tuple[str, ...] = (
    "first_contact",
    "decides",
    "influences",
    "technical",
    "pays",
    "influences_payment",
)

PERSON_ID = r"^[a-z0-9][a-z0-9_-]*$"
MAX_AGREEMENT_YEARS = 50


# ---------------------------------------------------------------------------
# Value validators: ``unknown`` becomes None, anything else is checked, and a bad
# value raises an error whose key names the catalogue message (``case.errors.<key>``).


def _fail(key: str, **params: object) -> PydanticCustomError:
    return PydanticCustomError("kam", key, {"key": key, **params})


def _is_unknown(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() == UNKNOWN


def _maybe(value: object) -> object:
    if value is None:
        raise _fail("empty")
    if _is_unknown(value):
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
        if item is None or isinstance(item, dict | list) or _is_unknown(item):
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


def _choice(allowed: tuple[str, ...]) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        value = _maybe(value)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lower() in allowed:
            return value.strip().lower()  # any letter case, as for unknown
        raise _fail("choice", allowed=", ".join(allowed))

    return check


def _choice_item(allowed: tuple[str, ...]) -> Callable[[object], str]:
    def check(value: object) -> str:
        if isinstance(value, str) and value.strip().lower() in allowed:
            return value.strip().lower()
        raise _fail("choice_item", allowed=", ".join(allowed))

    return check


def _list_or_unknown(allowed: tuple[str, ...]) -> Callable[[object], object]:
    # The list itself: unknown, or a list whose entries are checked one by one (so a bad
    # entry's message names its index).
    def check(value: object) -> object:
        value = _maybe(value)
        if value is not None and not isinstance(value, list | tuple):
            raise _fail("choice_list", allowed=", ".join(allowed))
        return value

    return check


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


ClaimedStage = Annotated[str | None, BeforeValidator(_choice(CLAIMABLE_STAGES))]
GoalStage = Annotated[str | None, BeforeValidator(_choice(GOAL_STAGES))]
SupplierStatus = Annotated[str | None, BeforeValidator(_choice(SUPPLIER_STATUSES))]
InformationLevel = Annotated[str | None, BeforeValidator(_choice(INFORMATION_LEVELS))]
ManagementLevel = Annotated[str | None, BeforeValidator(_choice(MANAGEMENT_LEVELS))]
PowerStructureLevel = Annotated[str | None, BeforeValidator(_choice(POWER_STRUCTURE_LEVELS))]
ThreatLevel = Annotated[str | None, BeforeValidator(_choice(THREAT_LEVELS))]
SignId = Annotated[str | None, BeforeValidator(_choice(tuple(WARNING_SIGNS)))]
ActivityList = Annotated[
    tuple[Annotated[str, BeforeValidator(_choice_item(JOINT_ACTIVITIES))], ...] | None,
    BeforeValidator(_list_or_unknown(JOINT_ACTIVITIES)),
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
        """Return the scores by criterion id, in the order of :data:`CUSTOMER_CRITERIA`."""
        return {c: getattr(self, c) for c in CUSTOMER_CRITERIA}


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
        """Return the scores by criterion id, in the order of :data:`OUR_CRITERIA`."""
        return {c: getattr(self, c) for c in OUR_CRITERIA}


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
        """Return the answers by question id, in the order of :data:`PREPARATION_QUESTIONS`."""
        return {q: getattr(self, q) for q in PREPARATION_QUESTIONS}


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


# Sections counted for completeness, in the order they are reported: the five §5 groups
# first, then the rest of the case.
SECTIONS: tuple[str, ...] = (
    *ANALYSIS_GROUPS,
    "scores",
    "relationship",
    "decision_unit",
    "methods",
    "warning_signs",
    "competitors",
    "preparation",
)


# ---------------------------------------------------------------------------
# Loading.


def cases_dir() -> Path:
    """Return the folder of the sample cases (``data/cases`` next to the package)."""
    return Path(__file__).resolve().parent.parent / "data" / "cases"


def default_case_path() -> Path:
    """Return the sample case lesson 2 uses by default (it carries reference ratings)."""
    return cases_dir() / "sample.yaml"


def sample_case_paths() -> list[Path]:
    """Return the paths of every sample case, sorted by name."""
    return sorted(cases_dir().glob("*.yaml"))


def load_case(path: Path | str) -> ClientCase:
    """Load and check a client-case file.

    Args:
        path: The YAML file.

    Returns:
        The case, with every ``unknown`` value as ``None``.

    Raises:
        KamError: If the file is missing, is not valid YAML, or does not fit the schema;
            it carries one problem per mistake (field, what was found, what is allowed).
    """
    path = Path(path)
    if path.is_dir():
        raise KamError(path, None, "case.errors.not_a_file")
    try:
        data = read_yaml(path)
    except OSError as exc:  # e.g. no permission to read it
        raise KamError(path, None, "case.errors.unreadable", detail=exc.strerror or exc) from None
    if data is None or (isinstance(data, str) and not data.strip()):
        raise KamError(path, None, "case.errors.empty_file")
    problems = find_problems(data)
    try:
        case = ClientCase.model_validate(data)
    except ValidationError as exc:
        # field errors and the checks across fields, together in one message
        error = describe_case_error(path, exc)
        places = {p.where for p in error.problems}
        extra = [p for p in problems if p.where not in places]
        raise KamError(path, problems=[*error.problems, *extra]) from None
    if problems:
        raise KamError(path, problems=problems)
    return case


def _items(value: object) -> list[tuple[int, Any]]:
    return list(enumerate(value)) if isinstance(value, list) else []


def _get(value: object, key: str) -> object:
    return value.get(key) if isinstance(value, dict) else None


def _key(value: object) -> str | None:
    if isinstance(value, str) and value.strip() and not _is_unknown(value):
        return value.strip()
    return None


def find_problems(data: object) -> list[Problem]:
    """Return the mistakes that span several fields, read from the file's raw data.

    Repeated scorers, repeated or unknown ids in the contact map, and a warning sign
    listed twice (its second note would be lost). It reads the raw data, so these are
    reported together with any field errors; entries too broken to read are skipped
    (their field errors say why).
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, card in _items(_get(data, "scores")):
        scorer = _get(card, "scorer")
        if isinstance(scorer, int | float) and not isinstance(scorer, bool):
            scorer = str(scorer)
        name = _key(scorer)
        if name is None:
            continue
        if name.casefold() in seen:
            problems.append(
                Problem(
                    f"scores[{i}].scorer", "case.errors.duplicate_scorer", {"found": repr(name)}
                )
            )
        seen.add(name.casefold())
    contacts = _get(_get(data, "relationship"), "contacts")
    ids: set[str] = set()
    for side in ("ours", "theirs"):
        for i, person in _items(_get(contacts, side)):
            pid = _get(person, "id")
            if not isinstance(pid, str):
                continue
            if pid in ids:
                problems.append(
                    Problem(
                        f"relationship.contacts.{side}[{i}].id",
                        "case.errors.duplicate_person",
                        {"found": repr(pid)},
                    )
                )
            ids.add(pid)
    theirs = [p for _, x in _items(_get(contacts, "theirs")) if isinstance(p := _get(x, "id"), str)]
    for i, person in _items(_get(contacts, "ours")):
        for j, other in _items(_get(person, "talks_to")):
            if isinstance(other, str) and other not in theirs:
                problems.append(
                    Problem(
                        f"relationship.contacts.ours[{i}].talks_to[{j}]",
                        "case.errors.unknown_person",
                        {"found": repr(other), "allowed": ", ".join(theirs)},
                    )
                )
    signs: set[str] = set()
    for i, entry in _items(_get(data, "warning_signs")):
        sign = _key(entry if isinstance(entry, str) else _get(entry, "sign"))
        if sign is None:
            continue
        if sign.lower() in signs:
            problems.append(
                Problem(f"warning_signs[{i}]", "case.errors.duplicate_sign", {"found": repr(sign)})
            )
        signs.add(sign.lower())
    return problems


# ---------------------------------------------------------------------------
# Turning pydantic's errors into catalogue messages.

_BUILTIN_KEYS = {
    "missing": "missing",
    "extra_forbidden": "unknown_field",
    "model_type": "not_a_section",
    "model_attributes_type": "not_a_section",
    "dict_type": "not_a_section",
    "list_type": "not_a_list",
    "tuple_type": "not_a_list",
    "too_short": "too_short",
    "string_type": "not_text",
    "string_pattern_mismatch": "bad_id",
    "string_too_long": "bad_id",
    "bool_type": "not_yes_no",
    "bool_parsing": "not_yes_no",
}


def describe_case_error(path: Path, exc: ValidationError) -> KamError:
    """Turn a pydantic error on a case file into a :class:`KamError`, one problem per field.

    Every message comes from the catalogue (``case.errors.*``): the field's place, what
    was found, and what is allowed there (for a missing or unknown field, the fields the
    section takes).
    """
    errors = exc.errors(include_url=False)
    inner = {tuple(e["loc"])[:n] for e in errors for n in range(len(e["loc"]))}
    problems = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and loc in inner:
            continue  # pydantic also calls a tuple short when one of its entries is bad
        ctx = dict(err.get("ctx") or {})
        kind = err["type"]
        found = _shown(err.get("input"))
        if kind == "kam":
            key = str(ctx.pop("key"))
            params: dict[str, object] = {"found": found, **ctx}
        elif kind == "extra_forbidden":
            key = "unknown_field"
            params = {"found": repr(loc[-1]), "allowed": ", ".join(_fields_at(loc[:-1]))}
        elif kind in _BUILTIN_KEYS:
            key = _BUILTIN_KEYS[kind]
            params = {"found": found, "allowed": ", ".join(_fields_at(loc)), **ctx}
        else:
            key = "invalid"
            params = {"found": found, "detail": err["msg"]}
        problems.append(
            Problem(format_location(loc) if loc else None, f"case.errors.{key}", params)
        )
    return KamError(path, problems=problems)


def _shown(found: object) -> str:
    if isinstance(found, dict):
        return "{…}"
    if isinstance(found, list | tuple):
        return "[…]"
    if found is None:
        return "null"
    if isinstance(found, bool):
        return "true" if found else "false"
    shown = repr(found)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _model_fields(annotation: Any) -> dict[str, Any] | None:
    for inner in _unwrap(annotation):
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return {name: f.annotation for name, f in inner.model_fields.items()}
    return None


def _unwrap(annotation: Any) -> Iterator[Any]:
    """Yield the types inside an annotation: through Annotated, unions, tuples and lists."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        yield from _unwrap(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, tuple, list):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis and arg is not type(None):
                yield from _unwrap(arg)
    else:
        yield annotation


def _fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """Return the field names of the section at ``loc`` (empty if it is not a section)."""
    annotation: Any = ClientCase
    for part in loc:
        if isinstance(part, int):
            continue
        fields = _model_fields(annotation)
        if fields is None or part not in fields:
            return []
        annotation = fields[part]
    return list(_model_fields(annotation) or [])


# ---------------------------------------------------------------------------
# Unknowns, for completeness.


def iter_unknowns(case: ClientCase) -> Iterator[tuple[str, str, bool]]:
    """Yield ``(section, field path, known)`` for every value that may be ``unknown``.

    Sections are those of :data:`SECTIONS` (the five §5 groups are sections of their
    own). Names, notes and rationale texts are never unknown and are not counted.
    """
    for group in ANALYSIS_GROUPS:
        yield from _walk(getattr(case.analysis, group), group, f"analysis.{group}")
    for section in SECTIONS[len(ANALYSIS_GROUPS) :]:
        value = getattr(case, section)
        if section == "warning_signs":
            yield section, section, value is not None
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                yield from _walk(item, section, f"{section}[{i}]")
        else:
            yield from _walk(value, section, section)


def _walk(model: BaseModel, section: str, prefix: str) -> Iterator[tuple[str, str, bool]]:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}.{name}"
        if _admits_none(info.annotation):
            yield section, path, value is not None
        if isinstance(value, BaseModel):
            yield from _walk(value, section, path)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk(item, section, f"{path}[{i}]")


def _admits_none(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _admits_none(typing.get_args(annotation)[0])
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


# ---------------------------------------------------------------------------
# The blank template.


def write_case_template(path: Path | str, lang: str) -> Path:
    """Write a blank client case to ``path``, commented in ``lang``; every value ``unknown``.

    :func:`load_case` accepts the file as it is. Comments come from the catalogue
    (``case.template.*``, ``case.fields.*``, ``case.criteria.*``, ``case.questions.*``).

    Returns:
        The path written.
    """
    from kam_lessons.storage import write_atomic

    path = Path(path)
    write_atomic(path, render_case_template(lang), mode=0o600)  # confidential: owner only
    return path


def new_case(name: str, folder: Path | str, lang: str) -> Path:
    """Write a blank case ``<folder>/<name>.yaml`` for a team to fill in; never overwrite one.

    Args:
        name: The case's file name, without ``.yaml``: 1–64 Latin letters, digits, ``.``,
            ``_`` or ``-`` (see :func:`kam_lessons.storage.is_safe_id`).
        folder: Where to write it (created if missing).
        lang: The language of the template's comments.

    Returns:
        The path written.

    Raises:
        KamError: If the name is not a safe file name, the language is unknown, the
            folder is a file, or the case exists already; nothing is written then.
    """
    from kam_lessons.i18n import languages
    from kam_lessons.storage import is_safe_id

    if lang not in languages():
        raise KamError(
            None, "--lang", "errors.unknown_lang", found=lang, allowed=", ".join(languages())
        )
    stem = name.removesuffix(".yaml")
    if not is_safe_id(stem):
        raise KamError(None, "NAME", "case.errors.unsafe_name", found=repr(name))
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise KamError(folder, None, "case.errors.folder_is_file")
    path = folder / f"{stem}.yaml"
    if path.exists():
        raise KamError(path, None, "case.errors.case_exists")
    return write_case_template(path, lang)


def render_case_template(lang: str) -> str:
    """Return the text of a blank, commented client case in ``lang`` (no file written)."""
    from kam_lessons.i18n import t

    out: list[str] = []

    def comment(text: str, indent: int = 0) -> None:
        for line in text.strip().splitlines():
            out.append(f"{' ' * indent}# {line}".rstrip())

    def field(name: str, hint: str, indent: int, value: str = UNKNOWN) -> None:
        line = f"{' ' * indent}{name}: {value}"
        hint = " ".join(hint.split())
        out.append(f"{line}  # {hint}" if hint else line)

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    def choices(allowed: tuple[str, ...]) -> str:
        return " | ".join(allowed)

    comment(t(lang, "case.template.header"))
    out.append("")
    field("name", t(lang, "case.fields.name"), 0, quoted(t(lang, "case.template.name_placeholder")))
    out.append("")

    comment(t(lang, "case.template.analysis"))
    out.append("analysis:")
    for group, names in ANALYSIS_GROUPS.items():
        comment(t(lang, f"case.sections.{group}"), 2)
        out.append(f"  {group}:")
        for name in names:
            field(name, t(lang, f"case.fields.analysis.{group}.{name}"), 4)
    out.append("")

    comment(t(lang, "case.template.scores"))
    out.append("scores:")
    out.append(f"  - scorer: {quoted(t(lang, 'case.template.scorer_placeholder'))}")
    for side, criteria in (("customer", CUSTOMER_CRITERIA), ("ours", OUR_CRITERIA)):
        comment(t(lang, f"case.groups.{side}"), 4)
        out.append(f"    {side}:")
        for name in criteria:
            field(name, t(lang, f"case.criteria.{side}.{name}"), 6)
    out.append("")

    comment(t(lang, "case.template.relationship"))
    out.append("relationship:")
    for name, allowed in (
        ("claimed_stage", CLAIMABLE_STAGES),
        ("goal_stage", GOAL_STAGES),
        ("supplier_status", SUPPLIER_STATUSES),
        ("information_shared", INFORMATION_LEVELS),
        ("management_involvement", MANAGEMENT_LEVELS),
    ):
        comment(t(lang, f"case.fields.relationship.{name}"), 2)
        field(name, choices(allowed), 2)
    comment(t(lang, "case.fields.relationship.agreements"), 2)
    field("agreements", "", 2)
    comment(t(lang, "case.template.agreements_example"), 2)
    comment(t(lang, "case.fields.relationship.joint_activities"), 2)
    field("joint_activities", choices(JOINT_ACTIVITIES), 2)
    comment(t(lang, "case.fields.relationship.contacts"), 2)
    field("contacts", "", 2)
    comment(t(lang, "case.template.contacts_example"), 2)
    out.append("")

    comment(t(lang, "case.template.decision_unit"))
    out.append("decision_unit:")
    for name in DECISION_ROLES:
        field(name, t(lang, f"case.fields.decision_unit.{name}"), 2)
    field(
        "power_structure_known",
        f"{t(lang, 'case.fields.decision_unit.power_structure_known')} "
        f"({choices(POWER_STRUCTURE_LEVELS)})",
        2,
    )
    out.append("")

    comment(t(lang, "case.template.methods"))
    out.append("methods:")
    for method in METHOD_IDS:
        comment(t(lang, f"methods.names.{method}"), 2)
        out.append(f"  {method}:")
        field("value", t(lang, "case.fields.methods.value"), 4)
        field("cost", t(lang, "case.fields.methods.cost"), 4)
    out.append("")

    comment(t(lang, "case.template.warning_signs"))
    field("warning_signs", choices(tuple(WARNING_SIGNS)), 0)
    comment(t(lang, "case.template.warning_signs_example"))
    out.append("")

    comment(t(lang, "case.template.competitors"))
    out.append("competitors:")
    first = True
    for name in ("name", "share", "strengths", "weaknesses", "threat"):
        hint = t(lang, f"case.fields.competitors.{name}")
        if name == "threat":
            hint = f"{hint} ({choices(THREAT_LEVELS)})"
        field(("- " if first else "  ") + name, hint, 2)
        first = False
    out.append("")

    comment(t(lang, "case.template.preparation"))
    out.append("preparation:")
    for question in PREPARATION_QUESTIONS:
        field(question, t(lang, f"case.questions.{question}"), 2)
    return "\n".join(out) + "\n"
