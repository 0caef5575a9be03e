"""The cheat sheet prints, with Chromium's print engine, on the two sides of one A4 or Letter sheet."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from browsing import started

pytestmark = pytest.mark.browser

HEADINGS = """() => [...document.querySelectorAll('.gb-cheatsheet h2, .gb-cheatsheet h3')]
    .map(h => h.textContent.replace(/\\u00b6/g, '').trim())"""
OVERFLOW = """() => {
  const sheet = document.querySelector('.gb-cheatsheet');
  const limit = sheet.getBoundingClientRect().right + 1;
  return [...sheet.querySelectorAll('*')].filter(el => el.getBoundingClientRect().right > limit)
    .map(el => el.tagName + ': ' + el.textContent.slice(0, 40));
}"""


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# Layout width = paper width minus the 7 mm side margins of the @page rule, in CSS px.
@pytest.mark.parametrize("paper, width_px", [("A4", 741), ("Letter", 763)])
def test_cheat_sheet_prints_on_two_pages(page, served, tmp_path, paper, width_px):
    page.set_viewport_size({"width": width_px, "height": 1100})
    page.goto(served + "cheat-sheet/", wait_until="networkidle")
    started(page)
    page.emulate_media(media="print")
    headings = page.evaluate(HEADINGS)
    assert len(headings) >= 10, headings
    # Chromium shrinks a page whose content is wider than the paper: nothing may stick out.
    assert page.evaluate(OVERFLOW) == []

    out = tmp_path / f"cheat-{paper}.pdf"
    page.pdf(path=str(out), format=paper, print_background=True)
    reader = PdfReader(str(out))
    assert 1 <= len(reader.pages) <= 2, f"{paper}: {len(reader.pages)} pages"
    text = _words(" ".join(p.extract_text() for p in reader.pages))
    missing = [h for h in headings if _words(h) not in text]
    assert not missing, f"{paper}: sections not printed: {missing}"
    assert "aws-waf-logs-" in text and "256,000" in text
    assert all(p.extract_text().strip() for p in reader.pages), "no blank page"


def test_cheat_sheet_keeps_site_chrome_on_screen(page, served):
    page.goto(served + "cheat-sheet/", wait_until="networkidle")
    started(page)
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()


@pytest.mark.parametrize("media", ["screen", "print"])
def test_a_comparison_heading_is_smaller_than_the_section_it_sits_in(page, served, media):
    """"Compare at a glance" (h2) above its comparisons (h3): the levels read as levels."""
    page.goto(served + "cheat-sheet/")
    started(page)
    page.emulate_media(media=media)
    sizes = page.evaluate("""() => ['h2#cs-compare', '.gb-cheatsheet h3'].map(
        s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    assert sizes[0] > sizes[1], sizes
