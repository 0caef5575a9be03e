"""The mistakes page (``/// quiz-mistakes``): every section quiz's questions, hidden, for
docs/assets/guide/mistakes.js to show again only those the student got wrong.

Like exam mode's pool, the questions are not rendered here: the block leaves the pool marker,
and ``QuizExtension.fill_exam_pool`` copies in each quiz as its own page rendered it once every
page is converted. The block loads its script and exam.css itself: no other page needs them."""
from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from pymdownx.blocks.block import Block

from ..core import searchskip
from .exam import EXAM_STYLES, POOL_MARKER
from .render import sub


if TYPE_CHECKING:
    from .extension import QuizExtension


MISTAKES_SCRIPT = "assets/guide/mistakes.js"


class MistakesBlock(Block):
    NAME = "quiz-mistakes"
    ARGUMENT = False

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        ext: QuizExtension = self.config["extension"]
        ctx = ext.context
        ext.bank_read_by.add(ctx.source_path)
        div = etree.SubElement(parent, "div", {"class": "gb-mistakes"})
        etree.SubElement(div, "link", {"rel": "stylesheet", "href": ctx.asset(EXAM_STYLES)})
        intro = sub(div, "div", "gb-mistakes__intro")
        sub(sub(div, "noscript"), "p", "gb-mistakes__nojs admonition warning",
             "Your answers are kept in this browser and your mistakes shown here with JavaScript enabled.")
        sub(div, "div", "gb-mistakes__app")
        pool = sub(div, "div", "gb-exam__pool", hidden="hidden")
        pool.text = self.md.htmlStash.store(POOL_MARKER)
        searchskip.skip_children(self.md, pool)  # copies of the quizzes, each already on its page
        sub(div, "script", src=ctx.asset(MISTAKES_SCRIPT), defer="defer")
        return intro
