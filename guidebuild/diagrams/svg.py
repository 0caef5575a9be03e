"""Turns Graphviz's SVG into a web-ready, self-contained, deterministic one.

Links and icons keep ``xlink:href``, not ``href``: Material's instant navigation assigns
``el.href = el.href`` to every ``[href]`` element of a page, which throws on SVG elements.

Graphviz points ``<image>`` at absolute site-packages paths (blank on any host), names every
element ``node1``/``edge1`` (clashes when two diagrams share a page) and adds tooltips no one
asked for (``<title>q</title>``). Here icons become shared, downscaled files referenced
relative to the site root, ids are namespaced by slug, and links/tooltips get accessible markup.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..core import urls
from .icons import ICON_MAX_PX, Icon, IconStore, optimize_icon  # noqa: F401  (re-exported)


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

S = f"{{{SVG_NS}}}"
XHREF = f"{{{XLINK_NS}}}href"
XTITLE = f"{{{XLINK_NS}}}title"

#: Where shared icons live, relative to the site root. Pages rewrite it relative to themselves.
ICON_PREFIX = "assets/diagrams/icons/"
#: The smallest label a reader gets, in CSS px: on a phone, and on anything wider. The stylesheet
#: (--gb-label-min in diagrams.css) holds a drawing at the width that keeps its smallest label there,
#: and diagrams.js picks the drawing (wide or twin) that needs the least room; the browser tests
#: measure every drawing against these.
LABEL_MIN_PX_PHONE = 11
LABEL_MIN_PX = 12
_AUTO_EDGE = re.compile(r"^edge\d+$")


class LinkError(ValueError):
    """A node, edge or cluster link that no reader may follow (see guidebuild.core.urls)."""

    def __init__(self, url: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.url, self.fix = url, fix


@dataclass
class Processed:
    svg: str
    icons: list[Icon] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    width_pt: float = 0.0
    height_pt: float = 0.0
    #: The smallest font size of any label, in points (the drawing's own units).
    label_pt: float = 0.0

    @property
    def fit(self) -> float:
        """Width (CSS px) per CSS px of its smallest label: at ``fit * 11`` px wide, the smallest
        label is 11 px. The stylesheet never lets the drawing be narrower than that."""
        return round(self.width_pt / self.label_pt, 3) if self.label_pt else 0.0


TEXT_INK = "#2d3436"
GEOMETRY = {"d", "points", "x", "y", "width", "height", "transform", "viewBox"}
_NUMBER = re.compile(r"-?\d+\.\d+")


def _round(value: str) -> str:
    """One decimal of a point is a sixth of a pixel at most: invisible, and a fifth of the bytes."""
    def one(m: re.Match) -> str:
        text = f"{float(m.group(0)):.1f}".removesuffix(".0")
        return "0" if text == "-0" else text
    return _NUMBER.sub(one, value)


def _unwrap_links(root: ET.Element) -> None:
    """Graphviz wraps each link in a <g> whose only purpose was its id; keep its children."""
    for parent in root.iter(f"{S}g"):
        for i, child in enumerate(list(parent)):
            if child.tag == f"{S}g" and not child.attrib and len(child) == 1 and child[0].tag == f"{S}a":
                parent.remove(child)
                parent.insert(i, child[0])


def _center_label(node: ET.Element) -> None:
    """Centre an icon's label lines under it. Graphviz left-aligns the lines of an HTML-like label
    at positions measured with its own font metrics; the browser's font is a little different."""
    img = node.find(f".//{S}image")
    if img is None:
        return
    cx = float(img.get("x", "0")) + float(img.get("width", "0").removesuffix("px")) / 2
    for text in node.iter(f"{S}text"):
        text.set("text-anchor", "middle")
        text.set("x", f"{cx:.1f}")


def _strip(el: ET.Element, *attrs: str) -> None:
    for a in attrs:
        el.attrib.pop(a, None)


def process(raw: str, slug: str, icon_store: IconStore | None = None,
            nodes: list[dict] | None = None, variant: str = "") -> Processed:
    """Post-process one Graphviz SVG. Raises ValueError on anything it cannot make portable.

    ``nodes`` (the authoring metadata) names each node's link: label and service. A ``variant``
    (the narrow twin) gets its own id namespace and class, and keeps the node/edge data names."""
    ns = f"{slug}--{variant}" if variant else slug
    icon_store = IconStore() if icon_store is None else icon_store
    names = {n["id"]: ", ".join(x for x in (n.get("label"), n.get("service")) if x) for n in nodes or []}
    root = ET.fromstring(raw)
    out = Processed(svg="")

    # Size: keep the viewBox, let CSS scale it; remember the natural size for max-width.
    w = float(root.get("width", "0").removesuffix("pt") or 0)
    h = float(root.get("height", "0").removesuffix("pt") or 0)
    out.width_pt, out.height_pt = w, h
    _strip(root, "width", "height")
    root.set("class", f"gb-svg gb-svg--{variant}" if variant else "gb-svg")
    root.set("role", "group")
    sizes = [float(t.get("font-size", "14").removesuffix("px").removesuffix("pt")) for t in root.iter(f"{S}text")]
    out.label_pt = min(sizes, default=0.0)
    # Natural size at most; never so narrow that the smallest label falls under the bound
    # (calc(var(--gb-fit) * var(--gb-label-min)) in diagrams.css): the canvas scrolls sideways instead.
    root.set("style", f"max-width:{round(w * 4 / 3)}px;--gb-fit:{out.fit:g}")

    icons: dict[str, Icon] = {}
    clusters: dict[str, int] = {}

    for g in list(root.iter(f"{S}g")):
        cls = next(iter((g.get("class") or "").split()), "")  # Graphviz appends an author's class= to its own
        title_el = g.find(f"{S}title")
        title = title_el.text if title_el is not None else ""
        if title_el is not None:
            g.remove(title_el)
        if cls == "graph":
            _strip(g, "id")
        elif cls == "node":
            g.set("id", f"{ns}--{title}")
            g.set("data-node", title)
            out.nodes.append(title)
        elif cls == "edge":
            gid = g.get("id", "")
            ends = title.replace("->", "\u2192").split("\u2192")
            name = gid if gid and not _AUTO_EDGE.match(gid) else "-".join(e.split(":")[0] for e in ends)
            g.set("id", f"{ns}--e--{name}")  # its own namespace: an edge may share a node's id
            g.set("data-edge", name)
            if len(ends) == 2:
                g.set("data-from", ends[0].split(":")[0])
                g.set("data-to", ends[1].split(":")[0])
            out.edges.append(name)
        elif cls == "cluster":
            base = f"{ns}--c--{re.sub(r'[^a-z0-9]+', '-', title.removeprefix('cluster_').lower()).strip('-')}"
            clusters[base] = clusters.get(base, 0) + 1
            g.set("id", base if clusters[base] == 1 else f"{base}-{clusters[base]}")
        elif g.get("id", "").startswith("a_"):
            # Graphviz's wrapper around a link: nothing to keep but its children.
            _strip(g, "id")

    _unwrap_links(root)
    for g in root.iter(f"{S}g"):
        if (g.get("class") or "").startswith("node"):
            _center_label(g)
            a = g.find(f"{S}a")
            if a is not None and names.get(g.get("data-node")):
                # The visible label (and service) names the link; the <title> describes it.
                a.set("aria-label", names[g.get("data-node")])

    for a in root.iter(f"{S}a"):
        href = a.attrib.pop(XHREF, None)
        tip = a.attrib.pop(XTITLE, None)
        _strip(a, "target")
        if href:
            found = urls.problem(href)
            if found:
                raise LinkError(href, *found)
            a.set(XHREF, href)
        if tip:
            t = ET.Element(f"{S}title")
            t.text = tip
            a.insert(0, t)

    for img in root.iter(f"{S}image"):
        src = img.attrib.pop(XHREF, None) or img.attrib.pop("href", None)
        if not src:
            continue
        path = Path(src)
        if not path.is_file():
            raise ValueError(f"icon file not found: {src}")
        icon = icon_store.get(path)
        icons[icon.name] = icon
        img.set(XHREF, ICON_PREFIX + icon.name)
        if icon.dark:
            img.set("class", "gb-icon-dark")
        img.set("width", img.get("width", "").removesuffix("px"))
        img.set("height", img.get("height", "").removesuffix("px"))
        _strip(img, "preserveAspectRatio")  # icons are square: the default fits them the same

    for el in root.iter():
        # Typography comes from the site's stylesheet; colours stay as fallbacks that CSS overrides.
        _strip(el, "font-family")
        if el.tag == f"{S}text":
            if el.get("fill") == TEXT_INK:
                del el.attrib["fill"]  # the stylesheet's ink, which follows the palette
            if el.text:
                el.text = el.text.strip()  # authoring pads edge labels for Graphviz's layout only
        fs = el.get("font-size")
        if fs and fs.endswith(".00"):
            el.set("font-size", fs[:-3])
        for attr in GEOMETRY & el.attrib.keys():
            el.set(attr, _round(el.get(attr)))

    # Graphviz draws a white page rectangle first; the page background must show through.
    graph = root.find(f"{S}g")
    if graph is not None:
        first = graph.find(f"{S}polygon")
        if first is not None and first.get("fill") in ("white", "#ffffff", "transparent"):
            graph.remove(first)

    out.icons = [icons[k] for k in sorted(icons)]
    # Blank lines would end an HTML block if the SVG ever passes through a Markdown parser.
    out.svg = re.sub(r">\s*\n\s*<", ">\n<", ET.tostring(root, encoding="unicode"))
    return out
