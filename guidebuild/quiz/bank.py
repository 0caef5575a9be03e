"""The question bank: every quiz file of ``quizzes/`` (and ``quizzes/exam-only/``) parsed once,
checked for unique ids and for links to pages and anchors that exist.

The bank is a folder of quiz files (quizzes/<page-stem>.md), each included into its page with a
snippet line; exam mode draws from the whole bank."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..core.errors import ContentError, SourceProblem
from .model import EXAM_ONLY, Ids, Link, Quiz
from .parse import parse_file


_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$", re.M)
_EXPLICIT_ID = re.compile(r"\{[^}\n]*#([\w-]+)[^}\n]*\}|\bid=\"([^\"]+)\"|^ +attrs: *\{[^}\n]*\bid: *([\w-]+)", re.M)


def anchors_of(markdown: str) -> set[str]:
    """The anchors a page's Markdown defines: explicit {#id}s, id="" attributes, heading slugs."""
    from markdown.extensions.toc import slugify  # the toc extension's default

    ids = {a or b or c for a, b, c in _EXPLICIT_ID.findall(markdown)}  # {#id}, id="", a block's attrs
    ids |= {slugify(h, "-") for h in _HEADING.findall(markdown)}
    return ids


class Bank:
    """Every quiz of the bank folder, in file-name order (so in course order)."""

    def __init__(self, quizzes: list[Quiz]) -> None:
        self.quizzes = quizzes
        self.questions = {q.id: (quiz, q) for quiz in quizzes for q in quiz.questions}

    def get(self, quiz_id: str) -> Quiz | None:
        return next((q for q in self.quizzes if q.id == quiz_id), None)

    def at(self, path: str, line: int | None) -> Quiz | None:
        """The quiz whose first question is at ``path:line``: a page that includes a bank file renders
        the quiz the bank parsed (and checked) once, rather than parsing it again."""
        return next((q for q in self.quizzes if q.path == path and q.questions and q.questions[0].line == line),
                    None) if line else None

    @classmethod
    def load(cls, folder: Path, root: Path, docs_dir: Path | None = None) -> "Bank":
        """Parse and validate every ``*.md`` of ``folder``; ContentError lists all problems.
        ``docs_dir`` also checks that links name existing pages and anchors."""
        bank, problems = cls.scan(folder, root, docs_dir)
        if problems:
            raise ContentError(problems, "quiz")
        return bank

    @classmethod
    def scan(cls, folder: Path, root: Path, docs_dir: Path | None = None) -> tuple["Bank", list[SourceProblem]]:
        """The bank and every problem found in it, without raising."""
        problems: list[SourceProblem] = []
        quizzes: list[Quiz] = []
        links: list[Link] = []
        files = sorted(folder.glob("*.md")) + sorted((folder / EXAM_ONLY).glob("*.md")) if folder.is_dir() else []
        for file in files:
            rel = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
            found, found_links = parse_file(file.read_text(encoding="utf-8"), rel, problems)
            topic = f"{file.stem}.md"
            exists = docs_dir is None or (docs_dir / topic).is_file()
            exam_only = file.parent.name == EXAM_ONLY
            for quiz in found:
                quiz.exam_only = exam_only
                quiz.topic = topic if exists else None
                quiz.page = None if exam_only or not exists else topic
            quizzes += found
            links += found_links
        # An exam-only quiz counts under the section quiz of its page, if there is one.
        by_file = {Path(q.path).name: q.id for q in quizzes if not q.exam_only}
        for quiz in quizzes:
            quiz.section = by_file.get(Path(quiz.path).name, quiz.id) if quiz.exam_only else quiz.id
        _check_unique(quizzes, problems)
        if docs_dir is not None:
            _check_links(links, docs_dir, problems)
        return cls(quizzes), problems


def _check_unique(quizzes: list[Quiz], problems: list[SourceProblem]) -> None:
    quiz_ids, question_ids = Ids("quiz"), Ids("question")
    for quiz in quizzes:
        found = [quiz_ids.claim(quiz.id, quiz.path, quiz.line, f"{quiz.path}:{quiz.line}")]
        found += [question_ids.claim(q.id, q.path, q.line, f"{q.path}:{q.line}") for q in quiz.questions]
        problems += [p for p in found if p]


def _check_links(links: list[Link], docs_dir: Path, problems: list[SourceProblem]) -> None:
    anchors: dict[str, set[str] | None] = {}
    for link in links:
        parts = urlsplit(link.url)
        if parts.scheme or not parts.path.endswith(".md"):
            continue
        page = parts.path
        if page not in anchors:
            file = docs_dir / page
            anchors[page] = anchors_of(file.read_text(encoding="utf-8")) if file.is_file() else None
        known = anchors[page]
        if known is None:
            problems.append(SourceProblem(link.path, link.line, f"link to '{page}', which is not a page of the site",
                                          "link an existing docs page, e.g. 250-event-processing.md#sqs-lambda-dlq"))
        elif parts.fragment and parts.fragment not in known:
            problems.append(SourceProblem(link.path, link.line, f"link to '{link.url}': '{page}' has no anchor "
                                          f"'#{parts.fragment}'", "link a heading's {#anchor} of that page"))
