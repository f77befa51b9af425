"""Loading a client case: from a YAML file to a checked :class:`ClientCase`, or every mistake.

A bad file raises one :class:`~kam_lessons.errors.KamError` carrying one problem per
mistake, each naming the field, what was found and what is allowed, in the catalogue's
words (``case.errors.*``): the field errors pydantic finds (:func:`kam_lessons.validation.describe`)
and the checks across fields (:func:`find_problems`), together in one message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kam_lessons import paths
from kam_lessons.errors import KamError, Problem
from kam_lessons.storage import read_yaml
from kam_lessons.validation import describe
from kam_lessons.workshop.schema import ClientCase, is_unknown


def cases_dir() -> Path:
    """Return the folder of the sample cases (``data/cases`` in this checkout)."""
    return paths.cases_dir()


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
        error = describe(path, exc, model=ClientCase, area="case.errors")
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
    if isinstance(value, str) and value.strip() and not is_unknown(value):
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
