"""What readers download stays small: the byte budgets of issue 7 on the real site (bytes are
deterministic, so these are tests; times are for scripts/bench)."""
from __future__ import annotations

import html
import json
import re
import statistics

from guidebuild import pageweight
from guidebuild.bench_report import theme_dir

KB = 1024


def test_median_diagram_fits_its_budget(site):
    diagrams = pageweight.diagram_weights(site)
    assert len(diagrams) >= 3
    assert statistics.median(d.total for d in diagrams.values()) <= 20 * KB
    for d in diagrams.values():
        assert d.icons, f"{d.slug} shows icons"
        assert all(size <= 4 * KB for size in d.icons.values()), d.icons


def test_every_pattern_page_fits_its_budget(site):
    theme = pageweight.theme_files(theme_dir())
    assert "assets/javascripts/bundle." not in theme and any(p.startswith("assets/javascripts/bundle.") for p in theme)
    pages = pageweight.pattern_pages(site)
    assert "250-event-processing/index.html" in pages
    for page in pages:
        weight = pageweight.page_weight(site, page, theme)
        assert not any(p in theme for p in weight.assets)
        assert weight.total <= 80 * KB, (page, weight.total, weight.assets)


def test_icons_are_shared_files_never_inlined(site):
    used = set()
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "data:image/png;base64" not in text, page
        used |= {m.rsplit("/", 1)[1] for m in re.findall(r'<image\b[^>]*href="([^"]+)"', text)}
    on_disk = {p.name for p in (site / "assets" / "diagrams" / "icons").iterdir()}
    assert used == on_disk, "every icon shipped is used, and each exists once"


def test_search_leaves_out_the_pictures_but_keeps_captions(site):
    index = json.loads((site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    page = (site / "250-event-processing" / "index.html").read_text()
    tooltips = [html.unescape(t) for t in re.findall(r"<a [^>]*>\s*<title>([^<]+)</title>", page)]
    assert tooltips
    for tip in tooltips:
        assert tip not in text, tip
    caption = re.search(r'id="diagram-sqs-lambda-dlq".*?<figcaption>\s*<p>([^<]+)', page, re.S).group(1)
    assert caption.strip()[:40] in text
