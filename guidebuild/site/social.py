"""Social preview cards (Open Graph / Twitter images) drawn with Pillow from Debian's DejaVu fonts.

No network: Material's own social plugin downloads fonts at build time, so the cards are drawn here.
A card is keyed on its text, the fonts and this module's code, and cached like the diagrams, so an
unchanged page costs nothing.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from ..core import atomic
from ..core.errors import GuideError


SIZE = (1200, 630)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
# Material's indigo primary and deep-orange accent, so a shared link looks like the site.
BG, BG_EDGE, INK, SOFT, ACCENT = "#283593", "#1a237e", "#ffffff", "#c5cae9", "#ff7043"
MARGIN = 80


class FontsMissing(GuideError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"social cards: font {path} not found. Install it: apt-get install fonts-dejavu-core "
                         "(or run 'make setup', which installs it when run as root).")


@dataclass(frozen=True)
class Card:
    title: str
    description: str
    site_name: str
    footer: str = ""


@cache
def _font_path(kind: str) -> Path:
    path = FONT_DIR / FONTS[kind]
    if not path.is_file():
        raise FontsMissing(path)
    return path


@cache
def _code_digest() -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(metadata.version("pillow").encode())
    for kind in FONTS:
        h.update(_font_path(kind).read_bytes())
    return h.hexdigest()


def key(card: Card) -> str:
    h = hashlib.sha256(_code_digest().encode())
    for part in (card.title, card.description, card.site_name, card.footer):
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:20]


def _font(kind: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(_font_path(kind)), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, kind: str, sizes: range, width: int, max_lines: int):
    """The largest font size at which ``text`` fits in ``max_lines``; the smallest one clips with an ellipsis."""
    for size in sizes:
        font = _font(kind, size)
        lines = _wrap(draw, text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    while lines[-1] and draw.textlength(lines[-1] + " …", font=font) > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return font, lines


def draw(card: Card) -> bytes:
    from io import BytesIO

    from PIL import Image, ImageDraw

    w, h = SIZE
    img = Image.new("RGB", SIZE, BG)
    d = ImageDraw.Draw(img)
    d.rectangle((0, h - 120, w, h), fill=BG_EDGE)
    d.rectangle((0, 0, 16, h), fill=ACCENT)
    text_w = w - 2 * MARGIN

    site = _font("bold", 34)
    d.text((MARGIN, 64), card.site_name, font=site, fill=SOFT)

    # The title gets the largest size that still leaves room for two lines of description.
    top, bottom = 140, h - 150
    desc_font = _font("regular", 30)
    desc_h = int(desc_font.size * 1.35)
    desc = _wrap(d, card.description, desc_font, text_w)
    for size in range(72, 39, -4):
        title_font = _font("bold", size)
        title = _wrap(d, card.title, title_font, text_w)
        line_h = int(size * 1.2)
        if len(title) * line_h + 24 + min(len(desc), 2) * desc_h <= bottom - top:
            break
    else:
        title_font, title = _fit(d, card.title, "bold", range(40, 39, -1), text_w, 3)
        line_h = int(title_font.size * 1.2)
    y = top
    for line in title:
        d.text((MARGIN, y), line, font=title_font, fill=INK)
        y += line_h

    y += 24
    room = (bottom - y) // desc_h
    if len(desc) > room > 0:
        desc = desc[:room]
        while desc[-1] and d.textlength(desc[-1] + " …", font=desc_font) > text_w:
            desc[-1] = desc[-1].rsplit(" ", 1)[0]
        desc[-1] += " …"
    for line in desc[:max(room, 0)]:
        d.text((MARGIN, y), line, font=desc_font, fill=SOFT)
        y += desc_h

    if card.footer:
        d.text((MARGIN, h - 60), card.footer, font=_font("regular", 28), fill=INK, anchor="lm")
    out = BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()


def render(card: Card, cache_dir: Path | str, stem: str) -> Path:
    """The card's PNG in ``cache_dir`` as ``<stem>.<key>.png``, drawn only when not cached yet."""
    cache_dir = Path(cache_dir)
    path = cache_dir / f"{stem}.{key(card)}.png"
    if atomic.load(path) is None:  # missing, or damaged (then discarded)
        atomic.store(path, draw(card))
        for old in cache_dir.glob(f"{stem}.*.png"):
            if old != path and old.name[len(stem) + 1:].count(".") == 1:
                old.unlink(missing_ok=True)
                atomic.sum_path(old).unlink(missing_ok=True)
    return path


_FRONT = re.compile(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*\n", re.S)
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
_INLINE = re.compile(r"[*_`]|\[([^\]]*)\]\([^)]*\)")


def first_heading(markdown: str) -> str | None:
    """Text of the first ``# `` heading after any front matter, without attribute lists or inline markup."""
    body = _FRONT.sub("", markdown, count=1)
    body = re.sub(r"^(```|~~~).*?^\1", "", body, flags=re.S | re.M)
    m = _H1.search(body)
    if not m:
        return None
    text = _ATTRS.sub("", m.group(1))
    return _INLINE.sub(lambda g: g.group(1) or "", text).strip()
