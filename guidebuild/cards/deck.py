"""The Anki deck (``.apkg``) of the same cards, made with genanki, byte for byte reproducible: the
deck and model ids are stable hashes, every note's guid is its card's id, the package timestamp is
fixed (``SOURCE_DATE_EPOCH``, else 2026-01-01), and the zip's entries carry a fixed date."""
from __future__ import annotations

import hashlib
import io
import itertools
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from .model import Card

DECK_NAME = "AWS SA Pro study guide"
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z
FIELDS = ["Front", "Back", "Link", "Source", "Section", "CardId"]
CSS = (".card{font-family:sans-serif;font-size:18px;text-align:left;color:#222;background:#fff}"
       ".gb-link{font-size:14px;margin-top:1em}")


def _id(name: str) -> int:
    """A stable 31-bit id in Anki's range (genanki wants ids between 1<<30 and 1<<31)."""
    return (1 << 30) + int(hashlib.sha1(name.encode()).hexdigest(), 16) % (1 << 30)


def epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else DEFAULT_EPOCH


def build(cards: list[Card], url_of: Callable[[str], str]) -> bytes:
    """The deck's bytes; ``url_of(link)`` gives each card's absolute URL."""
    import genanki

    model = genanki.Model(
        _id("gb-model-v1"), "AWS SA Pro card",
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Recall", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"
                            "<p class=gb-link><a href=\"{{Link}}\">Where the guide teaches it</a></p>"}],
        css=CSS, sort_field_index=5)
    deck = genanki.Deck(_id("gb-deck-v1"), DECK_NAME)
    for c in cards:
        deck.add_note(genanki.Note(model=model, fields=[c.front, c.back, url_of(c.link), c.source, c.section, c.id],
                                   guid=genanki.guid_for(c.id), tags=[f"gb::{c.source}"]))
    package = genanki.Package(deck)
    stamp = epoch()
    with tempfile.TemporaryDirectory(prefix="gb-deck-") as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(stamp * 1000))
            conn.commit()
        finally:
            conn.close()
        data = db.read_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, body in (("collection.anki2", data), ("media", b"{}")):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, body)
    return buf.getvalue()
