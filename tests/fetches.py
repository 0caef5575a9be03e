"""What a built site fetches from other hosts: every resource an HTML page, a stylesheet or a
script would load (links to read elsewhere are not fetches). The site must fetch nothing."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit


# <link rel> values that name a document rather than fetch one.
NON_FETCHING_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "help", "me", "bookmark",
                     "external", "nofollow", "noopener", "noreferrer", "search", "tag"}
FETCH_ATTRS = {"src", "srcset", "poster", "data", "ping", "background", "xlink:href", "imagesrcset"}
SVG_FETCH_TAGS = {"image", "use", "feimage", "script"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


def _remote(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https", "ftp", "ws", "wss")


class _Fetches(HTMLParser):
    """Every URL in an HTML file that the browser would fetch without a click."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[int, str, str]] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        a = {k: v or "" for k, v in attrs}
        for name, value in a.items():
            if name in FETCH_ATTRS:
                parts = [p.split()[0] for p in value.split(",") if p.strip()] if "srcset" in name else [value]
                self.urls += [(line, f"<{tag} {name}>", p) for p in parts]
            elif name == "style":
                self.urls += [(line, f"<{tag} style>", m.group(2) or m.group(4)) for m in CSS_URL.finditer(value)]
        if "href" in a:
            rels = set(a.get("rel", "").lower().split())
            if (tag == "link" and not rels <= NON_FETCHING_RELS) or tag in SVG_FETCH_TAGS:
                self.urls.append((line, f"<{tag} href>", a["href"]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.urls.append((line, "<meta refresh>", a.get("content", "").partition("url=")[2]))
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            line = self.getpos()[0]
            self.urls += [(line, "<style>", m.group(2) or m.group(4)) for m in CSS_URL.finditer(data)]

    def handle_endtag(self, tag):
        self._style = False


# Loaders inside Material's bundle that stay dormant on this site, each with the reason; the test
# checks the reason still holds. Any other remote URL in a script fails the test.
JS_URL = re.compile(r"""["'`]((?:https?:)?//(?:[a-z0-9-]+\.)+[a-z]{2,}\b[^"'`\s]*|https?://\$\{[^"'`\s]*)""", re.I)
DORMANT = {
    "https://unpkg.com/resize-observer-polyfill": "loaded only where ResizeObserver is missing (no current browser)",
    "https://unpkg.com/mermaid@": "loaded only on pages with a .mermaid diagram (checked: none)",
    "https://api.github.com/": "repository facts, only with repo_url (checked: not set)",
    "https://${": "GitLab repository facts, only with repo_url (checked: not set)",
    "https://bit.ly/": "a link in a console warning, never fetched",
}
# Hosts that scripts may name as link targets (citations), never as resources.
LINK_HOSTS = {"docs.aws.amazon.com", "aws.amazon.com"}
NAMESPACES = ("http://www.w3.org/", "http://www.w3.org/1999/xlink")


def third_party_fetches(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            scan = _Fetches()
            scan.feed(path.read_text(encoding="utf-8"))
            problems += [f"{rel}:{line}: {where} fetches {url}" for line, where, url in scan.urls if _remote(url)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            for m in CSS_URL.finditer(text):
                url = m.group(2) or m.group(4)
                if _remote(url):
                    problems.append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: CSS fetches {url}")
        elif path.suffix in (".js", ".mjs"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for m in JS_URL.finditer(text):
                url = m.group(1)
                host = urlsplit(url if url.startswith("http") else "https:" + url).hostname or ""
                if url.startswith(NAMESPACES) or host in LINK_HOSTS or any(url.startswith(d) for d in DORMANT):
                    continue
                problems.append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: script names {url}")
    return problems
