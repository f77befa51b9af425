"""Value versus cost: rate the five methods for a client case and pick two to lead with.

The key is the case's reference ratings, which the caller's ``references`` supplies
(scoring reads no file); scored by :func:`kam_lessons.methods.score_ratings`: per
method, value and cost each 1 point within ±15 of the reference, ½ within ±30; one
point per lead method in common.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from kam_lessons.numbers import as_number
from kam_lessons.questions.base import Examples, QuestionBase, References


class ValueCost(QuestionBase):
    """Rate the value and cost of the five methods for a client case; choose two to lead with.

    ``case``: an id in ``data/cases`` or a path; a lesson parameter ``case`` overrides it.
    """

    KEY_FIELDS: ClassVar[tuple[str, ...]] = ("explain",)

    type: Literal["value_cost"]
    case: str = "sample"

    def well_formed(self, value: object) -> bool:  # noqa: D102
        if not isinstance(value, Mapping):
            return False
        ratings, lead = value.get("ratings", {}), value.get("lead", [])
        if not isinstance(ratings, Mapping) or not isinstance(lead, list | tuple):
            return False
        sides_ok = all(
            isinstance(r, Mapping) and all(as_number(r.get(side)) is not None for side in r)
            for r in ratings.values()
        )
        return sides_ok and all(isinstance(m, str) for m in lead)

    def answered(self, value: Any) -> bool:  # noqa: D102
        return bool(value.get("ratings") or value.get("lead"))

    def share(self, value: Any, references: References | None, lang: str) -> float:
        """Score against the lesson's case, never the case the answer names.

        The case named in the answer only records what the trainee saw: a file a trainee
        can edit must not choose what it is scored against.
        """
        from kam_lessons.methods import score_ratings

        reference = references(self.case, lang) if references is not None else None
        if not reference:
            return 0.0
        ratings, lead = value.get("ratings") or {}, value.get("lead") or []
        result = score_ratings(ratings, reference, lead=list(lead))
        return result.points / result.max_points if result.max_points else 0.0

    def random_answer(self, rnd: random.Random) -> Any:  # noqa: D102
        from kam_lessons.methods import METHOD_IDS

        rated = rnd.sample(METHOD_IDS, rnd.randint(0, len(METHOD_IDS)))
        ratings = {
            m: {"value": rnd.randrange(0, 101, 5), "cost": rnd.randrange(0, 101, 5)} for m in rated
        }
        return {"case": self.case, "ratings": ratings, "lead": rnd.sample(METHOD_IDS, 2)}

    def examples(self, references: References | None = None, lang: str = "en") -> Examples:  # noqa: D102
        from kam_lessons.methods import METHOD_IDS, methods_to_lead_with

        reference = (references(self.case, lang) if references else None) or {}
        ratings = {
            m: {"value": getattr(r, "value", None), "cost": getattr(r, "cost", None)}
            for m, r in reference.items()
        }
        right = {
            "case": self.case,
            "ratings": ratings,
            "lead": list(methods_to_lead_with(reference)),
        }
        far = {
            m: {"value": 100 - (r["value"] or 0), "cost": 100 - (r["cost"] or 0)}
            for m, r in ratings.items()
        }
        lead = [m for m in METHOD_IDS if m not in right["lead"]][:2]
        wrong = {"case": self.case, "ratings": far, "lead": lead}
        return Examples(right, wrong, {"ratings": {"trust": "high"}})
