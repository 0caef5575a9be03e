"""Whether the question bank can be trusted as practice: where the right answers sit, whether the
right option gives itself away by its length or detail, how "choose two" answers combine, how
many questions are exam-style scenarios, which SAP-C02 domains they test, and whether every
pattern of a page is tested. No Markdown, no MkDocs: plain figures over guidebuild.quiz.bank.

A student who always picks the same letter, or the longest option, must score no better than
chance. The rules below are measured per page (its section quiz and its exam-only pool together)
and over the whole bank; README.md ("Add a quiz") explains them to authors.

    python -m guidebuild.quiz.check [page-stem ...]   # figures and problems, for authors
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from ..core.errors import SourceProblem
from .bank import Bank
from .model import DOMAINS, LETTERS, Question, Quiz
from .parse import NOTES_LINK


#: No option position may hold more than this share of the single-answer questions' right answers...
MAX_POSITION = 0.35
#: ...and every position that at least half of them offer must hold at least this share.
MIN_POSITION = 0.15
#: The right option may be the strictly longest one in at most this share of single-answer questions.
MAX_LONGEST = 0.35
#: On average the right option may be at most this much longer than the mean of its wrong options.
MAX_LENGTH_RATIO = 1.25
#: The right option may carry strictly the most detail (numbers, names, code, clauses) in at most this share.
MAX_DETAILED = 0.40
#: No combination of positions may hold more than this share of the several-answer questions.
MAX_COMBINATION = 0.40
#: Shares mean nothing on a handful of questions: the single-answer rules apply to a bank of at
#: least this many single-answer questions, the combination rule to at least this many several-answer ones.
MIN_SINGLE = 8
MIN_MULTI = 5
#: Over the whole bank: at least this share of exam-style scenarios, and of several-answer questions.
MIN_SCENARIOS = 0.50
MIN_MULTI_SHARE = 0.20
#: A scenario: a stem of at least this many characters with a qualifier as the exam writes it.
SCENARIO_CHARS = 250
QUALIFIER = re.compile(r"\b(?:MOST|LEAST|FEWEST|LOWEST|HIGHEST|FASTEST)\b")
#: Headings of a page that are not patterns to test.
NOT_PATTERNS = {"exam-tips", "exam-traps", "quiz"}

_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_DETAIL = re.compile(r"`[^`]+`|\d[\d.,:%]*|(?<=\w )[A-Z][\w-]*|[,;(]")
_H2 = re.compile(r"^##[ \t]+.*?\{[^}\n]*#([\w-]+)[^}\n]*\}[ \t]*$")


def plain(markdown: str) -> str:
    """Text as a reader sees it: link text without the URL, no code ticks or emphasis marks."""
    return " ".join(_MD_LINK.sub(r"\1", markdown).replace("`", "").replace("*", "").split())


def detail(markdown: str) -> int:
    """How specific an option reads: numbers, code, names (capitalised words after the first),
    and clause separators."""
    return len(_DETAIL.findall(_MD_LINK.sub(r"\1", markdown)))


def is_scenario(q: Question) -> bool:
    return len(plain(q.stem)) >= SCENARIO_CHARS and bool(QUALIFIER.search(q.stem))


def _strictly_max(values: list[float], i: int) -> bool:
    return all(values[i] > v for j, v in enumerate(values) if j != i)


@dataclass
class Figures:
    questions: int = 0
    exam_only: int = 0
    single: int = 0
    multi: int = 0
    scenarios: int = 0
    positions: Counter = field(default_factory=Counter)  # letter -> right answers there (single)
    offered: Counter = field(default_factory=Counter)  # letter -> single questions with that position
    at: dict = field(default_factory=dict)  # letter -> the questions whose right answer is there
    longest: list = field(default_factory=list)  # single questions whose right option is strictly longest
    detailed: list = field(default_factory=list)
    ratios: list = field(default_factory=list)
    combinations: Counter = field(default_factory=Counter)  # "A+D" -> several-answer questions
    domains: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, questions: list[tuple[Quiz, Question]]) -> "Figures":
        f = cls()
        for quiz, q in questions:
            f.questions += 1
            f.exam_only += quiz.exam_only
            f.scenarios += is_scenario(q)
            f.domains[q.domain] += 1
            if q.multi:
                f.multi += 1
                f.combinations["+".join(q.answer)] += 1
                continue
            f.single += 1
            right = next(i for i, o in enumerate(q.options) if o.correct)
            f.positions[q.options[right].letter] += 1
            f.at.setdefault(q.options[right].letter, []).append(q)
            f.offered.update(o.letter for o in q.options)
            lengths = [len(plain(o.text)) for o in q.options]
            if _strictly_max(lengths, right):
                f.longest.append(q)
            if _strictly_max([detail(o.text) for o in q.options], right):
                f.detailed.append(q)
            wrong = [n for i, n in enumerate(lengths) if i != right]
            f.ratios.append(lengths[right] / max(1.0, mean(wrong)))
        return f

    def share(self, n: int, of: int | None = None) -> float:
        total = self.single if of is None else of
        return n / total if total else 0.0

    @property
    def length_ratio(self) -> float:
        return mean(self.ratios) if self.ratios else 1.0

    def line(self) -> str:
        """One line for the build log and the bench."""
        pos = " ".join(f"{k} {self.share(self.positions[k]):.0%}" for k in LETTERS if self.offered[k] * 2 >= self.single)
        doms = " ".join(f"{d}:{self.share(self.domains[d], self.questions):.0%}" for d in DOMAINS)
        return (f"{self.questions} questions ({self.exam_only} exam-only), right answers at {pos}; "
                f"right option longest {self.share(len(self.longest)):.0%}, length ratio {self.length_ratio:.2f}; "
                f"scenarios {self.share(self.scenarios, self.questions):.0%}, "
                f"choose-two {self.share(self.multi, self.questions):.0%}; domains {doms}")


def _ids(questions: list[Question], most: int = 6) -> str:
    names = ", ".join(f"{q.id} ({q.path}:{q.line})" for q in questions[:most])
    return names + (f" and {len(questions) - most} more" if len(questions) > most else "")


def balance_problems(f: Figures, where: tuple[str, int | None], name: str) -> list[SourceProblem]:
    """What makes ``f`` (the figures of ``name``, reported at ``where``) guessable."""
    out = []
    rules = "see README.md, 'Add a quiz': balance rules"
    if f.single >= MIN_SINGLE:
        spread = ", ".join(f"{k} {f.positions[k]}" for k in LETTERS if f.offered[k])
        for k in LETTERS:
            share = f.share(f.positions[k])
            if share > MAX_POSITION:
                out.append(SourceProblem(*where, f"{name}: {f.positions[k]} of {f.single} single-answer questions "
                                         f"({share:.0%}) have the right answer at {k}; at most {MAX_POSITION:.0%} may "
                                         f"(right answers now: {spread})",
                                         f"move some right options away from {k}, e.g. in {_ids(f.at.get(k, []))}; "
                                         f"{rules}"))
            elif f.offered[k] * 2 >= f.single and share < MIN_POSITION:
                out.append(SourceProblem(*where, f"{name}: only {f.positions[k]} of {f.single} single-answer questions "
                                         f"({share:.0%}) have the right answer at {k}; at least {MIN_POSITION:.0%} "
                                         f"must (right answers now: {spread})",
                                         f"move some right options to {k}; {rules}"))
        if f.share(len(f.longest)) > MAX_LONGEST:
            out.append(SourceProblem(*where, f"{name}: the right option is the longest in {len(f.longest)} of "
                                     f"{f.single} single-answer questions ({f.share(len(f.longest)):.0%}); at most "
                                     f"{MAX_LONGEST:.0%} may be",
                                     f"shorten the right option or make a wrong one as complete, e.g. in "
                                     f"{_ids(f.longest)}; {rules}"))
        if f.length_ratio > MAX_LENGTH_RATIO:
            out.append(SourceProblem(*where, f"{name}: right options are on average {f.length_ratio:.2f} times as "
                                     f"long as the wrong ones; at most {MAX_LENGTH_RATIO:.2f}",
                                     f"write wrong options as complete designs and trim the right ones; {rules}"))
        if f.share(len(f.detailed)) > MAX_DETAILED:
            out.append(SourceProblem(*where, f"{name}: the right option is the most detailed (numbers, names, code, "
                                     f"clauses) in {len(f.detailed)} of {f.single} single-answer questions "
                                     f"({f.share(len(f.detailed)):.0%}); at most {MAX_DETAILED:.0%} may be",
                                     f"give the wrong options the same precision, e.g. in {_ids(f.detailed)}; {rules}"))
    if f.multi >= MIN_MULTI:
        for combo, n in f.combinations.most_common(1):
            if n / f.multi > MAX_COMBINATION:
                out.append(SourceProblem(*where, f"{name}: {n} of {f.multi} several-answer questions "
                                         f"({n / f.multi:.0%}) have their right options at {combo}; at most "
                                         f"{MAX_COMBINATION:.0%} may share a combination",
                                         f"reorder the options of some of them; {rules}"))
    return out


def pages_of(bank: Bank) -> dict[str, list[Quiz]]:
    """The bank by page file name (quizzes/x.md and quizzes/exam-only/x.md are one page bank)."""
    out: dict[str, list[Quiz]] = {}
    for quiz in bank.quizzes:
        out.setdefault(Path(quiz.path).name, []).append(quiz)
    return out


def coverage_problems(quizzes: list[Quiz], docs_dir: Path, root: Path) -> list[SourceProblem]:
    """A pattern heading ('## Title {#anchor}') of the page that no explanation links."""
    page = next((q.topic for q in quizzes if q.topic), None)
    file = docs_dir / page if page else None
    if file is None or not file.is_file():
        return []
    tested = {m.group(2) for quiz in quizzes for q in quiz.questions
              for m in NOTES_LINK.finditer(q.explanation) if Path(m.group(1)).name == page}
    rel = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
    bank = quizzes[0].path
    out = []
    for n, line in enumerate(file.read_text(encoding="utf-8").split("\n"), 1):
        m = _H2.match(line)
        if m and m.group(1) not in NOT_PATTERNS and m.group(1) not in tested:
            out.append(SourceProblem(rel, n, f"the pattern '#{m.group(1)}' is tested by no question",
                                     f"add a question to {bank} whose explanation links {page}#{m.group(1)}"))
    return out


def check(bank: Bank, docs_dir: Path | None = None, root: Path | None = None,
          pages: set[str] | None = None) -> tuple[Figures, list[SourceProblem]]:
    """The whole bank's figures and every rule it breaks, per page and overall; ``pages`` (file
    names) limits the per-page checks to those."""
    problems: list[SourceProblem] = []
    for name, quizzes in pages_of(bank).items():
        if pages is not None and name not in pages:
            continue
        f = Figures.of([(quiz, q) for quiz in quizzes for q in quiz.questions])
        files = " + ".join(sorted({q.path for q in quizzes}))
        problems += balance_problems(f, (quizzes[0].path, None), files)
        if docs_dir is not None:
            problems += coverage_problems(quizzes, docs_dir, root or docs_dir.parent)
    whole = Figures.of([(quiz, q) for quiz in bank.quizzes for q in quiz.questions])
    if pages is None:
        problems += balance_problems(whole, ("quizzes/", None), "the whole bank")
        if whole.questions >= MIN_SINGLE:
            if whole.share(whole.scenarios, whole.questions) < MIN_SCENARIOS:
                problems.append(SourceProblem("quizzes/", None, f"the whole bank: {whole.scenarios} of "
                                              f"{whole.questions} questions are exam-style scenarios; at least "
                                              f"{MIN_SCENARIOS:.0%} must be",
                                              f"write scenarios: at least {SCENARIO_CHARS} characters of situation "
                                              "and constraints, and a qualifier such as 'LEAST operational overhead'"))
            if whole.share(whole.multi, whole.questions) < MIN_MULTI_SHARE:
                problems.append(SourceProblem("quizzes/", None, f"the whole bank: {whole.multi} of "
                                              f"{whole.questions} questions ask for several answers; at least "
                                              f"{MIN_MULTI_SHARE:.0%} must", "add 'choose two' questions"))
    return whole, problems


def main(argv: list[str]) -> int:
    root = Path.cwd()
    stems = {a.removesuffix(".md").split("/")[-1] + ".md" for a in argv}
    bank, problems = Bank.scan(root / "quizzes", root, root / "docs")
    if stems:
        problems = [p for p in problems if Path(p.path).name in stems]
    _, more = check(bank, root / "docs", root, pages=stems or None)
    problems += more
    for name, quizzes in pages_of(bank).items():
        if not stems or name in stems:
            f = Figures.of([(quiz, q) for quiz in quizzes for q in quiz.questions])
            combos = ", ".join(f"{k} {n}" for k, n in sorted(f.combinations.items()))
            print(f"{name}: {f.line()}; longest-right {len(f.longest)}/{f.single}, most-detailed-right "
                  f"{len(f.detailed)}/{f.single}; choose-two at {combos or '-'}")
    if not stems:
        print("whole bank:", check(bank)[0].line())
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
