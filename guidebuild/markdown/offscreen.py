"""Markdown extension: the prose between headings is wrapped so browsers skip it while off screen.

Material's start-up script forces a full style recalculation of the page several times (palette,
viewport and header observers). Each one costs in proportion to the elements not inside a
``content-visibility: auto`` box that is off screen, and on a long pattern page most of the prose
is. Drawings and quizzes already skip themselves (diagrams.css, quiz.css); this extension does the
same for the runs of paragraphs, lists, tables and admonitions between them.

Headings stay outside the wrappers: Material's table of contents measures every heading, and a
heading inside a skipped box would force that box to be laid out after all.

A skipped box is as tall as its ``contain-intrinsic-size`` until it is first shown (``auto`` then
remembers the real height), so the scroll bar and anchor jumps stay close to the truth only if the
estimate is. ``estimate`` guesses the height from the text, separately for wide and phone columns
(``--gb-h`` and ``--gb-hn``, in em of the body text); tests/browser/test_offscreen.py measures the real
heights in Chromium and holds the estimate to them. Print shows everything (guide.css).

The first screen gets no box: a box in view would be drawn at its estimate, then at its real
height, moving the text below while the reader looks at it (a layout shift).
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


CLASS = "gb-offscreen"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Left out of the boxes: drawings and quizzes skip themselves (with their own estimate); a quiz's
# answer key is only printed, so a box around it would be blank space on screen; exam mode and the
# progress table are filled in by script, so the build cannot know their height.
NOT_PROSE = {"gb-diagram", "gb-quiz", "gb-quiz-key", "gb-exam", "gb-progress"}
# A wrapper costs a containment box of its own: a short run is cheaper left alone.
MIN_CHARS = 400
# A phone screen is about 50 em of body text; a heading takes about 4, a drawing with its tabs and
# player about 35, a quiz or exam mode more than a screen.
FIRST_SCREEN_EM, HEADING_EM, FIGURE_EM, WIDGET_EM = 50.0, 4.0, 35.0, 60.0

# Characters per line of body text, and em per line / per block gap; fitted to Chromium's
# rendering of this site's pages (tests/browser/test_offscreen.py checks they still fit).
WIDE, NARROW = 84, 40
LINE, GAP, ITEM_GAP, CODE_LINE = 1.6, 1.0, 0.5, 1.4
# Table type is 0.8 of the body's and each cell has 1.25 em of padding a side (Material).
TABLE_CHARS, CELL_PAD, MIN_CELL, TABLE_LINE, ROW = 1.25, 4, 12, 1.28, 1.5
BLOCKS = {"p", "li", "dt", "dd", "summary", "h4", "h5", "h6"}
CONTAINERS = {"ul", "ol", "dl", "table", "thead", "tbody", "tr", "div", "details", "blockquote", "pre"}


def _text(el: etree.Element) -> str:
    return "".join(el.itertext())


def _lines(chars: int, per_line: float) -> int:
    return max(1, math.ceil(chars / per_line))


def _row(tr: etree.Element) -> tuple[float, float]:
    cells = [len(_text(c).strip()) for c in tr if c.tag in ("td", "th")] or [len(_text(tr))]
    def height(per_line: float) -> float:
        width = max(per_line * TABLE_CHARS / len(cells) - CELL_PAD, MIN_CELL)
        return ROW + TABLE_LINE * max(_lines(chars, width) for chars in cells)
    return height(WIDE), height(NARROW)


def estimate(el: etree.Element) -> tuple[float, float]:
    """Estimated rendered height of ``el`` in em of the body text: (wide column, phone column)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if el.get("hidden") is not None:
        return 0.0, 0.0
    if tag == "tr":
        return _row(el)
    if tag == "pre":
        em = GAP + CODE_LINE * (_text(el).rstrip("\n").count("\n") + 1)
        return em, em
    nested = [c for c in el if isinstance(c.tag, str) and c.tag in CONTAINERS | BLOCKS]
    if tag == "details" and el.get("open") is None:
        nested = [c for c in nested if c.tag == "summary"]  # closed: only its summary shows
    wide = narrow = 0.0
    for c in nested:
        w, n = estimate(c)
        wide, narrow = wide + w, narrow + n
    if tag in BLOCKS:
        own = len(el.text or "") + sum(len(_text(c)) + len(c.tail or "") for c in el if c not in nested)
        if own or not nested:
            gap = ITEM_GAP if tag in ("li", "dd") else GAP
            wide += gap + LINE * _lines(own, WIDE)
            narrow += gap + LINE * _lines(own, NARROW)
    elif tag == "details" or "admonition" in (el.get("class") or "").split():
        wide, narrow = wide + GAP, narrow + GAP  # the box's padding and border
    return wide, narrow


def _breaks(el: etree.Element) -> bool:
    if el.tag in HEADINGS:
        return True
    classes = set((el.get("class") or "").split())
    return bool(classes & NOT_PROSE)


def _height_outside(el: etree.Element) -> float:
    """Rough phone height of what is not in a box, to know where the first screen ends."""
    classes = set((el.get("class") or "").split())
    if el.tag in HEADINGS:
        return HEADING_EM
    if "gb-diagram" in classes:
        return FIGURE_EM
    if "gb-quiz-key" in classes:
        return 0.0  # printed only
    return WIDGET_EM


class OffscreenTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        # (start, elements, their (wide, phone) estimates); start: phone em of what came before
        runs: list[tuple[float, list[etree.Element], list[tuple[float, float]]]] = []
        top, open_run = 0.0, False
        for child in list(root):
            if _breaks(child):
                top += _height_outside(child)
                open_run = False
                continue
            if not open_run:
                runs.append((top, [], []))
                open_run = True
            runs[-1][1].append(child)
            runs[-1][2].append(estimate(child))
            top += runs[-1][2][-1][1]
        for start, run, sizes in runs:
            if sum(len(_text(el)) for el in run) < MIN_CHARS:
                continue
            # On the first screen a box would be drawn at its estimated height first and then at
            # its real one, moving what is below it in view (a layout shift): it is shown at once.
            if start < FIRST_SCREEN_EM:
                continue
            # A wrapper with headings inside (the cheat sheet's columns) is page layout, not prose:
            # a containment box around it would keep its sections from flowing.
            if any(el.tag in HEADINGS for top_el in run for el in top_el.iter()):
                continue
            wide, narrow = sum(w for w, _ in sizes), sum(n for _, n in sizes)
            # Plain numbers: the stylesheet multiplies them by 1em (a length times a length is invalid).
            box = etree.Element("div", {"class": CLASS, "style": f"--gb-h:{wide:.0f};--gb-hn:{narrow:.0f}"})
            box.text = box.tail = "\n"
            at = list(root).index(run[0])
            for el in run:
                root.remove(el)
                box.append(el)
            root.insert(at, box)


class OffscreenExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # Tree processors run from high priority to low: this one after inline (20), prettify (10),
        # abbr (7) and toc (5), so every block is final and headings have their ids.
        md.treeprocessors.register(OffscreenTreeprocessor(md), "gb_offscreen", 4)


def makeExtension(*args, **kwargs) -> OffscreenExtension:
    return OffscreenExtension(*args, **kwargs)
