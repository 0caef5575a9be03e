"""Markdown extension: the review page (``/// review``) and the count of cards due today
(``/// review-due``, for the home page), as pymdownx Blocks.

``/// review`` renders the page's skeleton and loads, deferred and on that page only, ts-fsrs (the
FSRS scheduler, vendored from node_modules), the cards (a generated script: ``file://`` cannot
fetch JSON) and review.js. ``/// review-due`` loads only review-due.js, which reads the stored
schedule without ts-fsrs. Both link the Anki deck. The number of cards is filled in after every
page is converted (``TOTAL_MARKER``), so a page from the page cache is never stale.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from ..core.context import PageContext, follow_documents

FSRS_SCRIPT = "assets/vendor/ts-fsrs/ts-fsrs.js"
CARDS_SCRIPT = "assets/review/cards.js"
REVIEW_SCRIPT = "assets/guide/review.js"
REVIEW_STYLES = "assets/guide/review.css"
DUE_SCRIPT = "assets/guide/review-due.js"
DECK = "assets/review/aws-sap-study-guide.apkg"
TOTAL_MARKER = "gb-cards-total"
RATINGS = (("again", "Again", "1"), ("hard", "Hard", "2"), ("good", "Good", "3"), ("easy", "Easy", "4"))


def sub(parent: etree.Element, tag: str, cls: str = "", text: str | None = None, **attrs) -> etree.Element:
    node = etree.SubElement(parent, tag, {"class": cls, **attrs} if cls else attrs)
    if text is not None:
        node.text = text
    return node


def _deck_link(parent: etree.Element, ctx: PageContext) -> None:
    p = sub(parent, "p", "gb-review__deck")
    p.text = "Prefer Anki? "
    a = sub(p, "a", "", "Download the Anki deck (.apkg)", href=ctx.source_link(DECK), download="aws-sap-study-guide.apkg")
    a.tail = " of the same cards."


class ReviewBlock(Block):
    NAME = "review"
    ARGUMENT = False

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        ctx = self.config["extension"].context
        div = sub(parent, "div", "gb-review", **{"data-gb-total": TOTAL_MARKER, "data-gb-root": ctx.asset("index.html").removesuffix("index.html") or "./"})
        sub(div, "link", rel="stylesheet", href=ctx.asset(REVIEW_STYLES))
        # The text first and the card last, with its room kept (review.css): what review.js fills in
        # after the first paint moves nothing a reader already sees.
        body = sub(div, "div", "gb-review__intro")
        _deck_link(div, ctx)
        bar = sub(div, "div", "gb-review__bar gb-no-print")
        label = sub(bar, "label", "gb-review__filter-label", "Section ", **{"for": "gb-review-section"})
        select = sub(label, "select", "gb-review__filter", id="gb-review-section")
        sub(select, "option", "", "All sections", value="")
        sub(bar, "p", "gb-review__due", "", **{"aria-live": "polite"})
        card = sub(div, "div", "gb-review__card gb-no-print", hidden="hidden")
        sub(card, "p", "gb-review__meta")
        sub(card, "div", "gb-review__front")
        sub(card, "div", "gb-review__back", hidden="hidden", tabindex="-1")
        actions = sub(card, "div", "gb-review__actions")
        sub(actions, "button", "md-button md-button--primary gb-review__show", "Show answer (Space)", type="button")
        rate = sub(actions, "div", "gb-review__rate", hidden="hidden", role="group", **{"aria-label": "Rate your recall"})
        for key, label_text, digit in RATINGS:
            sub(rate, "button", f"md-button gb-review__rate-{key}", f"{label_text} ({digit})", type="button",
                **{"data-rating": key})
        sub(div, "p", "gb-review__done", "Nothing due in this section today. Come back tomorrow, or pick another section.",
            hidden="hidden")
        for src in (FSRS_SCRIPT, CARDS_SCRIPT, REVIEW_SCRIPT):
            sub(div, "script", src=ctx.asset(src), defer="defer")
        return body


class DueBlock(Block):
    NAME = "review-due"
    ARGUMENT = False

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        ctx = self.config["extension"].context
        div = sub(parent, "div", "gb-review-due admonition tip gb-no-print", **{"data-gb-total": TOTAL_MARKER})  # a count for this browser: not in print
        sub(div, "p", "admonition-title", "Spaced repetition")
        # Its own line, filled in by review-due.js: a count set after the first paint changes no height.
        sub(div, "p", "gb-review-due__count", "Your cards due today are counted here.")
        p = sub(div, "p")
        a = sub(p, "a", "", "Review your cards", href=ctx.source_link("review.md"))
        a.tail = ": FSRS schedules each card for the day you are about to forget it."
        body = sub(div, "div")
        _deck_link(div, ctx)
        sub(div, "script", src=ctx.asset(DUE_SCRIPT), defer="defer")
        return body


class CardsExtension(BlocksExtension):
    """``context`` is swapped per page by the glue."""

    def __init__(self, context: PageContext | None = None, **kwargs) -> None:
        self.config = {}
        self.context = context or PageContext.standalone()
        super().__init__(**kwargs)

    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        block_mgr.register(ReviewBlock, {"extension": self})
        block_mgr.register(DueBlock, {"extension": self})
        follow_documents(self, md)


def makeExtension(*args, **kwargs) -> CardsExtension:
    return CardsExtension(*args, **kwargs)
