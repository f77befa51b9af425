"""Build a cohort: one folder per trainee with that trainee's copy of every lesson notebook.

Parameters are injected with papermill, without executing anything (as papermill's
``prepare_only``). The layout of a built cohort::

    OUT/
      cohort.json                  # the manifest: who, which lessons, mode
      anna.smirnova/
        01_stages.ipynb            # parameters injected, code cells hidden
        answers/01_stages.json     # written by the lesson as the trainee answers
        bank/01_stages.ru.yaml     # assessment only: the questions with no answer key

Re-building into the same folder with the same roster (or one with trainees added)
refreshes the notebooks and never touches answers. Everything is first built in a
staging folder beside ``OUT`` and moved in file by file, so a failure leaves ``OUT`` as
it was.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from kam_lessons.content import MODES, load_lesson
from kam_lessons.errors import KamError, quote_value
from kam_lessons.i18n import languages, t
from kam_lessons.paths import notebooks_root
from kam_lessons.progress import MIN_ITEMS, progress
from kam_lessons.roster import Trainee, read_roster
from kam_lessons.settings import check_lang, check_mode
from kam_lessons.storage import is_safe_id, loads_json, read_text, repair_text, write_atomic
from kam_lessons.validation import describe

if TYPE_CHECKING:  # nbformat costs ~2.5 s to import: only building notebooks needs it
    import nbformat

MANIFEST = "cohort.json"
MANIFEST_FORMAT = "kam-cohort"
ANSWERS_DIR = "answers"
BANK_DIR = "bank"


def lesson_notebooks(root: Path | None = None) -> dict[str, Path]:
    """Return ``{lesson id: notebook path}`` for every lesson notebook, in course order."""
    base = root or notebooks_root()
    return {p.stem: p for p in sorted(base.glob("[0-9][0-9]_*.ipynb"))}


@dataclass(frozen=True)
class Cohort:
    """A built cohort, as its manifest records it."""

    path: Path
    mode: str
    lessons: list[str]
    trainees: list[Trainee]
    roster: str = ""
    built: str = ""


@dataclass
class BuildResult:
    """What a build did."""

    cohort: Cohort
    added: list[str] = field(default_factory=list)
    refreshed: list[str] = field(default_factory=list)


class _ManifestTrainee(BaseModel):
    model_config = ConfigDict(extra="allow")

    trainee_id: str
    name: str
    lang: str
    email: str = ""
    idnumber: str = ""


class _Manifest(BaseModel):
    """What ``cohort.json`` must hold; fields it does not know are ignored."""

    model_config = ConfigDict(extra="allow")

    mode: str
    lessons: list[str]
    trainees: list[_ManifestTrainee]
    roster: str = ""
    built: str = ""


def read_cohort(path: Path) -> Cohort:
    """Read a cohort folder's manifest; a damaged one is a :class:`KamError` naming the fix."""
    manifest = Path(path) / MANIFEST
    if not (manifest.exists() or manifest.is_symlink()):
        raise KamError(path, None, "errors.not_a_cohort")
    try:
        data, _ = repair_text(loads_json(read_text(manifest), manifest))
        parsed = _Manifest.model_validate(data)
    except KamError as err:
        raise KamError(manifest, None, "errors.manifest_damaged", detail=err.problems[0]) from None
    except ValidationError as exc:
        first = describe(manifest, exc, model=_Manifest).problems[0]
        raise KamError(manifest, None, "errors.manifest_damaged", detail=first) from None
    unsafe = [t.trainee_id for t in parsed.trainees if not is_safe_id(t.trainee_id)]
    unsafe += [lid for lid in parsed.lessons if not is_safe_id(lid)]
    unsafe += [t.lang for t in parsed.trainees if t.lang not in languages()]
    if unsafe or parsed.mode not in MODES:
        found = ", ".join(quote_value(u) for u in unsafe[:5]) or f"mode {quote_value(parsed.mode)}"
        raise KamError(manifest, None, "errors.manifest_damaged", detail=found)
    return Cohort(
        Path(path),
        parsed.mode,
        list(parsed.lessons),
        [Trainee(t.trainee_id, t.name, t.lang, t.email, t.idnumber) for t in parsed.trainees],
        parsed.roster,
        parsed.built,
    )


def write_manifest(cohort: Cohort, folder: Path) -> None:
    """Write a cohort's manifest (``cohort.json``) into ``folder``."""
    from kam_lessons.answers import now

    data = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "roster": cohort.roster,
        "built": now(),
        "mode": cohort.mode,
        "lessons": cohort.lessons,
        "trainees": [
            {
                "trainee_id": t.trainee_id,
                "name": t.name,
                "lang": t.lang,
                **({"email": t.email} if t.email else {}),
                **({"idnumber": t.idnumber} if t.idnumber else {}),
            }
            for t in cohort.trainees
        ],
    }
    write_atomic(folder / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _check_out_folder(out: Path, trainees: list[Trainee]) -> Cohort | None:
    if not out.exists():
        return None
    if not out.is_dir():
        raise KamError(out, None, "errors.out_not_folder")
    if not any(out.iterdir()):
        return None
    if not (out / MANIFEST).exists():
        raise KamError(out, None, "errors.out_not_cohort")
    existing = read_cohort(out)
    ids = {t.trainee_id for t in trainees}
    others = [t.trainee_id for t in existing.trainees if t.trainee_id not in ids]
    if others:
        raise KamError(out, None, "errors.out_other_cohort", others=", ".join(others[:5]))
    return existing


def prepare_notebook(
    source: Path | nbformat.NotebookNode, parameters: dict[str, object]
) -> nbformat.NotebookNode:
    """Return a lesson notebook with ``parameters`` injected (papermill) and its code hidden.

    ``source`` is a notebook file, or one already loaded (it is copied, never changed).
    """
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    node = (
        copy.deepcopy(source)
        if isinstance(source, nbformat.NotebookNode)
        else load_notebook_node(str(source))
    )
    nb = parameterize_notebook(node, parameters, kernel_name="python3", language="python")
    # whatever the source holds (a notebook saved from a session), a trainee's copy starts
    # clean: no outputs, no execution counts, no widget state
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    return nb


def _build_trainee(
    folder: Path,
    trainee: Trainee,
    mode: str,
    notebooks: dict[str, Path],
    loaded: dict[str, nbformat.NotebookNode],
) -> None:
    for lesson_id, source in notebooks.items():
        bank = ""
        if mode == "assessment":
            from kam_lessons.content import write_stripped_lesson

            bank = f"{BANK_DIR}/{lesson_id}.{trainee.lang}.yaml"
            write_stripped_lesson(load_lesson(lesson_id, trainee.lang), folder / bank)
        nb = prepare_notebook(
            loaded[lesson_id],
            {
                "trainee_id": trainee.trainee_id,
                "trainee_name": trainee.name,
                "lang": trainee.lang,
                "mode": mode,
                "answers_dir": ANSWERS_DIR,
                "bank": bank,
            },
        )
        import nbformat

        write_atomic(folder / source.name, nbformat.writes(nb))


def build_cohort(
    roster: Path,
    out: Path,
    lang: str = "en",
    mode: str | None = None,
    notebooks: dict[str, Path] | None = None,
) -> BuildResult:
    """Build (or refresh) one workbook folder per trainee of ``roster`` under ``out``.

    Args:
        roster: the roster CSV.
        out: the cohort folder; new, empty, or a cohort built from this roster before.
        lang: the language of trainees whose roster row names none.
        mode: ``practice`` or ``assessment`` (assessment workbooks carry no answer key).
            By default a rebuilt cohort keeps the mode it has, and a new one is practice:
            a late trainee added to an assessment never turns it into practice.
        notebooks: the lesson notebooks to copy (default: every one in ``notebooks/``).
    """
    out = Path(out)
    if mode is not None:
        check_mode(mode, "--mode")
    check_lang(lang, "--lang")
    trainees = read_roster(Path(roster), lang)
    notebooks = notebooks if notebooks is not None else lesson_notebooks()
    for lesson_id in notebooks:  # every language a trainee needs must exist: fail before writing
        for trainee_lang in sorted({trainee.lang for trainee in trainees}):
            load_lesson(lesson_id, trainee_lang)
    existing = _check_out_folder(out, trainees)
    mode = mode or (existing.mode if existing else "practice")
    cohort = Cohort(out, mode, list(notebooks), trainees, str(roster))
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.building-"))
    try:
        from papermill.iorw import load_notebook_node

        loaded = {lid: load_notebook_node(str(path)) for lid, path in notebooks.items()}
        files = len(trainees) * len(notebooks)  # a bar for a few hundred files or more
        shown = len(trainees) if files >= MIN_ITEMS else 0
        for trainee in progress(trainees, shown, t(lang, "cli.building")):
            _build_trainee(staging / trainee.trainee_id, trainee, mode, notebooks, loaded)
        write_manifest(cohort, staging)
        known = {t.trainee_id for t in existing.trainees} if existing else set()
        result = BuildResult(cohort)
        for trainee in trainees:
            (result.refreshed if trainee.trainee_id in known else result.added).append(
                trainee.trainee_id
            )
        _move_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _move_in(staging: Path, out: Path) -> None:
    """Move every built file into ``out`` (manifest last), keeping files that were not rebuilt."""
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in staging.rglob("*") if p.is_file() and p.name != MANIFEST)
    for src in files:
        dest = out / src.relative_to(staging)
        dest.parent.mkdir(parents=True, exist_ok=True)
        src.replace(dest)
    (staging / MANIFEST).replace(out / MANIFEST)
