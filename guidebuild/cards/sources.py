"""The four sources of cards, each read where the site already teaches it: every glossary term
(includes/abbreviations.md), every line of the cheat sheet's lists and tables (docs/cheat-sheet.md),
every "Updated"/"Precisely" correction (``/// updated``, ``/// precisely`` in docs/*.md) and every
question of the quiz bank (quizzes/*.md and quizzes/exam-only/*.md), as a recall card."""
from __future__ import annotations

import html
import re
from pathlib import Path

import markdown

from ..core.errors import SourceProblem
from ..markdown.abbreviations import Abbreviations
from ..quiz.bank import Bank
from .model import Card, stable_id


CHEAT_SHEET = "cheat-sheet.md"
GLOSSARY = "glossary.md"
HOME = "index.md"
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_HEADING = re.compile(r"^(#{2,3})\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$")
_LEAD = re.compile(r"^\*\*(.+?):?\*\*:?\s*(.*)$")
_CORRECTION = re.compile(r"^/// (updated|precisely) \| (.*)$")
_ATTR_ID = re.compile(r"^\s+attrs:\s*\{[^}]*\bid:\s*([\w-]+)")
_DOCS_LINK = re.compile(r"\]\(([\w.-]+\.md#[\w-]+)\)")


def to_html(text: str) -> str:
    """Card text as HTML: Markdown (bold, code, lists) with links reduced to their text, since
    every card has one link of its own, to the place that teaches it."""
    return markdown.markdown(_LINK.sub(r"\1", text)).strip()


def glossary_cards(abbreviations: Abbreviations) -> list[Card]:
    return [Card(stable_id("glossary", t.term), "glossary", GLOSSARY,
                 f"<p>What does <strong>{html.escape(t.term)}</strong> stand for, and what is it?</p>",
                 f"<p><strong>{html.escape(t.term)}</strong>: {html.escape(t.definition)}</p>",
                 f"{GLOSSARY}#{t.anchor}", abbreviations.path, t.line)
            for t in abbreviations.terms]


def cheatsheet_cards(text: str, path: str) -> list[Card]:
    """One card per list item and per table row of the cheat sheet, linked to its heading's anchor
    on the cheat sheet, or, under a comparison heading, to the anchor that heading links."""
    cards: list[Card] = []
    title, link, section, header = "", CHEAT_SHEET, CHEAT_SHEET, None
    for n, line in enumerate(text.splitlines(), 1):
        h = _HEADING.match(line)
        if h:
            inner = _LINK.match(h[2])
            title = inner[1] if inner else h[2]
            target = inner[2] if inner else ""
            if h[1] == "##":
                link = f"{CHEAT_SHEET}#{h[3]}" if h[3] else CHEAT_SHEET
                section = target.split("#")[0] or CHEAT_SHEET
            elif "#" in target:
                link, section = target, target.split("#")[0]
            header = None
            continue
        if line.startswith("- "):
            item = line[2:].strip()
            lead = _LEAD.match(item)
            if lead:
                front = f"<p>{html.escape(title)}: what matters about <strong>{to_html(lead[1])[3:-4]}</strong>?</p>"
                back = to_html(item)
            else:
                words = item.split()
                front = f"<p>{html.escape(title)}: complete the line</p>{to_html(' '.join(words[:5]) + ' …')}"
                back = to_html(item)
            cards.append(Card(stable_id("cheatsheet", item), "cheatsheet", section, front, back, link, path, n))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells):
                continue
            if header is None:
                header = cells
                continue
            front = (f"<p>{html.escape(title)}: {to_html(header[0])[3:-4]} = <strong>{to_html(cells[0])[3:-4]}</strong>"
                     f" — what about {', '.join(to_html(c)[3:-4] for c in header[1:])}?</p>")
            back = "<ul>" + "".join(f"<li>{to_html(k)[3:-4]}: {to_html(v)[3:-4]}</li>"
                                    for k, v in zip(header[1:], cells[1:])) + "</ul>"
            cards.append(Card(stable_id("cheatsheet", line), "cheatsheet", section, front, back, link, path, n))
        elif not line.strip():
            continue
    return cards


def correction_cards(docs_dir: Path, root: Path, problems: list[SourceProblem]) -> list[Card]:
    """One card per ``/// updated`` and ``/// precisely`` block: front, the heading it sits under;
    back, the correction. Linked to the block's own id (``attrs: {id: upd-...}``)."""
    cards: list[Card] = []
    for page in sorted(docs_dir.glob("*.md")):
        if page.name == HOME:
            continue  # the home page's legend shows one example of each kind, with no id
        rel = page.relative_to(root).as_posix() if page.is_relative_to(root) else str(page)
        lines = page.read_text(encoding="utf-8").splitlines()
        heading = ""
        i = 0
        while i < len(lines):
            h = _HEADING.match(lines[i]) or re.match(r"^(#)\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$", lines[i])
            if h:
                heading = _LINK.sub(r"\1", h[2])
            m = _CORRECTION.match(lines[i])
            if not m:
                i += 1
                continue
            start, kind, title = i + 1, m[1], m[2]
            ident = _ATTR_ID.match(lines[i + 1]) if i + 1 < len(lines) else None
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == "///"), len(lines))
            body = "\n".join(lines[i + 2 if ident else i + 1:end]).strip()
            i = end + 1
            if not ident:
                problems.append(SourceProblem(rel, start, f"the /// {kind} block has no id, so its card has no anchor",
                                              f"add '    attrs: {{id: {kind[:3] if kind == 'updated' else 'prc'}-...}}' on the line under its header"))
                continue
            word = "Updated" if kind == "updated" else "Precisely"
            cards.append(Card(stable_id("correction", ident[1]), "correction", page.name,
                              f"<p>{word} since the course, under “{html.escape(heading)}”: what is true now?</p>",
                              f"<p><strong>{html.escape(title)}</strong></p>{to_html(body)}",
                              f"{page.name}#{ident[1]}", rel, start))
    return cards


def quiz_cards(bank: Bank) -> list[Card]:
    """Every question as a recall card: front, the stem and the options; back, the right answer(s)
    and the explanation. Linked to the first anchor of the notes its explanation names."""
    cards: list[Card] = []
    for quiz in bank.quizzes:
        for q in quiz.questions:
            found = _DOCS_LINK.search(q.explanation)
            link = found[1] if found else f"{quiz.topic or 'index.md'}"
            options = "".join(f"<li><strong>{o.letter}.</strong> {to_html(o.text)[3:-4]}</li>" for o in q.options)
            choose = f"<p><em>{q.choose}</em></p>" if q.choose else ""
            right = "".join(f"<li><strong>{o.letter}.</strong> {to_html(o.text)[3:-4]}</li>" for o in q.options if o.correct)
            cards.append(Card(stable_id("quiz", q.id), "quiz", quiz.topic or link.split("#")[0],
                              f"{to_html(q.stem)}{choose}<ol class=\"gb-card__options\">{options}</ol>",
                              f"<p>Answer: {', '.join(q.answer)}</p><ul>{right}</ul>{to_html(q.explanation)}",
                              link, q.path, q.line))
    return cards


def all_cards(root: Path, docs_dir: Path, abbreviations: Path, bank: Bank) -> tuple[list[Card], list[SourceProblem]]:
    """Every card of the site, in source order, and the problems found making them."""
    problems: list[SourceProblem] = []
    shown = abbreviations.relative_to(root).as_posix() if abbreviations.is_relative_to(root) else str(abbreviations)
    cards = glossary_cards(Abbreviations.load(abbreviations, shown))
    sheet = docs_dir / CHEAT_SHEET
    if sheet.is_file():
        cards += cheatsheet_cards(sheet.read_text(encoding="utf-8"), sheet.relative_to(root).as_posix())
    cards += correction_cards(docs_dir, root, problems)
    cards += quiz_cards(bank)
    seen: dict[str, Card] = {}
    for c in cards:
        if c.id in seen:
            problems.append(SourceProblem(c.path, c.line, f"this {c.source} card repeats the one at "
                                          f"{seen[c.id].path}:{seen[c.id].line}", "say each thing once"))
        seen[c.id] = c
    return cards, problems
