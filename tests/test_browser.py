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
