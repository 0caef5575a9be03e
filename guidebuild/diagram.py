"""Markdown extension: ``/// diagram | <slug>`` embeds a rendered diagram inline.

    /// diagram | sqs-lambda-dlq
    Caption in *Markdown*.
    ///

The SVG goes into the page itself (not ``<img>``), so its links and tooltips work. Links in a
diagram script name docs pages (``page.md#anchor``) and icons are site-root relative; a
``PageContext`` turns both into URLs relative to the page being converted.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from .errors import ContentError, SourceProblem, line_of
from .render import Rendered

_HREF = re.compile(r'\bhref="([^"]*)"')


class PageContext:
    """Where the page being converted lives. This default keeps URLs as written and raises on
    the first problem; a site generator's glue subclasses it per page."""

    source_path = "<markdown>"
    source = ""

    def link(self, target: str) -> str:
        """A docs link (``page.md#anchor``) as a URL relative to this page. LookupError if none."""
        return target

    def asset(self, path: str) -> str:
        """A site-root-relative asset path as a URL relative to this page."""
        return path

    def report(self, problem: SourceProblem) -> None:
        raise ContentError([problem])

    def problem(self, needle: str, message: str, fix: str = "") -> None:
        self.report(SourceProblem(self.source_path, line_of(self.source, needle), message, fix))


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
        canvas = etree.SubElement(fig, "div", {"class": "gb-diagram__canvas"})
        if rendered is None:
            known = ", ".join(sorted(ext.store)) or "none"
            ctx.problem(f"diagram | {slug}", f"unknown diagram '{slug}'",
                        f"create diagram_src/{slug}.py or use one of: {known}")
            canvas.text = f"[missing diagram: {slug}]"
        else:
            svg = localize(rendered.svg, ctx, lambda url: ctx.problem(
                f"diagram | {slug}", f"diagram '{slug}' links to '{url}', which is not a page of the site",
                f"fix the URL= in diagram_src/{slug}.py (docs-relative, e.g. 250-event-processing.md#anchor)"))
            title = rendered.meta.get("title") or slug
            svg = svg.replace('role="group"', f'role="group" aria-label="{html.escape(title, quote=True)}"', 1)
            canvas.text = self.md.htmlStash.store(svg)
        return etree.SubElement(fig, "figcaption")

    def on_end(self, block: etree.Element) -> None:
        # An empty caption falls back to the diagram's own title.
        if not len(block) and not (block.text or "").strip():
            ext: DiagramExtension = self.config["extension"]
            rendered = ext.lookup(str(self.argument).strip())
            block.text = (rendered.meta.get("title") if rendered else "") or ""


class DiagramExtension(BlocksExtension):
    """``store`` maps slugs to rendered diagrams; ``context`` is swapped per page by the glue."""

    def __init__(self, store: Mapping[str, Rendered] | None = None,
                 context: PageContext | None = None, **kwargs) -> None:
        self.store: Mapping[str, Rendered] = store or {}
        self.context = context or PageContext()
        self.used: set[str] = set()
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
