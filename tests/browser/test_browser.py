"""The built site in Debian Chromium: diagram icons really load, and nothing leaves 127.0.0.1."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from guidebuild.site.startup import MARK

from browsing import started
from sitepages import built_pages

pytestmark = pytest.mark.browser

ICONS_DECODED = """async () => {
  const out = [];
  for (const el of document.querySelectorAll('.gb-diagram svg image')) {
    const img = new Image();
    // xlink:href, see guidebuild/diagrams/svg.py
    const href = el.getAttribute('href') || el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    img.src = new URL(href, document.baseURI).href;
    try { await img.decode(); } catch (e) { /* naturalWidth stays 0 */ }
    out.push({src: img.src, w: img.naturalWidth, h: img.naturalHeight});
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_diagram_icons_load_and_no_third_party_request(page, served, scheme):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.add_init_script(f"localStorage.setItem('/.__palette', JSON.stringify({{index: {1 if scheme == 'slate' else 0}, color: {{scheme: '{scheme}'}}}}))")
    page.goto(served + "250-event-processing/", wait_until="networkidle")
    started(page)
    assert page.get_attribute("body", "data-md-color-scheme") == scheme
    figures = page.locator(".gb-diagram svg")
    assert figures.count() >= 3
    icons = page.evaluate(ICONS_DECODED)
    assert len(icons) >= 9
    bad = [i for i in icons if i["w"] <= 0 or i["h"] <= 0]
    assert not bad, bad
    # The icon as drawn inside the SVG is the one the browser fetched.
    assert any("/assets/diagrams/icons/" in u for u in requests)
    outside = [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1",) and not u.startswith("data:")]
    assert not outside, outside
    assert not failed, failed


def test_external_links_are_marked_for_print_only_when_printing(page, served):
    """print.css prints the address after links that leave the site; print.js marks them just
    before printing, not at load (where it would touch every link of the page)."""
    page.goto(served + "250-event-processing/")
    page.wait_for_load_state("load")
    started(page)
    external = page.locator(".md-content a[href^='https://docs.aws.amazon.com']")
    assert external.count() > 3
    assert page.locator(".md-content a.gb-external").count() == 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".md-content a.gb-external").count() >= external.count()
    assert page.evaluate("""[...document.querySelectorAll('.md-content a.gb-external')]
        .every(a => a.origin !== location.origin)""")
    internal = page.locator(".md-content a.headerlink").first
    assert "gb-external" not in (internal.get_attribute("class") or "")


# Recorded from the first script of the page on: when Material's bundle first ran (it defines
# document$), how many figures had no player yet at that moment, and <html>'s classes at the first frame.
WATCH_STARTUP = """
(() => {
  const seen = window.__startup = {};
  let value;
  Object.defineProperty(window, "document$", { configurable: true, get: () => value,
    set: v => {
      value = v;
      if (seen.bundle !== undefined) return;
      seen.bundle = performance.now();
      seen.figures = document.querySelectorAll(".gb-diagram").length;
      seen.bare = seen.figures - document.querySelectorAll(".gb-diagram .gb-player").length;
    } });
  requestAnimationFrame(() => { seen.classes = document.documentElement.className; });
})();
"""


def test_material_starts_after_the_first_paint_and_the_site_scripts_before(page, served):
    """guidebuild/site/startup.py: the theme's bundle is fetched early but runs once the first contentful
    paint is on screen; the site's scripts, which build layout (a diagram's player), ran before it."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(WATCH_STARTUP)
    page.goto(served + "250-event-processing/", wait_until="load")
    started(page)
    t = page.evaluate("""mark => {
      const at = name => performance.getEntriesByName(name)[0]?.startTime;
      const bundle = performance.getEntriesByType("resource").find(r => r.name.includes("/javascripts/bundle."));
      return { fcp: at("first-contentful-paint"), start: at(mark), bundle: window.__startup.bundle,
               fetched: bundle && bundle.startTime, initiator: bundle && bundle.initiatorType,
               js: document.documentElement.className, figures: window.__startup.figures,
               bare: window.__startup.bare, classes: window.__startup.classes };
    }""", MARK)
    assert t["fcp"] is not None and t["start"] is not None, t
    assert t["fcp"] <= t["start"] <= t["bundle"], f"Material's bundle ran before the first paint: {t}"
    assert t["initiator"] == "link" and t["fetched"] < t["start"], f"the bundle was not preloaded: {t}"
    assert t["figures"] > 0 and t["bare"] == 0, f"figures without their player when Material ran: {t}"
    # Painted as a page with scripts from the first frame on (the header's search box is there).
    assert "js" in t["classes"].split() and "no-js" not in t["classes"].split(), t
    assert "js-focus-visible" in t["js"].split(), "Material's bundle started (its focus-visible polyfill marks <html>)"
    # Material's components mounted once DOMContentLoaded was fired again: the search and the table
    # of contents work, and the site's quiz and diagram scripts ran once each.
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("dead-letter", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert page.locator(".gb-diagram .gb-player").count() == page.locator(".gb-diagram").count() > 0
    assert page.locator(".gb-quiz .gb-quiz__reset").count() == page.locator(".gb-quiz").count() > 0
    assert not errors, errors


# Shifts from the end of parsing on: the site's last scripts, the deferred ones, Material's start-up.
# Before it, Chromium may paint a table whose later rows then widen its columns (measured on the
# old start-up as on this one, 0.0035 on /250-event-processing/ at 1280 px): no script's doing.
LAYOUT_SHIFT = """() => new Promise(done => {
  const parsed = performance.getEntriesByType("navigation")[0].domContentLoadedEventStart;
  let sum = 0;
  const where = [];
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput && e.startTime >= parsed) {
    sum += e.value;
    where.push(...e.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : "?"));
  } }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done([sum, where]), 300);
})"""


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_nothing_moves_while_a_page_starts(browser, site, served, width, height):
    """Whatever paints first (the parser yields on a long page, the theme's bundle waits for the
    first paint), the scripts that run once the page is parsed do not move what the reader sees:
    the palette switch, the header's search box, the exam's set-up form, the progress table,
    Material's table wrapper."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for path in built_pages(site):
            page.goto(served + path, wait_until="load")
            started(page)
            shift, where = page.evaluate(LAYOUT_SHIFT)
            assert shift < 0.001, f"{path or '/'} at {width} px: layout shift {shift:.4f} ({', '.join(where)})"
    finally:
        context.close()


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_palette_switch(browser, served, system):
    """docs/assets/guide/palette.js in place of Material's palette component: the system's scheme
    at first, a click or Enter switches and is remembered, and the browser's colour scheme follows."""
    context = browser.new_context(color_scheme=system)
    page = context.new_page()
    try:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(served + "250-event-processing/", wait_until="load")
        started(page)
        first, other = ("default", "slate") if system == "light" else ("slate", "default")
        scheme = lambda: page.get_attribute("body", "data-md-color-scheme")  # noqa: E731
        meta = """name => document.querySelector(`meta[name="${name}"]`)?.content"""
        assert scheme() == first
        page.wait_for_function(f"""() => /^#[0-9a-f]{{6}}$/.test(({meta})("theme-color") || "")""")
        mode = {"default": "light", "slate": "dark"}
        assert page.evaluate(meta, "color-scheme") == mode[first]
        # Taken from the stylesheet without reading computed style, yet the header's colour as drawn.
        header = """() => '#' + getComputedStyle(document.querySelector('[data-md-component=header]'))
            .backgroundColor.match(/\\d+/g).slice(0, 3).map(c => (+c).toString(16).padStart(2, '0')).join('')"""
        assert page.evaluate(meta, "theme-color") == page.evaluate(header)
        switch = page.locator("form[data-gb-palette] label:not([hidden])")
        assert switch.count() == 1
        assert switch.get_attribute("title") == ("Switch to dark mode" if first == "default" else "Switch to light mode")
        switch.click()
        assert scheme() == other
        # Both palettes keep an indigo header, so the theme colour stays; the scheme follows.
        page.wait_for_function(f"""m => ({meta})("color-scheme") === m""", arg=mode[other])
        page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
        page.reload(wait_until="load")
        started(page)
        assert scheme() == other, "the choice is remembered"
        assert page.evaluate(meta, "color-scheme") == mode[other]
        assert page.evaluate(meta, "theme-color") == page.evaluate(header)
        # Keyboard: the switch's radio takes the focus; Enter moves to the other palette.
        page.focus("form[data-gb-palette] input:checked")
        page.keyboard.press("Enter")
        assert scheme() == first
        assert page.locator("form[data-gb-palette] label:not([hidden])").count() == 1
        assert not errors, errors
    finally:
        context.close()
