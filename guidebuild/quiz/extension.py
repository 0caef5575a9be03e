"""Markdown extension: self-check quizzes (``/// quiz``), exam mode (``/// exam``) and the
progress table (``/// quiz-progress``), as pymdownx Blocks. Syntax: guidebuild/quiz/bank.py.

The HTML works without JavaScript: options are a plain list and the answer, the feedback per
option and the explanation sit in a ``<details>``. docs/assets/guide/quiz.js turns that into
an interactive quiz. After every quiz comes its answer key, ``<section class="gb-quiz-key">``:
hidden on screen, printed (the PDF moves all keys into an appendix).

Quiz text is Markdown, but raw HTML and attribute lists in it are shown as text, never
interpreted: quiz content cannot inject markup.
"""
from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html import escape as html_escape
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_boolean, type_ranged_integer

from ..core import searchskip
from ..core.context import PageContext
from ..core.errors import SourceProblem
from .bank import DOMAINS, Bank, Question, Quiz, parse_options, parse_questions

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_STRAY = re.compile(r"^ {0,3}/{3,} *(quiz|exam|quiz-progress)\b.*", re.M)


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


def _sub(parent: etree.Element, tag: str, cls: str = "", text: str | None = None, **attrs: str) -> etree.Element:
    """A child element; ``text`` is plain text (see _inline for Markdown)."""
    el = etree.SubElement(parent, tag, {"class": cls, **attrs} if cls else attrs)
    if text is not None:
        el.text = AtomicString(text)
    return el


def _inline(el: etree.Element, markdown: str) -> etree.Element:
    el.text = defuse(markdown)  # inline Markdown, processed with the rest of the page
    return el


class _Renderer:
    """Builds quiz HTML into the tree; Markdown fragments go through the page's own parser, so
    links are resolved and validated like any other link of the page."""

    def __init__(self, md) -> None:
        self.md = md

    def blocks(self, parent: etree.Element, markdown: str) -> None:
        self.md.parser.parseChunk(parent, defuse(markdown))

    def question(self, parent: etree.Element, q: Question, anchor: bool, **attrs: str) -> etree.Element:
        li = _sub(parent, "li", "gb-quiz__q", **{"data-qid": q.id, "data-kind": "multi" if q.multi else "single",
                                                 "data-answer": " ".join(q.answer), **attrs})
        if q.domain:
            li.set("data-domain", str(q.domain))
        if q.fixed:
            li.set("data-order", "fixed")  # quiz.js and exam.js leave its options in this order
        if anchor:
            li.set("id", f"quiz-q-{q.id}")
        stem = _sub(li, "div", "gb-quiz__stem")
        self.blocks(stem, q.stem)
        if q.choose:
            _sub(stem, "p", "gb-quiz__choose", q.choose)
        options = _sub(li, "ol", "gb-quiz__options")
        for o in q.options:
            item = _sub(options, "li", "gb-quiz__option", **{"data-letter": o.letter, "data-key": o.key,
                                                              "data-correct": "true" if o.correct else "false"})
            _sub(item, "span", "gb-quiz__letter", o.letter)
            _inline(_sub(item, "span", "gb-quiz__text"), o.text)
        details = _sub(li, "details", "gb-quiz__answer")
        _sub(details, "summary", "gb-quiz__reveal", "Show the answer")
        solution = _sub(details, "p", "gb-quiz__solution", "Answer: ")
        _sub(solution, "strong", "", " and ".join(q.answer))
        feedback = _sub(details, "ul", "gb-quiz__feedback")
        for o in q.options:
            fb = _sub(feedback, "li", "gb-quiz__fb", **{"data-letter": o.letter, "data-key": o.key,
                                                         "data-correct": "true" if o.correct else "false"})
            verdict = _sub(fb, "p", "gb-quiz__verdict")
            _sub(verdict, "strong", "", f"{o.letter}: {'correct' if o.correct else 'incorrect'}.")
            if o.feedback:
                self.blocks(_sub(fb, "div", "gb-quiz__fb-text"), o.feedback)
        explanation = _sub(details, "div", "gb-quiz__explanation")
        self.blocks(explanation, q.explanation)
        return li

    def key(self, parent: etree.Element, title: str, questions: list[Question]) -> etree.Element:
        key = _sub(parent, "section", "gb-quiz-key", **{"data-quiz-title": title})
        _sub(key, "p", "gb-quiz-key__title", f"Answer key: {title}")
        items = _sub(key, "ol", "gb-quiz-key__list")
        for q in questions:
            li = _sub(items, "li", "gb-quiz-key__item")
            _sub(li, "strong", "gb-quiz-key__answer", ", ".join(q.answer)).tail = " — "
            _inline(_sub(li, "span", "gb-quiz-key__reason"), q.reason)
        return key


class QuizBlock(Block):
    NAME = "quiz"
    ARGUMENT = True
    OPTIONS = {"id": ("", None)}

    def _validate(self, parent, arg, **options) -> bool:
        # Blocks silently drops a block with unknown options; report them instead.
        self.raw_options = options
        return super()._validate(parent, arg, **{k: v for k, v in options.items() if k in self.option_spec})

    def on_markdown(self) -> str:
        return "raw"

    def on_create(self, parent: etree.Element) -> etree.Element:
        self.parent = parent
        return etree.SubElement(parent, "div", {"class": "gb-quiz"})

    def on_end(self, block: etree.Element) -> None:
        ext: QuizExtension = self.config["extension"]
        ctx = ext.context
        title = str(self.argument or "").strip()
        raw = str(block.text or "").split("\n")
        block.text = None
        problems: list[SourceProblem] = []
        header = ctx.locate(f"quiz | {title}")
        quiz_id = parse_options(self.raw_options, header, problems)
        if not title:
            problems.append(SourceProblem(*header, "the quiz has no title", "write '/// quiz | Title'"))
        path, lines, first = self._source(ctx, raw)
        parsed = parse_questions(lines, path, first, problems)
        quiz = Quiz(quiz_id, title, parsed.questions, path, first)
        problems += ext.register(quiz, ctx.source_path)
        for p in problems:
            ctx.report(p)
        render(self.md, block, self.parent, quiz)

    def _source(self, ctx: PageContext, raw: list[str]) -> tuple[str, list[str], int]:
        """The quiz body as written in its file, so problems get exact lines; Blocks' copy of
        it has blank lines collapsed. Falls back to that copy if the file cannot be found."""
        first_q = next((ln for ln in raw if ln.startswith("Q:")), None)
        if first_q is not None:
            path, line = ctx.locate(first_q)
            text = ctx.text_of(path) if line else None
            if text is not None:
                lines = text.split("\n")[line - 1:]
                fence = "/" * self.length
                end = next((i for i, ln in enumerate(lines) if ln.strip() == fence), len(lines))
                return path, lines[:end], line
        path, line = ctx.locate(f"quiz | {self.argument}")
        return path, raw, (line or 0) + 1


def render(md, div: etree.Element, parent: etree.Element, quiz: Quiz) -> None:
    r = _Renderer(md)
    div.set("id", f"quiz-{quiz.id}")
    div.set("data-quiz", quiz.id)
    div.set("data-quiz-title", quiz.title)
    div.set("data-total", str(len(quiz.questions)))
    # Its height until first shown (quiz.css: content-visibility), so the page does not jump.
    div.set("style", f"--gb-quiz-n:{len(quiz.questions)}")
    head = _sub(div, "div", "gb-quiz__head")
    _sub(head, "p", "gb-quiz__title", quiz.title)
    n = len(quiz.questions)
    _sub(head, "p", "gb-quiz__meta", f"{n} question{'s' if n != 1 else ''}")
    items = _sub(div, "ol", "gb-quiz__list")
    for q in quiz.questions:
        r.question(items, q, anchor=True)
    key = r.key(parent, quiz.title, quiz.questions)
    # Out of search: a result would show the answer, and the quizzes are the bulk of a page's markup.
    searchskip.skip_children(md, div)
    searchskip.skip_children(md, key)


def _link(ctx: PageContext, page: str | None, anchor: str = "") -> str | None:
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
        intro = _sub(div, "div", "gb-exam__intro")
        _sub(_sub(div, "noscript"), "p", "gb-exam__nojs admonition warning",
             "Exam mode needs JavaScript. Without it, use the quiz at the end of each section: "
             "its answers open with “Show the answer”.")
        _sub(div, "div", "gb-exam__app")
        pool = _sub(div, "div", "gb-exam__pool", hidden="hidden")
        pool.text = self.md.htmlStash.store(POOL_MARKER)
        # Exam-only quizzes, and a bank quiz whose page does not exist yet, are shown nowhere else:
        # render them here. Their scores count under the section quiz of their page.
        r = _Renderer(self.md)
        for quiz in bank.quizzes:
            if quiz.page is None:
                section = bank.get(quiz.section) or quiz
                items = _sub(pool, "ol", "gb-quiz__list", **{"data-quiz": quiz.id, "data-quiz-title": quiz.title,
                                                             "data-section": section.id,
                                                             "data-section-title": section.title})
                if quiz.exam_only:
                    items.set("data-exam-only", "true")
                for q in quiz.questions:
                    r.question(items, q, anchor=False, **{"data-quiz": quiz.id})
        searchskip.skip_children(self.md, pool)  # copies of the quizzes, each already on its page
        _sub(div, "script", src=ctx.asset(EXAM_SCRIPT), defer="defer")
        return intro


#: Where ``fill_exam_pool`` puts the questions.
POOL_MARKER = "<!--gb-exam-pool-->"
# A quiz as its page rendered it: the list of questions between the block's own markers.
_RENDERED_QUIZ = re.compile(
    r'<div class="gb-quiz"[^>]*?\bdata-quiz="(?P<id>[^"]+)"[^>]*>.*?'
    r'(?P<list><ol class="gb-quiz__list">.*?</ol>)' + re.escape(searchskip.END), re.S)
_QUESTION = re.compile(r'<li class="gb-quiz__q"(?P<attrs>[^>]*)>')
_URL_ATTR = re.compile(r'\b(?P<name>href|src)="(?P<url>[^"]*)"')


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


class _CaptureQuizzes(Postprocessor):
    """Keeps each quiz's questions as the page showed them, for the exam page."""

    def __init__(self, md, ext: "QuizExtension") -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        if 'class="gb-quiz"' in text:
            for m in _RENDERED_QUIZ.finditer(text):
                self.ext.rendered[m["id"]] = (m["list"], self.ext.context.source_path)
        return text


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
        if _link(ctx, "exam.md"):
            div.set("data-exam-href", ctx.link("exam.md"))  # read by quiz.js, so a final URL
        intro = _sub(div, "div", "gb-progress__intro")
        _sub(_sub(div, "noscript"), "p", "gb-progress__nojs admonition warning",
             "Your scores are kept in this browser and shown here with JavaScript enabled.")
        table = _sub(div, "table")  # no class: Material styles it like every table of the notes
        head = _sub(_sub(table, "thead", ""), "tr", "")
        for label in ("Quiz", "Answered", "Correct", "Progress"):
            _sub(head, "th", "", label)
        body = _sub(table, "tbody", "")
        shown = [quiz for quiz in ext.bank.quizzes if not quiz.exam_only]  # exam-only pools: exam mode's
        for quiz in shown:
            tr = _sub(body, "tr", "gb-progress__row", **{"data-quiz": quiz.id, "data-total": str(len(quiz.questions))})
            cell = _sub(tr, "td", "gb-progress__quiz")
            href = _link(ctx, quiz.page, f"quiz-{quiz.id}")
            if href:
                _sub(cell, "a", "", quiz.title, href=href)
            else:
                cell.text = quiz.title
            _sub(tr, "td", "gb-progress__answered", f"0 / {len(quiz.questions)}")
            _sub(tr, "td", "gb-progress__correct", "–")
            _bar(tr)
        foot = _sub(_sub(table, "tfoot", ""), "tr", "gb-progress__sum")
        _sub(foot, "td", "", "All quizzes")
        total = sum(len(quiz.questions) for quiz in shown)
        _sub(foot, "td", "gb-progress__answered", f"0 / {total}")
        _sub(foot, "td", "gb-progress__correct", "–")
        _bar(foot)
        # The same answers by SAP-C02 domain; quiz.js maps each answered question to its domain.
        questions = [q for quiz in shown for q in quiz.questions]
        domains = _sub(div, "div", "gb-progress__domains",
                       **{"data-domains": " ".join(f"{q.id}:{q.domain}" for q in questions if q.domain)})
        table = _sub(domains, "table")  # no class, as above
        head = _sub(_sub(table, "thead", ""), "tr", "")
        for label in ("SAP-C02 domain", "Answered", "Correct", "Progress"):
            _sub(head, "th", "", label)
        body = _sub(table, "tbody", "")
        for number, name in DOMAINS.items():
            n = sum(q.domain == number for q in questions)
            tr = _sub(body, "tr", "gb-progress__row", **{"data-domain": str(number), "data-total": str(n)})
            _sub(tr, "td", "gb-progress__quiz", f"{number}. {name}")
            _sub(tr, "td", "gb-progress__answered", f"0 / {n}")
            _sub(tr, "td", "gb-progress__correct", "–")
            _bar(tr)
        _sub(div, "div", "gb-progress__app")
        return intro


def _bar(tr: etree.Element) -> None:
    track = _sub(_sub(tr, "td", "gb-progress__bar"), "span", "gb-progress__track")
    _sub(track, "span", "gb-progress__fill", style="width: 0%")


class _StrayHeaders(Treeprocessor):
    """A quiz header Blocks rejected (bad YAML options) would otherwise end up as a paragraph."""

    def __init__(self, md, ext: "QuizExtension") -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for p in root.iter("p"):
            m = _STRAY.match(p.text or "")
            if m:
                self.ext.context.problem(
                    m.group(0).strip(), f"'/// {m.group(1)}' block not recognised: its options are not valid YAML",
                    "put each option on its own line, indented by 4 spaces, right under the header "
                    "(e.g. '    id: event-processing')")


class QuizExtension(BlocksExtension):
    """``bank`` feeds exam mode and the progress table; ``context`` is swapped per page by the glue.
    ``embedded`` maps each quiz id to the page that shows it."""

    def __init__(self, bank: Bank | None = None, context: PageContext | None = None, **kwargs) -> None:
        self.bank = bank or Bank([])
        self.context = context or PageContext()
        self.embedded: dict[str, str] = {}
        self.seen: dict[str, str] = {}
        #: quiz id -> (its questions' HTML, the page that showed it); see ``fill_exam_pool``.
        self.rendered: dict[str, tuple[str, str]] = {}
        self.registered: list[tuple[Quiz, str]] = []
        #: Pages whose blocks list the whole bank (exam, progress): they change with any quiz.
        self.bank_read_by: set[str] = set()
        super().__init__(**kwargs)

    def page_state(self, page: str) -> dict:
        """What converting ``page`` recorded, for a page cache to replay (``restore_page``)."""
        return {"quizzes": [{"id": q.id, "path": q.path, "line": q.line,
                             "questions": [[x.id, x.path, x.line] for x in q.questions]}
                            for q, shown_on in self.registered if shown_on == page],
                "rendered": {qid: html for qid, (html, shown_on) in self.rendered.items() if shown_on == page},
                "bank": page in self.bank_read_by}

    def restore_page(self, state: dict, page: str) -> list[SourceProblem]:
        """Records ``page`` as if converted again; the checks across pages run again too."""
        problems = []
        for q in state["quizzes"]:
            questions = [SimpleNamespace(id=i, path=p, line=n) for i, p, n in q["questions"]]
            problems += self.register(SimpleNamespace(id=q["id"], path=q["path"], line=q["line"],
                                                      questions=questions), page)
        for qid, html in state["rendered"].items():
            self.rendered[qid] = (html, page)
        if state["bank"]:
            self.bank_read_by.add(page)
        return problems

    def fill_exam_pool(self, html: str, page_url: Callable[[str], str | None], exam_url: str) -> str:
        """``html`` (an exam page) with every quiz shown on a page copied into its pool, in bank
        order. Call it once all pages are converted. ``page_url`` maps a page's source path to its
        site-relative URL; links are made relative to ``exam_url``."""
        if POOL_MARKER not in html:
            return html
        lists = []
        for quiz in self.bank.quizzes:
            found = self.rendered.get(quiz.id)
            shown_at = page_url(found[1]) if found else None
            if shown_at is None:
                continue  # a quiz no page shows: the build warns about it
            body = _URL_ATTR.sub(lambda m: f'{m["name"]}="{rebase(m["url"], shown_at, exam_url)}"', found[0])
            number = iter(range(1, len(quiz.questions) + 1))

            def question(m: re.Match) -> str:
                attrs = re.sub(r'\s+id="quiz-q-[^"]*"', "", m["attrs"])  # the anchors stay on the quiz's page
                qid = re.search(r'data-qid="([^"]*)"', attrs)
                link = rebase(f"#quiz-q-{qid[1]}" if qid else "#quiz", shown_at, exam_url)
                return (f'<li class="gb-quiz__q"{attrs} data-quiz="{quiz.id}">'
                        f'<p class="gb-exam__source">From: <a href="{link}">{html_escape(quiz.title)}, '
                        f'question {next(number)}</a></p>')

            body = _QUESTION.sub(question, body)
            title = html_escape(quiz.title)
            lists.append(body.replace('<ol class="gb-quiz__list">', f'<ol class="gb-quiz__list" data-quiz="{quiz.id}" '
                                      f'data-quiz-title="{title}" data-section="{quiz.id}" '
                                      f'data-section-title="{title}">', 1))
        return html.replace(POOL_MARKER, "\n".join(lists), 1)

    def register(self, quiz: Quiz, page: str) -> list[SourceProblem]:
        """Record a quiz shown on ``page``; problems if its ids are already taken."""
        problems = []
        where = (quiz.path, quiz.line or None)
        banked = self.bank.get(quiz.id)
        if banked and banked.exam_only:
            problems.append(SourceProblem(*where, f"quiz '{quiz.id}' is exam-only ({banked.path}) but shown on {page}",
                                          "remove its snippet line from the page: exam-only questions are drawn by "
                                          "exam mode alone, so a student meets them unseen"))
        elif quiz.id in self.embedded:
            problems.append(SourceProblem(*where, f"quiz '{quiz.id}' is shown twice "
                                          f"(also on {self.embedded[quiz.id]})", "include each quiz once"))
        elif banked and [q.id for q in banked.questions] != [q.id for q in quiz.questions]:
            problems.append(SourceProblem(*where, f"quiz id '{quiz.id}' is already used by {banked.path}:{banked.line}",
                                          "give this quiz its own id"))
        else:
            for q in quiz.questions:
                if q.id in self.seen:
                    problems.append(SourceProblem(q.path, q.line, f"duplicate question id '{q.id}' "
                                                  f"(also on {self.seen[q.id]})", "give every question its own id"))
                self.seen[q.id] = page
        self.embedded.setdefault(quiz.id, page)
        self.registered.append((quiz, page))
        return problems

    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        for block in (QuizBlock, ExamBlock, ProgressBlock):
            block_mgr.register(block, {"extension": self})
        md.treeprocessors.register(_StrayHeaders(md, self), "gb_quiz_stray_headers", 1)
        # After the raw HTML is restored (priority 30): the captured quiz is final HTML.
        md.postprocessors.register(_CaptureQuizzes(md, self), "gb_quiz_capture", 5)


def makeExtension(*args, **kwargs) -> QuizExtension:
    return QuizExtension(*args, **kwargs)
