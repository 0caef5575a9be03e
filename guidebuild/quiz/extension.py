"""Markdown extension: self-check quizzes (``/// quiz``), exam mode (``/// exam``), the
progress table (``/// quiz-progress``) and the mistakes page (``/// quiz-mistakes``), as pymdownx Blocks. Syntax: guidebuild/quiz/bank.py.

The HTML (``render``) works without JavaScript; docs/assets/guide/quiz.js turns it into an
interactive quiz. After every quiz comes its answer key, ``<section class="gb-quiz-key">``:
hidden on screen, printed (the PDF moves all keys into an appendix).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html import escape as html_escape
from pathlib import Path
from types import SimpleNamespace

from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from ..core.context import PageContext, follow_documents
from ..core.errors import SourceProblem
from .bank import Bank
from .exam import POOL_MARKER, QUESTION_ITEM, RENDERED_QUIZ, URL_ATTR, ExamBlock, ProgressBlock, rebase
from .mistakes import MistakesBlock
from .model import Ids, Quiz
from .parse import parse_options, parse_questions
from .render import render


_STRAY = re.compile(r"^ {0,3}/{3,} *(quiz|exam|quiz-progress|quiz-mistakes)\b.*", re.M)


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
        path, lines, first = self._source(ctx, raw)
        quiz = ext.bank.at(path, first)
        if quiz is None or quiz.title != title:
            # Not from the bank (a quiz written in the page itself): parsed here, by the same parser.
            header = ctx.locate(f"quiz | {title}")
            quiz_id = parse_options(self.raw_options, header, problems)
            if not title:
                problems.append(SourceProblem(*header, "the quiz has no title", "write '/// quiz | Title'"))
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


class _CaptureQuizzes(Postprocessor):
    """Keeps each quiz's questions as the page showed them, for the exam page."""

    def __init__(self, md, ext: "QuizExtension") -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        if 'class="gb-quiz"' in text:
            for m in RENDERED_QUIZ.finditer(text):
                self.ext.rendered[m["id"]] = (m["list"], self.ext.context.source_path)
        return text


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
        self.config = {
            "quizzes_dir": ["quizzes", "the question bank: one quiz file per page, <page-stem>.md"],
            "docs_dir": ["docs", "the pages, whose anchors the questions link"],
            "root": [".", "the project folder the paths are relative to"],
        }
        self.given_bank = bank
        self.context = context or PageContext.standalone()
        self.embedded: dict[str, str] = {}
        self.question_ids = Ids("question")  # of quizzes shown on pages that are not in the bank
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
            body = URL_ATTR.sub(lambda m: f'{m["name"]}="{rebase(m["url"], shown_at, exam_url)}"', found[0])
            number = iter(range(1, len(quiz.questions) + 1))

            def question(m: re.Match) -> str:
                attrs = re.sub(r'\s+id="quiz-q-[^"]*"', "", m["attrs"])  # the anchors stay on the quiz's page
                qid = re.search(r'data-qid="([^"]*)"', attrs)
                link = rebase(f"#quiz-q-{qid[1]}" if qid else "#quiz", shown_at, exam_url)
                return (f'<li class="gb-quiz__q"{attrs} data-quiz="{quiz.id}">'
                        f'<p class="gb-exam__source">From: <a href="{link}">{html_escape(quiz.title)}, '
                        f'question {next(number)}</a></p>')

            body = QUESTION_ITEM.sub(question, body)
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
        elif banked is None:
            # A quiz of the page's own: its question ids against the bank's and other pages' (the
            # bank's own were checked once, by the bank).
            if not self.question_ids.first:
                self.question_ids.first = {q.id: f"{q.path}:{q.line}" for b in self.bank.quizzes for q in b.questions}
            problems += [p for q in quiz.questions if (p := self.question_ids.claim(q.id, q.path, q.line, f"on {page}"))]
        self.embedded.setdefault(quiz.id, page)
        self.registered.append((quiz, page))
        return problems

    @property
    def bank(self) -> Bank:
        """The bank the adapter handed in; alone, the configured folder's, parsed once per process
        while no file of it changes (ContentError lists every problem of it)."""
        if self.given_bank is None:
            root = Path(self.getConfig("root"))
            self.given_bank = loaded_bank(root / self.getConfig("quizzes_dir"), root, root / self.getConfig("docs_dir"))
        return self.given_bank

    @bank.setter
    def bank(self, bank: Bank) -> None:
        self.given_bank = bank

    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        follow_documents(self, md)
        for block in (QuizBlock, ExamBlock, ProgressBlock, MistakesBlock):
            block_mgr.register(block, {"extension": self})
        md.treeprocessors.register(_StrayHeaders(md, self), "gb_quiz_stray_headers", 1)
        # After the raw HTML is restored (priority 30): the captured quiz is final HTML.
        md.postprocessors.register(_CaptureQuizzes(md, self), "gb_quiz_capture", 5)


_banks: dict[tuple, Bank] = {}


def loaded_bank(folder: Path, root: Path, docs_dir: Path | None) -> Bank:
    files = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    key = (str(folder.resolve()), str(docs_dir), tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files))
    if key not in _banks:
        _banks[key] = Bank.load(folder, root, docs_dir if docs_dir and docs_dir.is_dir() else None)
    return _banks[key]


def makeExtension(*args, **kwargs) -> QuizExtension:
    return QuizExtension(*args, **kwargs)
