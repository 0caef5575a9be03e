"""Second half of the book (see pdf.py): read where things landed in Chromium's PDF, print the
page furniture as an overlay, merge it with pypdf, size each paper, add bookmarks and metadata.

Where a heading landed comes from the PDF itself: every contents entry links to an empty anchor
in its heading, and Chromium writes a named destination (page, position) for each link target
and a link annotation (rectangle) for each link. The overlay prints each target's page number
into its link's rectangle, so the contents need no second layout pass.
"""
from __future__ import annotations

import html
import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, Fit, FloatObject, NameObject,
                           RectangleObject)

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
            from .pdf import PdfError
            raise PdfError(f"Chromium printed no link for {len(lost)} page references ({', '.join(lost[:5])}): "
                           "is a contents entry hidden by a print stylesheet?")
        self.starts = sorted((self.page_of(s["dest"]), s["title"]) for s in facts["starts"])

    def page_of(self, dest: str) -> int:
        from .pdf import PdfError
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
                         f'<span>{esc(book.version)}</span><span>{index + 1}</span></div>')
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
.ft span:last-child {{ font-size: 9pt; font-weight: 700; color: #202124; }}
.pn {{ position: absolute; display: flex; align-items: flex-end; font-variant-numeric: tabular-nums; }}
</style></head><body>{"".join(pages)}</body></html>"""


def finish(printed: Printed, overlay: bytes, layout, papers: list, book) -> dict[str, bytes]:
    """The final PDF for each paper: furniture drawn over Chromium's pages, centred on the paper."""
    over = PdfReader(io.BytesIO(overlay))
    if len(over.pages) != printed.count:
        from .pdf import PdfError
        raise PdfError(f"overlay has {len(over.pages)} pages for a book of {printed.count}: report this bug")
    writer = PdfWriter(clone_from=printed.reader)
    for index, page in enumerate(writer.pages):
        if index > 0:
            _stamp(writer, page, over.pages[index])
    _outline(writer, printed)
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    writer.create_viewer_preferences().display_doctitle = True

    lw, lh = layout.width_mm * PT_PER_MM, layout.height_mm * PT_PER_MM
    out = {}
    for paper in papers:
        dx = (paper.width_mm * PT_PER_MM - lw) / 2
        dy = (paper.height_mm * PT_PER_MM - lh) / 2
        # The paper grows around the printed page, so links, destinations, bookmarks and the
        # text layer all keep their coordinates.
        box = RectangleObject([-dx, -dy, lw + dx, lh + dy])
        for page in writer.pages:
            page.mediabox = box
            page.cropbox = box
        writer.add_metadata({
            "/Title": printed.facts.get("coverTitle") or book.title,
            "/Subject": book.subtitle,
            "/Creator": "guidebuild (Chromium, pypdf)",
            "/Keywords": f"version {book.version}; {paper.name}",
        })
        buf = io.BytesIO()
        writer.write(buf)
        out[paper.name] = buf.getvalue()
    return out


def _stamp(writer: PdfWriter, page, overlay_page) -> None:
    """Draw ``overlay_page`` over ``page`` as a form XObject: no parsing of Chromium's content."""
    contents = overlay_page.get_contents()
    if contents is None:
        return
    form = DecodedStreamObject()
    form.set_data(contents.get_data())
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in overlay_page.mediabox]),
        NameObject("/Resources"): overlay_page["/Resources"].clone(writer),
    })
    resources = page["/Resources"].get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = resources[NameObject("/XObject")] = DictionaryObject()
    xobjects.get_object()[NameObject("/GbFurniture")] = writer._add_object(form.flate_encode())
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(b"q\n")
    # Headers and page numbers are page furniture, not content, for screen readers.
    after.set_data(b"Q\n/Artifact BMC\n/GbFurniture Do\nEMC\n")
    original = page["/Contents"]
    original = list(original) if isinstance(original.get_object(), ArrayObject) else [original]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(before), *original, writer._add_object(after)])


def _outline(writer: PdfWriter, printed: Printed) -> None:
    writer.add_outline_item(title="Contents", page_number=1, fit=Fit.fit())

    def add(node: dict, parent, depth: int) -> None:
        page, left, top = printed.dests[node.get("dest") or _first_dest(node)]
        # Parts and chapters in bold; a chapter's patterns folded until opened.
        item = writer.add_outline_item(title=node["title"], page_number=page, parent=parent,
                                       fit=Fit.xyz(left, top, 0), bold="dest" not in node or depth == 0,
                                       is_open="dest" not in node)
        for child in node.get("children", []):
            add(child, item, depth + 1)

    for node in printed.facts["outline"]:
        add(node, None, 0)


def _first_dest(node: dict) -> str:
    for child in node.get("children", []):
        return child.get("dest") or _first_dest(child)
    raise KeyError(node["title"])
