"""Cases built for the workshop tests: from the sample, from the blank template, in code."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from kam_lessons.errors import KamError
from kam_lessons.i18n import t
from kam_lessons.workshop.loading import (
    default_case_path,
    load_case,
)
from kam_lessons.workshop.page import stylesheet
from kam_lessons.workshop.schema import (
    CUSTOMER_CRITERIA,
    OUR_CRITERIA,
    ClientCase,
)
from kam_lessons.workshop.template import (
    render_case_template,
)

from ..conftest import DATA

SAMPLE = default_case_path()


def sample_data() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list:
    with pytest.raises(KamError) as info:
        load_case(path)
    assert info.value.path == path
    return info.value.problems


def set_at(data: dict, path: str, value: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if part.isdigit() else data[part]
    data[int(last) if last.isdigit() else last] = value


def delete_at(data: dict, path: str) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data[int(part)] if part.isdigit() else data[part]
    del data[last]


BLANK = yaml.safe_load(render_case_template("en"))


def contacts(links: dict[str, list[str]], theirs: list[str] | None = None) -> dict:
    """A contact map: our person id -> their ids; their people default to those named."""
    named = theirs or sorted({x for xs in links.values() for x in xs}) or ["buyer"]
    return {
        "ours": [{"id": o, "role": o, "talks_to": xs} for o, xs in links.items()],
        "theirs": [{"id": x, "role": x} for x in named],
    }


BOW_TIE = contacts({"kam": ["buyer"]}, ["buyer", "quality", "director"])


FUNNEL_THEIRS = contacts({"kam": ["buyer"], "engineer": ["buyer"], "logistics": ["buyer"]})


DIAMOND = contacts(
    {"kam": ["buyer", "director"], "engineer": ["quality"], "logistics": ["warehouse"]}
)


def make(
    scores: list[dict] | None = None, warning_signs: object = "unknown", **relationship: object
) -> ClientCase:
    """A blank case with some relationship indicators, scores or warning signs filled in."""
    data = yaml.safe_load(yaml.safe_dump(BLANK))
    data["relationship"].update(relationship)
    data["warning_signs"] = warning_signs
    if scores is not None:
        data["scores"] = scores
    return ClientCase.model_validate(data)


def scorer(name: str, customer: float | list, ours: float | list) -> dict:
    cust = customer if isinstance(customer, list) else [customer] * 7
    our = ours if isinstance(ours, list) else [ours] * 8
    return {
        "scorer": name,
        "customer": dict(zip(CUSTOMER_CRITERIA, cust, strict=True)),
        "ours": dict(zip(OUR_CRITERIA, our, strict=True)),
    }


MID = {
    "supplier_status": "one_of_few_preferred",
    "contacts": DIAMOND,
    "information_shared": "operational",
    "management_involvement": "senior_reviews",
}


SYNERGY = {
    "supplier_status": "integrated",
    "contacts": DIAMOND,
    "information_shared": "strategic",
    "management_involvement": "joint_board",
    "agreements": [{"name": "Alliance", "years": 7, "exclusive": True}],
    "joint_activities": ["joint_process_teams"],
}


CASES = DATA / "cases"


def visible(text: str) -> str:
    """The text a reader sees: no style block, no tags, entities decoded."""
    text = text.replace(stylesheet(), "")
    text = re.sub(r"<svg.*?</svg>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def svgs(text: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", text, flags=re.S)


def stage_name(lang: str, stage: str) -> str:
    return t(lang, f"case.stages.{stage}.name")


def dec(number: str, lang: str) -> str:
    """A number as the report shows it: Russian uses a decimal comma."""
    return number.replace(".", ",") if lang == "ru" else number


NASTY = "<script>alert('x')</script>"


IMG = '<img src=x onerror="alert(1)">'


def nasty_case(tmp_path):
    data = yaml.safe_load(default_case_path().read_text(encoding="utf-8"))
    data["name"] = NASTY
    data["notes"] = IMG
    data["scores"][0]["scorer"] = NASTY
    data["relationship"]["contacts"]["ours"][0]["role"] = IMG
    data["relationship"]["contacts"]["theirs"][0]["role"] = "</table>" + NASTY
    data["relationship"]["agreements"][0]["name"] = NASTY
    data["warning_signs"][0]["note"] = "</td></tr></table>" + NASTY
    data["methods"]["trust"]["value_rationale"] = NASTY
    data["competitors"][0]["name"] = NASTY
    data["competitors"][0]["strengths"] = [IMG]
    data["decision_unit"]["decides"] = NASTY
    data["preparation"]["loyalty"] = "**bold** " + NASTY
    path = tmp_path / "nasty.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def score_140(tmp_path):
    data = yaml.safe_load(default_case_path().read_text(encoding="utf-8"))
    data["scores"][1]["customer"]["growth"] = 140
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path
