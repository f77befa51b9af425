"""Uncoupling risk: the warning signs present, weighed by the stage, with what answers them.

Each warning sign has a base weight (1–3) multiplied by a factor for the stage
(:data:`STAGE_FACTORS`): people signs, above all a single point of contact, weigh most
early, when single people dominate the contact; complacency weighs most in long
relationships; a competitor's quality weighs most while the account is not exclusive. A
single point of contact is read from the contact map as well as from the declared signs.
Total weight below 4 is ``low``, below 8 ``medium``, else ``high`` (no sign: ``none``).
Each sign carries its counter-action and the do/don't rules of kam-facts §3 that answer
it (``do1``–``do8``, ``dont1``–``dont6``, in the table's order). Pure functions, no
display.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kam_lessons.workshop.schema import ClientCase
from kam_lessons.workshop.stage import classify_contacts, diagnose_stage
from kam_lessons.workshop.vocabulary import STAGES, WARNING_SIGNS

#: Where a warning sign was found: named by the team, or read off the contact map.
Source = Literal["declared", "contact_map"]

RULE_IDS: tuple[str, ...] = tuple(f"do{i}" for i in range(1, 9)) + tuple(
    f"dont{i}" for i in range(1, 7)
)

#: Base weight of each warning sign, 1 (mild) to 3 (serious).
BASE_WEIGHTS: dict[str, int] = {
    "key_contact_change": 3,
    "personal_friction": 2,
    "single_point_of_contact": 2,
    "broken_promise": 3,
    "unresolved_complaints": 2,
    "complacency": 2,
    "culture_clash": 2,
    "quality_problems": 3,
    "competitor_quality": 2,
    "buyer_decline": 3,
}

_PEOPLE = {"pre": 1.5, "early": 2.0, "mid": 1.5, "partnership": 1.0, "synergistic": 0.75}
#: Stage factor per sign (1.0 where a stage is not listed).
STAGE_FACTORS: dict[str, dict[str, float]] = {
    "key_contact_change": _PEOPLE,
    "personal_friction": _PEOPLE,
    "single_point_of_contact": {"early": 2.0, "mid": 1.5},
    "broken_promise": {"pre": 1.5, "early": 1.5},
    "complacency": {"pre": 0.5, "early": 0.5, "partnership": 1.5, "synergistic": 1.5},
    # used only when the agreements are unknown: the stage tells whether the account is
    # likely exclusive (not before partnership); see :func:`stage_factor`.
    "competitor_quality": {"early": 1.5, "mid": 1.5},
}
#: A competitor's quality while no agreement is exclusive, and once one is.
COMPETITOR_FACTORS: dict[bool, float] = {False: 1.5, True: 1.0}

#: The do/don't rules of kam-facts §3 that answer each sign.
SIGN_RULES: dict[str, tuple[str, ...]] = {
    "key_contact_change": ("do1", "do4"),
    "personal_friction": ("do7", "dont4"),
    "single_point_of_contact": ("do1", "do8"),
    "broken_promise": ("do2", "do3", "dont6"),
    "unresolved_complaints": ("do3", "do5", "dont1"),
    "complacency": ("do6", "do8"),
    "culture_clash": ("do7", "dont4", "dont2"),
    "quality_problems": ("do3", "do5", "dont1"),
    "competitor_quality": ("do8", "do6", "do7"),
    "buyer_decline": ("dont5", "do2"),
}

RISK_LEVELS: tuple[tuple[float, str], ...] = ((0.0, "none"), (4.0, "low"), (8.0, "medium"))


@dataclass(frozen=True)
class RiskItem:
    """One warning sign present, its weight at this stage, and what answers it."""

    sign: str
    cause: str
    source: Source
    note: str
    people: tuple[str, ...]
    base: int
    factor: float
    rules: tuple[str, ...]

    @property
    def weight(self) -> float:
        """Return base weight × stage factor."""
        return self.base * self.factor


@dataclass(frozen=True)
class RiskAssessment:
    """The warning signs present, heaviest first, and the overall level."""

    stage: str | None
    items: tuple[RiskItem, ...]
    assessed: bool

    @property
    def total(self) -> float:
        """Return the sum of the weights."""
        return sum(i.weight for i in self.items)

    @property
    def level(self) -> Literal["none", "low", "medium", "high"]:
        """Return ``none`` (no sign), ``low`` (< 4), ``medium`` (< 8) or ``high``."""
        if not self.items:
            return "none"
        for limit, name in RISK_LEVELS[1:]:
            if self.total < limit:
                return name  # type: ignore[return-value]
        return "high"

    @property
    def causes(self) -> tuple[str, ...]:
        """Return the causes of uncoupling (kam-facts §1) behind the signs, heaviest first."""
        weights: dict[str, float] = {}
        for item in self.items:
            weights[item.cause] = weights.get(item.cause, 0.0) + item.weight
        return tuple(sorted(weights, key=lambda cause: -weights[cause]))


def stage_factor(sign: str, stage: str | None, exclusive: bool | None = None) -> float:
    """Return the factor a warning sign's base weight is multiplied by.

    A competitor's quality weighs more while no agreement is exclusive (``exclusive``:
    whether any agreement is; ``None`` when the agreements are unknown, then the stage
    decides). Every other sign: its factor for the stage (1 when the stage is unknown).
    """
    if sign == "competitor_quality" and exclusive is not None:
        return COMPETITOR_FACTORS[exclusive]
    return STAGE_FACTORS.get(sign, {}).get(stage, 1.0) if stage else 1.0


def assess_risk(case: ClientCase, stage: str | None = None) -> RiskAssessment:
    """Weigh the warning signs of uncoupling present in a case.

    Args:
        case: The case.
        stage: The stage to weigh for; by default the diagnosed stage, else the claimed
            one, else none (every factor 1).
    """
    if stage is None:
        stage = diagnose_stage(case).stage
        if stage is None and case.relationship.claimed_stage in STAGES:
            stage = case.relationship.claimed_stage
    agreements = case.relationship.agreements
    exclusive = None if agreements is None else any(a.exclusive for a in agreements)
    found: dict[str, RiskItem] = {}

    def add(sign: str | None, source: Source, note: str = "", people: tuple[str, ...] = ()) -> None:
        if sign is None or sign in found:
            return
        found[sign] = RiskItem(
            sign,
            WARNING_SIGNS[sign],
            source,
            note,
            people,
            BASE_WEIGHTS[sign],
            stage_factor(sign, stage, exclusive),
            SIGN_RULES[sign],
        )

    contacts = case.relationship.contacts
    single = classify_contacts(contacts).single_points if contacts is not None else ()
    for entry in case.warning_signs or ():
        add(
            entry.sign,
            "declared",
            entry.note,
            single if entry.sign == "single_point_of_contact" else (),
        )
    if single:
        add("single_point_of_contact", "contact_map", "", single)
    items = sorted(found.values(), key=lambda i: (-i.weight, list(WARNING_SIGNS).index(i.sign)))
    assessed = case.warning_signs is not None or bool(items)
    return RiskAssessment(stage, tuple(items), assessed)
