"""Widgets: what a trainee does is saved at once, comes back after a restart, and feedback
appears only in practice mode."""

from __future__ import annotations

import html

import pytest

from kam_lessons.answers import read_answers
from kam_lessons.content import load_lesson
from kam_lessons.lesson import open_lesson
from kam_lessons.scoring import score_lesson

from .conftest import key_answer


def _open(tmp_path, mode="practice", lang="en", trainee="anna", name="Anna"):
    return open_lesson(
        "01_stages",
        trainee_id=trainee,
        trainee_name=name,
        lang=lang,
        mode=mode,
        answers_dir=tmp_path / "answers",
    )


def _all_views(view):
    view.questions(*[q.id for q in view.lesson.questions])
    return view.views


def _html(widget) -> str:
    """Every text a widget tree shows (HTML values, labels, option texts)."""
    out = []
    stack = [widget]
    while stack:
        node = stack.pop()
        for attr in ("value", "description", "placeholder"):
            value = getattr(node, attr, None)
            if isinstance(value, str):
                out.append(value)
        out.extend(str(o) for o in getattr(node, "_options_labels", ()))
        stack.extend(getattr(node, "children", ()))
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_question_type_saves_and_restores_the_key(tmp_path, shown, lang):
    view = _open(tmp_path, lang=lang)
    key = {q.id: key_answer(q, lang) for q in view.lesson.questions if q.auto_scored}
    for qid, qv in _all_views(view).items():
        qv.set_value(key.get(qid, "Мой ответ" if lang == "ru" else "My answer"))
    saved = read_answers(tmp_path / "answers" / "01_stages.json").values()
    result = score_lesson(view.lesson, saved)
    assert result.score == result.max_score and result.answered == result.total
    restarted = _open(tmp_path, lang=lang)  # a kernel restart and re-run
    for qid, qv in _all_views(restarted).items():
        assert qv.value == saved[qid], qid
    assert "18 of 18" in restarted.progress_text() or "18 из 18" in restarted.progress_text()


def test_check_gives_right_partly_and_wrong_feedback_with_the_reason(tmp_path, shown):
    view = _open(tmp_path)
    views = _all_views(view)
    q02 = view.lesson.question("q02")
    views["q02"].set_value(list(q02.answer))
    views["q02"].check()
    assert "Right" in views["q02"].feedback.value
    assert q02.explain.split()[0] in views["q02"].feedback.value
    swapped = [q02.answer[1], q02.answer[0], *q02.answer[2:]]
    views["q02"].set_value(swapped)
    assert views["q02"].feedback.value == ""  # stale feedback goes when the answer changes
    views["q02"].check()
    assert "Partly right: 1.5 of 2" in views["q02"].feedback.value
    q01 = view.lesson.question("q01")
    wrong = next(o.id for o in q01.options if o.id != q01.answer)
    views["q01"].set_value(wrong)
    views["q01"].check()
    assert "Not quite" in views["q01"].feedback.value


def test_assessment_shows_no_correctness_and_holds_no_key(tmp_path, shown):
    view = _open(tmp_path, mode="assessment")
    views = _all_views(view)
    full = load_lesson("01_stages", "en")
    for qid, qv in views.items():
        assert not hasattr(qv, "check_button")
        qv.set_value(full.question(qid).answer if full.question(qid).auto_scored else "text")
        qv.check()
        assert qv.feedback.value == ""
        text = _html(qv.widget)
        if full.question(qid).explain:
            assert full.question(qid).explain.strip()[:50] not in text
    assert "score" not in view.progress_text().lower()
    assert all(q.answer is None for q in view.lesson.questions if q.auto_scored)


def test_ordering_arrows_move_items_and_save(tmp_path, shown):
    view = _open(tmp_path)
    qv = _all_views(view)["q02"]
    assert qv.value is None  # the shuffled start is not an answer yet
    rows = qv.control.children[1].children
    first_down = rows[0].children[1]
    before = list(qv.input.current)
    first_down.click()
    assert qv.value == [before[1], before[0], *before[2:]]
    assert read_answers(tmp_path / "answers" / "01_stages.json").values()["q02"] == qv.value


def test_a_number_that_is_not_a_number_is_not_saved_and_says_so(tmp_path, shown):
    view = _open(tmp_path)
    qv = _all_views(view)["q11"]
    box = qv.control.children[0]
    path = tmp_path / "answers" / "01_stages.json"
    box.value = "3"
    assert read_answers(path).values() == {"q11": 3.0}
    box.value = "three"  # the old answer must not stand while the box shows something else
    assert "Type a number" in qv.status.value
    assert read_answers(path).values() == {}
    box.value = "2,5"
    assert read_answers(path).values() == {"q11": 2.5}


def test_progress_line_counts_answers_and_score_in_practice(tmp_path, shown):
    view = _open(tmp_path)
    views = _all_views(view)
    assert "0 of 18 answered" in view.progress_widget.value
    views["q11"].set_value(3)
    assert "1 of 18 answered" in view.progress_widget.value
    # trying an answer does not move the score (that would give the answer away) ...
    assert "last check 0 of 23" in view.progress_widget.value
    views["q11"].check()  # ... checking does
    assert "last check 1 of 23" in view.progress_widget.value
    assert "last check 1 of 23" in _open(tmp_path).progress_text()  # and so does reopening


def test_the_same_trainee_sees_the_same_option_order_and_others_differ(tmp_path, shown):
    def order(trainee):
        qv = _all_views(_open(tmp_path / trainee, trainee=trainee))["q04"]
        return list(qv.input.options)

    assert order("anna") == order("anna")
    assert len({tuple(order(f"t{i}")) for i in range(8)}) > 1


def test_a_name_typed_with_html_is_shown_as_text(tmp_path, shown):
    view = _open(tmp_path, name='<img src=x onerror="alert(1)">')
    view.header()
    html = next(o.value for o in shown if hasattr(o, "value") and "kam-header" in o.value)
    assert "<img" not in html and "&lt;img" in html


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"lang": "fr"}, "no language 'fr'"),
        ({"mode": "exam"}, "no mode 'exam'"),
        ({"bank": "missing.yaml"}, "does not exist"),
    ],
)
def test_bad_parameters_show_one_message_not_a_traceback(tmp_path, shown, kwargs, says):
    view = open_lesson("01_stages", answers_dir=tmp_path, **kwargs)
    view.header()
    view.section("intro")
    assert len(shown) == 1 and says in shown[0]


def test_a_damaged_answers_file_is_announced_in_the_header(tmp_path, shown):
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "01_stages.json").write_text("{", encoding="utf-8")
    view = _open(tmp_path)
    view.header()
    assert any("kept aside" in getattr(o, "value", "") for o in shown)


# --- lesson 2: value vs cost on a client case ----------------------------------------------


def _open2(tmp_path, mode="practice", lang="en", **params):
    return open_lesson(
        "02_methods",
        trainee_id="anna",
        lang=lang,
        mode=mode,
        answers_dir=tmp_path / "answers",
        **params,
    )


def test_value_cost_sliders_and_lead_choice_are_saved_and_restored(tmp_path, shown):
    qv = _all_views(_open2(tmp_path))["q19"]
    assert qv.value is None
    value_slider, _cost = qv.input.sliders["service"]
    value_slider.value = 85
    for method in ("trust", "technical", "service"):  # a third choice drops the first
        qv.input.lead_buttons[method].value = True
    saved = read_answers(tmp_path / "answers" / "02_methods.json").values()["q19"]
    assert saved == {
        "case": "sample",
        "ratings": {"service": {"value": 85, "cost": 50}},
        "lead": ["technical", "service"],
    }
    assert qv.input.lead_buttons["trust"].value is False
    assert "<svg" in qv.input.chart.value
    again = _all_views(_open2(tmp_path))["q19"]
    assert again.value == saved and again.input.sliders["service"][0].value == 85


def test_value_cost_check_says_where_and_why_the_view_differs(tmp_path, shown):
    from kam_lessons.casebook import load_lesson_case

    qv = _all_views(_open2(tmp_path))["q19"]
    case = load_lesson_case("sample", "en")
    qv.set_value(
        {
            **key_answer(qv.question),
            "ratings": {
                **key_answer(qv.question)["ratings"],
                "resource": {"value": 95, "cost": 70},
            },
        }
    )
    qv.check()
    assert "Partly right" in qv.feedback.value
    assert "you think the account values it more" in qv.feedback.value
    assert html.escape(case.methods.resource.value_rationale, quote=True) in qv.feedback.value
    assert "Reference" in qv.input.chart.value  # the reference is drawn beside the trainee's view


def test_value_cost_in_assessment_shows_no_reference(tmp_path, shown):
    qv = _all_views(_open2(tmp_path, mode="assessment"))["q19"]
    qv.set_value(key_answer(qv.question))
    qv.check()
    assert qv.feedback.value == "" and "Reference" not in qv.input.chart.value


@pytest.mark.parametrize(
    ("case_text", "says"),
    [
        (None, "does not exist"),
        ("name: [unclosed", "not valid YAML"),
        ("TEMPLATE", "methods.trust.value"),
    ],
)
def test_a_bad_case_is_named_and_the_rest_of_the_lesson_works(tmp_path, shown, case_text, says):
    from kam_lessons.workshop.template import write_case_template

    path = tmp_path / "case.yaml"
    if case_text == "TEMPLATE":  # a valid case with every rating unknown
        write_case_template(path, "en")
    elif case_text is not None:
        path.write_text(case_text, encoding="utf-8")
    view = _open2(tmp_path, case=str(path))
    views = _all_views(view)
    text = _html(views["q19"].widget)
    assert str(path) in text and says in text
    views["q01"].set_value(view.lesson.question("q01").answer)
    assert "1 of 19 answered" in view.progress_widget.value


@pytest.mark.parametrize(
    ("qid", "value"),
    [
        ("q11", "3"),
        ("q11", {"x": 1}),
        ("q01", ["b"]),
        ("q01", 7),
        ("q13", {"pre": ["e"]}),
        ("q13", "pre"),
        ("q06", "a"),
        ("q06", [["a"]]),
        ("q02", "pre"),
        ("q02", [1, 2]),
        ("q18", 42),
        ("q18", ["text"]),
    ],
)
def test_a_hand_edited_answer_never_breaks_the_lesson(tmp_path, shown, qid, value):
    import json

    path = tmp_path / "answers" / "01_stages.json"
    path.parent.mkdir()
    path.write_text(
        json.dumps(
            {
                "format": "kam-answers",
                "version": 1,
                "trainee_id": "anna",
                "lesson": "01_stages",
                "answers": {qid: {"value": value}},
            }
        ),
        encoding="utf-8",
    )
    views = _all_views(_open(tmp_path))
    qv = views[qid]
    if qid == "q11" and value == "3":
        assert qv.value == 3  # a number written as text is still a number
    else:
        assert qv.value is None and "could not be shown" in qv.status.value


def test_clearing_an_order_clears_the_saved_answer(tmp_path, shown):
    qv = _all_views(_open(tmp_path))["q02"]
    qv.set_value(list(qv.question.answer))
    qv.set_value(None)
    assert qv.value is None
    assert "q02" not in read_answers(tmp_path / "answers" / "01_stages.json").values()


def test_russian_feedback_uses_a_decimal_comma(tmp_path, shown):
    view = _open(tmp_path, lang="ru")
    qv = _all_views(view)["q02"]
    q = qv.question
    qv.set_value([q.answer[1], q.answer[0], *q.answer[2:]])
    qv.check()
    assert "баллов 1,5 из 2" in qv.feedback.value


# -- feedback a trainee can act on (issue 9, §4) -----------------------------------------
@pytest.mark.parametrize("kind", ["multiple", "matching", "categorize", "ordering"])
def test_check_says_which_items_are_right_and_where_each_belongs(tmp_path, shown, kind):
    from kam_lessons.scoring import item_results

    views = _all_views(_open(tmp_path))
    qv = next(v for v in views.values() if v.question.type == kind)
    wrong = qv.question.examples().wrong
    qv.set_value(wrong)
    qv.check()
    results = item_results(qv.question, qv.value)
    shown_html = qv.feedback.value
    assert shown_html.count('class="kam-item kam-item-wrong"') == sum(not r.right for r in results)
    assert shown_html.count('class="kam-item kam-item-right"') == sum(r.right for r in results)
    assert "right:" in shown_html  # practice: what is right for each wrong item


def test_the_text_of_a_multiple_choice_option_is_its_box_label(tmp_path, shown):
    views = _all_views(_open(tmp_path))
    qv = next(v for v in views.values() if v.question.type == "multiple")
    texts = {o.id: o.text for o in qv.question.options}
    for option_id, box in qv.input.boxes.items():
        assert box.description == texts[option_id]  # a <label> around the box and its text


def test_a_value_cost_method_can_be_rated_at_fifty_fifty_as_it_is(tmp_path, shown):
    qv = _all_views(_open2(tmp_path))["q19"]
    qv.input.rate_rest.click()
    saved = read_answers(tmp_path / "answers" / "02_methods.json").values()["q19"]
    assert saved["ratings"] == {m: {"value": 50, "cost": 50} for m in qv.input.sliders}


def test_the_value_cost_chart_is_quick_and_no_label_prints_over_another():
    import re
    import time

    from kam_lessons.casebook import reference_ratings
    from kam_lessons.views.value_cost import _text_width, value_cost_svg

    labels = load_lesson("02_methods", "ru").labels
    crowded = {m: {"value": 50 + i, "cost": 50 - i} for i, m in enumerate(labels["methods"])}
    value_cost_svg(crowded, labels, "ru")
    started = time.perf_counter()
    svg = value_cost_svg(crowded, labels, "ru", reference=reference_ratings("sample", "ru"))
    assert time.perf_counter() - started < 0.05
    boxes = []
    for x, y, size, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" font-size="(\d+)"[^>]*>([^<]+)</text>', svg
    ):
        if text.strip().isdigit():
            continue  # the axes' ticks sit outside the plot
        x, y, size = float(x), float(y), float(size)
        boxes.append((x, y - size, x + _text_width(html.unescape(text), size), y))
    assert len(boxes) >= 4 + 2 * len(labels["methods"])  # regions, points, references
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def test_the_course_itself_is_nobody_s_workbook(tmp_path, shown):
    view = open_lesson("01_stages", lang="en", answers_dir=tmp_path / "answers")
    view.header()
    assert "Workbook of" not in "\n".join(
        _html(o) if hasattr(o, "value") else str(o) for o in shown
    )


def test_answers_saved_elsewhere_are_shown_when_the_page_connects(tmp_path, shown):
    first, second = _open(tmp_path), _open(tmp_path)  # two tabs, two kernels
    a, b = _all_views(first), _all_views(second)
    a["q01"].set_value(a["q01"].question.examples().right)
    assert b["q01"].value is None
    second.reload()  # what a page's widget manager connecting triggers
    assert b["q01"].value == a["q01"].value
    assert "Your saved answer" in b["q01"].status.value
