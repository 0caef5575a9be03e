"""Edges that run through a label, found in a drawing's SVG: Graphviz places node and cluster labels
and routes edges with its own font metrics, and nothing stops a spline from crossing a cluster's title
or a neighbour's caption. Pure geometry on the SVG text (no MkDocs, no browser): each label's box from
its ``x``, ``y``, ``font-size`` and anchor, each edge's cubic Bezier ``d`` sampled finely.
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
_S = f"{{{SVG_NS}}}"
_NUMBER = re.compile(r"-?\d*\.?\d+(?:[eE][-+]?\d+)?")
#: Helvetica's advance widths in em, by character class (close enough for the site's sans-serif:
#: the box is an estimate, the tolerance below absorbs the difference).
_NARROW = set("iljtfrI.,:;'|!()[]/ ")
_WIDE = set("mwMW@%")
_CAPITAL = set("ABCDEFGHJKLNOPQRSTUVXYZ&")
#: How close (points) a path may come to a label's estimated box: across the text, half an edge's
#: stroke touching the last letter counts; along it, the box's ascent and descent are generous (a
#: line over a lowercase word's top or under its baseline does not strike the letters through).
PAD_X = 0.5
PAD_Y = -1.5
#: Sample spacing along a path, in points: finer than the thinnest box (a 10 pt line is ~9 pt tall).
STEP = 1.0


@dataclass(frozen=True)
class Label:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    owner: str  # "node '<id>'", "cluster '<label>'" or "edge '<name>'"

    def holds(self, x: float, y: float) -> bool:
        return (self.left - PAD_X < x < self.right + PAD_X
                and self.top - PAD_Y < y < self.bottom + PAD_Y)


@dataclass(frozen=True)
class Crossing:
    edge: str   # the edge's name (data-edge), as the script's id= or "<from>-<to>"
    label: str  # the text it runs through
    owner: str  # whose label, as Label.owner
    at: tuple[float, float]


def text_width(text: str, size: float) -> float:
    """Estimated advance width of ``text`` at ``size`` points."""
    em = 0.0
    for ch in text:
        em += 0.28 if ch in _NARROW else 0.83 if ch in _WIDE else 0.67 if ch in _CAPITAL else \
            0.56 if ch.isdigit() or ch.isupper() else 0.52
    return em * size


def label_box(text_el: ET.Element, owner: str) -> Label | None:
    """The box a ``<text>`` occupies: its anchor and baseline, ascent ~0.75 em, descent ~0.22 em."""
    text = "".join(text_el.itertext()).strip()
    try:
        x, y = float(text_el.get("x", "")), float(text_el.get("y", ""))
        size = float((text_el.get("font-size") or "14").removesuffix("px").removesuffix("pt"))
    except ValueError:
        return None
    if not text:
        return None
    w = text_width(text, size)
    anchor = text_el.get("text-anchor", "start")
    left = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    return Label(text, left, y - 0.75 * size, left + w, y + 0.22 * size, owner)


def path_points(d: str, step: float = STEP) -> list[tuple[float, float]]:
    """Points along a Graphviz edge path (``M x,y C x1,y1 x2,y2 x3,y3 ...``, optionally ``L``),
    no more than about ``step`` apart."""
    points: list[tuple[float, float]] = []
    for cmd, body in re.findall(r"([MmCcLl])([^MmCcLl]*)", d):
        nums = [float(n) for n in _NUMBER.findall(body)]
        pairs = list(zip(nums[0::2], nums[1::2]))
        if cmd.islower() and points:  # relative coordinates: Graphviz writes absolute ones, but be safe
            ox, oy = points[-1]
            pairs = [(ox + px, oy + py) for px, py in pairs]
        if cmd in "Mm":
            points.extend(pairs[:1])
            cmd, pairs = "L", pairs[1:]
        if cmd in "Ll":
            for p in pairs:
                points.extend(_line(points[-1], p, step) if points else [p])
        else:
            for i in range(0, len(pairs) - 2, 3):
                if points:
                    points.extend(_cubic(points[-1], *pairs[i:i + 3], step))
    return points


def _line(a, b, step):
    n = max(1, math.ceil(math.dist(a, b) / step))
    return [(a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n) for k in range(1, n + 1)]


def _cubic(p0, p1, p2, p3, step):
    # A cubic's speed never exceeds three times its longest control leg: samples at most ``step`` apart.
    n = max(1, math.ceil(3 * max(math.dist(p0, p1), math.dist(p1, p2), math.dist(p2, p3)) / step))
    out = []
    for k in range(1, n + 1):
        t = k / n
        a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
        out.append((a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1]))
    return out


def _classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


def labels(root: ET.Element) -> list[Label]:
    """Every node, cluster and edge label of a drawing."""
    found = []
    for g in root.iter(f"{_S}g"):
        kind = next(iter(_classes(g)), "")
        if kind not in ("node", "cluster", "edge"):
            continue
        texts = list(g.iter(f"{_S}text"))
        if kind == "node":
            owner = f"node '{g.get('data-node') or _title(g)}'"
        elif kind == "edge":
            owner = f"edge '{_edge_name(g)}'"
        else:
            owner = f"cluster '{''.join(texts[0].itertext()).strip() if texts else _title(g)}'"
        for t in texts:
            box = label_box(t, owner)
            if box is not None:
                found.append(box)
    return found


def _title(g: ET.Element) -> str:
    t = g.find(f"{_S}title")
    return (t.text or "") if t is not None else ""


def _edge_name(g: ET.Element) -> str:
    return g.get("data-edge") or g.get("id") or _title(g).replace("->", "-")


def crossings(svg: str) -> list[Crossing]:
    """Each (edge, label) pair where the edge's drawn path runs through the text of a node, a cluster
    or another edge, once.

    ``svg`` is a drawing as Graphviz wrote it or as svg.process left it (both keep every element in
    the graph's one coordinate system)."""
    root = ET.fromstring(svg)
    boxes = labels(root)
    found: list[Crossing] = []
    for g in root.iter(f"{_S}g"):
        if "edge" not in _classes(g)[:1]:
            continue
        name = _edge_name(g)
        for path in g.iter(f"{_S}path"):
            if "gb-flow" in _classes(path) or path.get("stroke") in ("transparent", "none"):
                continue
            points = path_points(path.get("d", ""))
            for box in boxes:
                hit = next(((x, y) for x, y in points if box.holds(x, y)), None)
                if hit and not any(c.edge == name and c.label == box.text and c.owner == box.owner for c in found):
                    found.append(Crossing(name, box.text, box.owner, (round(hit[0], 1), round(hit[1], 1))))
    return found


FIX = ("move the edge's label beside it with xlabel= (or xlabel_in_wide=True: beside it in the wide drawing "
       "only) or shorten the label (the meaning kept); stack nodes in "
       "the wide drawing only with same_rank(..., wide_only=True); widen or move the cluster (another node "
       "in or out of it, diagram.chain(...)); crossed cluster titles are already moved automatically "
       "(authoring._TITLE_PLACES), so what is left needs a layout change (see 'Add a diagram' in README.md)")


def describe(found: list[Crossing], drawing: str = "") -> str:
    """``edge 'x' runs through the label 'AZ b: public subnet' (cluster ...)``, one per crossing."""
    where = f" in the {drawing}" if drawing else ""
    return "; ".join(f"edge '{c.edge}' runs through the label '{c.label}' ({c.owner}, at "
                     f"x={c.at[0]:g}, y={c.at[1]:g}){where}" for c in found)
