"""Markup the site search must not index: the drawings and their scripts (the text alternative
says the same in words), the quizzes (a search result would give an answer away) and the exam's
hidden question pool (a copy of the quizzes).

The markers are raw HTML comments stored through Python-Markdown's stash, because its tree
processors cannot walk Comment nodes. ``without_search_skipped`` cuts the marked spans out of a
page's HTML before an indexer parses it: parsing is most of what indexing costs, and
``data-search-exclude`` alone would still parse them."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree


START, END = "<!--gb-search-skip-->", "<!--/gb-search-skip-->"
_SKIPPED = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)


def without_search_skipped(html_text: str) -> str:
    return _SKIPPED.sub("", html_text)


def skip_children(md, element: etree.Element) -> None:
    """Mark everything inside ``element`` (call it once the element is complete). The element's
    own tags stay, so what the indexer sees is still balanced HTML."""
    start = md.htmlStash.store(START)
    end = md.htmlStash.store(END)
    element.text = start + (element.text or "")
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + end
    else:
        element.text += end
