"""Feedback pages: one per trainee, in their language, escaped, the key only when allowed."""

from __future__ import annotations

import pytest

from kam_lessons.answers import AnswerStore, answers_path
from kam_lessons.content import load_lesson
from kam_lessons.feedback import feedback_page
from kam_lessons.gradebook import grade_and_report, grade_cohort
from kam_lessons.workbook import build_cohort

from .conftest import all_lessons

ROSTER = "trainee_id,name,lang\nanna,Анна <b>Смирнова</b>,ru\nbob,Bob,en\ncleo,Cleo,en\n"
SCRIPT = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"


def build(tmp_path, write_roster, one_lesson, mode):
    out = tmp_path / mode
    build_cohort(write_roster(ROSTER), out, mode=mode, notebooks=one_lesson)
    return out


def answer(cohort, trainee, values, mode):
    store = AnswerStore(
        answers_path(cohort / trainee / "answers", "01_stages"), trainee, "01_stages", mode=mode
    )
    for qid, value in values.items():
        store.set(qid, value)


def pages(cohort, out, **kw):
    grade_and_report(cohort, out, **kw)
    return {p.stem: p.read_text(encoding="utf-8") for p in (out / "feedback").glob("*.html")}


@pytest.fixture
def explain():
    lesson = load_lesson("01_stages", "en")
    q01 = lesson.question("q01")
    return q01.explain.split("\n")[0][:40]


@pytest.mark.parametrize(
    ("mode", "release", "shows_key"),
    [("practice", False, True), ("assessment", False, False), ("assessment", True, True)],
)
def test_the_key_is_shown_in_practice_or_when_released_only(
    tmp_path, write_roster, one_lesson, explain, mode, release, shows_key
):
    cohort = build(tmp_path, write_roster, one_lesson, mode)
    answer(
        cohort,
        "bob",
        {"q01": "a", "q02": ["early", "pre", "mid", "partnership", "synergistic"]},
        mode,
    )
    page = pages(cohort, tmp_path / "g", release=release)["bob"]
    assert ("Right answer:" in page) is shows_key
    assert (explain in page) is shows_key
    assert "Your answer" in page and "Question 1" in page
    rubric = load_lesson("01_stages", "en").question("q18").rubric[0]
    assert rubric[:30] not in page  # nothing marked: the rubric is never listed


def test_every_trainee_gets_a_page_in_their_language(tmp_path, write_roster, one_lesson):
    cohort = build(tmp_path, write_roster, one_lesson, "practice")
    answer(cohort, "anna", {"q01": "b"}, "practice")
    found = pages(cohort, tmp_path / "g")
    assert sorted(found) == ["anna", "bob", "cleo"]
    assert '<html lang="ru">' in found["anna"] and "Ваши результаты" in found["anna"]
    assert '<html lang="en">' in found["bob"] and "Not started yet." in found["bob"]
    assert "http" not in found["anna"].replace("http://www.w3.org", "")  # nothing to load


def test_nothing_a_trainee_or_roster_typed_is_html(tmp_path, write_roster, one_lesson):
    cohort = build(tmp_path, write_roster, one_lesson, "practice")
    answer(cohort, "anna", {"q18": SCRIPT, "q11": 3}, "practice")
    page = pages(cohort, tmp_path / "g")["anna"]
    assert "<script" not in page and "<img" not in page and "<b>Смирнова" not in page
    assert "&lt;script&gt;" in page and "Анна &lt;b&gt;Смирнова&lt;/b&gt;" in page


def test_the_trainers_mark_and_comment_are_shown_escaped(tmp_path, write_roster, one_lesson):
    import csv

    cohort = build(tmp_path, write_roster, one_lesson, "assessment")
    answer(cohort, "bob", {"q18": "My plan."}, "assessment")
    out = tmp_path / "g"
    grade_and_report(cohort, out, reports=False)
    with (out / "manual.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0].update(points="2", rubric_items="R1", comment="<i>Good</i>, but name the risk.")
    with (out / "manual.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    rubric = load_lesson("01_stages", "en").question("q18").rubric[0]
    withheld = pages(cohort, out)["bob"]
    assert "Your trainer&#39;s mark:" in withheld or "Your trainer's mark:" in withheld
    assert "&lt;i&gt;Good&lt;/i&gt;, but name the risk." in withheld
    assert rubric[:30] not in withheld  # assessment: the rubric stays with the trainer
    released = pages(cohort, out, release=True)["bob"]
    assert rubric[:30] in released


def test_objectives_to_revisit_with_none_and_with_some(tmp_path, write_roster, one_lesson):
    cohort = build(tmp_path, write_roster, one_lesson, "practice")
    answer(cohort, "bob", {"q01": "a"}, "practice")
    book = grade_cohort(cohort)
    [result] = [r for r in book.results if r.trainee.trainee_id == "bob"]
    bare = result.lesson.model_copy(
        update={
            "questions": tuple(
                q.model_copy(update={"objectives": ()}) for q in result.lesson.questions
            )
        }
    )
    none = type(result)(result.trainee, bare, result.values, result.score, result.status)
    assert "Objectives to revisit" not in feedback_page("Bob", [none], "practice", False, "en")
    tagged = result.lesson.model_copy(
        update={
            "questions": tuple(
                q.model_copy(update={"objectives": ("stages.axes", "stages.order")})
                for q in result.lesson.questions
            )
        }
    )
    some = type(result)(result.trainee, tagged, result.values, result.score, result.status)
    page = feedback_page("Bob", [some], "practice", False, "en")
    assert "Objectives to revisit" in page
    assert page.count("<li>") >= 2


@pytest.mark.parametrize(("lesson_id", "lang"), all_lessons())
def test_every_question_type_reads_as_words_for_any_answer(lesson_id, lang):
    from kam_lessons.casebook import reference_ratings
    from kam_lessons.feedback import describe, key_of

    for q in load_lesson(lesson_id, lang).questions:
        examples = q.examples(reference_ratings, lang)
        for value in (examples.right, examples.wrong, examples.malformed, None):
            shown = str(describe(q, value, lang))
            assert shown and "<script" not in shown
        key = key_of(q, lang)
        assert key is None or str(key)


def test_one_slip_does_not_send_a_strong_trainee_back_to_every_objective(
    tmp_path, write_roster, one_lesson
):
    from kam_lessons.content import load_objectives
    from kam_lessons.feedback import MASTERED

    from .conftest import key_answer

    cohort = build(tmp_path, write_roster, one_lesson, "practice")
    lesson = load_lesson("01_stages", "en")
    right = {q.id: key_answer(q) for q in lesson.questions if q.auto_scored}
    slip = next(q for q in lesson.questions if q.type == "matching")
    right[slip.id] = {**right[slip.id], next(iter(right[slip.id])): "zz"}  # one item wrong
    answer(cohort, "bob", right, "practice")
    [result] = [r for r in grade_cohort(cohort).results if r.trainee.trainee_id == "bob"]
    page = feedback_page("Bob", [result], "practice", False, "en")
    texts = load_objectives("en")
    for objective in slip.objectives:
        scored = [
            (s.points, s.max_points)
            for q, s in zip(lesson.questions, result.score.questions, strict=True)
            if objective in q.objectives and s.points is not None
        ]
        share = sum(p for p, _ in scored) / sum(m for _, m in scored)
        shown = texts[objective].text.split(":")[0] in page
        assert shown == (share < MASTERED), objective
