"""Quizzes, progress and exam mode in Debian Chromium, with and without JavaScript, and in print."""
from __future__ import annotations

import json
import re
import time

import pytest

from conftest import ROOT
from browsing import page_errors as _errors, started

pytestmark = pytest.mark.browser

QUIZ_PAGE = "251-caching/"
STORE = "/.gb-quiz"


def _question(page, n: int):
    return page.locator(".gb-quiz .gb-quiz__q").nth(n)


def _answer(q) -> list[str]:
    return q.get_attribute("data-answer").split()


def _choice(q, letter: str):
    return q.locator(f'.gb-quiz__option[data-letter="{letter}"] .gb-quiz__choice')


def _shown(q, authored: str) -> str:
    """The letter an option shows on screen (options are shuffled), from its authored letter."""
    return q.locator(f'.gb-quiz__option[data-letter="{authored}"] .gb-quiz__letter').text_content().strip()


def _order(q) -> list[str]:
    return q.locator(".gb-quiz__option").evaluate_all("els => els.map(e => e.dataset.key)")


def _stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORE}')") or "{}")


def test_single_answer_right_and_wrong(page, served):
    errors = _errors(page)
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)
    quiz = page.locator(".gb-quiz")
    assert quiz.get_attribute("data-gb-ready") is not None
    q0, q1 = _question(page, 0), _question(page, 1)
    assert q0.get_attribute("data-kind") == "single"
    # Before answering, the explanation stays hidden.
    assert not q0.locator(".gb-quiz__explanation").is_visible()
    right = _answer(q0)[0]
    _choice(q0, right).click()
    assert q0.get_attribute("data-state") == "correct"
    assert q0.locator(".gb-quiz__verdict-line").inner_text().startswith("Correct.")
    assert q0.locator(".gb-quiz__explanation").is_visible()
    assert q0.locator(f'.gb-quiz__option[data-letter="{right}"]').get_attribute("data-result") == "correct"
    # Every option is now locked.
    assert q0.locator(".gb-quiz__choice:disabled").count() == q0.locator(".gb-quiz__choice").count()

    wrong = next(x for x in "ABCDE" if x not in _answer(q1))
    _choice(q1, wrong).click()
    assert q1.get_attribute("data-state") == "wrong"
    assert f"The answer is {_shown(q1, _answer(q1)[0])}." in q1.locator(".gb-quiz__verdict-line").inner_text()
    assert q1.locator(f'.gb-quiz__option[data-letter="{wrong}"]').get_attribute("data-result") == "wrong"
    assert q1.locator(f'.gb-quiz__option[data-letter="{_answer(q1)[0]}"]').get_attribute("data-result") == "missed"
    # The picked option's own feedback is shown under it.
    note = q1.locator(f'[data-letter="{wrong}"] .gb-quiz__note')
    expected = q1.locator(f'.gb-quiz__fb[data-letter="{wrong}"] .gb-quiz__fb-text').text_content().strip()
    assert expected and expected in note.text_content()
    total = quiz.get_attribute("data-total")
    assert f"First-attempt accuracy: 50% (1 of 2) · Mastered: 1 of {total}" in quiz.locator(".gb-quiz__score").inner_text()

    # Try again clears just that question on screen; its wrong first attempt stays in the history.
    q1.get_by_role("button", name="Try again").click()
    assert q1.get_attribute("data-state") is None
    _choice(q1, _answer(q1)[0]).click()
    assert f"First-attempt accuracy: 50% (1 of 2) · Mastered: 2 of {total}" in quiz.locator(".gb-quiz__score").inner_text()
    saved = _stored(page)["quizzes"]["caching"]["questions"]
    assert {k: [t["ok"] for t in v["tries"]] for k, v in saved.items()} == {
        q0.get_attribute("data-qid"): [True], q1.get_attribute("data-qid"): [False, True]}
    assert not errors, errors


def test_multi_answer_needs_exactly_n_choices(page, served):
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)
    multi = page.locator('.gb-quiz .gb-quiz__q[data-kind="multi"]').first
    answer = _answer(multi)
    assert len(answer) == 2
    # Read as a reader sees it: an off-screen quiz is not rendered (content-visibility: auto) until
    # the frame after it is scrolled near, and innerText of unrendered content is empty.
    multi.scroll_into_view_if_needed()
    page.wait_for_function("q => q.innerText.trim() !== ''", arg=multi.element_handle(), timeout=3000)
    assert multi.locator(".gb-quiz__choose").inner_text() == "Choose two."
    check = multi.locator(".gb-quiz__check")
    assert check.is_disabled()
    wrong = next(x for x in "ABCDE" if x not in answer)
    _choice(multi, answer[0]).click()
    assert check.is_disabled(), "one of two selected"
    _choice(multi, wrong).click()
    assert check.is_enabled()
    _choice(multi, wrong).click()  # unselect
    assert _choice(multi, wrong).get_attribute("aria-pressed") == "false"
    _choice(multi, answer[1]).click()
    check.click()
    assert multi.get_attribute("data-state") == "correct"
    assert all(multi.locator(f'.gb-quiz__option[data-letter="{x}"]').get_attribute("data-result") == "correct" for x in answer)

    multi.get_by_role("button", name="Try again").click()
    _choice(multi, answer[0]).click()
    _choice(multi, wrong).click()
    check.click()
    assert multi.get_attribute("data-state") == "wrong"
    assert multi.locator(f'.gb-quiz__option[data-letter="{answer[1]}"]').get_attribute("data-result") == "missed"


def test_progress_survives_reload_and_navigation_and_reset_clears(page, served):
    errors = _errors(page)
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)
    q0, q1 = _question(page, 0), _question(page, 1)
    _choice(q0, _answer(q0)[0]).click()
    _choice(q1, next(x for x in "ABCDE" if x not in _answer(q1))).click()
    total = page.locator(".gb-quiz").get_attribute("data-total")
    badge = page.locator(f'a.md-nav__link[href="./"] .gb-nav-score, a.md-nav__link--active .gb-nav-score')
    assert badge.first.text_content().startswith(f"Quiz: mastered 1 of {total}, first-attempt accuracy 50% (1 of 2).")

    page.locator("a.md-nav__link", has_text="Your progress").first.click()
    page.wait_for_selector(".gb-progress[data-gb-ready]")
    row = page.locator('.gb-progress tr[data-quiz="caching"]')
    assert row.locator(".gb-progress__answered").inner_text() == f"2 / {total}"
    assert row.locator(".gb-progress__accuracy").inner_text() == "50% (1 of 2)"
    assert row.locator(".gb-progress__mastered").inner_text() == f"1 of {total}"
    assert page.locator("a.md-nav__link", has_text="251. Caching").locator(".gb-nav-score").count() == 1

    page.reload(wait_until="networkidle")
    started(page)
    row = page.locator('.gb-progress tr[data-quiz="caching"]')
    assert row.locator(".gb-progress__answered").inner_text() == f"2 / {total}"

    # Back on the quiz, the answers are restored.
    page.locator("a.md-nav__link", has_text="251. Caching").first.click()
    # Not the URL: navigation.tracking may rewrite its hash once the page is there.
    page.wait_for_selector(".gb-quiz[data-gb-ready]")
    assert "Caching" in page.locator("article h1").inner_text()
    assert _question(page, 0).get_attribute("data-state") == "correct"
    assert _question(page, 1).get_attribute("data-state") == "wrong"

    # Reset opens every question again and erases no attempt: the figures stay.
    page.get_by_role("button", name="Reset quiz").click()
    assert page.locator(".gb-quiz .gb-quiz__q[data-state]").count() == 0
    saved = _stored(page)["quizzes"]["caching"]["questions"]
    assert sorted(len(q["tries"]) for q in saved.values()) == [1, 1]
    assert all(q["open"] >= q["tries"][-1]["at"] for q in saved.values())
    assert page.locator(".gb-nav-score").count() == 1
    page.reload(wait_until="networkidle")
    started(page)
    assert page.locator(".gb-quiz .gb-quiz__q[data-state]").count() == 0
    assert not errors, errors


def _forget_exam(page) -> None:
    """No running exam to resume: the next visit to the exam page starts from the set-up form."""
    page.evaluate("Object.keys(localStorage).filter(k => k.endsWith('.exam-session'))"
                  ".forEach(k => localStorage.removeItem(k))")


def _exam_ids(page) -> list[str]:
    return page.locator(".gb-exam__list > li").evaluate_all("els => els.map(e => e.dataset.qid)")


def test_exam_mode_with_a_fixed_seed_is_reproducible_and_scores_correctly(page, served):
    errors = _errors(page)
    page.goto(served + "exam/?n=6&seed=4242", wait_until="networkidle")
    started(page)
    assert page.locator("#gb-exam-n").input_value() == "6"
    assert page.locator("#gb-exam-seed").input_value() == "4242"
    page.get_by_role("button", name="Start the exam").click()
    first = _exam_ids(page)
    assert len(first) == 6 and len(set(first)) == 6
    # Drawn across sections: six questions come from six different quizzes.
    pool = dict(page.locator(".gb-exam__pool .gb-quiz__q").evaluate_all(
        """els => els.map(e => [e.dataset.qid, [e.parentNode.dataset.section,
            [...e.querySelectorAll('.gb-quiz__option')].filter(o => o.dataset.correct === 'true').map(o => o.dataset.key),
            [...e.querySelectorAll('.gb-quiz__option')].map(o => o.dataset.key)]])"""))
    assert len({pool[q][0] for q in first}) == 6

    _forget_exam(page)
    page.goto(served + "exam/?n=6&seed=4242", wait_until="networkidle")
    started(page)
    page.get_by_role("button", name="Start the exam").click()
    assert _exam_ids(page) == first, "same seed, same exam"

    # Answer four right, one wrong, leave one open.
    items = page.locator(".gb-exam__list > li")
    for i, qid in enumerate(first[:5]):
        answer, keys = pool[qid][1], pool[qid][2]
        for key in answer if i < 4 else [next(k for k in keys if k not in answer)]:
            items.nth(i).locator(f'input[value="{key}"]').check()
    assert page.locator(".gb-exam__counter").inner_text() == "5 of 6 answered"
    page.once("dialog", lambda d: d.accept())
    page.locator(".gb-exam__submit").first.click()
    assert page.locator(".gb-exam__score").inner_text().startswith("4 / 6 correct (67%)")
    review = page.locator(".gb-exam__review > li")
    states = review.evaluate_all("els => els.map(e => e.dataset.state)")
    assert states == ["correct"] * 4 + ["wrong", "wrong"]
    assert review.nth(5).locator(".gb-exam__verdict").inner_text() == "Not answered"
    # The review carries the explanation and its links.
    assert review.nth(0).locator(".gb-quiz__explanation a").count() >= 1
    exams = _stored(page)["exams"]
    assert exams[-1]["seed"] == 4242 and exams[-1]["n"] == 6 and exams[-1]["correct"] == 4

    _forget_exam(page)
    page.goto(served + "exam/?n=6&seed=4243", wait_until="networkidle")
    started(page)
    page.get_by_role("button", name="Start the exam").click()
    assert _exam_ids(page) != first, "another seed, another exam"
    assert not errors, errors


def test_exam_script_loads_on_the_exam_page_only(page, served):
    """exam.js is not in the site bundle: the exam block loads it, so other pages never fetch it."""
    errors = _errors(page)
    exam_js = []
    page.on("request", lambda r: exam_js.append(r.url) if re.search(r"/exam\.[0-9a-f]+\.min\.js$", r.url) else None)
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)
    assert page.locator(".gb-quiz[data-gb-ready]").count() == 1
    assert not exam_js and page.evaluate("typeof window.gb.exam") == "undefined", "exam.js loaded off the exam page"

    page.locator("a.md-nav__link", has_text="Exam mode").first.click()
    page.wait_for_selector(".gb-exam[data-gb-ready] .gb-exam__setup")
    assert len(exam_js) == 1, exam_js
    page.fill("#gb-exam-n", "3")
    page.get_by_role("button", name="Start the exam").click()
    assert len(_exam_ids(page)) == 3

    # Away and back: the running exam resumes, one engine.
    page.on("dialog", lambda d: d.accept())  # "leave the running exam?"
    page.locator("a.md-nav__link", has_text="Your progress").first.click()
    page.wait_for_selector(".gb-progress[data-gb-ready]")
    assert page.evaluate("typeof window.gb.exam") == "undefined"
    page.locator("a.md-nav__link", has_text="Exam mode").first.click()
    page.wait_for_selector(".gb-exam[data-gb-ready] .gb-exam__list")
    assert page.locator(".gb-exam__setup").count() == 0 and len(_exam_ids(page)) == 3
    assert not errors, errors


def test_quiz_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(served + QUIZ_PAGE)
        quiz = page.locator(".gb-quiz")
        assert quiz.get_attribute("data-gb-ready") is None
        assert page.locator(".gb-quiz__choice, .gb-quiz__reset").count() == 0
        q0 = _question(page, 0)
        assert q0.locator(".gb-quiz__option").first.is_visible()
        details = q0.locator("details.gb-quiz__answer")
        assert not q0.locator(".gb-quiz__explanation").is_visible()
        details.locator("summary").click()
        assert q0.locator(".gb-quiz__explanation").is_visible()
        assert q0.locator(".gb-quiz__solution").inner_text() == f"Answer: {_answer(q0)[0]}"
        assert q0.locator(".gb-quiz__feedback li").count() == q0.locator(".gb-quiz__option").count()
        assert not page.locator(".gb-quiz-key").is_visible(), "the key is for print only"
        page.goto(served + "exam/")
        assert page.locator(".gb-exam__nojs").is_visible()
    finally:
        context.close()


def test_print_shows_questions_and_key_without_controls(page, served):
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)
    q0 = _question(page, 0)
    _choice(q0, _answer(q0)[0]).click()  # an answered question prints like the others
    key = page.locator(".gb-quiz-key")
    assert not key.is_visible()
    page.emulate_media(media="print")
    assert key.is_visible()
    assert key.get_attribute("data-quiz-title") == "Caching strategies"
    items = key.locator("li")
    assert items.count() == page.locator(".gb-quiz .gb-quiz__q").count()
    first_key = items.first.inner_text()
    assert first_key.startswith(" ".join(_answer(q0)).replace(" ", ", ") + " — ")
    for selector in (".gb-quiz__reset", ".gb-quiz__score", ".gb-quiz__result", "details.gb-quiz__answer",
                     ".gb-quiz__note", ".gb-quiz__check"):
        assert not any(el.is_visible() for el in page.locator(selector).all()), selector
    assert _question(page, 1).locator(".gb-quiz__option").first.is_visible()
    # The key follows the quiz in the page.
    assert page.evaluate("""() => {
        const quiz = document.querySelector('.gb-quiz'), key = document.querySelector('.gb-quiz-key');
        return quiz.nextElementSibling === key; }""")


def _exam_options(page) -> list[list[str]]:
    return page.locator(".gb-exam__list > li").evaluate_all(
        "els => els.map(e => [...e.querySelectorAll('.gb-exam__option')].map(o => o.dataset.key))")


def test_section_quiz_shuffles_options_and_names_the_right_one_as_shown(page, served):
    """Each attempt shows a new order; the verdict, the feedback and 'Answer:' use the letters on
    screen, and what is saved is the option's key, never a letter."""
    errors = _errors(page)
    orders = []
    for _ in range(3):
        page.goto(served + QUIZ_PAGE, wait_until="networkidle")
        started(page)
        orders.append([_order(_question(page, i)) for i in range(8)])
    assert len({json.dumps(o) for o in orders}) > 1, "the options never changed order"
    q = next(_question(page, i) for i in range(8) if _question(page, i).get_attribute("data-kind") == "single")
    shown = q.locator(".gb-quiz__letter").evaluate_all("els => els.map(e => e.textContent.trim())")
    assert shown == list("ABCDE"[:len(shown)]), "letters follow the order on screen"
    right = q.locator('.gb-quiz__option[data-correct="true"]')
    right_key, right_letter = right.get_attribute("data-key"), right.locator(".gb-quiz__letter").text_content().strip()
    wrong = q.locator('.gb-quiz__option[data-correct="false"]').first
    wrong.locator(".gb-quiz__choice").click()
    assert f"The answer is {right_letter}." in q.locator(".gb-quiz__verdict-line").text_content()
    assert q.locator(".gb-quiz__solution strong").text_content() == right_letter
    verdicts = q.locator(".gb-quiz__fb .gb-quiz__verdict").evaluate_all("els => els.map(e => e.textContent.trim())")
    assert verdicts == [f"{x}: {'correct' if x == right_letter else 'incorrect'}." for x in shown]
    stored = _stored(page)["quizzes"]["caching"]["questions"][q.get_attribute("data-qid")]
    saved = stored["tries"][-1]
    assert saved["picked"] == [wrong.get_attribute("data-key")] and right_key not in saved["picked"]
    assert stored["d"] in (1, 2, 3, 4)
    # Try again: a new attempt, a new order (tried a few times: 1 in 24 keeps the same order).
    before = _order(q)
    for _ in range(6):
        q.get_by_role("button", name="Try again").click()
        if _order(q) != before:
            break
        q.locator('.gb-quiz__option[data-correct="true"] .gb-quiz__choice').click()
    assert _order(q) != before
    # Print shows the authored order, which the printed key follows.
    page.emulate_media(media="print")  # the media query's change event comes a moment later
    page.wait_for_function("q => [...q.querySelectorAll('.gb-quiz__option')].every((o, i, all) => "
                           "!i || all[i - 1].dataset.letter < o.dataset.letter)", arg=q.element_handle(), timeout=3000)
    assert q.locator(".gb-quiz__letter").evaluate_all("els => els.map(e => e.textContent.trim())") == shown
    assert q.locator(".gb-quiz__option").evaluate_all("els => els.map(e => e.dataset.letter)") == shown
    page.emulate_media(media="screen")
    assert not errors, errors


def test_exam_options_are_shuffled_from_the_seed(page, served):
    """The seed reproduces the exam exactly, option order included; another seed orders differently."""
    errors = _errors(page)
    runs = {}
    for seed in (77, 77, 78):
        if page.url.startswith(served):
            _forget_exam(page)
        page.goto(served + f"exam/?n=30&seed={seed}", wait_until="networkidle")
        started(page)
        page.get_by_role("button", name="Start the exam").click()
        runs.setdefault(seed, []).append((_exam_ids(page), _exam_options(page)))
    assert runs[77][0] == runs[77][1]
    ids, options = runs[77][0]
    pool = dict(page.locator(".gb-exam__pool .gb-quiz__q").evaluate_all(
        "els => els.map(e => [e.dataset.qid, [...e.querySelectorAll('.gb-quiz__option')].map(o => o.dataset.key)])"))
    assert any(options[i] != pool[q] for i, q in enumerate(ids)), "options kept the authored order"
    assert all(sorted(options[i]) == sorted(pool[q]) for i, q in enumerate(ids))
    other = dict(zip(*runs[78][0]))
    assert any(other[q] != options[i] for i, q in enumerate(ids) if q in other) or set(other) != set(ids)
    # The review names the right option by the letter it had in this exam.
    items = page.locator(".gb-exam__list > li")
    page.once("dialog", lambda d: d.accept())
    page.locator(".gb-exam__submit").first.click()
    first = page.locator(".gb-exam__review > li").first
    right = first.locator('.gb-exam__option[data-result="missed"]').first
    assert first.locator(".gb-exam__answer strong").inner_text().startswith(right.get_attribute("data-letter"))
    assert page.locator(".gb-exam__breakdown").count() == 2  # by section and by domain
    exam = _stored(page)["exams"][-1]
    assert sum(t for _, t in exam["domains"].values()) == 30
    assert not errors, errors


def test_official_preset_draws_75_questions_for_180_minutes_without_repeats(page, served):
    errors = _errors(page)
    page.goto(served + "exam/", wait_until="networkidle")
    started(page)
    page.get_by_role("button", name="Official format").click()
    assert page.locator("#gb-exam-n").input_value() == "75"
    assert page.locator('input[name="timed"]').is_checked()
    assert page.locator("#gb-exam-minutes").input_value() == "180"
    page.get_by_role("button", name="Start the exam").click()
    ids = _exam_ids(page)
    assert len(ids) == 75 and len(set(ids)) == 75
    assert re.match(r"(180:00|179:5\d) left", page.locator(".gb-exam__clock").inner_text())
    assert "timer=180" in page.url and "n=75" in page.url
    # Exam-only questions are part of the draw.
    exam_only = set(page.locator('.gb-exam__pool ol[data-exam-only="true"] .gb-quiz__q').evaluate_all(
        "els => els.map(e => e.dataset.qid)"))
    assert len(exam_only) >= 30 and exam_only & set(ids)
    assert not errors, errors


GARBAGE = ['"just a string"', "[1, 2, 3]", "not json at all {", '{"v": 1, "quizzes": [], "exams": "oops"}',
           '{"v": 1, "quizzes": {"caching": "str"}, "exams": [{"n": "x"}]}',
           '{"v": 1, "quizzes": {"caching": {"answers": {"cache-key-policy": {"picked": "A", "ok": 1}}}}}',
           '{"v": 0, "quizzes": {}}', '{"v": 1, "quizzes": {"caching": {"answers": []}}, "exams": null}',
           # Version 2: an attempt without its options, a "Try again" time that is no time, a kept exam
           # whose review is not a list of questions.
           '{"v": 2, "quizzes": {"caching": {"questions": {"cache-key-policy": {"tries": [{"at": 1, "ok": true}]}}}}}',
           '{"v": 2, "quizzes": {"caching": {"questions": {"x": {"tries": [], "open": "soon"}}}}, "exams": []}',
           '{"v": 2, "quizzes": {}, "exams": [{"at": 1, "n": 2, "seed": 3, "correct": 1, "ids": "q1 q2", "answers": {}}]}',
           '{"v": 3, "quizzes": {}, "exams": []}']


@pytest.mark.parametrize("stored", GARBAGE)
def test_garbage_in_storage_breaks_no_page_and_is_set_aside(page, served, stored):
    """An old format, another script's value or a hand edit under the site's key never breaks a
    page: it is read against the schema, what does not fit is set aside (with a notice and a
    download), and answers and exams still save."""
    errors = _errors(page)
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    for path in (QUIZ_PAGE, "progress/", "exam/"):  # each page type meets the value first
        page.evaluate(f"localStorage.setItem('{STORE}', {json.dumps(stored)})")
        page.goto(served + path, wait_until="networkidle")
        started(page)
        assert page.locator(".gb-store-notice").count() == 1, path
        assert "could not be read" in page.locator(".gb-store-notice").inner_text()
        assert page.locator(".gb-store-notice a[download]").count() == 1
    page.evaluate(f"localStorage.setItem('{STORE}', {json.dumps(stored)})")
    # The exam still submits and is kept.
    page.goto(served + "exam/?n=2&seed=5", wait_until="networkidle")
    started(page)
    page.get_by_role("button", name="Start the exam").click()
    page.once("dialog", lambda d: d.accept())
    page.locator(".gb-exam__submit").first.click()
    assert page.locator(".gb-exam__score").is_visible()
    # A section answer saves, and the stored value is whole again.
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)
    q0 = _question(page, 0)
    _choice(q0, _answer(q0)[0]).click()
    data = _stored(page)
    assert data["v"] == 2 and isinstance(data["quizzes"], dict) and isinstance(data["exams"], list)
    assert data["quizzes"]["caching"]["questions"][q0.get_attribute("data-qid")]["tries"][-1]["ok"] is True
    assert len(data["exams"]) == 1
    assert not errors, errors


def test_a_full_storage_is_reported_never_silent(page, served):
    errors = _errors(page)
    page.goto(served + QUIZ_PAGE, wait_until="networkidle")
    started(page)
    filled = page.evaluate("""() => {
        let i = 0;
        for (const size of [512 * 1024, 16 * 1024, 256, 1]) {  // to the last byte the origin may keep
          const chunk = 'x'.repeat(size);
          try { for (let n = 0; n < 100000; n++, i++) localStorage.setItem('filler-' + i, chunk); } catch (e) {}
        }
        return i; }""")
    assert filled > 0, "storage never filled"
    q0 = _question(page, 0)
    _choice(q0, _answer(q0)[0]).click()
    notice = page.locator(".gb-store-notice")
    assert notice.count() == 1 and "could not be saved" in notice.inner_text()
    assert notice.get_attribute("role") == "alert"
    assert q0.get_attribute("data-state") == "correct", "the answer still shows on the page"
    page.evaluate("localStorage.clear()")
    assert not errors, errors


def test_a_reloaded_exam_resumes_with_its_answers_and_the_time_that_really_passed(page, served):
    errors = _errors(page)
    page.goto(served + "exam/?n=6&seed=4242&timer=30", wait_until="networkidle")
    started(page)
    page.get_by_role("button", name="Start the exam").click()
    ids = _exam_ids(page)
    items = page.locator(".gb-exam__list > li")
    picks = []
    for i in (0, 1):
        choice = items.nth(i).locator("input").nth(1)
        choice.check()
        picks.append(choice.get_attribute("value"))
    page.wait_for_timeout(3000)
    clock = page.locator(".gb-exam__clock").inner_text()
    left, read_at = int(clock.split(":")[0]) * 60 + int(clock.split(":")[1].split()[0]), time.monotonic()
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.accept()))
    page.reload(wait_until="networkidle")
    started(page)
    assert asked == ["beforeunload"], "leaving a running exam asks first"
    assert _exam_ids(page) == ids and "Resumed" in page.locator(".gb-exam__seed").inner_text()
    items = page.locator(".gb-exam__list > li")
    assert [items.nth(i).locator("input:checked").get_attribute("value") for i in (0, 1)] == picks
    assert page.locator(".gb-exam__counter").inner_text() == "2 of 6 answered"
    clock = page.locator(".gb-exam__clock").inner_text()
    now, passed = int(clock.split(":")[0]) * 60 + int(clock.split(":")[1].split()[0]), time.monotonic() - read_at
    assert abs((left - now) - passed) <= 2, (left, now, passed)  # real time, never a fresh 30 minutes
    page.once("dialog", lambda d: d.accept())
    page.locator(".gb-exam__submit").first.click()
    assert page.locator(".gb-exam__score").is_visible()
    page.reload(wait_until="networkidle")
    started(page)
    assert page.locator(".gb-exam__setup").count() == 1, "a submitted exam is not resumed"
    assert not errors, errors
