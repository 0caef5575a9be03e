"""Second half of the book (see book.py): read where things landed in Chromium's PDF, print the
page furniture as an overlay, stamp it onto the pages, size each paper, add bookmarks and
metadata, all as an incremental update of Chromium's PDF (update.py).

Where a heading landed comes from the PDF itself: every contents entry links to an empty anchor
in its heading, and Chromium writes a named destination (page, position) for each link target
and a link annotation (rectangle) for each link. The overlay prints each target's page number
into its link's rectangle, so the contents need no second layout pass.
"""
from __future__ import annotations

import datetime
import html
import io
import logging
import os
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, BooleanObject, DecodedStreamObject, DictionaryObject, FloatObject,


                           IndirectObject, NameObject, NumberObject, RectangleObject, StreamObject,
                           TextStringObject)

from .model import PdfError
from .update import Update, UpdateError

# Chromium's PDFs make pypdf warn about a trailer /Size one short; harmless, and noise in a build log.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PT_PER_MM = 72 / 25.4
PT_PER_PX = 0.75  # CSS px in print


def _name(dest) -> str:
    return str(dest).lstrip("/")


@dataclass
class Slot:
    page: int           # 0-based page index the box is on
    rect: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points
    target_page: int    # 0-based page the link goes to
    align: str
    style: dict


class Printed:
    """Chromium's PDF of the book and what the assembler reported about it."""

    def __init__(self, data: bytes, facts: dict) -> None:
        self.data = data
        self.facts = facts
        self.reader = PdfReader(io.BytesIO(data))
        self.count = len(self.reader.pages)
        self.dests: dict[str, tuple[int, float, float]] = {}
        for name, dest in self.reader.named_destinations.items():
            page = self.reader.get_destination_page_number(dest)
            self.dests[_name(name)] = (page, float(dest.get("/Left") or 0), float(dest.get("/Top") or 0))
        wanted = facts["slots"]
        rects: dict[str, list[tuple[int, tuple[float, ...]]]] = {}
        for index, page in enumerate(self.reader.pages):
            for annot in page.get("/Annots") or []:
                a = annot.get_object()
                if a.get("/Subtype") == "/Link" and "/Dest" in a and _name(a["/Dest"]) in wanted:
                    rects.setdefault(_name(a["/Dest"]), []).append((index, tuple(float(v) for v in a["/Rect"])))
        self.slots: list[Slot] = []
        for dest, found in rects.items():
            # A wrapped entry has one rectangle per line: the number goes after the last line.
            index, rect = max(found, key=lambda f: (f[0], -f[1][1]))
            self.slots.append(Slot(index, rect, self.page_of(dest), wanted[dest]["align"], wanted[dest]))
        lost = sorted(set(wanted) - set(rects))
        if lost:
            raise PdfError(f"Chromium printed no link for {len(lost)} page references ({', '.join(lost[:5])}): "
                           "is a contents entry hidden by a print stylesheet?")
        self.starts = sorted((self.page_of(s["dest"]), s["title"]) for s in facts["starts"])

    def page_of(self, dest: str) -> int:
        if dest not in self.dests:
            raise PdfError(f"no destination '{dest}' in the printed book")
        return self.dests[dest][0]

    def header_of(self, index: int) -> str:
        """Running header of a 0-based page: the chapter it belongs to; the contents before any."""
        title = "Contents"
        for start, t in self.starts:
            if start <= index:
                title = t
        return title


def _box(left: float, top: float, width: float, height: float) -> str:
    return f"left:{left:.2f}pt;top:{top:.2f}pt;width:{width:.2f}pt;height:{height:.2f}pt"


def overlay_html(printed: Printed, layout, book) -> str:
    """One page per book page, at the printed page's size: header, footer, contents page numbers.
    The furniture sits in the printed page's margins, so every paper shares this one overlay."""
    w, h = layout.width_mm * PT_PER_MM, layout.height_mm * PT_PER_MM
    mx, my = layout.margin_x_mm * PT_PER_MM, layout.margin_y_mm * PT_PER_MM
    font = printed.facts.get("fontFamily") or "sans-serif"
    slots: dict[int, list[Slot]] = {}
    for s in printed.slots:
        slots.setdefault(s.page, []).append(s)
    esc = html.escape
    pages = []
    for index in range(printed.count):
        parts = []
        if index > 0:  # the cover has no furniture
            parts.append(f'<div class="hd" style="{_box(mx, my - 9 * PT_PER_MM, w - 2 * mx, 14)}">'
                         f'<span>{esc(printed.header_of(index))}</span><span>{esc(book.title)}</span></div>')
            parts.append(f'<div class="ft" style="{_box(mx, h - my + 5 * PT_PER_MM, w - 2 * mx, 14)}">'
                         f'<span>{esc(book.date)} · version {esc(book.version)}</span><span>{index + 1}</span></div>')
        for s in slots.get(index, []):
            x1, y1, x2, y2 = s.rect
            st = s.style
            just = "flex-end" if s.align == "right" else "flex-start"
            parts.append(
                f'<div class="pn" style="{_box(x1, h - y2, x2 - x1, y2 - y1)};justify-content:{just};'
                f'font-size:{st["fontSize"] * PT_PER_PX:.2f}pt;line-height:{st["lineHeight"] * PT_PER_PX:.2f}pt;'
                f'font-weight:{st["fontWeight"]};color:{st["color"]}">{s.target_page + 1}</div>')
        pages.append(f'<div class="page">{"".join(parts)}</div>')
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: {layout.width_mm}mm {layout.height_mm}mm; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-family: {font}; color: #000; }}
.page {{ position: relative; width: {w:.3f}pt; height: {h:.3f}pt; overflow: hidden; break-after: page; }}
.hd, .ft {{ position: absolute; display: flex; justify-content: space-between; align-items: flex-end;
  font-size: 8pt; line-height: 10pt; color: #5f6368; }}
.hd {{ border-bottom: 0.5pt solid #c4c7cc; padding-bottom: 2pt; }}
.hd span:first-child {{ font-weight: 700; color: #202124; }}
.hd span {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 68%; }}
.ft span:last-child {{ font-size: 9pt; font-weight: 700; color: #202124; }}
.pn {{ position: absolute; display: flex; align-items: flex-end; font-variant-numeric: tabular-nums; }}
</style></head><body>{"".join(pages)}</body></html>"""


def finish(printed: Printed, overlay: bytes, layout, papers: list, book) -> dict[str, bytes]:
    """The final PDF for each paper: Chromium's bytes plus an incremental update that draws the
    furniture, centres the pages on the paper and adds bookmarks and metadata."""
    over = PdfReader(io.BytesIO(overlay))
    if len(over.pages) != printed.count:
        raise PdfError(f"overlay has {len(over.pages)} pages for a book of {printed.count}: report this bug")
    fixed = _fixed_date()
    if fixed:  # a reproducible build: Chromium's own timestamps give way to SOURCE_DATE_EPOCH
        printed.data = _DATES.sub(lambda m: m.group(1) + fixed.encode() + b")"
                                  if len(m.group(2)) == len(fixed) else m.group(0), printed.data)
        printed.data = _renumber_nodes(printed.data)
    try:
        update = Update(printed.data, printed.reader)
    except UpdateError as e:
        raise PdfError(f"cannot finish Chromium's PDF: {e}") from None
    reader = printed.reader
    before = update.add(_stream(b"q\n"))
    pages = []
    for index, page in enumerate(reader.pages):
        new = DictionaryObject(page)
        if index > 0:
            _stamp(update, new, over.pages[index], before)
        pages.append((page.indirect_reference, new))

    root = DictionaryObject(reader.trailer["/Root"].get_object())
    root[NameObject("/Outlines")] = _outline(update, printed)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    prefs = DictionaryObject(root.get("/ViewerPreferences", DictionaryObject()).get_object())
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs
    root_ref = reader.trailer.raw_get("/Root")
    update.put(root_ref, root)

    info = DictionaryObject(reader.trailer["/Info"].get_object()) if "/Info" in reader.trailer else DictionaryObject()
    lw, lh = layout.width_mm * PT_PER_MM, layout.height_mm * PT_PER_MM
    out = {}
    for paper in papers:
        dx = (paper.width_mm * PT_PER_MM - lw) / 2
        dy = (paper.height_mm * PT_PER_MM - lh) / 2
        # The paper grows around the printed page, so links, destinations, bookmarks and the
        # text layer all keep their coordinates.
        box = RectangleObject([-dx, -dy, lw + dx, lh + dy])
        for ref, page in pages:
            page[NameObject("/MediaBox")] = box
            page[NameObject("/CropBox")] = box
            update.put(ref, page)
        for key, value in {
            "/Title": printed.facts.get("coverTitle") or book.title,
            "/Subject": book.subtitle,
            "/Creator": "guidebuild (Chromium, pypdf)",
            "/Keywords": f"version {book.version}; {paper.name}",
            **({"/CreationDate": fixed, "/ModDate": fixed} if fixed else {}),
        }.items():
            info[NameObject(key)] = TextStringObject(value)
        info_ref = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else update.reserve()
        update.put(info_ref, info)
        out[paper.name] = update.write(root_ref, info_ref)
    return out


_DATES = re.compile(rb"(/(?:CreationDate|ModDate)\s*\()(D:\d{14}(?:[+-]\d\d'\d\d'|Z)?)\)")


_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def _renumber_nodes(data: bytes) -> bytes:
    """Chromium names each tagged element after a DOM node counter that differs from run to run.
    The same names, ranked: same width (no offset moves) and same order (an ID tree stays sorted)."""
    found = sorted({m.group(1) for m in _NODE_ID.finditer(data)})
    rank = {old: b"%08d" % i for i, old in enumerate(found, 1)}
    return _NODE_ID.sub(lambda m: b"(node" + rank[m.group(1)] + b")", data)


def _fixed_date() -> str | None:
    """SOURCE_DATE_EPOCH as a PDF date (D:YYYYMMDDHHmmSS+00'00'), or None when it is not set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")


def _stream(data: bytes) -> StreamObject:
    s = DecodedStreamObject()
    s.set_data(data)
    return s.flate_encode()


def _stamp(update: Update, page: DictionaryObject, overlay_page, before: IndirectObject) -> None:
    """Draw ``overlay_page`` over ``page`` as a form XObject, after Chromium's content (wrapped
    in q/Q so its graphics state does not leak), marked as an artifact for screen readers."""
    contents = overlay_page.get("/Contents")
    if contents is None:
        return
    streams = contents.get_object()
    data = b"".join(s.get_object().get_data() for s in streams) if isinstance(streams, ArrayObject) \
        else streams.get_data()
    form = _stream(data)
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in overlay_page.mediabox]),
        NameObject("/Resources"): update.import_object(overlay_page.raw_get("/Resources")),
    })
    resources = DictionaryObject(page["/Resources"].get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    xobjects[NameObject("/GbFurniture")] = update.add(form)
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    after = update.add(_stream(b"Q\n/Artifact BMC\n/GbFurniture Do\nEMC\n"))
    original = page.raw_get("/Contents")
    original = list(original.get_object()) if isinstance(original.get_object(), ArrayObject) else [original]
    page[NameObject("/Contents")] = ArrayObject([before, *original, after])


def _outline(update: Update, printed: Printed) -> IndirectObject:
    """Bookmarks: Contents, then parts, chapters and patterns; patterns folded until opened."""
    page_refs = [p.indirect_reference for p in printed.reader.pages]
    contents_page = page_refs[1] if len(page_refs) > 1 else page_refs[0]
    nodes = [{"title": "Contents", "at": (contents_page, None), "children": []}]

    def resolve(node: dict, depth: int) -> dict:
        page, left, top = printed.dests[node.get("dest") or _first_dest(node)]
        return {"title": node["title"], "at": (page_refs[page], (left, top)),
                "bold": "dest" not in node or depth == 0, "open": "dest" not in node,
                "children": [resolve(c, depth + 1) for c in node.get("children", [])]}

    nodes += [resolve(n, 0) for n in printed.facts["outline"]]
    root = update.reserve()

    def visible(node: dict) -> int:
        return sum(1 + visible(c) for c in node["children"]) if node.get("open") else 0

    def write(items: list[dict], parent: IndirectObject) -> list[IndirectObject]:
        refs = [update.reserve() for _ in items]
        for i, (node, ref) in enumerate(zip(items, refs)):
            page, xyz = node["at"]
            dest = [page, NameObject("/Fit")] if xyz is None else \
                [page, NameObject("/XYZ"), FloatObject(xyz[0]), FloatObject(xyz[1]), NumberObject(0)]
            d = DictionaryObject({
                NameObject("/Title"): TextStringObject(node["title"]),
                NameObject("/Parent"): parent,
                NameObject("/Dest"): ArrayObject(dest),
            })
            if i > 0:
                d[NameObject("/Prev")] = refs[i - 1]
            if i + 1 < len(refs):
                d[NameObject("/Next")] = refs[i + 1]
            if node.get("bold"):
                d[NameObject("/F")] = NumberObject(2)
            if node["children"]:
                kids = write(node["children"], ref)
                d[NameObject("/First")], d[NameObject("/Last")] = kids[0], kids[-1]
                everything = sum(1 + visible({**c, "open": True}) for c in node["children"])
                d[NameObject("/Count")] = NumberObject(visible(node) if node.get("open") else -everything)
            update.put(ref, d)
        return refs

    top = write(nodes, root)
    update.put(root, DictionaryObject({
        NameObject("/Type"): NameObject("/Outlines"),
        NameObject("/First"): top[0],
        NameObject("/Last"): top[-1],
        NameObject("/Count"): NumberObject(sum(1 + visible(n) for n in nodes)),
    }))
    return root


def _first_dest(node: dict) -> str:
    for child in node.get("children", []):
        return child.get("dest") or _first_dest(child)
    raise KeyError(node["title"])
