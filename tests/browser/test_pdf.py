"""The study PDF. The real site's book comes from the session's strict build (mkdocs.yml turns
the PDF on); a fixture site (tests/fixtures/pdf_book) holds quizzes in the quiz engine's markup,
with their answer keys, a diagram, closed details, form controls and a no-print element."""
from __future__ import annotations

import html
import io
import logging
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from browsing import started
from conftest import ROOT, TESTS, mkdocs_build
from pypdf import PdfReader

from guidebuild.pdf import Book, Chapter, cache_key
from guidebuild.site.linkcheck import site_url_of
from guidetools import generator


pytestmark = pytest.mark.browser
logging.getLogger("pypdf").setLevel(logging.ERROR)

NAME = "aws-sap-study-guide"
FIXTURE = TESTS / "fixtures" / "pdf_book"
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


# -- helpers -------------------------------------------------------------------------------
def squash(text: str) -> str:
    """Text without white space: PDF extraction breaks lines where the layout did."""
    return re.sub(r"\s+", "", text)


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def headings(page_html: str, level: int) -> list[str]:
    found = re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", page_html, re.S)
    return [strip_tags(re.sub(r'<a class="headerlink".*?</a>', "", h, flags=re.S)) for h in found]


def load_config(config: Path) -> dict:
    """mkdocs.yml without its !!python and !ENV tags (the same trick as linkcheck.site_url_of)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    Loader.add_multi_constructor("!", lambda *_: None)
    return yaml.load(config.read_text(), Loader=Loader)


def book_pages(config: Path) -> list[str]:
    """The nav's Markdown files the book prints: all but the plugin's pdf_skip."""
    cfg = load_config(config)
    plugin = next((p["guidebuild"] for p in cfg["plugins"] if isinstance(p, dict) and "guidebuild" in p), {})
    skip = set(plugin.get("pdf_skip") or [])
    return [md for md in nav_of(config)[0] if md not in skip]


def nav_of(config: Path) -> tuple[list[str], list[str]]:
    """Markdown files of the nav in order, and its section titles."""
    nav = load_config(config)["nav"]
    files: list[str] = []
    sections: list[str] = []

    def walk(items):
        for item in items:
            title, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
            if isinstance(value, list):
                sections.append(title)
                walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                files.append(value)

    walk(nav)
    return files, sections


def article(page_html: str) -> str:
    return page_html[page_html.index("<article"):page_html.index("</article>")]


def built(site: Path, md: str) -> Path:
    stem = md.removesuffix(".md")
    return site / ("index.html" if stem == "index" else f"{stem}/index.html")


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


def page_texts(pdf: Path) -> list[str]:
    """Text of each page as poppler lays it out (the overlay's page numbers included)."""
    proc = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return proc.stdout.split("\f")[:-1]


def links(reader: PdfReader):
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            yield index, annot.get_object()


def images(obj, seen=None):
    """Every image XObject drawn on a page, forms included: (width, height)."""
    seen = set() if seen is None else seen
    resources = obj.get("/Resources")
    if resources is None:
        return
    for ref in (resources.get_object().get("/XObject") or {}).values():
        x = ref.get_object()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if x.get("/Subtype") == "/Image":
            yield int(x["/Width"]), int(x["/Height"])
        elif x.get("/Subtype") == "/Form":
            yield from images(x, seen)


def path_ops(page) -> int:
    """Path-drawing operators (curves, lines, rectangles) in a page and its forms."""
    data = page.get_contents().get_data()
    for ref in (page["/Resources"].get_object().get("/XObject") or {}).values():
        x = ref.get_object()
        if x.get("/Subtype") == "/Form":
            data += x.get_data()
    return len(re.findall(rb"(?:^|\s)(?:c|l|re|v|y)\s", data))


def render(pdf: Path, page: int, out: Path) -> Image.Image:
    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm not found. Install it: apt-get install poppler-utils (make test does this as root)")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(out)], check=True, timeout=60)
    return Image.open(f"{out}.png").convert("RGB")


def ink(im: Image.Image) -> tuple[float, float]:
    """Share of pixels that are not white, and of strongly coloured ones."""
    raw = im.tobytes()
    px = list(zip(raw[0::3], raw[1::3], raw[2::3]))
    dark = sum(1 for r, g, b in px if min(r, g, b) < 200)
    colour = sum(1 for r, g, b in px if max(r, g, b) - min(r, g, b) > 80)
    return dark / len(px), colour / len(px)


# -- the real site's book ------------------------------------------------------------------
@pytest.fixture(scope="session")
def pdfs(site) -> dict[str, Path]:
    files = {paper: site / f"{NAME}-{paper}.pdf" for paper in ("a4", "letter")}
    for f in files.values():
        assert f.is_file() and f.stat().st_size > 10_000, f"{f.name} missing from the built site"
    return files


@pytest.fixture(scope="session")
def book(pdfs) -> PdfReader:
    return PdfReader(pdfs["a4"])


@pytest.fixture(scope="session")
def chapters(site) -> list[dict]:
    """What the book must hold, read from the built pages in nav order."""
    out = []
    for md in book_pages(ROOT / "mkdocs.yml"):
        page = article(built(site, md).read_text())
        h1 = headings(page, 1)[0]
        out.append({"md": md, "title": "Introduction" if md == "index.md" else h1, "h1": h1,
                    "h2": headings(page, 2), "text": len(strip_tags(page))})
    return out


def test_a4_and_letter_share_one_layout(pdfs):
    # strict: the incremental update (pdf_update.py) must be a well-formed PDF, not one pypdf repairs
    a4, letter = PdfReader(pdfs["a4"], strict=True), PdfReader(pdfs["letter"], strict=True)
    assert len(a4.pages) == len(letter.pages)
    for reader, (w, h) in ((a4, A4), (letter, LETTER)):
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((w, h), abs=0.5)
    assert [t for _, t, _ in outline(a4)] == [t for _, t, _ in outline(letter)]
    assert [p for *_, p in outline(a4)] == [p for *_, p in outline(letter)]
    for reader in (a4, letter):
        assert all(page.extract_text() for page in reader.pages[1:])
    errors = subprocess.run(["pdftotext", str(pdfs["letter"]), "-"], capture_output=True, text=True).stderr
    # Chromium's tagged PDF uses PDF 2.0 structure types poppler does not know; nothing else may fail.
    assert not [e for e in errors.splitlines() if "StructElem object is wrong type" not in e], errors[:2000]


def test_page_count_is_sane(book, chapters):
    # An A4 page holds at most ~5000 characters of this text and at least a few hundred.
    text = sum(c["text"] for c in chapters)
    low = 2 + len(chapters) + text // 40_000
    high = 4 + 3 * len(chapters) + text // 1_000
    assert low <= len(book.pages) <= high, (len(book.pages), low, high)


def test_outline_has_every_section_and_pattern(book, chapters):
    marks = outline(book)
    titles = [t for _, t, _ in marks]
    assert titles[0] == "Contents" and marks[0][2] == 2
    pos = 0
    for c in chapters:
        assert c["title"] in titles, f"no bookmark for {c['md']}"
        at = titles.index(c["title"], pos)
        assert at >= pos, f"{c['title']} out of nav order"
        depth = marks[at][0]
        children = []
        for d, t, _ in marks[at + 1:]:
            if d <= depth:
                break
            if d == depth + 1:
                children.append(t)
        assert children == c["h2"], f"patterns of {c['md']}"
        pos = at
    pages = [p for *_, p in marks]
    assert pages == sorted(pages), "bookmarks follow the page order"


def test_pages_that_only_work_in_a_browser_stay_out(site, book):
    skipped = [md for md in nav_of(ROOT / "mkdocs.yml")[0] if md not in book_pages(ROOT / "mkdocs.yml")]
    assert skipped, "mkdocs.yml skips the exam mode and progress pages"
    titles = {t for _, t, _ in outline(book)}
    for md in skipped:
        assert headings(article(built(site, md).read_text()), 1)[0] not in titles, md


def test_text_has_every_title_and_the_furniture(pdfs, book, chapters):
    texts = page_texts(pdfs["a4"])
    assert len(texts) == len(book.pages)
    whole = squash("".join(texts))
    assert squash(chapters[0]["h1"]) in squash(texts[0]), "the home page's title is the cover title"
    starts = {t: p for d, t, p in outline(book)}
    for n, c in enumerate(chapters):
        for title in [c["title"], *c["h2"]]:
            assert squash(title) in whole, title
        first = starts[c["title"]]
        following = chapters[n + 1]["title"] if n + 1 < len(chapters) else "Answer key"
        last = starts[following] - 1 if following in starts else len(texts)
        for page in range(first, last + 1):
            lines = [line for line in texts[page - 1].splitlines() if line.strip()]
            assert squash(c["title"]) in squash(lines[0]), f"running header of page {page}"
            assert lines[-1].split()[-1] == str(page), f"page number of page {page}"


def test_contents_page_numbers_match_the_bookmarks(pdfs, book):
    """Every contents line ends in the page its bookmark goes to, in the same order."""
    marks = outline(book)
    parts = set(nav_of(ROOT / "mkdocs.yml")[1])
    expected = [(t, p) for d, t, p in marks if t != "Contents" and not (d == 0 and t in parts)]
    first_chapter = expected[0][1]
    listed = []
    for text in page_texts(pdfs["a4"])[1:first_chapter - 1]:
        for line in text.splitlines()[1:-1]:  # not the running header and footer
            m = re.match(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", line)
            if m:
                listed.append((m.group(1).strip(), int(m.group(2))))
    assert listed == expected


def test_diagrams_are_vector_with_their_icons_and_never_split(site, pdfs, book, chapters):
    # Content-stream order: each SVG <text> is one run (poppler's layout mode interleaves labels).
    texts = [squash(p.extract_text()) for p in book.pages]
    every = [(w, h) for page in book.pages for w, h in images(page)]
    assert every, "no icon was drawn: did the diagram icons load?"
    assert max(max(w, h) for w, h in every) <= 200, "a raster image larger than an icon: is a diagram bitmap?"
    checked = 0
    for c in chapters:
        page_html = built(site, c["md"]).read_text()
        for svg in re.findall(r'<figure class="gb-diagram".*?</figure>', page_html, re.S):
            labels = [squash(strip_tags(t)) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
            labels = [l for l in labels if l]
            on = [i for i, t in enumerate(texts) if all(l in t for l in labels)]
            assert on, f"a diagram of {c['md']} is split across pages or its labels are not text: {labels}"
            page = book.pages[on[0]]
            icons = len(re.findall(r"<image\b", svg))
            assert len(list(images(page))) >= min(icons, 1), f"icons missing on page {on[0] + 1}"
            assert path_ops(page) >= 10, f"no vector drawing on page {on[0] + 1}"
            checked += 1
    assert checked >= 3


def test_links_work_inside_the_pdf(book, site):
    names = {str(k).lstrip("/") for k in book.named_destinations}
    site_url = site_url_of(ROOT / "mkdocs.yml")
    internal, external = 0, []
    for _, a in links(book):
        assert a.get("/Subtype") == "/Link", "only links: no form fields or other controls"
        if "/Dest" in a:
            assert str(a["/Dest"]).lstrip("/") in names, f"link to a missing destination {a['/Dest']}"
            internal += 1
        else:
            external.append(str(a["/A"]["/URI"]))
    assert internal > 50
    assert not [u for u in external if re.search(r"//(127\.0\.0\.1|localhost)\b", u)], "local server URL leaked"
    # Links between pages of the book stay inside it; only the cover names the site, and pages left
    # out of the book (pdf_skip) are reached online.
    in_book = {site_url + ("" if md == "index.md" else md.removesuffix(".md") + "/")
               for md in book_pages(ROOT / "mkdocs.yml")}
    assert external.count(site_url) == 1, "the cover links to the site"
    assert not [u for u in external if u.split("#")[0] in in_book and u != site_url]
    assert "/AcroForm" not in book.trailer["/Root"]


def test_no_interactive_controls_or_screen_furniture(pdfs):
    whole = "".join(page_texts(pdfs["a4"]))
    for thing in ("Edit this page", "Back to top", "Copy to clipboard", "Download for A4 paper", "¶"):
        assert thing not in whole, thing


def test_two_pages_render_and_are_not_blank(pdfs, book, tmp_path):
    cover = render(pdfs["a4"], 1, tmp_path / "cover")
    dark, _ = ink(cover)
    assert 0.005 < dark < 0.5, f"cover looks blank or black ({dark:.3%} ink)"
    diagram_page = next(i for i, p in enumerate(book.pages, 1) if list(images(p)))
    shot = render(pdfs["letter"], diagram_page, tmp_path / "diagram")
    assert shot.size[0] < shot.size[1]
    dark, colour = ink(shot)
    assert dark > 0.02 and colour > 0.005, f"page {diagram_page}: {dark:.2%} ink, {colour:.2%} colour"


def test_every_quiz_answer_key_is_in_the_appendix(site, pdfs, book):
    """The quiz engine's keys (section.gb-quiz-key) leave their pages for the appendix, in order."""
    keys = []
    for md in book_pages(ROOT / "mkdocs.yml"):
        page = article(built(site, md).read_text())
        for title, body in re.findall(r'<section class="gb-quiz-key" data-quiz-title="([^"]*)">(.*?)</section>',
                                      page, re.S):
            reasons = re.findall(r'<span class="gb-quiz-key__reason">(.*?)</span>', body, re.S)
            keys.append((html.unescape(title), squash(strip_tags(reasons[0])) if reasons else ""))
    assert keys, "no quiz in the site?"
    marks = outline(book)
    at = [t for _, t, _ in marks].index("Answer key")
    assert [t for d, t, _ in marks[at + 1:at + 1 + len(keys)]] == [t for t, _ in keys]
    key_page = marks[at][2]
    texts = [squash(t) for t in page_texts(pdfs["a4"])]
    for title, reason in keys:
        found = [i + 1 for i, t in enumerate(texts) if reason and reason[:60] in t]
        assert found and min(found) >= key_page, f"the answer to {title} shows before the appendix: {found}"


def test_home_page_offers_the_pdf(site, pdfs):
    home = (site / "index.html").read_text()
    for f in pdfs.values():
        assert f'href="{f.name}"' in home
        assert f.read_bytes() == (ROOT / ".cache" / "pdf" / f.name).read_bytes()


def test_single_page_prints_without_site_chrome(page, served, tmp_path):
    """Browser printing of one page: print.css hides Material's chrome, in either palette."""
    page.add_init_script("localStorage.setItem('/.__palette', JSON.stringify({index: 1, color: {scheme: 'slate'}}))")
    page.goto(served + "250-event-processing/", wait_until="networkidle")
    started(page)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.md-search',
        '.md-content__button'].map(s => document.querySelector(s)).filter(Boolean)
        .filter(e => getComputedStyle(e).display !== 'none').map(e => e.className)""")
    assert not hidden, hidden
    fg = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).color")
    assert fg.startswith("rgba(0, 0, 0") or fg.startswith("rgb(0, 0, 0"), f"dark palette prints pale text: {fg}"
    out = tmp_path / "one.pdf"
    page.pdf(path=str(out), format="A4")
    texts = page_texts(out)
    whole = squash("".join(texts))
    assert "250.Eventprocessing" in whole and "Editthispage" not in whole and "Backtotop" not in whole
    assert "https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html" in whole, "external links show their URL"
    assert "127.0.0.1" not in whole, "links within the site print no address"
    assert 2 <= len(texts) <= 30
    first = [line for line in texts[0].splitlines() if line.strip()]
    assert "250. Event processing" in first[0], "the article starts the page: no header or navigation above"


# -- the fixture: quizzes, answer keys, controls -------------------------------------------
def _fixture_copy(tmp_path: Path) -> Path:
    """The fixture, dressed in the real site's stylesheets and scripts (their print rules count)."""
    proj = tmp_path / "proj"
    shutil.copytree(FIXTURE, proj, ignore=shutil.ignore_patterns(".cache", "site"))
    shutil.copytree(ROOT / "docs" / "assets" / "guide", proj / "docs" / "assets" / "guide")
    real = load_config(ROOT / "mkdocs.yml")
    cfg = proj / "mkdocs.yml"
    cfg.write_text(cfg.read_text() + "extra_css: %s\nextra_javascript: %s\n" % (
        real.get("extra_css", []), real.get("extra_javascript", [])))
    return proj


@pytest.fixture(scope="session")
def fixture_book(tmp_path_factory) -> dict:
    proj = _fixture_copy(tmp_path_factory.mktemp("pdf_book"))
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode == 0, proc.stderr[-3000:]
    pdf = proj / "site" / "fixture-a4.pdf"
    return {"proj": proj, "pdf": pdf, "reader": PdfReader(pdf), "texts": page_texts(pdf), "log": proc.stderr}


def test_fixture_answer_keys_move_to_an_appendix(fixture_book):
    reader, texts = fixture_book["reader"], fixture_book["texts"]
    marks = outline(reader)
    titles = [t for _, t, _ in marks]
    assert titles[-3:] == ["Answer key", "Quiz: One. Queues", "Quiz: Two. Topics"]
    key_page = dict((t, p) for _, t, p in marks)["Answer key"]
    assert key_page == len(texts), "the answer key is the last part of the book"
    where = {m: [i + 1 for i, t in enumerate(texts) if m in t]
             for m in ("FIXTURE-KEY-ONE", "FIXTURE-KEY-TWO", "FIXTURE-QUESTION-ONE", "FIXTURE-QUESTION-TWO")}
    assert where["FIXTURE-KEY-ONE"] == [key_page] and where["FIXTURE-KEY-TWO"] == [key_page]
    assert where["FIXTURE-QUESTION-ONE"] and where["FIXTURE-QUESTION-ONE"][0] < key_page
    # Each quiz says where its answers are; each key says where its questions are.
    for question in ("FIXTURE-QUESTION-ONE", "FIXTURE-QUESTION-TWO"):
        page_text = texts[where[question][0] - 1]
        assert re.search(rf"answer key, page\s+{key_page}\b", page_text), page_text
    assert re.search(rf"Questions on page\s+{where['FIXTURE-QUESTION-ONE'][0]}\b", texts[key_page - 1])


def test_fixture_prints_no_controls_and_opens_details(fixture_book):
    whole = "".join(fixture_book["texts"])
    assert "CHECK-ANSWERS-BUTTON" not in whole
    assert "DO-NOT-PRINT-THIS" not in whole
    assert "FIXTURE-DETAILS-BODY" in whole and "FIXTURE-INTRO" in whole
    assert "The event source mapping" in whole, "quiz options print as text"


def test_fixture_links_between_pages_and_from_diagrams_stay_in_the_book(fixture_book):
    reader = fixture_book["reader"]
    pages = {t: p for _, t, p in outline(reader)}
    target = pages["Fan-out with a topic"]
    one = range(pages["One. Queues"], pages["Two. Topics"])
    to_fanout = [i + 1 for i, a in links(reader) if "/Dest" in a
                 and reader.get_destination_page_number(reader.named_destinations[a["/Dest"]]) + 1 == target]
    # From One: the text link and the diagram's queue node; from the contents and the intro too.
    assert len([p for p in to_fanout if p in one]) >= 2, to_fanout
    assert any(p == pages["Introduction"] for p in to_fanout)


def test_fixture_book_is_reused_when_nothing_changed(fixture_book):
    proj = fixture_book["proj"]
    proc = mkdocs_build(proj, proj / "site2")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "(unchanged)" in proc.stderr
    assert (proj / "site2" / "fixture-a4.pdf").read_bytes() == fixture_book["pdf"].read_bytes()


def test_cache_key_follows_the_pages(fixture_book, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_book["proj"] / "site", site)
    book = Book("t", "s", "v1", "1 January 2026", [Chapter("", "Introduction", home=True), Chapter("one/", "One")])
    key = cache_key(site, book, ["a4"])
    assert key == cache_key(site, book, ["a4"])
    (site / "one" / "index.html").write_text((site / "one" / "index.html").read_text() + "\n")
    assert cache_key(site, book, ["a4"]) != key
    book.version = "v2"
    assert cache_key(site, book, ["a4"]) != key


def test_fixture_image_that_does_not_load_fails_the_build(tmp_path):
    proj = _fixture_copy(tmp_path)
    page = proj / "docs" / "two.md"
    page.write_text(page.read_text() + '\n<svg width="20" height="20"><image href="no-such-icon.png" '
                                       'width="20" height="20"/></svg>\n')
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode != 0
    line = page.read_text().splitlines().index('<svg width="20" height="20"><image href="no-such-icon.png" '
                                               'width="20" height="20"/></svg>') + 1
    assert f"docs/two.md:{line}: image no-such-icon.png did not load" in proc.stderr, proc.stderr[-2000:]
    assert "fix: put the file in docs/" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_fixture_without_printing_links_to_a_notice(tmp_path):
    """pdf: false and nothing printed before: the strict build passes, the link leads to a notice."""
    proj = _fixture_copy(tmp_path)
    cfg = proj / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("pdf: true", "pdf: false"))
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "one-page notice" in proc.stderr
    for paper, (w, h) in (("a4", A4), ("letter", LETTER)):
        reader = PdfReader(proj / "site" / f"fixture-{paper}.pdf", strict=True)
        assert len(reader.pages) == 1
        assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == \
            pytest.approx((w, h), abs=1)
        assert "Print it with: make pdf" in reader.pages[0].extract_text()
    assert not (proj / ".cache" / "pdf").exists()


def test_missing_diagram_icon_names_the_diagram(fixture_book, browser, tmp_path):
    """The engine on its own (no MkDocs), with the session's Chromium: an icon that is gone."""
    from guidebuild.core.errors import ContentError
    from guidebuild.pdf import build_pdf

    site = tmp_path / "site"
    shutil.copytree(fixture_book["proj"] / "site", site)
    shutil.rmtree(site / "assets" / "diagrams" / "icons")
    book = Book("Fixture guide", "", "v1", "1 January 2026",
                [Chapter("", "Introduction", home=True, source="docs/index.md"),
                 Chapter("one/", "One", "Part one", source="docs/one.md"),
                 Chapter("two/", "Two", "Part one", source="docs/two.md")],
                site_url="https://example.org/fixture-guide/", root=str(fixture_book["proj"]))
    with pytest.raises(ContentError) as err:
        build_pdf(site, book, tmp_path / "out", "fixture", browser=browser)
    line = (FIXTURE / "docs" / "one.md").read_text().splitlines().index("/// diagram | demo-queue") + 1
    assert f"docs/one.md:{line}: diagram 'demo-queue': icon ../assets/diagrams/icons/" in str(err.value)
    assert not (tmp_path / "out" / "fixture-a4.pdf").exists(), "no PDF from a broken book"


def test_fixture_pdf_skip_must_name_nav_pages(tmp_path):
    proj = _fixture_copy(tmp_path)
    cfg = proj / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("pdf_name: fixture", "pdf_name: fixture\n      pdf_skip: [nope.md]"))
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode != 0
    assert "pdf_skip lists nope.md, not a page of the nav" in proc.stderr


def test_two_clean_builds_with_source_date_epoch_give_byte_identical_pdfs(tmp_path):
    """Chromium stamps the print time and numbers tagged elements after its DOM counter; with
    SOURCE_DATE_EPOCH both are fixed in the finishing step, and the sitemap follows it too."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764720000"}  # 2025-12-03 00:00 UTC
    made = []
    for n in (1, 2):
        proj = _fixture_copy(tmp_path / f"b{n}")
        proc = subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(proj / "site")],
                              cwd=proj, capture_output=True, text=True, timeout=600, env=env)
        assert proc.returncode == 0, proc.stderr[-3000:]
        made.append(proj / "site")
    for name in ("fixture-a4.pdf", "fixture-letter.pdf"):
        first, second = (site / name for site in made)
        assert first.read_bytes() == second.read_bytes(), f"{name} differs between two clean builds"
    info = PdfReader(made[0] / "fixture-a4.pdf").metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20251203000000+00'00'"
    assert set(re.findall(r"<lastmod>([^<]+)", (made[0] / "sitemap.xml").read_text())) == {"2025-12-03"}


def test_a_book_for_students(site, pdfs, book):
    """No page for authors, no sentence that needs a browser, and each diagram's narrated steps."""
    whole = squash("".join(page_texts(pdfs["a4"])))
    titles = {t for _, t, _ in outline(book)}
    assert "How this site is built" not in titles and squash("How this site is built") not in whole
    for browser_only in ("in this browser", "Tab key", "Press Escape", "Your score is kept"):
        assert squash(browser_only) not in whole, browser_only
    assert whole.count(squash("compare with the answer key at the end of the book")) >= 7, "each quiz says where its key is"
    # Under each diagram, its steps as a numbered list: the first step of every figure of the site.
    firsts = []
    for md in book_pages(ROOT / "mkdocs.yml"):
        html = built(site, md).read_text()
        firsts += [squash(strip_tags(m))[:40] for m in
                   re.findall(r'<ol class="gb-diagram__steps">\s*<li[^>]*>(.*?)</li>', html, re.S)]
    assert len(firsts) >= 20, firsts
    missing = [f for f in firsts if f not in whole]
    assert not missing, missing
