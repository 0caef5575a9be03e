"""What a quiz is, once parsed: options, questions, quizzes, the links they make, and the
constants of the format (letters, SAP-C02 domains, the answer key's length)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ..core.errors import SourceProblem


LETTERS = "ABCDEF"
#: The printed answer key gives each question one line: the explanation's first sentence.
KEY_MAX = 160
#: The SAP-C02 exam guide's content domains; every question names one with 'Domain: N'.
DOMAINS = {1: "Design solutions for organizational complexity", 2: "Design for new solutions",
           3: "Continuous improvement for existing solutions", 4: "Accelerate workload migration and modernization"}
DOMAIN_LIST = "1 organizational complexity, 2 new solutions, 3 continuous improvement, 4 migration"
#: The folder of the bank whose questions only exam mode draws (quizzes/exam-only/<page-stem>.md).
EXAM_ONLY = "exam-only"
NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five"}
OPTIONS = {"id"}

SYNTAX = "see README.md, 'Add a quiz'"


@dataclass
class Option:
    letter: str
    text: str
    correct: bool
    feedback: str
    line: int

    @property
    def key(self) -> str:
        """A stable identity for saved answers: options are shown shuffled, so never the letter."""
        return hashlib.sha1(" ".join(self.text.split()).lower().encode()).hexdigest()[:8]


@dataclass
class Question:
    id: str
    stem: str
    options: list[Option]
    explanation: str
    path: str
    line: int
    domain: int | None = None
    fixed: bool = False  # 'Order: fixed': options keep the authored order on screen too

    @property
    def answer(self) -> list[str]:
        return [o.letter for o in self.options if o.correct]

    @property
    def multi(self) -> bool:
        return len(self.answer) > 1

    @property
    def choose(self) -> str:
        """'Choose two.' for a several-answer question, '' otherwise."""
        n = len(self.answer)
        return f"Choose {NUMBERS.get(n, n)}." if n > 1 else ""

    @property
    def reason(self) -> str:
        return first_sentence(self.explanation)


@dataclass
class Quiz:
    id: str
    title: str
    questions: list[Question]
    path: str
    line: int
    page: str | None = None  # the docs page (page.md) that shows it: quizzes/<stem>.md -> <stem>.md
    exam_only: bool = False  # quizzes/exam-only/<stem>.md: exam mode draws it, no page shows it
    topic: str | None = None  # the page whose topic it tests (<stem>.md), shown or not
    section: str = ""  # the section quiz it counts under in scores: its own id, or the page quiz's


@dataclass
class Link:
    url: str
    path: str
    line: int


@dataclass
class Parsed:
    questions: list[Question] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "cf.", "approx.", "Inc.")


def first_sentence(markdown: str) -> str:
    """The first sentence (or its clause before a semicolon) of the first paragraph, with links
    reduced to their text."""
    para = " ".join(markdown.strip().split("\n\n")[0].split())
    depth, in_code = 0, False
    for i, c in enumerate(para):
        if c == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif c in "[(":
            depth += 1
        elif c in "])":
            depth = max(0, depth - 1)
        elif c in ".!?" and depth == 0 and para[i + 1:i + 2] in ("", " "):
            if not para[:i + 1].endswith(_ABBREVIATIONS):
                para = para[:i + 1]
                break
        elif c == ";" and depth == 0:  # the key wants one line: the clause before a semicolon
            para = para[:i] + "."
            break
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", para)


class Ids:
    """The one duplicate-id check of the quiz format: the first place each quiz or question id was
    seen (the bank's files, or a page showing a quiz of its own), and a problem for any later one."""

    FIX = {"quiz": "give every quiz its own id",
           "question": "give every question an id of its own across the whole site"}

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.first: dict[str, str] = {}

    def claim(self, ident: str, path: str, line: int | None, where: str) -> SourceProblem | None:
        """Record ``ident`` as seen ``where`` (e.g. "quizzes/a.md:4", "on index.md"); the problem to
        report at ``path:line`` if it was seen before."""
        if not ident:
            return None
        if ident in self.first:
            return SourceProblem(path, line, f"duplicate {self.kind} id '{ident}' (also {self.first[ident]})",
                                 self.FIX[self.kind])
        self.first[ident] = where
        return None
