"""The prose boxes of guidebuild/markdown/offscreen.py in Chromium: skipped while off screen, shown in
print, and as tall before they are first shown as they turn out to be (the build's estimate)."""
from __future__ import annotations

import pytest

from sitepages import built_pages
from browsing import started

pytestmark = pytest.mark.browser

# Width of the window, and which estimate the stylesheet uses there.
WIDTHS = {1280: "--gb-h", 390: "--gb-hn"}

MEASURE = """(prop) => [...document.querySelectorAll('.gb-offscreen')].map(box => {
  const cs = getComputedStyle(box), em = parseFloat(cs.fontSize);
  return {real: box.getBoundingClientRect().height / em, guess: parseFloat(cs.getPropertyValue(prop)),
          text: box.textContent.trim().slice(0, 60)};
})"""


def _pages_with_boxes(site) -> list[str]:
    return [p for p in built_pages(site)
            if (p.endswith("/") or p == "") and 'class="gb-offscreen"' in (site / p / "index.html").read_text()]


def test_estimates_hold_to_the_rendered_heights(browser, site, served):
    """A box's estimate is its height until it is first shown: the scroll bar and anchor jumps
    depend on it. Page by page, the estimates add up to within a quarter of the real heights; no
    single box is off by more than half (shorter) or double (taller)."""
    pages = _pages_with_boxes(site)
    assert len(pages) >= 7, pages
    problems = []
    for width, prop in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            for path in pages:
                page.goto(served + path, wait_until="load")
                started(page)
                # Shown for measuring, as a reader scrolling through would see each one.
                page.add_style_tag(content=".gb-offscreen { content-visibility: visible !important; }")
                boxes = page.evaluate(MEASURE, prop)
                real, guess = sum(b["real"] for b in boxes), sum(b["guess"] for b in boxes)
                if not 0.75 <= real / guess <= 1.25:
                    problems.append(f"{path} at {width}px: boxes are {real:.0f} em tall, estimated {guess:.0f} em")
                for b in boxes:
                    if not 0.5 <= b["real"] / b["guess"] <= 2.0:
                        problems.append(f"{path} at {width}px: box '{b['text']}...' is {b['real']:.1f} em tall, "
                                        f"estimated {b['guess']:.0f} em")
        finally:
            context.close()
    assert not problems, ("guidebuild/markdown/offscreen.py's estimate no longer fits the pages (retune WIDE/NARROW, "
                          "LINE, GAP or the table constants):\n" + "\n".join(problems))


def test_boxes_off_screen_are_skipped_and_headings_stay_outside(browser, served):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(served + "250-event-processing/", wait_until="load")
        started(page)
        state = page.evaluate("""() => [...document.querySelectorAll('.gb-offscreen')].map(box => ({
            top: box.getBoundingClientRect().top,
            height: box.getBoundingClientRect().height,
            guess: parseFloat(getComputedStyle(box).getPropertyValue('--gb-hn')) * parseFloat(getComputedStyle(box).fontSize),
            rendered: box.firstElementChild.checkVisibility({contentVisibilityAuto: true}),
            headings: box.querySelectorAll('h1, h2, h3, h4, h5, h6').length}))""")
        assert len(state) >= 8
        assert all(s["headings"] == 0 for s in state), "Material measures headings: keep them out of the boxes"
        far = [s for s in state if s["top"] > 3 * 844]
        assert far and not any(s["rendered"] for s in far), "boxes far below the screen are still rendered"
        # Until shown, a box is exactly as tall as the build's phone estimate (not collapsed).
        for s in far:
            assert abs(s["height"] - s["guess"]) < 1, f"a skipped box is {s['height']:.0f} px, estimated {s['guess']:.0f} px"
        # Scrolled to, a box renders.
        page.evaluate("document.querySelectorAll('.gb-offscreen')[document.querySelectorAll('.gb-offscreen').length - 1]"
                      ".scrollIntoView()")
        page.wait_for_timeout(300)
        assert page.evaluate("""() => { const all = document.querySelectorAll('.gb-offscreen');
            return all[all.length - 1].firstElementChild.checkVisibility({contentVisibilityAuto: true}); }""")
    finally:
        context.close()


def test_no_box_on_the_first_screen_of_a_phone(browser, site, served):
    """A box in view at load would be drawn at its estimate and then at its real height, moving
    the text below it: a layout shift. The first screen never holds one."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        for path in _pages_with_boxes(site):
            page.goto(served + path, wait_until="load")
            started(page)
            first = page.evaluate("document.querySelector('.gb-offscreen').getBoundingClientRect().top")
            assert first > 700, f"{path}: a box starts {first:.0f} px down, on the first screen"
            shifts = page.evaluate("""() => new Promise(done => new PerformanceObserver((list, obs) =>
                done(list.getEntries().reduce((sum, e) => sum + e.value, 0))).observe({type: 'layout-shift', buffered: true})
                || setTimeout(() => done(0), 500))""")
            assert shifts < 0.01, f"{path}: layout shift {shifts:.3f} while loading on a phone"
    finally:
        context.close()


def test_print_shows_every_box(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(served + "250-event-processing/", wait_until="load")
        started(page)
        page.emulate_media(media="print")
        values = page.eval_on_selector_all(
            ".gb-offscreen", "els => els.map(e => getComputedStyle(e).contentVisibility + ' ' + getComputedStyle(e).overflow)")
        assert values and set(values) == {"visible visible"}, values
    finally:
        context.close()
