"""Diagram icons: downscaled, palette-compressed, made once per source image, shared by all diagrams.

The ``diagrams`` package ships 300 px RGBA PNGs of 15-25 KB each; a diagram shows them at about
100 CSS px. Each icon is shrunk to ``ICON_MAX_PX``, reduced to a palette that holds only the
colours it uses (2-4 KB), and named by a hash of its bytes so every page shares one file.

Optimizing costs ~20 ms of CPU per icon, and every diagram uses several of the same few dozen
icons, so an ``IconStore`` makes each one once: in memory during a run, and across runs through
an index on disk keyed by the source image, this module's code and the Pillow version.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import atomic
from ..core.atomic import atomic_write


if TYPE_CHECKING:
    from PIL import Image

#: Icons are drawn at about 100 CSS px; 160 keeps them crisp when a wide diagram is shown at its
#: natural size on a high-density screen, at a third of the bytes of 300 px.
ICON_MAX_PX = 160
#: Upper bound only: the palette keeps just the colours the quantizer used (about 40-80 here).
ICON_COLORS = 256


@dataclass
class Icon:
    name: str  # file name under the site's icon folder: <stem>-<hash of the PNG>.png
    data: bytes | None  # None when the file is already on disk (loaded from the index)
    dark: bool = False  # a dark, colourless glyph: invisible on the dark palette unless inverted


def optimize_icon(path: Path) -> Icon:
    """Downscale and palette-quantize one icon. Deterministic: same input, same bytes."""
    from PIL import Image  # 15 ms to import; a build with every diagram cached never needs it

    with Image.open(path) as im:
        im = im.convert("RGBA")
        im.thumbnail((ICON_MAX_PX, ICON_MAX_PX), Image.Resampling.LANCZOS)
        dark = is_dark_glyph(im)
        pal = _compact_palette(im.quantize(colors=ICON_COLORS, method=Image.Quantize.FASTOCTREE,
                                           dither=Image.Dither.NONE))
        buf = io.BytesIO()
        pal.save(buf, format="PNG", optimize=True)
    data = buf.getvalue()
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return Icon(f"{stem}-{hashlib.sha256(data).hexdigest()[:10]}.png", data, dark)


def _compact_palette(im: Image.Image) -> Image.Image:
    """Drop unused palette entries and put translucent ones first.

    The quantizer leaves a 256-entry palette (1 KB of PLTE + tRNS) even when an icon uses 40
    colours; PNG stores alpha only up to the last translucent entry, so those go first.
    Lossless: every pixel keeps its RGBA value.
    """
    used = [index for _, index in im.getcolors(256)]
    rgba = im.getpalette("RGBA")
    order = sorted(used, key=lambda i: (rgba[4 * i + 3] == 255, i))
    return im.remap_palette(order)


def is_dark_glyph(im: Image.Image) -> bool:
    """Mostly dark ink on transparency (e.g. the generic client icon): any hue, low brightness."""
    from PIL import ImageChops

    ink = im.getchannel("A").point(lambda a: 255 if a > 128 else 0, mode="1")
    inked = ink.histogram()[255]
    if not inked:
        return False
    value = im.convert("RGB").convert("HSV").getchannel("V")
    dim = value.point(lambda v: 255 if v < 100 else 0, mode="1")
    return ImageChops.logical_and(ink, dim).histogram()[255] / inked > 0.6


@cache
def _recipe() -> bytes:
    """Everything besides the source image that decides an optimized icon's bytes."""
    import PIL

    return hashlib.sha256(Path(__file__).read_bytes() + PIL.__version__.encode()).digest()


class IconStore:
    """Optimized icons by source image. With a directory, icons and an index live there.

    Thread-safe; ``made`` counts real optimizations (the rest came from memory or the index).
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.made = 0
        self._by_source: dict[str, Icon] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._made: dict[str, bytes] = {}  # name -> bytes of the icons optimized by this build

    def get(self, source: Path) -> Icon:
        key = str(Path(source).resolve())
        # One lock per source image: two diagrams never make the same icon twice, while
        # different icons are made at the same time (Pillow releases the GIL while it works).
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            found = self._by_source.get(key)
            if found is None:
                found = self._load_or_make(Path(key))
                self._by_source[key] = found
            return found

    def _index_path(self, source_bytes: bytes) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha256(_recipe() + source_bytes).hexdigest()[:24]
        return self.directory / ".index" / f"{digest}.json"

    def _load_or_make(self, source: Path) -> Icon:
        index = self._index_path(source.read_bytes())
        raw = atomic.load(index) if index is not None else None
        if raw is not None:
            try:
                entry = json.loads(raw)
                if self.intact(entry["name"]):
                    return Icon(entry["name"], None, entry["dark"])
            except (ValueError, KeyError, TypeError):
                atomic.discard(index, "not an icon index entry")
        icon = optimize_icon(source)
        with self._lock:
            self.made += 1
            self._made[icon.name] = icon.data
        if index is not None:
            try:
                target = self.directory / icon.name
                if not self.intact(icon.name):
                    atomic_write(target, icon.data)
                # The index entry goes last: it never names a file that is not there.
                atomic.store(index, json.dumps({"name": icon.name, "dark": icon.dark}).encode())
            except OSError as e:
                atomic.log.warning("cache: could not keep the icon %s (%s)", icon.name, e)
        return icon

    def intact(self, name: str) -> bool:
        """Whether the cached icon file holds the bytes its name promises (``<stem>-<sha256[:10]>.png``);
        a damaged one is discarded, so the icon is made again."""
        if self.directory is None:
            return False
        path = self.directory / name
        try:
            data = path.read_bytes()
        except OSError:
            return False
        if not name.endswith(f"-{hashlib.sha256(data).hexdigest()[:10]}.png"):
            atomic.discard(path, f"{len(data)} bytes that do not match the hash in its name")
            return False
        return True

    def data_of(self, name: str) -> bytes | None:
        """An icon made by this build, for a cache that could not keep it."""
        return self._made.get(name)
