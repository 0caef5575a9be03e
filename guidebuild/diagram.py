"""Markdown extension: ``/// diagram | <slug>`` embeds a rendered diagram inline.

    /// diagram | sqs-lambda-dlq
    Caption in *Markdown*.
    ///

The SVG goes into the page itself (not ``<img>``), so its links and tooltips work. Links in a
diagram script name docs pages (``page.md#anchor``) and icons are site-root relative; a
``PageContext`` turns both into URLs relative to the page being converted.
"""
from __future__ import annotations

import hashlib
import html
import inspect
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from .atomic import atomic_write
from . import searchskip
from .context import PageContext
from .diagram_text import text_alternative
from .render import Rendered

_HREF = re.compile(r'\bhref="([^"]*)"')


def _is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme) or url.startswith(("#", "//"))


def localize(svg: str, ctx: PageContext, on_bad_link: Callable[[str], None]) -> str:
    """Rewrite every href of a cached SVG relative to the page in ``ctx``."""

    def fix(m: re.Match) -> str:
        url = html.unescape(m.group(1))
        if _is_external(url):
            return m.group(0)
        try:
            new = ctx.link(url) if ".md" in url.split("#")[0][-3:] else ctx.asset(url)
        except LookupError:
            on_bad_link(url)
            new = url
        return f'href="{html.escape(new, quote=True)}"'

    return _HREF.sub(fix, svg)


def highlight_source(md, source: str, title: str, cache_dir: Path | None = None) -> str:
    """The script as a code block, highlighted like the page's fenced code (pymdownx.highlight's
    settings when the page uses it, plain <pre><code> otherwise). With ``cache_dir``, each script
    version is highlighted once, not on every build: Pygments is the costliest step of a page."""
    for ext in md.registeredExtensions:
        if hasattr(ext, "get_pymdownx_highlight_settings"):
            settings = ext.get_pymdownx_highlight_settings()
            highlighter = ext.get_pymdownx_highlighter()
            accepted = inspect.signature(highlighter).parameters
            kwargs = {k: v for k, v in settings.items() if k in accepted and k != "md"}
            kwargs.update(linenums=False, auto_title=False)
            css = settings.get("css_class") or "highlight"
            return _once(cache_dir, title, repr((source, css, sorted(kwargs.items()), _highlighter_versions())),
                         lambda: highlighter(md, **kwargs).highlight(source, "python", css, title=title))
    return f'<pre><code class="language-python">{html.escape(source)}</code></pre>'


@cache
def _highlighter_versions() -> str:
    return " ".join(metadata.version(d) for d in ("pygments", "pymdown-extensions"))


def _once(cache_dir: Path | None, title: str, inputs: str, make: Callable[[], str]) -> str:
    """``make()``, kept in ``cache_dir`` under the hash of its inputs (older versions of the same
    title are removed when a new one is written)."""
    if cache_dir is None:
        return make()
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    path = cache_dir / f"{stem}.{hashlib.sha256(inputs.encode()).hexdigest()[:20]}.html"
    if path.is_file():
        return path.read_text()
    made = make()
    for old in cache_dir.glob(f"{stem}.*.html"):
        old.unlink(missing_ok=True)
    atomic_write(path, made.encode())
    return made


def _tabs(md, fig: etree.Element, slug: str) -> tuple[etree.Element, etree.Element]:
    """Material-style tabs (pymdownx.blocks.tab, alternate style): "Diagram" and the script.

    The second label is the file name, not "Python source": Material links tabs that share a
    label, and one click would flip every diagram of the page (and of later pages) to code."""
    tabs = etree.SubElement(fig, "div", {"class": "tabbed-set tabbed-alternate gb-diagram__tabs",
                                          "data-search-exclude": ""})
    # The drawing and the script are left out of search (see searchskip).
    fig.text = md.htmlStash.store(searchskip.START)
    tabs.tail = md.htmlStash.store(searchskip.END)
    name = f"__tabbed_gb-{slug}"
    etree.SubElement(tabs, "input", {"checked": "checked", "id": f"{name}_1", "name": name, "type": "radio"})
    etree.SubElement(tabs, "input", {"id": f"{name}_2", "name": name, "type": "radio"})
    labels = etree.SubElement(tabs, "div", {"class": "tabbed-labels"})
    etree.SubElement(labels, "label", {"for": f"{name}_1"}).text = AtomicString("Diagram")
    etree.SubElement(labels, "label", {"for": f"{name}_2"}).text = AtomicString(f"{slug}.py")
    content = etree.SubElement(tabs, "div", {"class": "tabbed-content"})
    return (etree.SubElement(content, "div", {"class": "tabbed-block"}),
            etree.SubElement(content, "div", {"class": "tabbed-block gb-diagram__source"}))


class DiagramBlock(Block):
    NAME = "diagram"
    ARGUMENT = True

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        ext: DiagramExtension = self.config["extension"]
        slug = str(self.argument).strip()
        ctx = ext.context
        fig = etree.SubElement(parent, "figure", {"class": "gb-diagram", "id": f"diagram-{slug}",
                                                   "data-diagram": slug})
        rendered = ext.lookup(slug)
        if rendered is None:
            known = ", ".join(sorted(ext.store)) or "none"
            ctx.problem(f"diagram | {slug}", f"unknown diagram '{slug}'",
                        f"create diagram_src/{slug}.py or use one of: {known}")
            etree.SubElement(fig, "div", {"class": "gb-diagram__canvas"}).text = f"[missing diagram: {slug}]"
            return etree.SubElement(fig, "figcaption")

        def bad_link(url: str) -> None:
            ctx.problem(f"diagram | {slug}", f"diagram '{slug}' links to '{url}', which is not a page of the site",
                        f"fix the URL= in diagram_src/{slug}.py (docs-relative, e.g. 250-event-processing.md#anchor)")

        svg = localize(rendered.svg, ctx, bad_link)
        title = rendered.meta.get("title") or slug
        # Both drawings (wide, and the phone twin when there is one) are named by the title.
        svg = svg.replace('role="group"', f'role="group" aria-label="{html.escape(title, quote=True)}"')
        picture, code = _tabs(self.md, fig, slug)
        stage = etree.SubElement(picture, "div", {"class": "gb-diagram__stage"})
        etree.SubElement(stage, "div", {"class": "gb-diagram__canvas"}).text = self.md.htmlStash.store(svg)
        code.text = self.md.htmlStash.store(highlight_source(self.md, rendered.source, f"diagram_src/{slug}.py",
                                                             ext.highlight_cache))
        return etree.SubElement(fig, "figcaption")

    def on_end(self, block: etree.Element) -> None:
        ext: DiagramExtension = self.config["extension"]
        rendered = ext.lookup(str(self.argument).strip())
        # An empty caption falls back to the diagram's own title.
        if not len(block) and not (block.text or "").strip():
            etree.SubElement(block, "p").text = AtomicString((rendered.meta.get("title") if rendered else "") or "")
        if rendered is not None:
            # Markdown links, so the site generator checks their pages and anchors like any other.
            text_alternative(block, rendered.meta, ext.context.source_link)


class DiagramExtension(BlocksExtension):
    """``store`` maps slugs to rendered diagrams; ``context`` is swapped per page by the glue."""

    def __init__(self, store: Mapping[str, Rendered] | None = None,
                 context: PageContext | None = None, **kwargs) -> None:
        self.store: Mapping[str, Rendered] = store or {}
        self.context = context or PageContext()
        self.used: set[str] = set()
        self.highlight_cache: Path | None = None  # where highlighted scripts are kept across builds
        super().__init__(**kwargs)

    def lookup(self, slug: str) -> Rendered | None:
        found = self.store.get(slug)
        if found is not None:
            self.used.add(slug)
        return found

    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        block_mgr.register(DiagramBlock, {"extension": self})


def makeExtension(*args, **kwargs) -> DiagramExtension:
    return DiagramExtension(*args, **kwargs)
