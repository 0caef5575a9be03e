"""Wide tables on a phone (docs/assets/guide/tables.js, guide.css): the first column stays in view
while the table scrolls sideways, the right edge fades while there is more, and the scrolling box
can be reached and scrolled with the keyboard. Tables that fit get none of it."""
from __future__ import annotations

from browsing import started

PAGE = "250-event-processing/"


def _wide(page, served, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(served + PAGE)
    started(page)
    page.wait_for_function("document.querySelectorAll('.md-typeset__scrollwrap.gb-table-end, "
                           ".md-typeset__scrollwrap.gb-table-scrolls').length > 0")


def test_a_wide_table_keeps_its_first_column_and_shows_that_it_scrolls(page, served):
    _wide(page, served, 390)
    wrap = page.locator(".md-typeset__scrollwrap.gb-table-scrolls").first
    assert wrap.count() == 1
    assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("aria-label") == "Table, scrolls sideways"
    first = wrap.locator("tbody tr:first-child td:first-child")
    second = wrap.locator("tbody tr:first-child td:nth-child(2)")
    x0, y0 = first.bounding_box()["x"], second.bounding_box()["x"]
    mask = "getComputedStyle(document.querySelector('.gb-table-scrolls')).maskImage"
    assert page.evaluate(mask) != "none", "the right edge fades while there is more"
    shift = wrap.evaluate("w => (w.scrollLeft = w.scrollWidth, w.scrollWidth - w.clientWidth)")
    assert shift > 20, "this table is wider than a phone"
    page.wait_for_function("document.querySelector('.gb-table-scrolls').classList.contains('gb-table-end')")
    left = wrap.bounding_box()["x"]
    assert abs(first.bounding_box()["x"] - left) < 1 and x0 > left, "the first column stays at the box's edge"
    assert second.bounding_box()["x"] < y0 - shift + 2, "the other columns scroll"
    assert page.evaluate(mask) == "none", "no fade once the end is in view"
    # The keyboard scrolls it too.
    wrap.evaluate("w => w.scrollLeft = 0")
    page.wait_for_function("document.querySelector('.gb-table-scrolls').scrollLeft === 0")
    wrap.focus()
    assert page.evaluate("document.activeElement.classList.contains('gb-table-scrolls')")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.gb-table-scrolls').scrollLeft > 0", timeout=5000)


def test_tables_that_fit_are_left_alone(page, served):
    _wide(page, served, 1280)
    assert page.locator(".md-typeset__scrollwrap.gb-table-scrolls").count() == 0
    assert page.evaluate("[...document.querySelectorAll('.md-typeset__scrollwrap')]"
                         ".every(w => getComputedStyle(w).maskImage === 'none')")
