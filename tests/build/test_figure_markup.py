"""What the built pages carry for each diagram figure, and what they leave to files fetched on demand:
no highlighted script in the page (the script tab fetches it), one drawing in the document (the phone
twin waits in an inert <template>), and the figure's intrinsic size for content-visibility."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from guidebuild.diagrams import source as diagram_source
from guidetools import pageweight

from conftest import ROOT

SCRIPTS = {p.stem: p for p in (ROOT / "diagram_src").glob("*.py") if not p.name.startswith("_")}
_FIGURE = re.compile(r'<figure\b[^>]*\bdata-diagram="([^"]+)"[^>]*>.*?</figure>', re.S)
_SOURCE_TAB = re.compile(r'<div class="tabbed-block gb-diagram__source"([^>]*)>(.*?)</div>\n', re.S)


def _meta(slug: str) -> dict:
    (entry,) = (ROOT / ".cache" / "diagrams").glob(f"{slug}.*.json")
    return json.loads(entry.read_text())


def _figures(site: Path) -> dict[str, tuple[str, str]]:
    """slug -> (page, figure HTML), for every figure of the site."""
    found = {}
    for page in pageweight.pattern_pages(site):
        for m in _FIGURE.finditer((site / page).read_text()):
            found[m.group(1)] = (page, m.group(0))
    return found


def _code_text(fragment: str) -> str:
    code = re.search(r"<code>(.*?)</code>", fragment, re.S)
    assert code, fragment[:300]
    return html.unescape(re.sub(r"<[^>]+>", "", code.group(1)))


def test_pages_carry_no_highlighted_script_and_every_script_is_served(site):
    figures = _figures(site)
    assert set(figures) == set(SCRIPTS), "every script is shown on some page"
    for slug, (page, figure) in figures.items():
        tab = _SOURCE_TAB.search(figure)
        assert tab, f"{page}: {slug} has no script tab"
        attrs, body = tab.groups()
        assert 'class="highlight"' not in body and "<code" not in body and "<span" not in body, (page, slug)
        src = re.search(r'data-gb-src="([^"]+)"', attrs).group(1)
        plain = re.search(r'<a href="([^"]+)"', body).group(1)
        assert pageweight.resolve(site, page, src) == diagram_source.fragment_path(slug)
        assert pageweight.resolve(site, page, plain) == diagram_source.script_path(slug)
        assert f"diagram_src/{slug}.py" in body, "the link is named after the script"
    for slug, script in SCRIPTS.items():
        fragment = (site / diagram_source.fragment_path(slug)).read_text()
        assert '<span class="filename">diagram_src/' + slug + ".py</span>" in fragment
        assert 'class="k"' in fragment or 'class="kn"' in fragment, "highlighted, not plain"
        assert _code_text(fragment) == script.read_text(), f"{slug}: the fragment shows the script as it is"
        assert "__codelineno" not in fragment, "no line anchors without line numbers"
        assert (site / diagram_source.script_path(slug)).read_bytes() == script.read_bytes()


def test_the_heaviest_pattern_page_lost_its_scripts_weight(site):
    """The highlighted scripts were a quarter of 253-hpc's gzipped HTML: 38.8 KB with them, 29.9 KB
    without (measured on this change); 33 KB leaves room for prose, not for the scripts' return.
    The quiz and its answer key are left out of the measure: they grew with the question bank
    (issue 15: 16 questions a section, 12.6 KB gzipped on this page), and the whole page's weight,
    quiz included, has its own budget in scripts/bench. Without them the page measured 27.6 KB."""
    html = (site / "253-hpc" / "index.html").read_text()
    start = html.index('<div class="gb-quiz"')
    end = html.index("</section>", html.index('class="gb-quiz-key"')) + len("</section>")
    assert pageweight.gzipped((html[:start] + html[end:]).encode()) < 33 * 1024


class _Drawings(HTMLParser):
    """Per figure: the drawings in the document and those inside <template>; every id of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.figure: str | None = None
        self.in_template = 0
        self.shown: dict[str, list[str]] = {}
        self.waiting: dict[str, list[str]] = {}
        self.ids: list[str] = []
        self.style: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "figure" and "data-diagram" in a:
            self.figure = a["data-diagram"]
            self.style[self.figure] = a.get("style") or ""
        elif tag == "template":
            self.in_template += 1
        elif tag == "svg" and "gb-svg" in (a.get("class") or "").split() and self.figure:
            (self.waiting if self.in_template else self.shown).setdefault(self.figure, []).append(a["class"])

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        elif tag == "figure":
            self.figure = None


def test_one_drawing_in_the_document_and_the_twin_in_a_template(site):
    twins = 0
    for page in pageweight.pattern_pages(site):
        parsed = _Drawings()
        parsed.feed((site / page).read_text())
        # Ids inside a template count: a twin swapped in joins the document.
        dupes = sorted({i for i in parsed.ids if parsed.ids.count(i) > 1})
        assert not dupes, f"{page}: duplicate ids {dupes[:5]}"
        for slug, shown in parsed.shown.items():
            assert shown == ["gb-svg"], f"{page}: {slug} shows {shown}"
            meta = _meta(slug)
            if meta.get("narrow_width_pt"):
                twins += 1
                assert parsed.waiting.get(slug) == ["gb-svg gb-svg--narrow"], (page, slug)
            else:
                assert slug not in parsed.waiting, (page, slug)
    assert twins >= 10


def test_figures_carry_their_intrinsic_size(site):
    for slug, (page, figure) in _figures(site).items():
        meta = _meta(slug)
        style = re.search(r'<figure\b[^>]*\bstyle="([^"]*)"', figure)
        assert style, f"{page}: {slug} has no size for content-visibility"
        props = dict(p.split(":", 1) for p in style.group(1).split(";"))
        assert props["--gb-dw"] == f"{round(meta['width_pt'] * 4 / 3)}px"
        assert abs(float(props["--gb-dr"]) - meta["height_pt"] / meta["width_pt"]) < 1e-3
        if meta.get("narrow_width_pt"):
            assert abs(float(props["--gb-tr"]) - meta["narrow_height_pt"] / meta["narrow_width_pt"]) < 1e-3
