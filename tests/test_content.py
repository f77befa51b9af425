"""Content: every lesson file is valid, the languages agree, and lesson 1 teaches what it must."""

from __future__ import annotations

import re

import pytest
import yaml

from kam_lessons.casebook import load_lesson_case
from kam_lessons.content import FreeText, ValueCost, content_root, lesson_ids, load_lesson
from kam_lessons.i18n import catalogue, languages, t
from kam_lessons.notebook import lesson_notebook
from kam_lessons.workbook import lesson_notebooks

from .conftest import all_lessons


def test_the_course_has_english_and_russian():
    assert languages()[:1] == ["en"] and "ru" in languages()


@pytest.mark.parametrize(("lesson_id", "lang"), all_lessons())
def test_every_lesson_file_is_valid_and_keyed(lesson_id, lang):
    lesson = load_lesson(lesson_id, lang)
    assert lesson.lesson == lesson_id and lesson.lang == lang
    for q in lesson.questions:
        if isinstance(q, ValueCost):
            load_lesson_case(q.case, lang)  # the case exists and has every reference rating
        elif q.auto_scored:
            assert q.answer is not None, f"{q.id} has no answer key"
        if q.auto_scored:
            assert q.explain.strip(), f"{q.id} has no explanation of the right answer"


def _shape(lesson):
    """Everything that must be equal across languages: ids, types, points, keys."""
    return {
        "sections": [(s.id, s.chart, s.questions) for s in lesson.sections],
        "questions": [
            q.model_dump(
                exclude={"prompt", "explain", "rubric", "placeholder", "unit"}, mode="json"
            )
            for q in lesson.questions
        ],
        "labels": {group: sorted(words) for group, words in lesson.labels.items()},
    }


def _strip_text(value):
    if isinstance(value, dict):
        return {k: _strip_text(v) for k, v in value.items() if k != "text"}
    if isinstance(value, list):
        return [_strip_text(v) for v in value]
    return value


@pytest.mark.parametrize("lesson_id", lesson_ids())
@pytest.mark.parametrize("lang", [x for x in languages() if x != "en"])
def test_languages_carry_the_same_ids_types_and_answer_keys(lesson_id, lang):
    assert _strip_text(_shape(load_lesson(lesson_id, lang))) == _strip_text(
        _shape(load_lesson(lesson_id, "en"))
    )


@pytest.mark.parametrize("lang", languages())
def test_every_catalogue_has_every_english_key_and_placeholder(lang):
    english, other = catalogue("en"), catalogue(lang)
    assert sorted(english) == sorted(other)
    for key, text in english.items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", other[key])), key


def test_a_missing_key_falls_back_to_english_then_to_the_key():
    assert t("xx", "ui.check") == "Check"
    assert t("en", "ui.no_such_key") == "ui.no_such_key"


def test_lesson_1_has_enough_exercises_of_enough_types(lesson1):
    types = {q.type for q in lesson1.questions}
    assert len(lesson1.questions) >= 12 and len(types) >= 5
    assert "text" in types and "ordering" in types and "matching" in types
    assert sum(isinstance(q, FreeText) for q in lesson1.questions) >= 1


def test_lesson_1_orders_the_five_stages_of_the_model(lesson1):
    order = [q for q in lesson1.questions if q.type == "ordering"]
    assert any(
        list(q.answer) == ["pre", "early", "mid", "partnership", "synergistic"] for q in order
    )


@pytest.mark.parametrize("lang", languages())
def test_lesson_1_names_all_six_stages_and_draws_them(lang):
    lesson = load_lesson("01_stages", lang)
    assert set(lesson.labels["stages"]) == {
        "pre",
        "early",
        "mid",
        "partnership",
        "synergistic",
        "uncoupling",
    }
    assert any(s.chart == "stages" for s in lesson.sections)
    text = " ".join(s.body for s in lesson.sections)
    for name in lesson.labels["stages"].values():
        assert name.split()[0].lower() in text.lower(), name


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["key people", "trust", "complacen", "culture", "quality", "decline"]),
        ("ru", ["ключев", "довери", "самоуспокоен", "культур", "качеств", "ухудшение положения"]),
    ],
)
def test_lesson_1_teaches_every_cause_of_uncoupling(lang, words):
    lesson = load_lesson("01_stages", lang)
    section = next(s for s in lesson.sections if s.id == "uncoupling")
    for word in words:
        assert word in section.body.lower(), word


def test_course_files_have_no_stripped_marker():
    for path in content_root().glob("*.yaml"):
        assert not yaml.safe_load(path.read_text(encoding="utf-8")).get("key_stripped"), path


@pytest.mark.parametrize("lesson_id", lesson_ids())
def test_committed_notebooks_are_the_generated_ones(lesson_id):
    """A notebook shows every section of its lesson: regenerate with
    ``python -m kam_lessons.notebook`` after changing sections."""
    import nbformat

    committed = nbformat.read(lesson_notebooks()[lesson_id], as_version=4)
    expected = lesson_notebook(lesson_id)
    assert [c.source for c in committed.cells] == [c.source for c in expected.cells]
    for cell in committed.cells:
        assert not cell.get("outputs"), "committed notebooks carry no outputs"
        if cell.cell_type == "code":
            assert cell.metadata["jupyter"]["source_hidden"] is True


TACTICS = {"trust": 6, "technical": 4, "resource": 4, "service": 5, "risk": 7}  # kam-facts §2


@pytest.mark.parametrize("lang", languages())
def test_lesson_2_sorts_every_one_of_the_26_tactics_to_its_method(lang):
    lesson = load_lesson("02_methods", lang)
    sorted_items: dict[str, str] = {}
    for q in lesson.questions:
        if q.type == "categorize" and {b.id for b in q.bins} == set(TACTICS):
            for item in q.items:
                assert item.text not in sorted_items, f"{item.text} sorted twice"
                sorted_items[item.text] = q.answer[item.id]
    per_method = {m: sum(1 for v in sorted_items.values() if v == m) for m in TACTICS}
    assert per_method == TACTICS
    assert set(lesson.labels["methods"]) == set(TACTICS)


@pytest.mark.parametrize("lang", languages())
def test_lesson_2_has_enough_exercises_and_the_value_cost_exercise(lang):
    lesson = load_lesson("02_methods", lang)
    assert len(lesson.questions) >= 12 and len({q.type for q in lesson.questions}) >= 4
    assert any(q.type == "value_cost" for q in lesson.questions)
    assert lesson.parameters == {"case": "sample"}
    assert set(lesson.labels["regions"]) == {"quick_win", "lead", "keep_up", "reconsider"}


@pytest.mark.parametrize("lang", languages())
def test_lesson_3_names_8_dos_and_6_donts_and_sorts_more_than_the_table(lang):
    lesson = load_lesson("03_dos_donts", lang)
    rules = lesson.labels["rules"]
    assert sorted(rules) == sorted(
        [f"do{i}" for i in range(1, 9)] + [f"dont{i}" for i in range(1, 7)]
    )
    sorting = [
        q
        for q in lesson.questions
        if q.type == "categorize" and {b.id for b in q.bins} == {"do", "dont"}
    ]
    statements = [i for q in sorting for i in q.items]
    assert len(statements) >= 14 + 6  # the table's rules and reworded variants of them
    answers = [q.answer[i.id] for q in sorting for i in q.items]
    assert answers.count("do") >= 8 and answers.count("dont") >= 6
    assert len(lesson.questions) >= 12
    assert sum(q.type == "text" for q in lesson.questions) >= 1
    scenarios = [q for q in lesson.questions if q.type == "single"]
    assert len(scenarios) >= 5


def test_a_bad_field_deep_in_a_lesson_file_is_named_exactly(tmp_path):
    from kam_lessons.content import load_lesson_file
    from kam_lessons.errors import KamError

    data = yaml.safe_load((content_root() / "01_stages.en.yaml").read_text(encoding="utf-8"))
    data["questions"][0]["options"][0]["text"] = ["not", "text"]
    path = tmp_path / "01_stages.en.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KamError) as err:
        load_lesson_file(path)
    assert f"{path}, questions[0].options[0].text: found […]; allowed: text." in err.value.render(
        "en"
    )


def test_every_lesson_has_its_notebook():
    assert list(lesson_notebooks()) == lesson_ids()


def test_a_key_given_twice_in_a_yaml_file_is_refused_not_silently_overwritten(tmp_path):
    from kam_lessons.content import read_yaml
    from kam_lessons.errors import KamError

    path = tmp_path / "case.yaml"
    path.write_text("scores:\n  growth: 75\n  potential: 60\n  growth: 10\n", encoding="utf-8")
    with pytest.raises(KamError) as err:
        read_yaml(path)
    assert f"{path}, line 4: the key 'growth' is given a second time (first on line 2)" in (
        err.value.render("en")
    )
    path.write_text("a:\n  x: 1\nb:\n  x: 2\n", encoding="utf-8")  # same key, other mappings
    assert read_yaml(path) == {"a": {"x": 1}, "b": {"x": 2}}


def _longest_option_cue(question) -> tuple[float, float, float]:
    """For one single-choice question: (hit, p, ratio).

    ``hit`` is what a trainee who always picks the longest option (at random among
    options of equal length) scores on it: 1 when the key alone is the longest,
    1/k when it ties with k - 1 others, else 0. ``p`` is the chance of a blind
    guess, 1/len(options). ``ratio`` is the key's length over the longest
    distractor's, in characters.
    """
    lengths = {o.id: len(o.text.strip()) for o in question.options}
    key = lengths[question.answer]
    longest = max(lengths.values())
    tied = sum(1 for n in lengths.values() if n == longest)
    distractor = max(n for oid, n in lengths.items() if oid != question.answer)
    return (1 / tied if key == longest else 0.0), 1 / len(lengths), key / distractor


@pytest.mark.parametrize(("lesson_id", "lang"), all_lessons())
def test_the_longest_option_gives_no_more_away_than_a_blind_guess(lesson_id, lang):
    """Length is no cue to the key of a single-choice question.

    Picking the longest option must do no better, over a lesson's single-choice
    questions, than guessing blindly (the sum of 1/len(options)) plus a margin of
    one standard deviation of that guess (sqrt of the sum of p(1 - p)), and never
    less than one item: with 9-10 questions of 3-5 options that is about 1.3-1.4
    items, so one or two unlucky keys pass while a habit (the key usually the
    longest) fails. And no key may stand out by length on its own: at most 1.5
    times the characters of the longest distractor.
    """
    singles = [q for q in load_lesson(lesson_id, lang).questions if q.type == "single"]
    if not singles:
        pytest.skip(f"{lesson_id} has no single-choice questions")
    cues = {q.id: _longest_option_cue(q) for q in singles}
    hits = sum(hit for hit, _, _ in cues.values())
    chance = sum(p for _, p, _ in cues.values())
    margin = max(1.0, sum(p * (1 - p) for _, p, _ in cues.values()) ** 0.5)
    longest = sorted(qid for qid, (hit, _, _) in cues.items() if hit)
    assert hits <= chance + margin, (
        f"the key is the longest option in {hits:g} of {len(singles)} single-choice questions"
        f" ({', '.join(longest)}); a blind guess gets {chance:.2f}, allowed {chance + margin:.2f}"
    )
    too_long = {qid: round(r, 2) for qid, (_, _, r) in cues.items() if r > 1.5}
    assert not too_long, f"keys more than 1.5x the longest distractor: {too_long}"


# --- learning objectives: one list per language, taught in the prose, tested by scoring ---

#: The 58 numbered facts of kam-facts.md, as the objectives' ``fact`` names them.
NUMBERED_FACTS = [
    *(f"§1.{i}" for i in range(7)),  # §1.0: the two axes; §1.1-§1.6: the six stages
    *(f"§2.{i}" for i in range(1, 7)),  # the five methods; §2.6: value against cost
    *(f"§3.{i}" for i in range(1, 15)),  # do 1-8, don't 1-6
    *(f"§4.{i}" for i in range(1, 12)),  # scoring, criteria, square, questions, rules 1-6
    *(f"§5.{i}" for i in range(1, 13)),  # groups 1-5, climate 4, good relations 1-3
    *(f"§6.{i}" for i in range(1, 9)),  # role, strategy, pyramid, tiers, classes, team, plan
]


def _objective_ids(lang):
    from kam_lessons.content import load_objectives

    return list(load_objectives(lang))


def test_every_language_lists_the_same_objectives_in_the_same_order_with_the_same_facts():
    from kam_lessons.content import load_objectives

    english = load_objectives("en")
    assert len(english) >= len(NUMBERED_FACTS) == 58
    for lang in languages():
        objectives = load_objectives(lang)
        assert list(objectives) == list(english), lang
        assert [o.fact for o in objectives.values()] == [o.fact for o in english.values()]
        assert all(o.text.strip() for o in objectives.values()), lang


def test_every_numbered_fact_of_the_brief_has_an_objective():
    from kam_lessons.content import load_objectives

    facts = {o.fact for o in load_objectives("en").values()}
    assert [f for f in NUMBERED_FACTS if f not in facts] == []


@pytest.mark.parametrize(("lesson_id", "lang"), all_lessons())
def test_every_question_names_the_objectives_it_tests_and_only_known_ones(lesson_id, lang):
    known = set(_objective_ids(lang))
    lesson = load_lesson(lesson_id, lang)
    for question in lesson.questions:
        assert question.objectives, f"{lesson_id} {question.id} names no objective"
        assert set(question.objectives) <= known, (question.id, set(question.objectives) - known)
    for section in lesson.sections:
        assert set(section.objectives) <= known, (section.id, set(section.objectives) - known)


@pytest.mark.parametrize("lesson_id", lesson_ids())
@pytest.mark.parametrize("lang", [x for x in languages() if x != "en"])
def test_sections_and_questions_name_the_same_objectives_in_every_language(lesson_id, lang):
    def named(lesson):
        return (
            {s.id: s.objectives for s in lesson.sections},
            {q.id: q.objectives for q in lesson.questions},
        )

    assert named(load_lesson(lesson_id, lang)) == named(load_lesson(lesson_id, "en"))


@pytest.mark.parametrize("lang", languages())
def test_every_objective_is_taught_and_tested_by_an_auto_scored_question(lang):
    """No objective is only in the list, only in the prose, or tested only by free text."""
    from kam_lessons.objectives import coverage

    found = coverage(lang)
    assert set(found) == set(_objective_ids(lang))  # no lesson names an unknown one
    assert [o for o, c in found.items() if not c.taught] == [], "taught by no section"
    assert [o for o, c in found.items() if not c.scored] == [], "tested by no scored question"


@pytest.mark.parametrize("lang", languages())
def test_an_objective_is_taught_in_the_lesson_that_tests_it_first(lang):
    """The trainee meets an objective in the prose no later than in a scored question."""
    from kam_lessons.objectives import coverage

    order = {lid: i for i, lid in enumerate(lesson_ids())}
    for oid, c in coverage(lang).items():
        first_taught = min(order[lesson] for lesson, _ in c.taught)
        first_tested = min(order[lesson] for lesson, _ in c.scored)
        assert first_taught <= first_tested, oid


@pytest.mark.parametrize(("lesson_id", "lang"), all_lessons())
def test_every_lesson_has_enough_exercises_of_enough_types(lesson_id, lang):
    lesson = load_lesson(lesson_id, lang)
    assert len(lesson.questions) >= 12
    assert len({q.type for q in lesson.questions}) >= 5


def test_the_readme_shows_the_current_objective_by_lesson_table():
    """Regenerate with ``python -m kam_lessons.objectives`` and paste under "The course"."""
    from kam_lessons.objectives import table_markdown

    readme = (content_root().parent / "README.md").read_text(encoding="utf-8")
    assert table_markdown("en") in readme


# --- one glossary: the workshop names things as the lessons do, in every language ---------


def _same_name(a: str, b: str) -> bool:
    """Equal but for the case of the first letter (a chart label vs. a word mid-sentence)."""
    return a[:1].lower() + a[1:] == b[:1].lower() + b[1:]


@pytest.mark.parametrize("lang", languages())
def test_the_workshop_uses_the_lessons_names_for_stages_methods_regions_criteria_rules(lang):
    """Review: the Russian workshop had a second set of terms; now the lessons' are the only one."""
    stages = load_lesson("01_stages", lang).labels["stages"]
    methods = load_lesson("02_methods", lang).labels
    square = load_lesson("04_assessment", lang).labels
    rules = load_lesson("03_dos_donts", lang).labels["rules"]
    pairs = [
        *((name, t(lang, f"case.stages.{sid}.name")) for sid, name in stages.items()),
        *((name, t(lang, f"methods.names.{mid}")) for mid, name in methods["methods"].items()),
        *((name, t(lang, f"methods.regions.{rid}")) for rid, name in methods["regions"].items()),
        *((name, t(lang, f"case.regions.{rid}.name")) for rid, name in square["regions"].items()),
        *((name, t(lang, f"case.rules.{rid}")) for rid, name in rules.items()),
    ]
    from kam_lessons.questions.square import CRITERIA

    for group, criteria in CRITERIA.items():
        for criterion in criteria:
            lesson_name = square["criteria"][criterion]
            pairs.append((lesson_name, t(lang, f"case.criteria.{group}.{criterion}")))
    assert [(a, b) for a, b in pairs if not _same_name(a, b)] == []
    assert len(pairs) == 6 + 5 + 4 + 4 + 14 + 15


def test_no_russian_text_of_the_course_says_stage_twice():
    """«на стадию «этап партнёрства»»: a frame saying «стадия» around a name saying «этап»."""
    for key, text in catalogue("ru").items():
        assert not re.search(r"стади\w* «?\{(stage|next|goal|claimed)\}", text), key


def test_the_trust_tactic_is_advice_not_a_warning_in_the_workshop_too():
    """Review E1: the source gives recommendations when problems may arise."""
    assert "advise" in t("en", "workshop.tactics.trust.advise")
    assert "рекомендации" in t("ru", "workshop.tactics.trust.advise")
    for lang in languages():
        assert "workshop.tactics.trust.warn" not in catalogue(lang)
