"""One translator from pydantic's validation errors to catalogue messages, for every file kind.

Lesson files, answers files, the cohort's manifest and client cases are pydantic models;
when one does not fit, each error becomes a :class:`~kam_lessons.errors.Problem` with a
catalogue key, so the message is in the user's language and never pastes pydantic's
English. A file kind may word a key its own way (``case.errors.missing`` says to write
``unknown``); any key it does not word comes from ``errors.validation``.

A model's own checks raise :func:`invalid` (a ``kam`` error carrying its catalogue key
and values) instead of a ``ValueError`` with an English sentence.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from kam_lessons.errors import KamError, Problem, format_location, quote_value

GENERAL = "errors.validation"

# pydantic's error types, by the catalogue key that words them.
KINDS = {
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
    "int_type": "not_a_number",
    "int_parsing": "not_a_number",
    "int_from_float": "not_a_number",
    "float_type": "not_a_number",
    "float_parsing": "not_a_number",
    "finite_number": "not_a_number",
    "greater_than": "above",
    "greater_than_equal": "at_least",
    "less_than": "below",
    "less_than_equal": "at_most",
    "literal_error": "not_one_of",
    "union_tag_invalid": "unknown_type",
    "union_tag_not_found": "no_type",
}


def invalid(key: str, **params: object) -> PydanticCustomError:
    """Return the error a model's own check raises: a catalogue key and its values."""
    return PydanticCustomError("kam", key, {"key": key, **params})


def describe(
    path: Path | str | None,
    exc: ValidationError,
    *,
    model: type[BaseModel] | None = None,
    area: str = GENERAL,
    unions: Mapping[str, Collection[str]] | None = None,
) -> KamError:
    """Turn a pydantic error into a :class:`KamError` with one problem per field.

    Args:
        path: the file that did not fit.
        exc: pydantic's error.
        model: the model the file was read as, so a missing or unknown field can be told
            which fields its section takes.
        area: the catalogue area wording this file kind's messages (``case.errors``);
            keys it lacks come from ``errors.validation``.
        unions: per list field holding a discriminated union (``questions``), its tags
            (the question types): pydantic puts the tag after the index
            (``questions[3].single.answer``); the message leaves it out.
    """
    from kam_lessons.i18n import catalogue

    words = catalogue("en")
    errors = exc.errors(include_url=False)
    inner = {tuple(e["loc"])[:n] for e in errors for n in range(len(e["loc"]))}
    problems = []
    for err in errors:
        loc = _without_tags(tuple(err["loc"]), unions or {})
        if err["type"] == "too_short" and tuple(err["loc"]) in inner:
            continue  # pydantic also calls a list short when one of its entries is bad
        ctx = dict(err.get("ctx") or {})
        kind = err["type"]
        found = quote_value(err.get("input"))
        params: dict[str, object]
        if kind == "kam":
            name = str(ctx.pop("key"))
            params = {"found": found, **ctx}
        elif kind == "extra_forbidden":
            name = "unknown_field"
            params = {"found": repr(loc[-1]), "allowed": ", ".join(_fields_at(model, loc[:-1]))}
        else:
            name = KINDS.get(kind, "invalid")
            params = {"found": found, "allowed": ", ".join(_fields_at(model, loc)), **ctx}
            if kind == "literal_error":
                params["expected"] = ctx.get("expected", "")
            if kind in ("union_tag_invalid", "union_tag_not_found"):
                params["found"] = quote_value(ctx.get("tag", err.get("input")))
                params["allowed"] = ", ".join(str(t) for t in (unions or {}).get("questions", ()))
        key = f"{area}.{name}" if f"{area}.{name}" in words else f"{GENERAL}.{name}"
        problems.append(Problem(format_location(loc) if loc else None, key, params))
    return KamError(path, problems=problems)


def _without_tags(
    loc: tuple[int | str, ...], unions: Mapping[str, Collection[str]]
) -> tuple[int | str, ...]:
    kept: list[int | str] = []
    for part in loc:
        list_field = kept[-2] if len(kept) >= 2 and isinstance(kept[-1], int) else None
        if isinstance(list_field, str) and list_field in unions and part in unions[list_field]:
            continue
        kept.append(part)
    return tuple(kept)


def _fields_at(model: type[BaseModel] | None, loc: tuple[int | str, ...]) -> list[str]:
    """Return the field names of the section at ``loc`` (empty if it is not a section)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return []
        current = model_of(current.model_fields[part].annotation)
    return list(current.model_fields) if current is not None else []


def model_of(annotation: Any) -> type[BaseModel] | None:
    """Return the model inside a field's annotation (a section, or a list of entries), if any."""
    for inner in _unwrap(annotation):
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple, dict):
        return [leaf for arg in typing.get_args(annotation) for leaf in _unwrap(arg)]
    return [annotation]
