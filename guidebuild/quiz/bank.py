"""The quiz syntax and the question bank: plain text in, questions out, a file:line for every
problem. No Markdown, no MkDocs: guidebuild.quiz.extension renders what this module parses.

    /// quiz | Event processing
        id: event-processing

    Q: sqs-visibility-timeout
    A Lambda function reads an SQS queue ... Which change fixes it?

    - [ ] Raise maxReceiveCount on the redrive policy.
        Feedback for this option: indented lines under it, in Markdown.
    - [x] Set the visibility timeout to six times the function timeout.

    Explanation: The deciding fact, in one sentence: it becomes the answer key's reason.
    More Markdown, with at least one link to the notes: [SQS -> Lambda](250-event-processing.md#sqs-lambda-dlq).
    ///

The bank is a folder of such files (quizzes/<page-stem>.md), each included into its page with a
snippet line; exam mode draws from the whole bank.
"""
from __future__ import annotations

import hashlib
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..core import urls
from ..core.errors import ContentError, SourceProblem

ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
HEADER = re.compile(r"^ {0,3}(/{3,}) *quiz *(?:\| *(.*?))? *$")
OPTION_LINES = re.compile(r"^ {4,}\S")
Q_LINE = re.compile(r"^Q:(.*)$")
OPTION = re.compile(r"^- \[([ xX])\] +(\S.*)$")
OPTIONISH = re.compile(r"^ {0,3}[-*+] *\[")
EXPLANATION = re.compile(r"^Explanation:(.*)$")
DOMAIN = re.compile(r"^Domain:(.*)$")
ORDER = re.compile(r"^Order:(.*)$")
# An option named by its position: options are shuffled on screen, so the name would be wrong.
BY_POSITION = re.compile(r"\b(?i:options?|answers?|choices?) \(?[A-F]\)?(?![\w-])"
                         r"|\b(?i:(?:all|none|both) of the (?:above|others))\b"
                         r"|\b(?i:(?:the )?(?:first|second|third|fourth|fifth|last) (?:option|answer|choice))\b")
FENCE = re.compile(r"^ {0,3}/{3,}")
CODE_FENCE = re.compile(r"^ *(```|~~~)")
CHOOSE = re.compile(r"\((?:choose|select) +\w+\.?\)", re.I)
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]*)")
#: A link to an anchor of the notes: (page, anchor). The build requires one per explanation;
#: quizcheck reads them to see which patterns are tested.
NOTES_LINK = re.compile(r"\]\(\s*<?([\w./-]+\.md)#([\w-]+)")
DOCS_LINK = re.compile(r"\]\(\s*<?https://(?:docs\.)?aws\.amazon\.com/")
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


def link_problem(url: str) -> tuple[str, str] | None:
    """Why a link in quiz text is not allowed, and the fix; None if it is fine."""
    found = urls.problem(url, allow_http=True)
    if found:
        return found
    parts = urlsplit(url)
    if urls.scheme(url):
        return None
    if not parts.path:
        return (f"link '{url}' has no page",
                "name the page too (e.g. 250-event-processing.md#anchor): quiz questions are also shown in "
                "exam mode, where a bare #anchor would point at the wrong page")
    if not parts.path.endswith(".md"):
        return (f"link '{url}' is not a page of the notes",
                "link to a docs page as page.md#anchor, or to an https:// URL")
    return None


def parse_options(options: dict, where: tuple[str, int | None], problems: list[SourceProblem]) -> str:
    """The quiz id from a quiz block's options."""
    unknown = sorted(set(options) - OPTIONS)
    if unknown:
        problems.append(SourceProblem(*where, f"unknown quiz option(s): {', '.join(map(str, unknown))}",
                                      "the only option is 'id: <quiz-id>', indented by 4 spaces under the header"))
    quiz_id = options.get("id")
    if not isinstance(quiz_id, str) or not ID.match(quiz_id):
        problems.append(SourceProblem(
            *where, "the quiz has no valid id" if quiz_id is None else f"invalid quiz id {quiz_id!r}",
            "add 'id: <quiz-id>' (lower-case letters, digits, hyphens), indented by 4 spaces right under "
            "the '/// quiz | Title' line; it keys the reader's saved progress, so keep it stable"))
        return ""
    return quiz_id


def parse_questions(lines: list[str], path: str, first: int, problems: list[SourceProblem]) -> Parsed:
    """Questions from the body of a quiz block; ``first`` is the file line of ``lines[0]``."""
    out = Parsed()
    q: dict | None = None
    state = "before"

    def bad(n: int, message: str, fix: str) -> None:
        problems.append(SourceProblem(path, first + n, message, fix))

    def close() -> None:
        if q is None:
            return
        ln = q["line"] - first
        opts = q["options"]
        stem = "\n".join(q["stem"])
        if not stem.strip():
            bad(ln, f"question '{q['id']}' has no text", "write the scenario and the question under the 'Q:' line")
        if CHOOSE.search(stem):
            bad(ln, f"question '{q['id']}' says how many options to choose",
                "remove it: the quiz adds 'Choose two.' (three...) itself from the options marked [x]")
        if len(opts) < 2:
            bad(ln, f"question '{q['id']}' has {len(opts)} option(s)",
                "give 2 to 6 options, one per line: '- [ ] wrong' or '- [x] right'")
        elif len(opts) > len(LETTERS):
            bad(ln, f"question '{q['id']}' has {len(opts)} options", f"give at most {len(LETTERS)} options")
        if opts and not any(o["correct"] for o in opts):
            bad(ln, f"question '{q['id']}' has no correct option", "mark the right option(s) with '- [x]'")
        elif len(opts) > 1 and all(o["correct"] for o in opts):
            bad(ln, f"question '{q['id']}' marks every option correct", "mark only the right option(s) with '- [x]'")
        texts = [o["text"].strip().lower() for o in opts]
        for i, t in enumerate(texts):
            if t in texts[:i]:
                bad(opts[i]["line"] - first, f"question '{q['id']}' repeats the option '{opts[i]['text']}'",
                    "make every option different")
        expl = "\n".join(q["explanation"] or []).strip()
        if q["explanation"] is None:
            bad(ln, f"question '{q['id']}' has no explanation",
                "add 'Explanation: <the deciding fact>' after the options, with a link to the notes")
        elif not expl:
            bad(q["expl_line"] - first, f"question '{q['id']}' has an empty explanation",
                "write the deciding fact after 'Explanation:'")
        elif not LINK.search(expl):
            bad(q["expl_line"] - first, f"the explanation of '{q['id']}' has no link",
                "link the exact anchor in the notes, e.g. [SQS -> Lambda](250-event-processing.md#sqs-lambda-dlq)")
        if q["domain"] is None:
            bad(ln, f"question '{q['id']}' has no domain",
                "add 'Domain: N' right under the 'Q:' line, N the SAP-C02 domain it tests (" + DOMAIN_LIST + ")")
        if expl and len(first_sentence(expl)) > KEY_MAX:
            bad(q["expl_line"] - first, f"the answer key's line for '{q['id']}' (the explanation's first sentence) "
                f"has {len(first_sentence(expl))} characters; at most {KEY_MAX}",
                "state the deciding fact in one short sentence, then the detail in the next ones")
        if expl and not NOTES_LINK.search(expl):
            bad(q["expl_line"] - first, f"the explanation of '{q['id']}' links no anchor of the notes",
                "link the exact anchor that teaches it, e.g. [SQS -> Lambda](250-event-processing.md#sqs-lambda-dlq)")
        if expl and not DOCS_LINK.search(expl):
            bad(q["expl_line"] - first, f"the explanation of '{q['id']}' cites no AWS documentation",
                "link the AWS documentation page that confirms the fact, e.g. "
                "[AWS docs: ...](https://docs.aws.amazon.com/...)")
        for o in opts:
            if not any(x.strip() for x in o["feedback"]):
                bad(o["line"] - first, f"option '{o['text'][:60]}' of '{q['id']}' has no feedback",
                    "say why it is right or wrong on the next line, indented by 4 spaces")
        if not q["fixed"]:
            texts = [(q["line"], "\n".join(q["stem"]))] + [(o["line"], o["text"] + "\n" + "\n".join(o["feedback"]))
                                                         for o in opts]
            texts.append((q["expl_line"], expl))
            for at, text in texts:
                found = BY_POSITION.search(text)
                if found:
                    bad(at - first, f"question '{q['id']}' names an option by its position ('{found.group(0)}')",
                        "options are shuffled on screen: name the design itself (or add 'Order: fixed' under "
                        "the 'Q:' line when the options must keep their order)")
        options = [Option(LETTERS[i] if i < len(LETTERS) else "?", o["text"], o["correct"],
                          textwrap.dedent("\n".join(o["feedback"])).strip(), o["line"]) for i, o in enumerate(opts)]
        out.questions.append(Question(q["id"], "\n".join(q["stem"]).strip(), options, expl, path, q["line"],
                                      q["domain"] or None, q["fixed"]))

    for n, raw in enumerate(lines):
        line = raw.rstrip()
        if FENCE.match(line):
            bad(n, "a Blocks fence ('///') inside a quiz",
                "close the quiz with '///' only after the last explanation; a quiz cannot contain other blocks")
            continue
        if CODE_FENCE.match(line):
            bad(n, "a fenced code block inside a quiz", "use inline code (`like this`) in quiz text")
            continue
        for url in LINK.findall(line):
            out.links.append(Link(url, path, first + n))
            why = link_problem(url)
            if why:
                bad(n, *why)
        m = Q_LINE.match(line)
        if m:
            close()
            qid = m.group(1).strip()
            if not ID.match(qid):
                bad(n, f"invalid question id {qid!r}" if qid else "a question without an id",
                    "write 'Q: <question-id>' (lower-case letters, digits, hyphens), unique across the site")
            q = {"id": qid, "line": first + n, "stem": [], "options": [], "explanation": None, "expl_line": 0,
                 "domain": None, "fixed": False}
            state = "stem"
            continue
        if state == "before":
            if line.strip():
                bad(n, "text before the first question", "start every question with a line 'Q: <question-id>'")
            continue
        assert q is not None
        m = EXPLANATION.match(line)
        if m:
            if state == "explanation":
                bad(n, f"question '{q['id']}' has two explanations", "keep one 'Explanation:' per question")
            elif not q["options"]:
                bad(n, f"'Explanation:' before the options of '{q['id']}'",
                    "list the options ('- [ ] ...', '- [x] ...') first, then the explanation")
            q["explanation"] = [m.group(1).strip()]
            q["expl_line"] = first + n
            state = "explanation"
            continue
        if state == "explanation":
            q["explanation"].append(line)
            continue
        m = OPTION.match(line)
        if m:
            q["options"].append({"text": m.group(2).strip(), "correct": m.group(1) != " ",
                                 "feedback": [], "line": first + n})
            state = "options"
            continue
        if OPTIONISH.match(line):
            bad(n, f"malformed option '{line.strip()}'",
                "write each option on one line as '- [ ] text' (wrong) or '- [x] text' (right)")
            continue
        if state == "stem" and not any(x.strip() for x in q["stem"]):
            m = DOMAIN.match(line)
            if m:
                value = m.group(1).strip()
                if value in ("1", "2", "3", "4"):
                    q["domain"] = int(value)
                else:
                    bad(n, f"question '{q['id']}' has the domain {value!r}",
                        "write 'Domain: N' with N from 1 to 4 (" + DOMAIN_LIST + ")")
                    q["domain"] = 0
                continue
            m = ORDER.match(line)
            if m:
                if m.group(1).strip() != "fixed":
                    bad(n, f"question '{q['id']}' has the order {m.group(1).strip()!r}",
                        "write 'Order: fixed' (options shown in the authored order) or remove the line")
                q["fixed"] = True
                continue
        if state == "stem":
            q["stem"].append(line)
        elif not line.strip():
            if q["options"][-1]["feedback"]:
                q["options"][-1]["feedback"].append("")
        elif raw.startswith("  "):
            q["options"][-1]["feedback"].append(line)
        else:
            bad(n, f"unexpected text after the options of '{q['id']}'",
                "indent an option's feedback by 4 spaces under the option, or start the explanation "
                "with 'Explanation:'")
    close()
    if state == "before":
        problems.append(SourceProblem(path, first - 1 if first > 1 else None, "a quiz without questions",
                                      "add questions: 'Q: <id>', the question, options, 'Explanation: ...'"))
    return out


def parse_file(text: str, path: str, problems: list[SourceProblem]) -> tuple[list[Quiz], list[Link]]:
    """Every quiz block of one bank file."""
    lines = text.split("\n")
    quizzes: list[Quiz] = []
    links: list[Link] = []
    i = 0
    while i < len(lines):
        m = HEADER.match(lines[i])
        if not m:
            if Q_LINE.match(lines[i]):
                problems.append(SourceProblem(path, i + 1, "a question outside a quiz block",
                                              "move it above the quiz's closing '///' line"))
            i += 1
            continue
        fence, title, header = m.group(1), (m.group(2) or "").strip(), i + 1
        j = i + 1
        while j < len(lines) and OPTION_LINES.match(lines[j]):
            j += 1
        try:
            options = yaml.safe_load(textwrap.dedent("\n".join(lines[i + 1:j]))) or {}
        except yaml.YAMLError as e:
            options = {}
            problems.append(SourceProblem(path, header + 1, f"the quiz options are not valid YAML ({e.problem})",
                                          "write 'id: <quiz-id>' indented by 4 spaces"))
        if not isinstance(options, dict):
            options = {}
        quiz_id = parse_options(options, (path, header), problems)
        if not title:
            problems.append(SourceProblem(path, header, "the quiz has no title",
                                          "write '/// quiz | Title', e.g. '/// quiz | Event processing'"))
        end = next((k for k in range(j, len(lines)) if lines[k].strip() == fence), None)
        if end is None:
            problems.append(SourceProblem(path, header, "the quiz block is never closed",
                                          f"add a line '{fence}' after the last explanation"))
            end = len(lines)
        parsed = parse_questions(lines[j:end], path, j + 1, problems)
        quizzes.append(Quiz(quiz_id, title, parsed.questions, path, header))
        links += parsed.links
        i = end + 1
    if not quizzes:
        problems.append(SourceProblem(path, None, "no quiz in this file",
                                      f"start it with '/// quiz | Title' and an 'id:' option ({SYNTAX})"))
    return quizzes, links


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
    seen_quiz: dict[str, Quiz] = {}
    seen_q: dict[str, Question] = {}
    for quiz in quizzes:
        if quiz.id and quiz.id in seen_quiz:
            other = seen_quiz[quiz.id]
            problems.append(SourceProblem(quiz.path, quiz.line, f"duplicate quiz id '{quiz.id}' "
                                          f"(also {other.path}:{other.line})", "give every quiz its own id"))
        seen_quiz.setdefault(quiz.id, quiz)
        for q in quiz.questions:
            if q.id and q.id in seen_q:
                other = seen_q[q.id]
                problems.append(SourceProblem(q.path, q.line, f"duplicate question id '{q.id}' "
                                              f"(also {other.path}:{other.line})",
                                              "give every question an id of its own across the whole site"))
            seen_q.setdefault(q.id, q)


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
