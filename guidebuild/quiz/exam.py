"""Exam mode (``/// exam``: a form whose pool is every quiz as its page rendered it, plus the
exam-only questions) and the progress table (``/// quiz-progress``)."""
from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from pymdownx.blocks.block import Block, type_boolean, type_ranged_integer

from ..core import searchskip
from ..core.context import PageContext
from .model import DOMAINS
from .render import Renderer, docs_link, sub


if TYPE_CHECKING:
    from .extension import QuizExtension


# Exam mode's script, loaded only by the page with the exam, and the styles of exam mode and the
# progress page, loaded only by those (the glue maps each to its built file).
EXAM_SCRIPT = "assets/guide/exam.js"
EXAM_STYLES = "assets/guide/exam.css"


def _styles(div: etree.Element, ctx: PageContext) -> None:
    """The block's own stylesheet, first in it: the block is styled from its first paint."""
    etree.SubElement(div, "link", {"rel": "stylesheet", "href": ctx.asset(EXAM_STYLES)})


class ExamBlock(Block):
    """Exam mode: every question of the bank, hidden, for exam.js to draw from.

    The questions are not rendered again here: each quiz is captured as its own page renders it
    (``_CaptureQuizzes``) and ``QuizExtension.fill_exam_pool`` copies them in once every page is
    converted. Rendering them twice made this page cost as much as three section pages.

    The block loads exam.js itself: no other page needs it. ``defer``: it runs after the site's
    scripts (Material's document$, quiz.js). Were Material's instant navigation turned on, it would
    run the script of the content it swaps in, so the exam would start that way too."""

    NAME = "exam"
    ARGUMENT = False
    OPTIONS = {
        "questions": (20, type_ranged_integer(1, 500)),
        "minutes-per-question": (2.4, lambda v: float(v)),
        "timer": (False, type_boolean),
        # The preset button: the real exam's format.
        "official-questions": (75, type_ranged_integer(1, 500)),
        "official-minutes": (180, type_ranged_integer(1, 1000)),
    }

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        ext: QuizExtension = self.config["extension"]
        ctx = ext.context
        bank = ext.bank
        ext.bank_read_by.add(ctx.source_path)
        total = len(bank.questions)
        if not total:
            ctx.problem("/// exam", "exam mode has no questions: the quiz bank is empty",
                        "add quizzes under quizzes/ (see README.md, 'Add a quiz')")
        div = etree.SubElement(parent, "div", {
            "class": "gb-exam", "data-default-size": str(min(self.options["questions"], total) or 1),
            "data-total": str(total), "data-minutes-per-question": f"{self.options['minutes-per-question']:g}",
            "data-timer": "true" if self.options["timer"] else "false",
            "data-official-questions": str(self.options["official-questions"]),
            "data-official-minutes": str(self.options["official-minutes"])})
        _styles(div, ctx)
        intro = sub(div, "div", "gb-exam__intro")
        sub(sub(div, "noscript"), "p", "gb-exam__nojs admonition warning",
             "Exam mode needs JavaScript. Without it, use the quiz at the end of each section: "
             "its answers open with “Show the answer”.")
        sub(div, "div", "gb-exam__app")
        pool = sub(div, "div", "gb-exam__pool", hidden="hidden")
        pool.text = self.md.htmlStash.store(POOL_MARKER)
        # Exam-only quizzes, and a bank quiz whose page does not exist yet, are shown nowhere else:
        # render them here. Their scores count under the section quiz of their page.
        r = Renderer(self.md)
        for quiz in bank.quizzes:
            if quiz.page is None:
                section = bank.get(quiz.section) or quiz
                items = sub(pool, "ol", "gb-quiz__list", **{"data-quiz": quiz.id, "data-quiz-title": quiz.title,
                                                             "data-section": section.id,
                                                             "data-section-title": section.title})
                if quiz.exam_only:
                    items.set("data-exam-only", "true")
                for q in quiz.questions:
                    r.question(items, q, anchor=False, **{"data-quiz": quiz.id})
        searchskip.skip_children(self.md, pool)  # copies of the quizzes, each already on its page
        sub(div, "script", src=ctx.asset(EXAM_SCRIPT), defer="defer")
        return intro


#: Where ``fill_exam_pool`` puts the questions.
POOL_MARKER = "<!--gb-exam-pool-->"
# A quiz as its page rendered it: the list of questions between the block's own markers.
RENDERED_QUIZ = re.compile(
    r'<div class="gb-quiz"[^>]*?\bdata-quiz="(?P<id>[^"]+)"[^>]*>.*?'
    r'(?P<list><ol class="gb-quiz__list">.*?</ol>)' + re.escape(searchskip.END), re.S)
QUESTION_ITEM = re.compile(r'<li class="gb-quiz__q"(?P<attrs>[^>]*)>')
URL_ATTR = re.compile(r'\b(?P<name>href|src)="(?P<url>[^"]*)"')


def rebase(url: str, from_page: str, to_page: str) -> str:
    """``url`` as written on the page at ``from_page``, made relative to ``to_page`` (site-relative
    page URLs such as ``250-event-processing/`` or ``exam.html``). Absolute URLs stay."""
    if re.match(r"[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("/"):
        return url
    target = urlsplit(urljoin("http://site/" + from_page, url))
    here = posixpath.dirname("/" + to_page)
    rel = posixpath.relpath(target.path, here)
    if target.path.endswith("/") and rel != "." and not rel.endswith("/"):
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")


#: The progress tables' columns after the first, and what the two figures mean (quiz.js: LEGEND).
FIGURES = ("Answered", "First-attempt accuracy", "Mastered", "Progress")
LEGEND = ("First-attempt accuracy: the questions you got right the first time you answered them. "
          "Mastered: the questions right on your latest attempt.")


class ProgressBlock(Block):
    """A table of every quiz of the bank; quiz.js fills in the reader's scores."""

    NAME = "quiz-progress"
    ARGUMENT = False

    def on_markdown(self) -> str:
        return "block"

    def on_create(self, parent: etree.Element) -> etree.Element:
        ext: QuizExtension = self.config["extension"]
        ctx = ext.context
        ext.bank_read_by.add(ctx.source_path)
        div = etree.SubElement(parent, "div", {"class": "gb-progress"})
        _styles(div, ctx)
        if docs_link(ctx, "exam.md"):
            div.set("data-exam-href", ctx.link("exam.md"))  # read by quiz.js, so a final URL
        intro = sub(div, "div", "gb-progress__intro")
        sub(sub(div, "noscript"), "p", "gb-progress__nojs admonition warning",
             "Your scores are kept in this browser and shown here with JavaScript enabled.")
        sub(div, "p", "gb-progress__legend", LEGEND)
        table = sub(div, "table")  # no class: Material styles it like every table of the notes
        head = sub(sub(table, "thead", ""), "tr", "")
        for label in ("Quiz", *FIGURES):
            sub(head, "th", "", label)
        body = sub(table, "tbody", "")
        shown = [quiz for quiz in ext.bank.quizzes if not quiz.exam_only]  # exam-only pools: exam mode's
        for quiz in shown:
            tr = sub(body, "tr", "gb-progress__row", **{"data-quiz": quiz.id, "data-total": str(len(quiz.questions))})
            cell = sub(tr, "td", "gb-progress__quiz")
            href = docs_link(ctx, quiz.page, f"quiz-{quiz.id}")
            if href:
                sub(cell, "a", "", quiz.title, href=href)
            else:
                cell.text = quiz.title
            _cells(tr, len(quiz.questions))
        foot = sub(sub(table, "tfoot", ""), "tr", "gb-progress__sum")
        sub(foot, "td", "", "All quizzes")
        total = sum(len(quiz.questions) for quiz in shown)
        _cells(foot, total)
        # The same answers by SAP-C02 domain; quiz.js maps each answered question to its domain.
        questions = [q for quiz in shown for q in quiz.questions]
        domains = sub(div, "div", "gb-progress__domains",
                       **{"data-domains": " ".join(f"{q.id}:{q.domain}" for q in questions if q.domain)})
        table = sub(domains, "table")  # no class, as above
        head = sub(sub(table, "thead", ""), "tr", "")
        for label in ("SAP-C02 domain", *FIGURES):
            sub(head, "th", "", label)
        body = sub(table, "tbody", "")
        for number, name in DOMAINS.items():
            n = sum(q.domain == number for q in questions)
            tr = sub(body, "tr", "gb-progress__row", **{"data-domain": str(number), "data-total": str(n)})
            sub(tr, "td", "gb-progress__quiz", f"{number}. {name}")
            _cells(tr, n)
        sub(div, "div", "gb-progress__app")
        return intro


def _cells(tr: etree.Element, total: int) -> None:
    sub(tr, "td", "gb-progress__answered", f"0 / {total}")
    sub(tr, "td", "gb-progress__accuracy", "–")
    sub(tr, "td", "gb-progress__mastered", "–")
    _bar(tr)


def _bar(tr: etree.Element) -> None:
    track = sub(sub(tr, "td", "gb-progress__bar"), "span", "gb-progress__track")
    sub(track, "span", "gb-progress__fill", style="width: 0%")
