"""What a reader downloads: gzipped bytes of a built page and of each diagram in it.

A page's weight is its HTML (inline SVG included) plus every local file it loads that is not the
theme's: the icons its diagrams reference and the site's own CSS/JS. Text is counted gzipped
(level 6, what web servers commonly use); images as stored, since servers send PNG as is. The
theme's files (Material's bundle, stylesheets, favicon) are excluded: the same for any site.
"""
from __future__ import annotations

import gzip
import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit


TEXT_SUFFIXES = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".mjs"}
_FIGURE = re.compile(r'<figure\b[^>]*\bdata-diagram="([^"]+)"[^>]*>(.*?)</figure>', re.S)
_DRAWING = re.compile(r'<svg\b[^>]*\bclass="gb-svg[^"]*".*?</svg>', re.S)  # the drawing, and its phone twin
_IMAGE_HREF = re.compile(r'<image\b[^>]*?\bhref="([^"]+)"')
# Resources a page loads by itself (not links the reader may follow).
_LOADS = [
    re.compile(r'<link\b(?=[^>]*\brel="(?:stylesheet|preload|modulepreload)")[^>]*\bhref="([^"]+)"'),
    re.compile(r'<script\b[^>]*\bsrc="([^"]+)"'),
    re.compile(r'<img\b[^>]*\bsrc="([^"]+)"'),
    _IMAGE_HREF,
]
_CSS_URL = re.compile(r'url\(\s*[\'"]?([^\'")]+)[\'"]?\s*\)')


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def transfer_size(path: Path) -> int:
    """Bytes sent for a file: gzipped if text, as is otherwise."""
    data = path.read_bytes()
    return gzipped(data) if path.suffix.lower() in TEXT_SUFFIXES else len(data)


@dataclass
class DiagramWeight:
    slug: str
    page: str
    svg_gzip: int
    icons: dict[str, int]  # site path -> bytes

    @property
    def total(self) -> int:
        return self.svg_gzip + sum(self.icons.values())


@dataclass
class PageWeight:
    page: str
    html_gzip: int
    assets: dict[str, int] = field(default_factory=dict)  # site path -> bytes sent
    diagrams: int = 0

    @property
    def total(self) -> int:
        return self.html_gzip + sum(self.assets.values())

    def part(self, predicate) -> int:
        return sum(size for path, size in self.assets.items() if predicate(path))


def resolve(site: Path, page: str, url: str) -> str | None:
    """The site path a page-relative URL points at, or None if it leaves the site."""
    parts = urlsplit(unescape(url))
    if parts.scheme or parts.netloc or not parts.path or url.startswith("#"):
        return None
    base = posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if target.startswith(".."):
        return None
    return target


def diagram_weights(site: Path) -> dict[str, DiagramWeight]:
    """Each diagram of the site (first page that shows it): its inline SVG drawings gzipped, plus
    its icons."""
    found: dict[str, DiagramWeight] = {}
    for html_path in sorted(site.rglob("*.html")):
        page = html_path.relative_to(site).as_posix()
        text = html_path.read_text(encoding="utf-8")
        for slug, figure in _FIGURE.findall(text):
            if slug in found:
                continue
            svg = "".join(_DRAWING.findall(figure))
            icons = {}
            for href in _IMAGE_HREF.findall(svg):
                target = resolve(site, page, href)
                if target and (site / target).is_file():
                    icons[target] = transfer_size(site / target)
            found[slug] = DiagramWeight(slug, page, gzipped(svg.encode()), icons)
    return found


def page_weight(site: Path, page: str, theme_files: set[str]) -> PageWeight:
    """One page's HTML plus the non-theme files it loads (and files its own CSS loads)."""
    text = (site / page).read_text(encoding="utf-8")
    weight = PageWeight(page, gzipped(text.encode()), diagrams=len(_FIGURE.findall(text)))
    pending = [(page, url) for pattern in _LOADS for url in pattern.findall(text)]
    while pending:
        origin, url = pending.pop()
        target = resolve(site, origin, url)
        if not target or target in weight.assets or target in theme_files or not (site / target).is_file():
            continue
        weight.assets[target] = transfer_size(site / target)
        if target.endswith(".css"):
            css = (site / target).read_text(encoding="utf-8", errors="replace")
            pending += [(target, u) for u in _CSS_URL.findall(css) if not u.startswith("data:")]
    return weight


def theme_files(theme_dir: Path) -> set[str]:
    """Site paths of the files a theme ships (what its build copies into every site)."""
    return {p.relative_to(theme_dir).as_posix() for p in theme_dir.rglob("*") if p.is_file()}


def pattern_pages(site: Path) -> list[str]:
    """Pages that show at least one diagram."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "data-diagram=" in p.read_text(encoding="utf-8"))
