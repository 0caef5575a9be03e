"""Prints the built site as one study book: cover, contents with page numbers, every nav page in
order, an answer-key appendix, running headers, page numbers and bookmarks. A4 and US Letter.

How: the site is served on a loopback port; in Debian Chromium (Playwright) ``book.js``
assembles one document from the pages' articles (ids namespaced per chapter, links between pages
made in-document) and Chromium prints it once, at a page size that fits inside both A4 and Letter
with the same text block, so both papers share one layout and one set of page numbers. Then
``finish`` reads where each heading landed from the PDF's own link destinations, prints the
page furniture (headers, footers, contents page numbers) as an overlay and merges it with pypdf.

No MkDocs imports: the glue hands over a ``Book`` (nav order, titles) and the built site.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import subprocess
import time
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path

from ..core import atomic, browser as chromium
from ..core.atomic import atomic_write
from ..core.errors import ContentError, SourceProblem, line_of
from . import finish as pdf_finish
from .model import PAPERS, Book, Layout, PdfError, Result


HERE = Path(__file__).parent
BOOK_PATH = "__guidebuild_book__.html"  # answered by a Playwright route, never written to the site
_CODE = ("book.py", "finish.py", "update.py", "book.js", "book.css")


def version_of(root: Path) -> str:
    """GUIDE_VERSION, else what git says about the checkout (tag or commit, -dirty if edited)."""
    if os.environ.get("GUIDE_VERSION"):
        return os.environ["GUIDE_VERSION"]
    try:
        proc = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], cwd=root,
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unversioned"
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "unversioned"


def edition_date() -> str:
    """Today, or SOURCE_DATE_EPOCH for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date() if epoch
           else datetime.date.today())
    return f"{day.day} {day:%B %Y}"


@cache
def _code_digest() -> str:
    h = hashlib.sha256()
    for name in _CODE:
        h.update((HERE / name).read_bytes())
    return h.hexdigest()


def cache_key(site_dir: Path, book: Book, papers: list[str]) -> str:
    """Everything the PDF depends on: the built site (pages, CSS, images; not the PDFs or the
    sitemap's dates), the book's metadata, the code and the printer."""
    h = hashlib.sha256(json.dumps([{**asdict(book), "root": ""}, papers]).encode())
    h.update(_code_digest().encode())
    for dist in ("playwright", "pypdf"):
        h.update(metadata.version(dist).encode())
    binary = Path(chromium.CHROMIUM)
    if binary.exists():
        st = binary.resolve().stat()
        h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    for f in sorted(site_dir.rglob("*")):
        if f.is_file() and f.suffix != ".pdf" and not f.name.startswith("sitemap.xml"):
            h.update(f.relative_to(site_dir).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:24]


def placeholder_pdf(paper: str, lines: list[str]) -> bytes:
    """A one-page PDF that says why the book is not there, written without Chromium (for builds
    that skip printing, so the site's links to the PDF still resolve)."""
    p = PAPERS[paper]
    w, h = round(p.width_mm * 72 / 25.4), round(p.height_mm * 72 / 25.4)

    def esc(text: str) -> str:
        return text.encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\") \
            .replace("(", "\\(").replace(")", "\\)")

    text = "".join(f"({esc(line)}) Tj 0 -20 Td " for line in lines)
    stream = f"BT /F1 13 Tf 60 {h - 90} Td {text}ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /Resources << /Font << /F1 4 0 R >> >> "
        f"/Contents 5 0 R >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def check(site_dir: Path, book: Book, papers: list[str]) -> None:
    if not book.chapters:
        raise PdfError("the book has no pages: the nav lists no documentation page")
    unknown = [p for p in papers if p not in PAPERS]
    if unknown:
        raise PdfError(f"unknown paper size {', '.join(unknown)}: use {' or '.join(PAPERS)}")
    missing = [c.source or c.url or "(home)" for c in book.chapters if not book.file_of(site_dir, c).is_file()]
    if missing:
        raise PdfError(f"pages missing from the built site {site_dir}: {', '.join(missing)}. Build the site first.")


def build_pdf(site_dir: Path | str, book: Book, out_dir: Path | str, name: str, *,
              papers: list[str] | None = None, browser=None, reuse: bool = True) -> Result:
    """Write ``out_dir/<name>-<paper>.pdf`` for each paper. An unchanged book is reused from
    ``out_dir`` (the key covers every input). ``browser``: a launched Playwright Chromium to use."""
    start = time.monotonic()
    site_dir, out_dir = Path(site_dir), Path(out_dir)
    papers = list(papers or PAPERS)
    check(site_dir, book, papers)
    files = {p: out_dir / f"{name}-{p}.pdf" for p in papers}
    stamp = out_dir / f"{name}.json"
    key = cache_key(site_dir, book, papers)
    if reuse and last_printed(stamp, files.values()):
        meta = json.loads(atomic.load(stamp))
        if meta.get("key") == key:
            return Result(files, meta["pages"], time.monotonic() - start, cached=True)


    steps: dict[str, float] = {}
    clock = [time.monotonic()]

    def lap(name: str) -> None:
        now = time.monotonic()
        steps[name] = round(now - clock[0], 3)
        clock[0] = now

    layout = Layout.for_papers([PAPERS[p] for p in papers])
    server, base = chromium.serve(site_dir)
    try:
        with _browser(browser) as b:
            lap("launch")
            context = b.new_context()
            try:
                page = context.new_page()
                main, facts = _print_book(page, base, book, layout)
                lap("print")
                pages = pdf_finish.Printed(main, facts)
                lap("read")
                page.set_content(pdf_finish.overlay_html(pages, layout, book), wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                overlay = page.pdf(prefer_css_page_size=True, print_background=False)
                lap("overlay")
            finally:
                context.close()
        if os.environ.get("GUIDE_PDF_DEBUG"):  # keep the intermediate PDFs for a look
            atomic_write(out_dir / f"{name}.main.pdf", main)
            atomic_write(out_dir / f"{name}.overlay.pdf", overlay)
            atomic_write(out_dir / f"{name}.facts.json", json.dumps(pages.facts, indent=1).encode())
        for paper, data in pdf_finish.finish(pages, overlay, layout, [PAPERS[p] for p in papers], book).items():
            atomic.store(files[paper], data)
        lap("finish")
    finally:
        server.shutdown()
        server.server_close()
    atomic.store(stamp, json.dumps({"key": key, "pages": pages.count}).encode())
    return Result(files, pages.count, time.monotonic() - start, cached=False, steps=steps)


def last_printed(stamp: Path, files) -> bool:
    """Whether the PDFs of the last print, and the stamp naming what they were printed from, are
    all intact (a truncated or emptied PDF is discarded and printed again, never published)."""
    ok = atomic.load(stamp) is not None
    for f in files:
        data = atomic.load(f) if ok else None
        if data is None or not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            if data is not None:
                atomic.discard(f, "not a complete PDF")
            ok = False
    if ok:
        try:
            json.loads(atomic.load(stamp))
        except ValueError:
            atomic.discard(stamp, "not a print stamp")
            ok = False
    return ok


class _browser:
    """Use the caller's browser, or launch Debian's Chromium (never a downloaded one)."""

    def __init__(self, browser) -> None:
        self.given = browser
        self.pw = None
        self.launched = None

    def __enter__(self):
        if self.given is not None:
            return self.given
        try:
            path = chromium.chromium_path()
        except chromium.ChromiumNotFound:
            raise PdfError(f"Chromium not found at {chromium.CHROMIUM}: the study PDF is printed with Debian's "
                           "Chromium. Install it: apt-get install chromium (make setup does this when run as root), "
                           "or build without the PDF: GUIDE_PDF=false.") from None
        from playwright.sync_api import sync_playwright

        self.pw = sync_playwright().start()
        try:
            self.launched = chromium.launch(self.pw)
        except Exception as e:
            self.pw.stop()
            raise PdfError(f"could not start {path}: {e}") from None
        return self.launched

    def __exit__(self, *exc) -> None:
        if self.launched is not None:
            self.launched.close()
        if self.pw is not None:
            self.pw.stop()


def shell_html(layout: Layout, lang: str = "en") -> str:
    css = (HERE / "book.css").read_text()
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>book</title>
<style id="gb-book-css">
@page {{ size: {layout.width_mm}mm {layout.height_mm}mm; margin: {layout.margin_y_mm}mm {layout.margin_x_mm}mm; }}
{css}</style></head>
<body><div id="gb-book" class="md-typeset gb-book"></div></body></html>"""


def _problem(book: Book, found: dict) -> SourceProblem:
    """A problem the assembler found, at its line of the page's Markdown when that is known."""
    line = None
    if found.get("page") and found.get("needle") and book.root:
        source = Path(book.root, found["page"])
        if source.is_file():
            line = line_of(source.read_text(encoding="utf-8", errors="replace"), found["needle"])
    return SourceProblem(found.get("page") or "site", line, found["message"], found.get("fix", ""))


def _print_book(page, base: str, book: Book, layout: Layout) -> tuple[bytes, dict]:
    shell = shell_html(layout)
    page.route("**/" + BOOK_PATH, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                              body=shell))
    page.emulate_media(media="print")
    page.goto(base + BOOK_PATH, wait_until="load")
    payload = {**asdict(book), "base": base, "siteUrl": book.site_url}
    from playwright.sync_api import Error as PlaywrightError

    try:
        facts = page.evaluate((HERE / "book.js").read_text(), payload)
    except PlaywrightError as e:
        raise PdfError(f"the study PDF could not be assembled: {e.message.splitlines()[0]}") from None
    if facts["problems"]:
        raise ContentError([_problem(book, p) for p in facts["problems"]], what="study PDF")
    if facts["controls"]:
        raise PdfError(f"{facts['controls']} interactive controls would print: hide them with @media print "
                       "or give them the class gb-no-print")
    data = page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=False)
    return data, facts
