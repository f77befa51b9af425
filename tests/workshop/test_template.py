"""The blank case of `kam case new`: generated from the schema, it loads as it is."""

from __future__ import annotations

import pytest

from kam_lessons.i18n import languages
from kam_lessons.workshop.loading import (
    load_case,
)
from kam_lessons.workshop.preparation import (
    measure_completeness,
    review_preparation,
)
from kam_lessons.workshop.schema import (
    ANALYSIS_GROUPS,
    PREPARATION_QUESTIONS,
    SECTIONS,
)
from kam_lessons.workshop.square import (
    place_in_square,
)
from kam_lessons.workshop.stage import (
    diagnose_stage,
)
from kam_lessons.workshop.template import (
    new_case,
    render_case_template,
    write_case_template,
)


@pytest.mark.parametrize("lang", languages())
def test_template_loads_as_it_is_and_counts_everything_unknown(tmp_path, lang):
    path = write_case_template(tmp_path / "sub" / "new.yaml", lang)
    case = load_case(path)
    counts = measure_completeness(case)
    assert [c.section for c in counts] == list(SECTIONS)
    assert all(c.known == 0 and c.total > 0 for c in counts), counts
    assert {c.section: c.total for c in counts}["scores"] == 15
    assert sum(c.total for c in counts if c.is_analysis_group) == sum(
        len(fields) for fields in ANALYSIS_GROUPS.values()
    )
    assert review_preparation(case).open_questions == PREPARATION_QUESTIONS
    assert diagnose_stage(case).stage is None
    assert place_in_square(case).consensus.region is None


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("en", "How are decisions made?"),
        ("en", "Growth rate"),
        ("ru", "Как принимаются решения?"),
        ("ru", "Темп роста"),
    ],
)
def test_template_comments_are_in_the_chosen_language(lang, phrase):
    assert phrase in render_case_template(lang)


def test_template_names_every_allowed_value_next_to_its_field():
    text = render_case_template("en")
    line = next(x for x in text.splitlines() if x.strip().startswith("supplier_status:"))
    assert "one_of_many" in line and "integrated" in line


def test_template_examples_are_comments_that_load_when_uncommented(tmp_path):
    text = render_case_template("en")
    lines = text.splitlines()
    start = lines.index("  # contacts:")
    example = []
    for line in lines[start:]:
        if not line.startswith("  #"):
            break
        example.append("  " + line[4:])
    filled = text.replace("\n  contacts: unknown\n", "\n" + "\n".join(example) + "\n")
    path = tmp_path / "case.yaml"
    path.write_text(filled, encoding="utf-8")
    contacts = load_case(path).relationship.contacts
    assert contacts is not None and contacts.ours[0].talks_to == ("buyer", "quality")


@pytest.mark.parametrize(
    ("lang", "hint"), [("en", "(roles, not names)"), ("ru", "(должности, не имена)")]
)
def test_the_template_asks_for_roles_not_names(lang, hint):
    lines = render_case_template(lang).splitlines()
    assert any(line.strip().startswith("management:") and hint in line for line in lines)
    assert any("role:" in line and hint in line for line in lines)


def test_a_new_case_is_readable_by_its_owner_only(tmp_path):
    path = new_case("acme", tmp_path, "en")
    assert path.stat().st_mode & 0o777 == 0o600
