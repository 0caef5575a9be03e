"""Turns Graphviz's SVG into a web-ready, self-contained, deterministic one.

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
_AUTO_EDGE = re.compile(r"^edge\d+$")


@dataclass
class Processed:
    svg: str
    icons: list[Icon] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    width_pt: float = 0.0
    height_pt: float = 0.0


def _strip(el: ET.Element, *attrs: str) -> None:
    for a in attrs:
        el.attrib.pop(a, None)


def process(raw: str, slug: str, icon_store: IconStore | None = None) -> Processed:
    """Post-process one Graphviz SVG. Raises ValueError on anything it cannot make portable."""
    icon_store = IconStore() if icon_store is None else icon_store
    root = ET.fromstring(raw)
    out = Processed(svg="")

    # Size: keep the viewBox, let CSS scale it; remember the natural size for max-width.
    w = float(root.get("width", "0").removesuffix("pt") or 0)
    h = float(root.get("height", "0").removesuffix("pt") or 0)
    out.width_pt, out.height_pt = w, h
    _strip(root, "width", "height")
    root.set("class", "gb-svg")
    root.set("role", "group")
    root.set("style", f"max-width:{round(w * 4 / 3)}px")

    icons: dict[str, Icon] = {}

    for g in list(root.iter(f"{S}g")):
        cls = g.get("class", "")
        title_el = g.find(f"{S}title")
        title = title_el.text if title_el is not None else ""
        if title_el is not None:
            g.remove(title_el)
        if cls == "graph":
            _strip(g, "id")
        elif cls == "node":
            g.set("id", f"{slug}--{title}")
            g.set("data-node", title)
            out.nodes.append(title)
        elif cls == "edge":
            gid = g.get("id", "")
            ends = title.replace("->", "\u2192").split("\u2192")
            name = gid if gid and not _AUTO_EDGE.match(gid) else "-".join(e.split(":")[0] for e in ends)
            g.set("id", f"{slug}--{name}")
            g.set("data-edge", name)
            if len(ends) == 2:
                g.set("data-from", ends[0].split(":")[0])
                g.set("data-to", ends[1].split(":")[0])
            out.edges.append(name)
        elif cls == "cluster":
            g.set("id", f"{slug}--{re.sub(r'[^a-z0-9]+', '-', title.removeprefix('cluster_').lower()).strip('-')}")
        elif g.get("id", "").startswith("a_"):
            # Graphviz's wrapper around a link: nothing to keep but its children.
            _strip(g, "id")

    for a in root.iter(f"{S}a"):
        href = a.attrib.pop(XHREF, None)
        tip = a.attrib.pop(XTITLE, None)
        _strip(a, "target")
        if href:
            if href.lower().startswith("javascript:"):
                raise ValueError(f"javascript: URL in a diagram link: {href!r}")
            a.set("href", href)
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
        img.set("href", ICON_PREFIX + icon.name)
        if icon.dark:
            img.set("class", "gb-icon-dark")
        img.set("width", img.get("width", "").removesuffix("px"))
        img.set("height", img.get("height", "").removesuffix("px"))

    for el in root.iter():
        # Typography comes from the site's stylesheet; colours stay as fallbacks that CSS overrides.
        _strip(el, "font-family")
        fs = el.get("font-size")
        if fs and fs.endswith(".00"):
            el.set("font-size", fs[:-3])

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
