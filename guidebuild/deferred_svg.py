"""Inline diagrams held out of a page's HTML while the site generator indexes it for search,
then put back into the finished page.

A diagram's SVG is a few hundred elements of geometry. A search indexer (Material's) parses all
of it only to drop it again, or worse, indexes its labels out of order. Holding the SVGs back
saves that work: a page converts to HTML with a small placeholder per diagram, the indexer and
the templates see the placeholders, and ``restore`` swaps the SVGs in for the final HTML.

A Python-Markdown extension, independent of the generator: the glue names the current page
(``page_of``) and calls ``restore`` on each finished page.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from markdown import Extension
from markdown.postprocessors import Postprocessor

_SVG = re.compile(r'<svg\b[^>]*\bclass="gb-svg"[^>]*>.*?</svg>', re.S)
_HELD = re.compile(r'<gb-svg data-n="(\d+)"></gb-svg>')
_SLUG = re.compile(r'\bid="([a-z0-9-]+?)--')


class DeferredSvgExtension(Extension):
    def __init__(self, page_of: Callable[[], str], **kwargs) -> None:
        self.page_of = page_of
        self.held: dict[int, str] = {}  # placeholder number -> SVG
        self.pages: dict[str, list[int]] = {}  # page -> its placeholders
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        # After the raw-HTML postprocessor (priority 30) has put the SVGs into the HTML.
        md.postprocessors.register(_Hold(md, self), "gb-hold-svg", 5)

    def hold(self, html: str) -> str:
        mine = self.pages.setdefault(self.page_of(), [])

        def swap(m: re.Match) -> str:
            n = len(self.held)
            self.held[n] = m.group(0)
            mine.append(n)
            return f'<gb-svg data-n="{n}"></gb-svg>'

        return _SVG.sub(swap, html)

    def restore(self, html: str, page: str) -> tuple[str, list[str]]:
        """The page with its SVGs back, and the slugs of any whose placeholder went missing."""
        expected = self.pages.pop(page, [])
        if not expected:
            return html, []
        placed = set()

        def put(m: re.Match) -> str:
            n = int(m.group(1))
            placed.add(n)
            return self.held.get(n, m.group(0))

        html = _HELD.sub(put, html)
        lost = []
        for n in expected:
            svg = self.held.pop(n)
            if n not in placed:
                m = _SLUG.search(svg)
                lost.append(m.group(1) if m else f"#{n}")
        return html, lost


class _Hold(Postprocessor):
    def __init__(self, md, ext: DeferredSvgExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        return self.ext.hold(text) if "gb-svg" in text else text
