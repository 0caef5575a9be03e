"""The offline copy (make offline): a zip that works from file://, search included, with no request
other than to its own files."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from guidebuild.site import offline

from conftest import ROOT, mkdocs_build
from sitepages import built_pages
from fetches import third_party_fetches
from browsing import started


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "guide.zip"
    proc = subprocess.run([sys.executable, "-m", "guidebuild.site.offline", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert str(out) in proc.stdout and "index.html" in proc.stdout
    return out


@pytest.fixture(scope="module")
def unzipped(offline_zip, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(dest)
    return dest / offline.TOP_DIR


def test_zip_holds_every_page_as_a_file(site, unzipped):
    for page in built_pages(site):
        name = "index.html" if page == "" else page.rstrip("/") + ".html" if page.endswith("/") else page
        assert (unzipped / name).is_file(), f"{name} missing from the offline copy"
    assert (unzipped / "search" / "search_index.js").read_text().startswith("var __index = {")
    for server_only in ("404.html", "sitemap.xml", "search/search_index.json"):
        assert not (unzipped / server_only).exists(), server_only
    assert not list(unzipped.rglob("*.map"))


def test_polyfill_is_served_from_the_copy(unzipped):
    html = (unzipped / "250-event-processing.html").read_text()
    assert '<script src="assets/vendor/iframe-worker/shim.js"></script>' in html
    assert "unpkg" not in html
    assert (unzipped / offline.SHIM_URL).read_bytes() == (ROOT / offline.SHIM_SRC).read_bytes()
    assert (unzipped / offline.LICENSE_URL).is_file()
    assert not third_party_fetches(unzipped), third_party_fetches(unzipped)


def test_diagram_scripts_are_in_the_pages(unzipped):
    """file:// cannot fetch: each figure's script tab holds its highlighted script, nothing to fetch."""
    scripts = {p.stem for p in (ROOT / "diagram_src").glob("*.py") if not p.name.startswith("_")}
    shown = set()
    for page in unzipped.glob("*.html"):
        text = page.read_text()
        for slug in re.findall(r'<figure\b[^>]*\bdata-diagram="([^"]+)"', text):
            shown.add(slug)
            assert f'<span class="filename">diagram_src/{slug}.py</span>' in text, (page.name, slug)
        assert "data-gb-src" not in text, page.name
    assert shown == scripts
    assert not (unzipped / "assets" / "diagrams" / "src").exists()


def test_hosted_build_does_not_carry_the_polyfill(site):
    assert not (site / offline.SHIM_URL).exists()
    assert "iframe-worker" not in (site / "index.html").read_text()


def test_zip_is_reproducible(tmp_path):
    (tmp_path / "s" / "a").mkdir(parents=True)
    (tmp_path / "s" / "a" / "index.html").write_text("x")
    (tmp_path / "s" / "404.html").write_text("y")
    offline.zip_site(tmp_path / "s", tmp_path / "1.zip")
    offline.zip_site(tmp_path / "s", tmp_path / "2.zip")
    assert (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()
    assert zipfile.ZipFile(tmp_path / "1.zip").namelist() == [f"{offline.TOP_DIR}/a/index.html"]


def test_missing_polyfill_is_explained(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: t
        theme: {name: material}
        plugins:
          - search
          - guidebuild
          - offline
    """))
    proc = mkdocs_build(tmp_path, tmp_path / "site")
    assert proc.returncode != 0
    assert "node_modules/iframe-worker/shim/index.js not found" in proc.stderr and "npm ci" in proc.stderr
    cli = subprocess.run([sys.executable, "-m", "guidebuild.site.offline", "--root", str(tmp_path),
                          "--out", str(tmp_path / "x.zip")], capture_output=True, text=True, timeout=120)
    assert cli.returncode == 1 and "npm ci" in cli.stderr and "Traceback" not in cli.stderr
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.browser
def test_works_from_file_urls_with_search(browser, unzipped):
    requests: list[str] = []
    failed: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.on("request", lambda r: requests.append(r.url))
    context.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((unzipped / "index.html").as_uri(), wait_until="load")
        started(page)
        assert page.title().startswith("AWS SA Pro study guide")
        # Navigate to a section through the site's own navigation.
        page.locator(".md-nav--primary a.md-nav__link", has_text="250. Event processing").first.click()
        page.wait_for_load_state("load")
        started(page)
        assert page.url.endswith("/250-event-processing.html")
        assert page.locator("h1").first.inner_text().startswith("250.")
        icons = page.evaluate("""async () => Promise.all([...document.querySelectorAll('.gb-diagram svg image')]
          .map(async el => { const i = new Image(); i.src = new URL(el.href.baseVal, document.baseURI).href;
                             try { await i.decode(); } catch (e) {} return i.naturalWidth; }))""")
        assert icons and all(w > 0 for w in icons), icons
        # The page's scripts started (they wait for Material's document$): quiz, diagram player,
        # and Material's own content tabs.
        page.locator(".gb-quiz[data-gb-ready]").first.wait_for(state="attached", timeout=10_000)
        assert page.locator(".gb-diagram[data-gb-ready]").count() == page.locator(".gb-diagram").count() > 0
        assert page.locator(".gb-quiz button.gb-quiz__choice").count() > 0, "quiz.js did not start"
        fig = page.locator("#diagram-sqs-lambda-dlq")
        fig.locator(".tabbed-labels label", has_text="sqs-lambda-dlq.py").click()
        code = fig.locator(".gb-diagram__source code")
        code.wait_for(state="visible")
        assert code.inner_text().strip() == (ROOT / "diagram_src" / "sqs-lambda-dlq.py").read_text().strip()
        # Search runs in the iframe-worker polyfill, on the index inlined into search_index.js.
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("dead-letter", delay=20)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15_000)
        assert results.count() >= 2
        results.first.locator("a").first.click()
        page.wait_for_load_state("load")
        started(page)
        assert page.url.startswith("file://") and ".html" in page.url
    finally:
        context.close()
    foreign = [u for u in requests if urlsplit(u).scheme not in ("file", "data", "blob", "about")]
    assert not foreign, f"the offline copy requested: {foreign}"
    assert any(u.endswith("/search/search_index.js") for u in requests)
    assert any(u.endswith(offline.SHIM_URL) for u in requests)
    assert not failed, failed
    assert not errors, errors


@pytest.mark.browser
def test_review_works_from_file_urls_and_the_deck_ships(browser, unzipped):
    """The review page runs from file:// (the cards are a script, not fetched JSON), its card links
    end in .html, and the copy ships the Anki deck and ts-fsrs with its licence."""
    from guidebuild.cards.extension import DECK
    from guidebuild.mkdocs.review import FSRS_LICENSE_URL

    assert zipfile.is_zipfile(unzipped / DECK) and (unzipped / FSRS_LICENSE_URL).is_file()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((unzipped / "review.html").as_uri(), wait_until="load")
        page.wait_for_selector(".gb-review[data-gb-ready]", state="attached", timeout=15_000)
        first = page.locator(".gb-review__card").get_attribute("data-card")
        page.keyboard.press(" ")
        href = page.locator(".gb-review__back a", has_text="Where the guide teaches it").get_attribute("href")
        assert re.fullmatch(r"(\./)?[\w.-]+\.html#[\w-]+", href), href
        page.keyboard.press("3")
        stored = page.evaluate("() => Object.entries(localStorage).filter(([k]) => k.endsWith('.gb-review'))")
        assert len(stored) == 1 and first in stored[0][1]
        page.goto((unzipped / "index.html").as_uri(), wait_until="load")
        page.wait_for_selector(".gb-review-due[data-gb-due]", state="attached", timeout=15_000)
        assert page.locator(".gb-review-due a[download]").get_attribute("href") == DECK
        assert not errors, errors
    finally:
        context.close()
