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
