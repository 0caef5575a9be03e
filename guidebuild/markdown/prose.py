"""Prose as a reader sees it: a page's Markdown or HTML tree without code, comments and link
destinations. The glossary and the link-form checks search it for words and link syntax."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree


#: Elements whose text is not prose: code, keys, and already-expanded abbreviations.
SKIP_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "abbr", "svg"}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}).*?^(?P=indent)(?P=fence)[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Link destinations and reference definitions are URLs, not prose: `](https://...)`, `[ref]: https://...`.
_LINK_DEST = re.compile(r"(?<=\])\([^)\n]*\)|^\s*\[[^\]\n]+\]:\s*\S+.*$", re.M)


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def prose_only(source: str, keep_links: bool = False) -> str:
    """``source`` with code blocks, code spans, HTML comments and (unless ``keep_links``) link
    destinations blanked out, line breaks kept, so a search finds words where a reader sees them."""
    for pattern in (_FENCE, _COMMENT, _INLINE_CODE) + (() if keep_links else (_LINK_DEST,)):
        source = pattern.sub(_blank, source)
    return source


def line_of_term(source: str, term: str) -> int | None:
    """1-based line of the first use of ``term`` (or its plural) in prose, None if not found."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])")
    m = pattern.search(prose_only(source))
    return None if m is None else source.count("\n", 0, m.start()) + 1


def prose_text(root: etree.Element) -> str:
    """The prose of ``root`` (text outside code-like elements), fragments joined by line breaks
    so no word or link syntax runs across two elements. One pass, and the callers scan the result
    with one regex each: a walk per fragment was the largest cost these checks added to a build."""
    parts: list[str] = []

    def walk(el: etree.Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if child.tag not in SKIP_TAGS:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    if root.tag not in SKIP_TAGS:
        walk(root)
    return "\n".join(parts)
