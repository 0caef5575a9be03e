"""The learning loop in one go, as a student lives it (issue 18): answer a section quiz, see it on the
progress page, find the missed question on the mistakes page, rate a review card, reload everything:
every piece of state is still there, and no page throws."""
from __future__ import annotations

import json

import pytest

from browsing import started

pytestmark = pytest.mark.browser

QUIZ = "251-caching/"


def _go(page, served, path):
    page.goto(served + path, wait_until="networkidle")
    started(page)


def test_read_practise_see_mistakes_review_and_reload(page, served):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # 1. A section quiz: the first question answered wrong, the second right.
    _go(page, served, QUIZ)
    questions = page.locator(".gb-quiz .gb-quiz__q")
    wrong_q, right_q = questions.nth(0), questions.nth(1)
    answer = wrong_q.get_attribute("data-answer").split()
    wrong = next(x for x in "ABCDE" if x not in answer and wrong_q.locator(f'[data-letter="{x}"]').count())
    wrong_q.locator(f'.gb-quiz__option[data-letter="{wrong}"] .gb-quiz__choice').click()
    for letter in right_q.get_attribute("data-answer").split():
        right_q.locator(f'.gb-quiz__option[data-letter="{letter}"] .gb-quiz__choice').click()
    if right_q.get_attribute("data-kind") == "multi":
        right_q.locator(".gb-quiz__check").click()
    missed = wrong_q.get_attribute("data-qid")

    # 2. The progress page reads the same state: two answered, one right the first time.
    _go(page, served, "progress/")
    row = page.locator(".gb-progress tr", has_text="Caching").first
    text = row.inner_text()
    assert "2" in text and "50%" in text, text

    # 3. The mistakes page draws exactly the missed question.
    _go(page, served, "mistakes/")
    shown = page.locator(".gb-mistakes__list .gb-quiz__q").evaluate_all("els => els.map(e => e.dataset.qid)")
    assert shown == [missed]

    # 4. A review card, shown with Space and rated Good.
    _go(page, served, "review/")
    page.wait_for_selector(".gb-review[data-gb-ready]", state="attached")
    card = page.locator(".gb-review__card").get_attribute("data-card")
    page.keyboard.press(" ")
    page.keyboard.press("3")
    review = json.loads(page.evaluate("localStorage.getItem('/.gb-review')"))
    assert card in json.dumps(review)

    # 5. Reload every page: the quiz answers, the progress, the mistakes and the schedule are kept.
    _go(page, served, QUIZ)
    assert page.locator(f'.gb-quiz__q[data-qid="{missed}"]').get_attribute("data-state") == "wrong"
    _go(page, served, "progress/")
    assert page.locator(".gb-progress tr", has_text="Caching").first.inner_text() == text
    _go(page, served, "mistakes/")
    assert page.locator(".gb-mistakes__list .gb-quiz__q").evaluate_all("els => els.map(e => e.dataset.qid)") == [missed]
    _go(page, served, "review/")
    page.wait_for_selector(".gb-review[data-gb-ready]", state="attached")
    assert json.loads(page.evaluate("localStorage.getItem('/.gb-review')")) == review
    assert page.locator(".gb-review__card").get_attribute("data-card") != card, "a rated card is not due again today"
    _go(page, served, "")
    assert "due today" in page.locator(".gb-review-due").inner_text()
    assert errors == []
