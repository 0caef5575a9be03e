"""The quiz syntax: plain text in, questions out, a file:line for every problem. No Markdown,
no MkDocs: the quiz blocks render what this module parses; ``bank`` reads the folder.

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

"""

import re
import textwrap
from urllib.parse import urlsplit

import yaml

from ..core import urls
from ..core.errors import SourceProblem
from .model import (DOMAIN_LIST, KEY_MAX, LETTERS, OPTIONS, SYNTAX, Link, Option, Parsed, Question, Quiz,
                    first_sentence)

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
