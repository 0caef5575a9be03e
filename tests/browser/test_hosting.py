"""The site as GitHub Pages hosts it, under a subpath: the 404 page, and links into and out of
every page (diagram pages included) without an error or a failed request."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from browsing import Traffic, serve_at_subpath, started
from conftest import ROOT
from sitepages import built_pages, origin_of, page_file, palette_script, site_url

from guidetools import generator


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """The site built for, and served at, a loopback URL with the hosted site's path: site_url
    matches the server (port included), as it does on GitHub Pages."""
    prefix = urlsplit(site_url()).path
    site = tmp_path_factory.mktemp("hosted") / "site"
    server, base = serve_at_subpath(site, prefix)
    proc = subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(site)],
                          cwd=ROOT, env={**os.environ, "SITE_URL": base, "GUIDE_PDF": "false"}, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    yield site, base
    server.shutdown()
    server.server_close()


def test_404_page_at_the_hosted_subpath(browser, hosted):
    """A mistyped URL at any depth gets the styled 404 page, whose links all work."""
    _, hosted = hosted
    prefix = urlsplit(hosted).path
    traffic = Traffic(origin_of(hosted))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    traffic.attach(context)
    context.add_init_script(palette_script("slate", prefix))
    page = context.new_page()
    try:
        response = page.goto(hosted + "no/such/section/page/", wait_until="load")
        started(page)
        assert response.status == 404
        traffic.settle(page)
        assert page.locator("h1").inner_text().startswith("404")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate", "palette script ran"
        header_bg = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        assert header_bg not in ("rgba(0, 0, 0, 0)", "transparent"), "Material's stylesheet did not load"
        assert not traffic.failed and not traffic.outside, traffic.failed + traffic.outside
        assert any(u.endswith(".css") for u in traffic.seen)
        # Every link of the 404 page leads to a real page of the hosted site.
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        local = sorted({h.split("#")[0] for h in hrefs if h.startswith(hosted)})
        assert len(local) >= 7, local
        for url in local:
            r = context.request.get(url)
            assert r.status == 200, f"404 page links to {url}: HTTP {r.status}"
        page.locator(".md-header__button.md-logo").click()
        # A full page load: while it runs the document may have no heading yet.
        page.wait_for_url(hosted, wait_until="load", timeout=15_000)
        started(page)
        assert page.url == hosted
        assert not page.locator("h1").first.inner_text().startswith("404")
    finally:
        context.close()


ICONS = """async () => Promise.all([...document.querySelectorAll('.gb-diagram svg image')].map(async el => {
  const i = new Image(); i.src = new URL(el.href.baseVal, document.baseURI).href;
  try { await i.decode(); } catch (e) {} return [i.src, i.naturalWidth];
}))"""


def h1_of(site, path: str) -> str:
    text = page_file(site, path).read_text()
    m = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).replace("¶", "").split()) if m else ""


ARRIVED = """([url, h]) => { const e = document.querySelector('h1');
  return location.href === url && !!e && e.textContent.replace('¶', '').split(/\\s+/).filter(Boolean).join(' ') === h; }"""


def wait_for_page(page, url: str, heading: str, timeout_s: float = 15) -> bool:
    import time

    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        try:
            if page.evaluate(ARRIVED, [url, heading]):
                return True
        except Exception:  # noqa: BLE001 - a full reload destroys the context mid-call
            pass
        page.wait_for_timeout(100)
    return False


def test_links_reach_every_page_at_the_subpath(browser, hosted):
    """Following a link into every page, diagram pages included: each arrives with its heading,
    no script error, no failed or third-party request, and diagram icons (relative to the site
    root, wherever it is mounted) that load."""
    site, base = hosted
    traffic = Traffic(origin_of(base))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    traffic.attach(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    try:
        pages = built_pages(site)
        assert len(pages) >= 7
        start = next((p for p in pages if "gb-diagram" in (site / p / "index.html").read_text()), "") \
            if all(p.endswith("/") or p == "" for p in pages) else ""
        page.goto(base + start, wait_until="load")
        started(page)
        traffic.settle(page)
        for path in [p for p in pages if p != start] + [start]:
            target = base + path
            page.evaluate("""(url) => { const a = document.createElement('a'); a.href = url; a.textContent = 'go';
                                        document.querySelector('.md-content').append(a); a.click(); }""", target)
            expected = h1_of(site, path)
            assert wait_for_page(page, target, expected), (
                f"{path or '/'}: the page never showed its heading {expected!r}; page errors: {errors or 'none'}")
            started(page)
            traffic.settle(page, quiet_ms=200)
            icons = page.evaluate(ICONS)
            broken = [src for src, w in icons if w <= 0]
            assert not broken, f"{path or '/'}: diagram icons do not load: {broken}"
        assert not errors, errors
        assert not traffic.failed and not traffic.outside, traffic.failed + traffic.outside
    finally:
        context.close()


def test_phone_at_the_subpath_swaps_in_twins_and_fetches_scripts(browser, hosted):
    """Reached by a link on a phone, a diagram page's wide drawings give way to their phone twins,
    and its script tabs fetch relative to the page's address under the subpath."""
    site, base = hosted
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    try:
        page.goto(base + "251-caching/", wait_until="networkidle")
        started(page)
        page.evaluate("""(url) => { const a = document.createElement('a'); a.href = url; a.textContent = 'go';
                                    document.querySelector('.md-content').append(a); a.click(); }""",
                      base + "250-event-processing/")
        fig = "#diagram-sqs-lambda-dlq"
        page.wait_for_selector(f"{fig} .gb-player")
        shown = page.locator(f"{fig} .gb-diagram__canvas > svg.gb-svg")
        assert shown.count() == 1 and "gb-svg--narrow" in shown.get_attribute("class")
        page.locator(f"{fig} .tabbed-labels label", has_text="sqs-lambda-dlq.py").tap()
        code = page.locator(f"{fig} .gb-diagram__source code")
        code.wait_for(state="visible")
        assert code.inner_text().strip() == (ROOT / "diagram_src" / "sqs-lambda-dlq.py").read_text().strip()
    finally:
        ctx.close()
