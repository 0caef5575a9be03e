"""Progress model v2 in Chromium (issue 18): attempt history and its two figures on the quiz, the
navigation marker and the progress page; migration from version 1; export and import; the mistakes
page; the exam's navigator, flags, keys and kept reviews; the section quizzes' keys."""
from __future__ import annotations

import json

import pytest

from browsing import page_errors as _errors, started

pytestmark = pytest.mark.browser

QUIZ_PAGE = "251-caching/"
STORE = "/.gb-quiz"


def _stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORE}')") or "{}")


def _raw(page) -> str | None:
    return page.evaluate(f"localStorage.getItem('{STORE}')")


def _question(page, n: int):
    return page.locator(".gb-quiz .gb-quiz__q").nth(n)


def _answer(q) -> list[str]:
    return q.get_attribute("data-answer").split()


def _choice(q, letter: str):
    return q.locator(f'.gb-quiz__option[data-letter="{letter}"] .gb-quiz__choice')


def _wrong(q) -> str:
    return next(x for x in "ABCDE" if x not in _answer(q) and q.locator(f'[data-letter="{x}"]').count())


def _quiz(page, served) -> None:
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)


def _history(page, served):
    """On the caching quiz: question 1 wrong, Try again, right; question 2 right; question 3 wrong.
    Returns the three question ids."""
    _quiz(page, served)
    q0, q1, q2 = (_question(page, i) for i in range(3))
    _choice(q0, _wrong(q0)).click()
    q0.get_by_role("button", name="Try again").click()
    _choice(q0, _answer(q0)[0]).click()
    _choice(q1, _answer(q1)[0]).click()
    multi = q2.get_attribute("data-kind") == "multi"
    _choice(q2, _wrong(q2)).click()
    if multi:
        _choice(q2, _answer(q2)[0]).click()
        q2.locator(".gb-quiz__check").click()
    return [q.get_attribute("data-qid") for q in (q0, q1, q2)]


def test_attempts_are_kept_and_both_figures_read_the_same_everywhere(page, served):
    errors = _errors(page)
    ids = _history(page, served)
    total = int(page.locator(".gb-quiz").get_attribute("data-total"))
    saved = _stored(page)
    assert saved["v"] == 2
    questions = saved["quizzes"]["caching"]["questions"]
    tries = questions[ids[0]]["tries"]
    assert [(t["ok"], t["first"]) for t in tries] == [(False, True), (True, False)], "Try again erases nothing"
    assert tries[0]["at"] < tries[1]["at"] and all(t["picked"] for t in tries)
    assert tries[0]["picked"] != tries[1]["picked"]
    assert [t["ok"] for t in questions[ids[1]]["tries"]] == [True]
    assert [t["ok"] for t in questions[ids[2]]["tries"]] == [False]
    # Three answered: one right the first time (33%); two right on their latest attempt.
    accuracy, mastered = "33% (1 of 3)", f"2 of {total}"
    score = page.locator(".gb-quiz__score").text_content()
    assert score == f"First-attempt accuracy: {accuracy} · Mastered: {mastered}"
    assert "latest attempt" in page.locator(".gb-quiz__legend").text_content()
    marker = page.locator("a.md-nav__link--active .gb-nav-score").first
    assert marker.text_content().startswith(f"Quiz: mastered {mastered}, first-attempt accuracy {accuracy}.")
    assert f"2/{total} · 33%" in marker.text_content()
    assert "latest attempt" in marker.get_attribute("title")

    page.goto(served + "progress/", wait_until="networkidle")
    started(page)
    row = page.locator('.gb-progress tr[data-quiz="caching"]')
    assert row.locator(".gb-progress__accuracy").inner_text() == accuracy
    assert row.locator(".gb-progress__mastered").inner_text() == mastered
    assert row.locator(".gb-progress__answered").inner_text() == f"3 / {total}"
    assert "latest attempt" in page.locator(".gb-progress__legend").inner_text()
    assert page.locator(".gb-progress thead th").all_inner_texts()[2:4] == ["First-attempt accuracy", "Mastered"]

    # Reloaded, the quiz shows each question's latest attempt.
    _quiz(page, served)
    assert [_question(page, i).get_attribute("data-state") for i in range(3)] == ["correct", "correct", "wrong"]
    assert page.locator(".gb-quiz__score").text_content() == score
    assert not errors, errors


def test_version_1_progress_is_migrated_as_first_attempts(page, served):
    errors = _errors(page)
    _quiz(page, served)
    q0, q1 = _question(page, 0), _question(page, 1)
    key = lambda q, letter: q.locator(f'.gb-quiz__option[data-letter="{letter}"]').get_attribute("data-key")
    old = {"v": 1, "quizzes": {"caching": {"title": "Caching", "page": QUIZ_PAGE, "total": 8, "answers": {
        q0.get_attribute("data-qid"): {"picked": [key(q0, _answer(q0)[0])], "ok": True, "at": 1000, "d": 3},
        q1.get_attribute("data-qid"): {"picked": [key(q1, _wrong(q1))], "ok": False, "at": 2000, "d": 2}}}},
        "exams": [{"at": 3000, "n": 2, "seed": 7, "correct": 1, "sections": {}, "domains": {}}]}
    page.evaluate(f"localStorage.setItem('{STORE}', {json.dumps(json.dumps(old))})")
    _quiz(page, served)
    assert page.locator(".gb-store-notice").count() == 0, "an old format is no garbage"
    assert _question(page, 0).get_attribute("data-state") == "correct"
    assert _question(page, 1).get_attribute("data-state") == "wrong"
    data = _stored(page)
    assert data["v"] == 2
    questions = data["quizzes"]["caching"]["questions"]
    assert questions[q0.get_attribute("data-qid")] == {"d": 3, "open": 0, "tries": [
        {"at": 1000, "picked": old["quizzes"]["caching"]["answers"][q0.get_attribute("data-qid")]["picked"],
         "ok": True, "first": True}]}
    assert questions[q1.get_attribute("data-qid")]["tries"][0]["first"] is True
    assert data["exams"][0]["seed"] == 7 and data["exams"][0]["correct"] == 1
    total = page.locator(".gb-quiz").get_attribute("data-total")
    assert page.locator(".gb-quiz__score").text_content() == \
        f"First-attempt accuracy: 50% (1 of 2) · Mastered: 1 of {total}"
    assert not errors, errors


def _export(page) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    return open(info.value.path(), encoding="utf-8").read()


def test_export_clear_import_gives_back_the_same_progress_and_a_bad_file_changes_nothing(page, served, tmp_path):
    errors = _errors(page)
    _history(page, served)
    page.goto(served + "exam/?n=2&seed=11", wait_until="networkidle")
    started(page)
    page.get_by_role("button", name="Start the exam").click()
    page.once("dialog", lambda d: d.accept())
    page.locator(".gb-exam__submit").first.click()
    page.goto(served + "progress/", wait_until="networkidle")
    started(page)
    before = _raw(page)
    table = page.locator(".gb-progress table").first.inner_text()
    exported = _export(page)
    assert json.loads(exported) == json.loads(before)
    path = tmp_path / "progress.json"
    path.write_text(exported, encoding="utf-8")

    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    started(page)
    assert page.locator('.gb-progress tr[data-quiz="caching"] .gb-progress__accuracy').inner_text() == "–"
    page.locator(".gb-progress__file").set_input_files(str(path))
    page.wait_for_function("() => document.querySelector('.gb-progress__status').textContent.startsWith('Imported')")
    assert json.loads(_raw(page)) == json.loads(before)
    assert _export(page) == exported
    assert page.locator(".gb-progress table").first.inner_text() == table
    # Imported again: merged, nothing doubled.
    page.locator(".gb-progress__file").set_input_files(str(path))
    page.wait_for_timeout(300)
    assert json.loads(_raw(page)) == json.loads(before)

    for name, text in (("broken.json", "{not json"), ("other.json", '{"v": 2, "quizzes": {"caching": "x"}}'),
                       ("list.json", "[1, 2]")):
        bad = tmp_path / name
        bad.write_text(text, encoding="utf-8")
        page.locator(".gb-progress__file").set_input_files(str(bad))
        notice = page.locator(".gb-store-notice", has_text=name)
        notice.wait_for()
        assert "nothing was imported" in notice.inner_text()
        assert json.loads(_raw(page)) == json.loads(before), "a bad file changes nothing"
    assert not errors, errors


def test_mistakes_page_shows_exactly_the_wrong_ones_and_records_attempts(page, served):
    errors = _errors(page)
    ids = _history(page, served)  # first wrong then right, right, wrong
    page.goto(served + "mistakes/", wait_until="networkidle")
    started(page)
    shown = lambda: page.locator(".gb-mistakes__list .gb-quiz__q").evaluate_all("els => els.map(e => e.dataset.qid)")
    assert shown() == [ids[2]], "latest attempt wrong"
    assert "1 question wrong on your latest attempt" in page.locator(".gb-mistakes__count").inner_text()
    page.get_by_label("Wrong on my first attempt").check()
    assert shown() == [ids[0], ids[2]]
    assert "by=first" in page.url
    # Shown unanswered, with the explanation after answering; the answer is a new attempt.
    q = page.locator(f'.gb-mistakes__list .gb-quiz__q[data-qid="{ids[0]}"]')
    assert q.get_attribute("data-state") is None
    assert q.locator(".gb-exam__source a").count() == 1, "links back to its section"
    _choice(q, _wrong(q)).click()
    assert q.locator(".gb-quiz__explanation").is_visible()
    tries = _stored(page)["quizzes"]["caching"]["questions"][ids[0]]["tries"]
    assert [(t["ok"], t["first"]) for t in tries] == [(False, True), (True, False), (False, False)]
    # Now its latest attempt is wrong too.
    page.get_by_label("Wrong on my latest attempt").check()
    assert shown() == [ids[0], ids[2]]
    q = page.locator(f'.gb-mistakes__list .gb-quiz__q[data-qid="{ids[2]}"]')
    for letter in _answer(q):
        _choice(q, letter).click()
    if q.get_attribute("data-kind") == "multi":
        q.locator(".gb-quiz__check").click()
    assert q.get_attribute("data-state") == "correct"
    page.reload(wait_until="networkidle")
    started(page)
    assert shown() == [ids[0]]
    # The page's own figures are the quiz's.
    assert page.locator(".gb-mistakes__list .gb-quiz__score").inner_text().startswith("First-attempt accuracy: 33% (1 of 3)")
    page.evaluate("localStorage.clear()")
    page.reload(wait_until="networkidle")
    started(page)
    assert shown() == [] and "No question" in page.locator(".gb-mistakes__count").inner_text()
    assert not errors, errors


def test_mistakes_script_loads_on_its_page_only(page, served):
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    _quiz(page, served)
    page.goto(served + "exam/", wait_until="networkidle")
    assert not [u for u in urls if "/mistakes." in u]
    page.goto(served + "mistakes/", wait_until="networkidle")
    assert len([u for u in urls if "/mistakes." in u and u.endswith(".js")]) == 1


def test_exam_navigator_flags_keys_and_a_kept_review(page, served):
    errors = _errors(page)
    page.goto(served + "exam/?n=5&seed=77", wait_until="networkidle")
    started(page)
    page.get_by_role("button", name="Start the exam").click()
    items = page.locator(".gb-exam__list > li")
    ids = items.evaluate_all("els => els.map(e => e.dataset.qid)")
    summary = page.locator(".gb-exam__nav > summary")
    assert summary.inner_text() == "Questions: 0 answered, 5 unanswered, 0 flagged"
    page.keyboard.press("2")
    assert items.nth(0).locator("input").nth(1).is_checked()
    page.keyboard.press("f")
    assert items.nth(0).get_attribute("data-flagged") is not None
    assert items.nth(0).locator(".gb-exam__flag").get_attribute("aria-pressed") == "true"
    assert "flagged for review" in page.locator(".gb-exam__bar [role=status]").text_content()
    page.keyboard.press("n")
    page.keyboard.press("n")
    page.keyboard.press("p")
    page.keyboard.press("a")
    assert items.nth(1).locator("input").nth(0).is_checked()
    assert summary.inner_text() == "Questions: 2 answered, 3 unanswered, 1 flagged"
    assert page.locator(".md-search__input:focus").count() == 0, "F and the letters stay the exam's"
    nav = page.locator(".gb-exam__goto")
    summary.click()
    assert nav.nth(0).get_attribute("aria-label") == "Question 1, answered, flagged"
    assert nav.nth(4).get_attribute("data-state") == "unanswered"
    nav.nth(3).click()
    assert page.evaluate("document.activeElement.closest('.gb-exam__q').dataset.qid") == ids[3]
    items.nth(3).get_by_role("button", name="Flag for review").click()
    answers = [items.nth(i).locator("input:checked").get_attribute("value") for i in (0, 1)]

    page.on("dialog", lambda d: d.accept())
    page.reload(wait_until="networkidle")
    started(page)
    items = page.locator(".gb-exam__list > li")
    assert summary.inner_text() == "Questions: 2 answered, 3 unanswered, 2 flagged", "flags are resumed"
    assert [i for i in range(5) if items.nth(i).get_attribute("data-flagged") is not None] == [0, 3]
    page.locator(".gb-exam__submit").first.click()
    assert page.locator(".gb-exam__score").is_visible()
    kept = _stored(page)["exams"][-1]
    assert kept["ids"] == ids and kept["flags"] == [ids[0], ids[3]]
    assert [kept["answers"][ids[0]][0], kept["answers"][ids[1]][0]] == answers
    score = page.locator(".gb-exam__score").inner_text()

    page.goto(served + "progress/", wait_until="networkidle")
    started(page)
    page.locator(".gb-progress__review").first.click()
    page.wait_for_selector(".gb-exam__summary")
    page.reload(wait_until="networkidle")
    started(page)
    assert "Review of the exam of" in page.locator(".gb-exam__summary h2").inner_text()
    assert page.locator(".gb-exam__score").inner_text() == score
    review = page.locator(".gb-exam__review > li")
    assert review.evaluate_all("els => els.map(e => e.dataset.qid)") == ids
    assert [review.nth(i).locator("input:checked").get_attribute("value") for i in (0, 1)] == answers
    assert review.locator("input:enabled").count() == 0, "read-only"
    assert review.nth(3).locator(".gb-exam__flagged").count() == 1
    assert page.locator(".gb-exam__setup").count() == 0
    assert not errors, errors


def test_section_quiz_keys_choose_in_the_focused_question_only(page, served):
    errors = _errors(page)
    _quiz(page, served)
    q0, q1 = _question(page, 0), _question(page, 1)
    page.keyboard.press("a")
    assert page.locator(".gb-quiz__q[data-state]").count() == 0, "no question has focus: nothing chosen"
    right = _answer(q1)[0]
    shown = q1.locator(f'.gb-quiz__option[data-letter="{right}"] .gb-quiz__letter').text_content().strip()
    q1.locator(".gb-quiz__choice").first.focus()
    page.keyboard.press(shown.lower())
    assert q1.get_attribute("data-state") == "correct" and q0.get_attribute("data-state") is None
    assert q1.locator(".gb-quiz__result").get_attribute("aria-live") == "polite"
    assert "Correct." in q1.locator(".gb-quiz__result").inner_text()
    # In a field, a letter is typed, never chosen.
    page.evaluate("""() => { const i = document.createElement('input'); i.id = 'typing';
                             document.querySelector('.gb-quiz').before(i); }""")
    page.locator("#typing").focus()
    page.keyboard.press("b")
    assert page.locator("#typing").input_value() == "b"
    assert q0.get_attribute("data-state") is None
    # The digits work as the letters: 1 is the first option on screen.
    q0.locator(".gb-quiz__choice").nth(1).focus()
    page.keyboard.press("1")
    first_key = q0.locator(".gb-quiz__option").first.get_attribute("data-key")
    assert q0.get_attribute("data-state") in ("correct", "wrong")
    assert _stored(page)["quizzes"]["caching"]["questions"][q0.get_attribute("data-qid")]["tries"][0]["picked"] == [first_key]
    assert not errors, errors
