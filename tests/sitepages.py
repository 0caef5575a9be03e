"""The built site's pages, found from the build itself so that every test covers pages added later."""
from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urlsplit

from guidebuild.site.linkcheck import site_url_of

from conftest import ROOT

SERVER_ONLY = {"404.html"}
NODE_MODULES = ROOT / "node_modules"


def site_url() -> str:
    return site_url_of(ROOT / "mkdocs.yml")


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the site as a site-relative URL ('' is the home page), 404.html left out,
    and the HTML fragments under assets/ (diagram scripts that pages fetch) too: they are no pages."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel in SERVER_ONLY or rel.startswith("assets/"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def page_file(site: Path, page: str) -> Path:
    """The built file of a page as ``built_pages`` names it."""
    return site / (page + "index.html" if page == "" or page.endswith("/") else page)


def sitemap_pages(site: Path, base: str) -> list[str]:
    """The sitemap's URLs relative to ``base``; a URL outside it is returned whole, so a test shows it."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text.strip() for e in etree.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    return [loc[len(base):] if loc.startswith(base) else loc for loc in locs]


def palette_script(scheme: str, scope: str = "/") -> str:
    """Init script choosing Material's palette before the page runs (its choice lives in localStorage)."""
    index = 1 if scheme == "slate" else 0
    value = json.dumps({"index": index, "color": {"scheme": scheme}})
    return f"localStorage.setItem({json.dumps(scope + '.__palette')}, {json.dumps(value)})"


def same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return f"{parts.scheme}://{parts.netloc}" == origin.rstrip("/")


def origin_of(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}"
