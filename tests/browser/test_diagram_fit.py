"""Every diagram fits its column and stays legible, measured in Chromium: at 360, 390 and 1280 px, in
the light and the dark palette, the drawing shown (wide or phone twin) either fits the canvas or, where
it cannot without shrinking its labels, scrolls sideways with shadows at its edges and an enlarged view
a button away; its smallest label is never under 11 CSS px on a phone, 12 on anything wider
(guidebuild/diagrams/svg.py LABEL_MIN_PX*). The assertion message is the table of every drawing."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from guidebuild.diagrams.svg import LABEL_MIN_PX, LABEL_MIN_PX_PHONE

from browsing import started
from projects import SLUGS
from sitepages import built_pages

pytestmark = pytest.mark.browser

WIDTHS = (360, 390, 1280)
PHONE_BELOW = 600  # diagrams.css's phone layout: screen and (max-width: 37.49em)

MEASURE = """async () => {
  const out = [];
  for (const fig of document.querySelectorAll('.gb-diagram[data-diagram]')) {
    fig.scrollIntoView();  // off-screen figures are not laid out (content-visibility: auto)
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const canvas = fig.querySelector('.gb-diagram__canvas');
    const svg = canvas.querySelector(':scope > svg.gb-svg');
    let smallest = Infinity, which = '';
    for (const t of svg.querySelectorAll('text')) {
      // The font size as drawn: the text's own size times the drawing's scale on screen.
      const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      if (px < smallest) { smallest = px; which = t.textContent; }
    }
    const style = getComputedStyle(canvas);
    const zoom = fig.querySelector('.gb-btn--zoom');
    out.push({
      slug: fig.dataset.diagram, twin: svg.classList.contains('gb-svg--narrow'),
      canvas: canvas.clientWidth, width: svg.getBoundingClientRect().width,
      overflow: canvas.scrollWidth - canvas.clientWidth, scrolls: style.overflowX === 'auto',
      shadows: (style.backgroundImage.match(/gradient/g) || []).length === 4
        && style.backgroundAttachment.includes('local') && style.backgroundAttachment.includes('scroll'),
      zoom: !!zoom && zoom.getBoundingClientRect().width > 0,
      smallest, which,
    });
  }
  return out;
}"""


@pytest.fixture(scope="module")
def measured(browser, served, site):
    pages = [p for p in built_pages(site) if 'data-diagram="' in (site / p / "index.html").read_text()
             if (site / p / "index.html").is_file()]
    rows = []
    for scheme in ("default", "slate"):
        for width in WIDTHS:
            ctx = browser.new_context(viewport={"width": width, "height": 900})
            ctx.add_init_script(f"localStorage.setItem('/.__palette', JSON.stringify({{index: "
                                f"{int(scheme == 'slate')}, color: {{scheme: '{scheme}'}}}}))")
            page = ctx.new_page()
            try:
                for path in pages:
                    page.goto(served + path, wait_until="networkidle")
                    started(page)
                    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
                    rows += [{**r, "page": path, "viewport": width, "scheme": scheme} for r in page.evaluate(MEASURE)]
            finally:
                ctx.close()
    return rows


def table(rows) -> str:
    lines = [f"{'diagram':28} {'vw':>4} {'palette':7} {'drawing':7} {'canvas':>6} {'width':>6} {'scroll':>6} "
             f"{'label':>5}  smallest label"]
    for r in rows:
        lines.append(f"{r['slug']:28} {r['viewport']:>4} {r['scheme']:7} {'twin' if r['twin'] else 'wide':7} "
                     f"{r['canvas']:>6} {r['width']:>6.1f} {max(r['overflow'], 0):>6} {r['smallest']:>5.1f}  {r['which'][:40]!r}")
    return "\n".join(lines)


def test_every_diagram_is_measured(measured):
    seen = {r["slug"] for r in measured}
    assert seen == set(SLUGS), f"not on any page: {sorted(set(SLUGS) - seen)}"
    assert len(measured) >= len(SLUGS) * len(WIDTHS) * 2


def test_smallest_label_is_at_least_the_bound(measured):
    bound = lambda r: LABEL_MIN_PX_PHONE if r["viewport"] < PHONE_BELOW else LABEL_MIN_PX  # noqa: E731
    small = [r for r in measured if r["smallest"] < bound(r) - 0.05]
    assert not small, ("labels under the bound (11 px phone, 12 px desktop): "
                       + ", ".join(f"{r['slug']} at {r['viewport']} px" for r in small) + "\n" + table(measured))
    print("\n" + table(measured))


def test_a_drawing_fits_or_scrolls_with_shadows_and_the_enlarged_view(measured):
    bad = []
    for r in measured:
        if r["overflow"] <= 0:
            assert r["width"] <= r["canvas"] + 0.5, r
            continue
        if not (r["scrolls"] and r["shadows"] and r["zoom"]):
            bad.append(f"{r['slug']} at {r['viewport']} px ({r['scheme']}): scrolls {r['overflow']} px "
                       f"without {'the shadows' if not r['shadows'] else 'the enlarge button'}")
    assert not bad, "\n".join(bad) + "\n" + table(measured)


def test_desktop_drawings_fit_the_column(measured):
    """At 1280 px every diagram fits without scrolling: the wide drawing, or its twin where the wide
    one would shrink its labels under 12 px."""
    wide = [r for r in measured if r["viewport"] == 1280 and r["overflow"] > 0]
    assert not wide, table(wide)


def test_the_scroll_shadow_shows_where_the_drawing_continues(browser, served, measured):
    """Pixels, not just styles: the right edge of a canvas that scrolls is darker than the same
    edge of a canvas that fits (light palette), and the shadow moves to the left once scrolled to the end."""
    scrolled = next((r for r in measured if r["overflow"] > 20 and r["scheme"] == "default"), None)
    if scrolled is None:
        pytest.skip("no drawing scrolls sideways any more: nothing to hint at")
    ctx = browser.new_context(viewport={"width": scrolled["viewport"], "height": 900})
    page = ctx.new_page()
    try:
        page.goto(served + scrolled["page"], wait_until="networkidle")
        started(page)
        canvas = page.locator(f"#diagram-{scrolled['slug']} .gb-diagram__canvas")
        canvas.scroll_into_view_if_needed()
        # The canvas's own background only: the drawing is hidden, its box (and the scroll) stays.
        canvas.evaluate("c => { c.querySelector('svg').style.visibility = 'hidden'; }")
        shot = Image.open(io.BytesIO(canvas.screenshot())).convert("L")
        w, h = shot.size
        right = sum(shot.getpixel((w - 2, y)) for y in range(h // 4, 3 * h // 4)) / (h // 2)
        left = sum(shot.getpixel((1, y)) for y in range(h // 4, 3 * h // 4)) / (h // 2)
        assert right < left - 20, (left, right)
        canvas.evaluate("c => { c.scrollLeft = c.scrollWidth; }")
        shot = Image.open(io.BytesIO(canvas.screenshot())).convert("L")
        right2 = sum(shot.getpixel((w - 2, y)) for y in range(h // 4, 3 * h // 4)) / (h // 2)
        left2 = sum(shot.getpixel((1, y)) for y in range(h // 4, 3 * h // 4)) / (h // 2)
        assert left2 < right2 - 20, (left2, right2)
        # The enlarged view opens on the same drawing.
        canvas.evaluate("c => { c.querySelector('svg').style.visibility = ''; }")
        page.locator(f"#diagram-{scrolled['slug']}").get_by_role("button", name="Enlarge the diagram").click()
        page.locator("dialog.gb-zoom[open] svg.gb-svg").wait_for(state="visible")
    finally:
        ctx.close()
