"""The theme's start-up after the first paint: its script tags become preloads and a small loader.

Material's bundle is evaluated and mounts every component in the same tasks as the page's first
layout. On a phone that is most of a second of main thread before the first paint can be shown
(Lighthouse counts it as blocking time, and as part of the largest paint whenever the paint lands
after it). ``after_first_paint`` turns the tags of the theme's ``scripts`` block into
``<link rel="preload">`` (fetched as early as the tags were: the preload scanner finds them) plus
``startup.js`` inlined, which runs them in order once the first paint is on screen.

The site's own scripts (``keep``: extra_javascript) stay as they were and still run before the
first paint: they build layout (diagram players, quiz buttons), which must not move under a reader.
No MkDocs import: the glue registers this as a Jinja filter.
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import rjsmin
from markupsafe import Markup

from ..core.errors import GuideError


HERE = Path(__file__).parent
MARK = "gb-start"  # the performance mark set when the scripts are started
STARTED_ATTR = "data-gb-started"  # on <html> once they have run and DOMContentLoaded was fired again
# Attributes that only decide when a classic script runs: the loader decides that now.
TIMING = {"defer", "async"}


@dataclass
class _Tag:
    src: str | None
    html: str  # as written
    problem: str | None  # why the loader could not run it the same way, if it cannot


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[_Tag] = []
        self.problems: list[str] = []  # in the block, but no script tag
        self._open: dict | None = None
        self._raw = self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._open, self._raw, self._text = dict(attrs), self.get_starttag_text(), ""
        else:
            self.problems.append(f"a <{tag}> tag")

    def handle_data(self, data):
        if self._open is not None:
            self._text += data
        elif data.strip():
            self.problems.append(f"the text {data.strip()[:40]!r}")

    def handle_endtag(self, tag):
        if tag != "script" or self._open is None:
            return
        attrs, self._open = self._open, None
        src = attrs.pop("src", None)
        kind = (attrs.pop("type", None) or "text/javascript").lower()
        extra = sorted(set(attrs) - TIMING)
        problem = None
        if not src or self._text.strip():
            problem = "an inline script"
        elif kind not in ("text/javascript", "application/javascript"):
            problem = f"the {kind} script {src}"
        elif extra:
            problem = f"the script {src} with {', '.join(extra)}"
        self.tags.append(_Tag(src, f"{self._raw}{self._text}</script>", problem))


@lru_cache(maxsize=1)
def loader_js() -> str:
    return rjsmin.jsmin((HERE / "startup.js").read_text(encoding="utf-8")).strip()


def _listed(src: str, paths: list[str]) -> bool:
    """Whether a page-relative ``src`` is one of the site paths in ``paths`` (as MkDocs writes them)."""
    path = posixpath.normpath(urlsplit(src).path)
    return any(path == p or path.endswith("/" + p) for p in paths)


def after_first_paint(html: str, keep=()) -> Markup:
    """The replacement for the script tags in ``html``: those of ``keep`` (site paths, e.g.
    extra_javascript) unchanged, then one preload per other script, then the loader that runs them.
    A theme script the loader cannot run the same way is an error, so a theme update that adds one
    is caught at build time."""
    paths = [posixpath.normpath(str(p).lstrip("/")) for p in keep]
    parser = _Scripts()
    parser.feed(str(html))
    parser.close()
    kept, later = [], []
    for t in parser.tags:
        (kept if t.src and _listed(t.src, paths) else later).append(t)
    problems = parser.problems + [t.problem for t in later if t.problem]
    if problems:
        raise GuideError(
            f"the theme's scripts block has {'; '.join(problems)}: start-up after the first paint runs only "
            "classic <script src> tags. Load it another way: an extra_javascript entry, or a <script defer> "
            "that a Markdown block adds to its page (as exam mode does).")
    preloads = "".join(f'<link rel="preload" as="script" href="{escape(t.src)}">' for t in later)
    # "</" cannot end the inline script early: JSON escapes "/" only on request.
    data = json.dumps([t.src for t in later]).replace("</", "<\\/")
    return Markup("".join(t.html for t in kept) + f"{preloads}<script>{loader_js()}({data})</script>")
