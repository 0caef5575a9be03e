"""The site's abbreviations file: one ``*[TERM]: definition`` per line, parsed with line numbers.

The same file is auto-appended to every page (``pymdownx.snippets``) so the ``abbr`` extension
shows each definition on hover; the glossary page and the undefined-abbreviation check read it
here. Blank lines and HTML comments are allowed; anything else is an error naming the line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ContentError, SourceProblem


# Same shape as Python-Markdown's abbr block syntax, anchored to one line.
_DEFINITION = re.compile(r"^\*\[(?P<term>[^\]\\]+)\]\s*:\s*(?P<text>.*?)\s*$")

#: What counts as an acronym in prose: two or more capitals, digits or inner hyphens
#: (SQS, S3, EC2, SR-IOV), optionally followed by a plural "s" (NACLs -> NACL).
ACRONYM = re.compile(r"(?<![\w-])(?P<term>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?:s)?(?![\w-])")


def looks_like_acronym(token: str) -> bool:
    return sum(ch.isupper() for ch in token) >= 2


def acronyms_in(text: str) -> list[str]:
    """Acronym-looking tokens of a piece of prose, in order (plural "s" stripped)."""
    return [m.group("term") for m in ACRONYM.finditer(text) if looks_like_acronym(m.group("term"))]


def slug(term: str) -> str:
    """Anchor of a term on the glossary page: ``SR-IOV`` -> ``sr-iov``, ``FSx`` -> ``fsx``."""
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    line: int

    @property
    def anchor(self) -> str:
        return slug(self.term)


class Abbreviations:
    """The parsed file. ``terms`` keeps the file's order; lookups are exact (case-sensitive)."""

    def __init__(self, path: Path | str, terms: list[Term]) -> None:
        self.path = str(path)
        self.terms = terms
        self.by_term = {t.term: t for t in terms}

    def __contains__(self, term: str) -> bool:
        return term in self.by_term

    def sorted(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: (t.term.lower(), t.term))

    @classmethod
    def load(cls, path: Path | str, shown_as: str | None = None) -> "Abbreviations":
        """Parse ``path``; errors name ``shown_as`` (the project-relative path) and the line."""
        shown = shown_as or str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError([SourceProblem(shown, None, "abbreviations file not found",
                                              "create it with one '*[TERM]: definition' per line")]) from None
        return cls.parse(text, shown)

    @classmethod
    def parse(cls, text: str, path: str) -> "Abbreviations":
        problems: list[SourceProblem] = []
        terms: list[Term] = []
        seen: dict[str, int] = {}
        anchors: dict[str, str] = {}
        in_comment = False
        for n, line in enumerate(text.splitlines(), 1):
            if in_comment or line.lstrip().startswith("<!--"):
                in_comment = "-->" not in line
                continue
            if not line.strip():
                continue
            m = _DEFINITION.match(line)
            if not m:
                problems.append(SourceProblem(path, n, f"not an abbreviation definition: {line.strip()[:60]!r}",
                                              "write '*[TERM]: definition' on one line (this file is appended "
                                              "to every page, so anything else would show up on all of them)"))
                continue
            term, definition = m.group("term").strip(), m.group("text")
            if not definition:
                problems.append(SourceProblem(path, n, f"'{term}' has no definition", f"write '*[{term}]: what it means'"))
            elif term in seen:
                problems.append(SourceProblem(path, n, f"'{term}' is defined twice (first on line {seen[term]})",
                                              "keep one definition"))
            elif slug(term) in anchors:
                problems.append(SourceProblem(path, n, f"'{term}' and '{anchors[slug(term)]}' would share the "
                                              f"glossary anchor #{slug(term)}", "merge or rename one of them"))
            else:
                seen[term] = n
                anchors[slug(term)] = term
                terms.append(Term(term, definition, n))
        if problems:
            raise ContentError(problems, "abbreviations file")
        return cls(path, terms)
