"""Abbreviations by touch and keyboard (docs/assets/guide/abbr.js): a tap or the focus opens the
definition with a link to the glossary entry; marks only at a term's first use in each section,
never in headings, the navigation or the table of contents."""
from __future__ import annotations

import pytest

from browsing import started
from sitepages import built_pages

PAGE = "250-event-processing/"
POP = "#gb-abbr-pop"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_a_tap_opens_the_definition_and_its_glossary_link(phone, served):
    phone.goto(served + PAGE)
    started(phone)
    mark = phone.locator("article abbr[data-gb-glossary]", has_text="SQS").first
    mark.scroll_into_view_if_needed()
    assert phone.locator(POP).count() == 0 or not phone.locator(POP).is_visible()
    mark.tap()
    pop = phone.locator(POP)
    assert pop.is_visible()
    assert "SQS" in pop.inner_text() and "message queue" in pop.inner_text()
    assert pop.get_attribute("role") == "dialog" and mark.get_attribute("aria-expanded") == "true"
    box, width = pop.bounding_box(), phone.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the popover stays inside a phone's width"
    # A tap elsewhere closes it; the link opens the glossary entry.
    phone.locator("article h1").tap()
    assert not pop.is_visible() and mark.get_attribute("aria-expanded") == "false"
    mark.tap()
    pop.locator("a.gb-abbr-pop__link").tap()
    phone.wait_for_url("**/glossary/#sqs")
    started(phone)
    assert phone.locator("dt#sqs").is_visible()


def test_the_keyboard_opens_and_closes_it(page, served):
    page.goto(served + PAGE)
    started(page)
    mark = page.locator("article abbr[data-gb-glossary]").first
    mark.focus()
    page.keyboard.press("Enter")
    pop = page.locator(POP)
    assert pop.is_visible() and mark.inner_text() in pop.inner_text()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('gb-abbr-pop__link')")
    page.keyboard.press("Escape")
    assert not pop.is_visible()
    assert page.evaluate("document.activeElement.tagName") == "ABBR", "focus returns to the term"
    # Hover still has the browser's own tooltip.
    assert mark.get_attribute("title")


def test_marks_are_first_use_per_section_and_never_in_headings_or_navigation(page, served, site):
    for url in built_pages(site):
        page.goto(served + url)
        found = page.evaluate("""() => {
          const bad = [...document.querySelectorAll(
            'h1 abbr, h2 abbr, h3 abbr, h4 abbr, h5 abbr, h6 abbr, .md-nav abbr, .md-header abbr, title abbr')].length;
          // Per ## section (h1 opens one too), each term at most once.
          const seen = new Set(); let repeats = [];
          const walker = document.createTreeWalker(document.querySelector('article') || document.body,
                                                   NodeFilter.SHOW_ELEMENT);
          for (let n = walker.currentNode; n; n = walker.nextNode()) {
            if (n.tagName === 'H1' || n.tagName === 'H2') seen.clear();
            // The exam's pool holds each quiz as its own page marked it: one section per quiz there.
            if (n.matches('.gb-exam__pool .gb-quiz__list')) seen.clear();
            if (n.tagName === 'ABBR') {
              const t = n.textContent;
              if (seen.has(t)) repeats.push(t);
              seen.add(t);
              if (n.getAttribute('tabindex') !== '0') repeats.push('not focusable: ' + t);
            }
          }
          return {bad, repeats: repeats.slice(0, 5), marks: [...document.querySelectorAll('article abbr')].filter(a => !a.closest('.gb-exam__pool')).length};
        }""")
        assert found["bad"] == 0 and not found["repeats"], (url, found)
        # The glossary page has the most (its definitions name other terms): 163 at the time of writing.
        assert found["marks"] <= 180, (url, found["marks"])
