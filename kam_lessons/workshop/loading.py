"""Loading a client case: from a YAML file to a checked :class:`ClientCase`, or every mistake.

A bad file raises one :class:`~kam_lessons.errors.KamError` carrying one problem per
mistake, each naming the field, what was found and what is allowed, in the catalogue's
words (``case.errors.*``): the field errors pydantic finds (:func:`describe_case_error`)
and the checks across fields (:func:`find_problems`), together in one message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kam_lessons.content import read_yaml
from kam_lessons.errors import KamError, Problem, format_location
from kam_lessons.workshop.schema import ClientCase, is_unknown, section_model


def cases_dir() -> Path:
    """Return the folder of the sample cases (``data/cases`` in this checkout)."""
    return Path(__file__).resolve().parents[2] / "data" / "cases"


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


def _fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """Return the field names of the section at ``loc`` (empty if it is not a section)."""
    model: Any = ClientCase
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return []
        model = section_model(model.model_fields[part].annotation)
    return list(model.model_fields) if model is not None else []
