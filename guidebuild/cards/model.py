"""What a card is: a front, a back, the section it belongs to and the anchor of the site that teaches it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

#: Where cards come from, in the order the review page and the deck list them.
SOURCES = ("glossary", "cheatsheet", "correction", "quiz")


def stable_id(*parts: str) -> str:
    """An id that stays while the thing it names stays: a hash of its source and natural key
    (a term, a quiz question id, a correction id, a cheat-sheet line's text)."""
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Card:
    id: str
    source: str     # one of SOURCES
    section: str    # the docs page whose topic it tests (page.md), for the section filter
    front: str      # HTML
    back: str       # HTML
    link: str       # page.md#anchor: where the site teaches it
    path: str       # project-relative file the card was made from
    line: int

    def data(self) -> dict:
        return asdict(self)


def cards_json(cards: list[Card], url_of) -> str:
    """The cards as the review page reads them; ``url_of(link)`` gives the site-relative URL."""
    rows = [{"id": c.id, "src": c.source, "sec": c.section, "f": c.front, "b": c.back, "u": url_of(c.link)}
            for c in cards]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
