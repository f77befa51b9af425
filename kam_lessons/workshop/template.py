"""The blank case a team starts from (``kam case new``), generated from the schema.

Every section and field comes from the models of :mod:`kam_lessons.workshop.schema`, in
their order, with the allowed values of each choice field; the comments come from the
catalogue (``case.template.*``, ``case.fields.*``, ``case.criteria.*``,
``case.questions.*``, ``methods.names.*``). Fields with a default (notes, rationales, a
sign's note, ``talks_to``) are left out. Every value is ``unknown``, so
:func:`~kam_lessons.workshop.loading.load_case` accepts the file as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.settings import check_lang
from kam_lessons.storage import is_safe_id, write_atomic
from kam_lessons.workshop.schema import (
    ClientCase,
    Scorecard,
    WarningSign,
    allowed_values,
    section_model,
)
from kam_lessons.workshop.vocabulary import UNKNOWN


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
    check_lang(lang, "--lang")
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


def write_case_template(path: Path | str, lang: str) -> Path:
    """Write a blank client case to ``path``, commented in ``lang``; every value ``unknown``.

    Returns:
        The path written (readable by its owner only: cases are confidential).
    """
    path = Path(path)
    write_atomic(path, render_case_template(lang), mode=0o600)
    return path


def render_case_template(lang: str) -> str:
    """Return the text of a blank, commented client case in ``lang`` (no file written)."""
    out = _Template(lang)
    out.comment(t(lang, "case.template.header"))
    out.blank()
    placeholder = _quoted(t(lang, "case.template.name_placeholder"))
    out.field("name", t(lang, "case.fields.name"), 0, placeholder)
    sections = [s for s, info in ClientCase.model_fields.items() if s != "name" and _asked(info)]
    for section in sections:
        out.blank()
        out.comment(t(lang, f"case.template.{section}"))
        _WRITERS[section](out, section)
    return "\n".join(out.lines) + "\n"


class _Template:
    """The template's lines, in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []

    def blank(self) -> None:
        self.lines.append("")

    def comment(self, text: str, indent: int = 0) -> None:
        for line in text.strip().splitlines():
            self.lines.append(f"{' ' * indent}# {line}".rstrip())

    def field(self, name: str, hint: str, indent: int, value: str = UNKNOWN) -> None:
        line = f"{' ' * indent}{name}: {value}"
        hint = " ".join(hint.split())
        self.lines.append(f"{line}  # {hint}" if hint else line)

    def header(self, name: str, indent: int) -> None:
        self.lines.append(f"{' ' * indent}{name}:")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _choices(allowed: tuple[str, ...]) -> str:
    return " | ".join(allowed)


def _asked(info: object) -> bool:
    """Whether the template asks for a field: the required ones (defaults are left out)."""
    return info.is_required()  # type: ignore[attr-defined]


def _fields(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items() if _asked(info)]


def _model(parent: type[BaseModel], name: str) -> type[BaseModel]:
    found = section_model(parent.model_fields[name].annotation)
    assert found is not None, name
    return found


def _with_choices(hint: str, model: type[BaseModel], name: str) -> str:
    allowed = allowed_values(model, name)
    return f"{hint} ({_choices(allowed)})" if allowed else hint


def _analysis(out: _Template, section: str) -> None:
    out.header(section, 0)
    analysis = _model(ClientCase, section)
    for group in _fields(analysis):
        out.comment(t(out.lang, f"case.sections.{group}"), 2)
        out.header(group, 2)
        for name in _fields(_model(analysis, group)):
            out.field(name, t(out.lang, f"case.fields.analysis.{group}.{name}"), 4)


def _scores(out: _Template, section: str) -> None:
    out.header(section, 0)
    sides = [f for f in _fields(Scorecard) if section_model(Scorecard.model_fields[f].annotation)]
    for name in _fields(Scorecard):
        if name not in sides:  # the scorer
            placeholder = _quoted(t(out.lang, "case.template.scorer_placeholder"))
            out.lines.append(f"  - {name}: {placeholder}")
    for side in sides:
        out.comment(t(out.lang, f"case.groups.{side}"), 4)
        out.header(side, 4)
        for name in _fields(_model(Scorecard, side)):
            out.field(name, t(out.lang, f"case.criteria.{side}.{name}"), 6)


def _relationship(out: _Template, section: str) -> None:
    out.header(section, 0)
    model = _model(ClientCase, section)
    for name in _fields(model):
        out.comment(t(out.lang, f"case.fields.relationship.{name}"), 2)
        allowed = allowed_values(model, name)
        out.field(name, _choices(allowed) if allowed else "", 2)
        if section_model(model.model_fields[name].annotation) is not None:
            out.comment(t(out.lang, f"case.template.{name}_example"), 2)  # a list of entries


def _decision_unit(out: _Template, section: str) -> None:
    out.header(section, 0)
    model = _model(ClientCase, section)
    for name in _fields(model):
        hint = t(out.lang, f"case.fields.decision_unit.{name}")
        out.field(name, _with_choices(hint, model, name), 2)


def _methods(out: _Template, section: str) -> None:
    out.header(section, 0)
    model = _model(ClientCase, section)
    for method in _fields(model):
        out.comment(t(out.lang, f"methods.names.{method}"), 2)
        out.header(method, 2)
        for name in _fields(_model(model, method)):
            out.field(name, t(out.lang, f"case.fields.methods.{name}"), 4)


def _warning_signs(out: _Template, section: str) -> None:
    (sign,) = (f for f in _fields(WarningSign) if allowed_values(WarningSign, f))
    out.field(section, _choices(allowed_values(WarningSign, sign) or ()), 0)
    out.comment(t(out.lang, f"case.template.{section}_example"))


def _competitors(out: _Template, section: str) -> None:
    out.header(section, 0)
    model = _model(ClientCase, section)
    for n, name in enumerate(_fields(model)):
        hint = t(out.lang, f"case.fields.competitors.{name}")
        out.field(("- " if n == 0 else "  ") + name, _with_choices(hint, model, name), 2)


def _preparation(out: _Template, section: str) -> None:
    out.header(section, 0)
    for question in _fields(_model(ClientCase, section)):
        out.field(question, t(out.lang, f"case.questions.{question}"), 2)


_WRITERS: dict[str, Callable[[_Template, str], None]] = {
    "analysis": _analysis,
    "scores": _scores,
    "relationship": _relationship,
    "decision_unit": _decision_unit,
    "methods": _methods,
    "warning_signs": _warning_signs,
    "competitors": _competitors,
    "preparation": _preparation,
}
