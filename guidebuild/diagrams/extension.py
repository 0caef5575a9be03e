"""Markdown extension: ``/// diagram | <slug>`` embeds a rendered diagram inline.

    /// diagram | sqs-lambda-dlq
    Caption in *Markdown*.
    ///

The SVG goes into the page itself (not ``<img>``), so its links and tooltips work. Links in a
diagram script name docs pages (``page.md#anchor``) and icons are site-root relative; a
``PageContext`` turns both into URLs relative to the page being converted. A wide drawing's phone
twin rides along in an inert ``<template>``; the script tab is diagram_source's business.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from ..core import searchskip
from ..core.context import PageContext, follow_documents
from .render import Rendered, Renderer
from .source import fragment_path, highlight_source, script_path, title_of
from .text import text_alternative


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


def _intrinsic_size(meta: Mapping) -> str:
    """Natural width and aspect of the drawings, for the figure's contain-intrinsic-size (see
    diagrams.css): an off-screen figure is not laid out, and holds the height it will take."""
    w, h = meta.get("width_pt"), meta.get("height_pt")
    if not w or not h:
        return ""
    style = f"--gb-dw:{round(w * 4 / 3)}px;--gb-dr:{h / w:.4f}"
    if meta.get("fit"):  # the width per px of its smallest label (svg.Processed.fit)
        style += f";--gb-df:{meta['fit']:g}"
    tw, th = meta.get("narrow_width_pt"), meta.get("narrow_height_pt")
    if tw and th:
        style += f";--gb-tw:{round(tw * 4 / 3)}px;--gb-tr:{th / tw:.4f}"
        if meta.get("narrow_fit"):
            style += f";--gb-tf:{meta['narrow_fit']:g}"
    return style


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
            if slug in ext.failed:  # its script's own error is reported already
                etree.SubElement(fig, "div", {"class": "gb-diagram__canvas"}).text = f"[diagram failed: {slug}]"
                return etree.SubElement(fig, "figcaption")
            ctx.problem(f"diagram | {slug}", f"unknown diagram '{slug}'",
                        f"create diagram_src/{slug}.py or use one of: {known}")
            etree.SubElement(fig, "div", {"class": "gb-diagram__canvas"}).text = f"[missing diagram: {slug}]"
            return etree.SubElement(fig, "figcaption")

        def bad_link(url: str) -> None:
            ctx.problem(f"diagram | {slug}", f"diagram '{slug}' links to '{url}', which is not a page of the site",
                        f"fix the URL= in diagram_src/{slug}.py (docs-relative, e.g. 250-event-processing.md#anchor)")

        title = rendered.meta.get("title") or slug
        # Both drawings (wide, and the phone twin when there is one) are named by the title.
        named = f'role="group" aria-label="{html.escape(title, quote=True)}"'
        wide, twin = (localize(s, ctx, bad_link).replace('role="group"', named) if s else ""
                      for s in (rendered.svg, rendered.twin))
        size = _intrinsic_size(rendered.meta)
        if size:
            fig.set("style", size)
        picture, code = _tabs(self.md, fig, slug)
        stage = etree.SubElement(picture, "div", {"class": "gb-diagram__stage"})
        # The twin waits in an inert <template> (never styled or laid out) until diagrams.js
        # swaps it in on a narrow screen; without JavaScript the wide drawing shows and scrolls.
        drawings = wide + (f'\n<template class="gb-diagram__twin">{twin}</template>' if twin else "")
        etree.SubElement(stage, "div", {"class": "gb-diagram__canvas"}).text = self.md.htmlStash.store(drawings)
        if ext.source_files:
            code.set("data-gb-src", ctx.asset(fragment_path(slug)))
            plain = html.escape(ctx.asset(script_path(slug)), quote=True)
            code.text = self.md.htmlStash.store(
                f'<p class="gb-diagram__source-note">The script that draws this diagram: '
                f'<a href="{plain}" type="text/x-python">{html.escape(title_of(slug))}</a></p>')
        else:
            code.text = self.md.htmlStash.store(highlight_source(self.md, rendered.source, title_of(slug),
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
    """``/// diagram | <slug>``. Listed in mkdocs.yml (or any Python-Markdown's extension list) as
    ``guidebuild.diagrams`` with its options; alone, it renders (or takes from the cache) every
    script of ``source_dir`` the first time it is used. The MkDocs adapter renders them itself
    (to report every problem at once) and hands the ``store`` in; ``context`` is the page being
    converted, swapped per page by the adapter."""

    def __init__(self, store: Mapping[str, Rendered] | None = None,
                 context: PageContext | None = None, source_files: bool = False, **kwargs) -> None:
        self.config = {
            "source_dir": ["diagram_src", "folder of the diagram scripts, <slug>.py"],
            "cache_dir": [".cache/diagrams", "where rendered diagrams are kept across builds"],
            "timeout": [60, "seconds a script may run"],
            "jobs": [0, "scripts rendered at once (0: one more than the CPUs)"],
            "root": [".", "the project folder the paths are relative to"],
        }
        self.store: Mapping[str, Rendered] | None = store
        self.context = context or PageContext.standalone()
        self.used: set[str] = set()
        self.failed: set[str] = set()  # slugs whose script failed: reported once, by the renderer
        self.page_used: set[str] = set()  # by the page being converted; the glue empties it per page
        self.highlight_cache: Path | None = None  # where highlighted scripts are kept across builds
        # True: the site serves every script under diagram_source.SOURCE_PREFIX (the glue adds
        # the files) and the tab links to them; False: the tab holds the highlighted script.
        self.source_files = source_files
        super().__init__(**kwargs)

    def paths(self) -> tuple[Path, Path, Path]:
        """The project folder, the scripts' folder and the cache folder, as configured."""
        root = Path(self.getConfig("root"))
        return root, root / self.getConfig("source_dir"), root / self.getConfig("cache_dir")

    def lookup(self, slug: str) -> Rendered | None:
        if self.store is None:
            # Alone: render (or take from the cache) at the first diagram, not when the extension is
            # made: MkDocs makes every extension to validate mkdocs.yml, before the plugin runs.
            root, source_dir, cache_dir = self.paths()
            self.store = rendered_store(source_dir, cache_dir, root, self.getConfig("timeout"),
                                        self.getConfig("jobs") or None)
            self.highlight_cache = self.highlight_cache or cache_dir / "source"
        found = self.store.get(slug)
        if found is not None:
            self.used.add(slug)
            self.page_used.add(slug)
        return found

    def restore_page(self, slugs: list[str]) -> None:
        """Records a page's diagrams as if it were converted again (a page cache hit)."""
        self.used.update(slugs)

    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        follow_documents(self, md)
        block_mgr.register(DiagramBlock, {"extension": self})


_stores: dict[tuple, dict[str, Rendered]] = {}


def rendered_store(source_dir: Path, cache_dir: Path, root: Path, timeout: float = 60,
                   jobs: int | None = None) -> dict[str, Rendered]:
    """Every diagram of ``source_dir``, rendered or from the cache; ContentError names each failed
    script. Kept for this process while no script changes: Python-Markdown makes an extension per
    document, and a site has many."""
    files = sorted(source_dir.iterdir()) if source_dir.is_dir() else []  # scripts, sidecars, helpers
    key = (str(source_dir.resolve()), str(cache_dir.resolve()),
           tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.is_file()))
    if key not in _stores:
        _stores[key] = Renderer(source_dir, cache_dir, timeout=timeout, jobs=jobs, root=root).render(strict=True)
    return _stores[key]


def makeExtension(*args, **kwargs) -> DiagramExtension:
    return DiagramExtension(*args, **kwargs)
