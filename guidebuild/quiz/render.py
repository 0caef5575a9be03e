"""A parsed quiz as HTML that works without JavaScript: the questions as a plain list, the answer,
the feedback per option and the explanation in a ``<details>``, then the printed answer key.

Quiz text is Markdown, but raw HTML and attribute lists in it are shown as text, never
interpreted: quiz content cannot inject markup."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.util import AtomicString

from ..core import searchskip
from ..core.context import PageContext
from .model import Question, Quiz


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def defuse(text: str) -> str:
    """Markdown with raw HTML and attribute lists turned into text (code spans are left alone:
    Markdown already escapes them)."""
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_escape(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace("{", "&#123;")


def sub(parent: etree.Element, tag: str, cls: str = "", text: str | None = None, **attrs: str) -> etree.Element:
    """A child element; ``text`` is plain text (see inline for Markdown)."""
    el = etree.SubElement(parent, tag, {"class": cls, **attrs} if cls else attrs)
    if text is not None:
        el.text = AtomicString(text)
    return el


def inline(el: etree.Element, markdown: str) -> etree.Element:
    el.text = defuse(markdown)  # inline Markdown, processed with the rest of the page
    return el


class Renderer:
    """Builds quiz HTML into the tree; Markdown fragments go through the page's own parser, so
    links are resolved and validated like any other link of the page."""

    def __init__(self, md) -> None:
        self.md = md

    def blocks(self, parent: etree.Element, markdown: str) -> None:
        self.md.parser.parseChunk(parent, defuse(markdown))

    def question(self, parent: etree.Element, q: Question, anchor: bool, **attrs: str) -> etree.Element:
        li = sub(parent, "li", "gb-quiz__q", **{"data-qid": q.id, "data-kind": "multi" if q.multi else "single",
                                                 "data-answer": " ".join(q.answer), **attrs})
        if q.domain:
            li.set("data-domain", str(q.domain))
        if q.fixed:
            li.set("data-order", "fixed")  # quiz.js and exam.js leave its options in this order
        if anchor:
            li.set("id", f"quiz-q-{q.id}")
        stem = sub(li, "div", "gb-quiz__stem")
        self.blocks(stem, q.stem)
        if q.choose:
            sub(stem, "p", "gb-quiz__choose", q.choose)
        options = sub(li, "ol", "gb-quiz__options")
        for o in q.options:
            item = sub(options, "li", "gb-quiz__option", **{"data-letter": o.letter, "data-key": o.key,
                                                              "data-correct": "true" if o.correct else "false"})
            sub(item, "span", "gb-quiz__letter", o.letter)
            inline(sub(item, "span", "gb-quiz__text"), o.text)
        details = sub(li, "details", "gb-quiz__answer")
        sub(details, "summary", "gb-quiz__reveal", "Show the answer")
        solution = sub(details, "p", "gb-quiz__solution", "Answer: ")
        sub(solution, "strong", "", " and ".join(q.answer))
        feedback = sub(details, "ul", "gb-quiz__feedback")
        for o in q.options:
            fb = sub(feedback, "li", "gb-quiz__fb", **{"data-letter": o.letter, "data-key": o.key,
                                                         "data-correct": "true" if o.correct else "false"})
            verdict = sub(fb, "p", "gb-quiz__verdict")
            sub(verdict, "strong", "", f"{o.letter}: {'correct' if o.correct else 'incorrect'}.")
            if o.feedback:
                self.blocks(sub(fb, "div", "gb-quiz__fb-text"), o.feedback)
        explanation = sub(details, "div", "gb-quiz__explanation")
        self.blocks(explanation, q.explanation)
        return li

    def key(self, parent: etree.Element, title: str, questions: list[Question]) -> etree.Element:
        key = sub(parent, "section", "gb-quiz-key", **{"data-quiz-title": title})
        sub(key, "p", "gb-quiz-key__title", f"Answer key: {title}")
        items = sub(key, "ol", "gb-quiz-key__list")
        for q in questions:
            li = sub(items, "li", "gb-quiz-key__item")
            sub(li, "strong", "gb-quiz-key__answer", ", ".join(q.answer)).tail = " — "
            inline(sub(li, "span", "gb-quiz-key__reason"), q.reason)
        return key


def render(md, div: etree.Element, parent: etree.Element, quiz: Quiz) -> None:
    r = Renderer(md)
    div.set("id", f"quiz-{quiz.id}")
    div.set("data-quiz", quiz.id)
    div.set("data-quiz-title", quiz.title)
    div.set("data-total", str(len(quiz.questions)))
    # Its height until first shown (quiz.css: content-visibility), so the page does not jump.
    div.set("style", f"--gb-quiz-n:{len(quiz.questions)}")
    head = sub(div, "div", "gb-quiz__head")
    sub(head, "p", "gb-quiz__title", quiz.title)
    n = len(quiz.questions)
    sub(head, "p", "gb-quiz__meta", f"{n} question{'s' if n != 1 else ''}")
    items = sub(div, "ol", "gb-quiz__list")
    for q in quiz.questions:
        r.question(items, q, anchor=True)
    key = r.key(parent, quiz.title, quiz.questions)
    # Out of search: a result would show the answer, and the quizzes are the bulk of a page's markup.
    searchskip.skip_children(md, div)
    searchskip.skip_children(md, key)


def docs_link(ctx: PageContext, page: str | None, anchor: str = "") -> str | None:
    """A docs link (page.md#anchor) left for the generator to resolve and validate like any
    Markdown link; None while that page does not exist (yet)."""
    if not page:
        return None
    target = f"{page}#{anchor}" if anchor else page
    try:
        ctx.link(target)
    except LookupError:
        return None
    return target
