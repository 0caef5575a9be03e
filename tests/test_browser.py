"""The built site in Debian Chromium: diagram icons really load, and nothing leaves 127.0.0.1."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ICONS_DECODED = """async () => {
  const out = [];
  for (const el of document.querySelectorAll('.gb-diagram svg image')) {
    const img = new Image();
    // xlink:href, see guidebuild/svg.py
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
    external = page.locator(".md-content a[href^='https://docs.aws.amazon.com']")
    assert external.count() > 3
    assert page.locator(".md-content a.gb-external").count() == 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator(".md-content a.gb-external").count() >= external.count()
    assert page.evaluate("""[...document.querySelectorAll('.md-content a.gb-external')]
        .every(a => a.origin !== location.origin)""")
    internal = page.locator(".md-content a.headerlink").first
    assert "gb-external" not in (internal.get_attribute("class") or "")


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
