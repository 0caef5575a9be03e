"""The text alternative of a diagram: its components with their roles, its connections, and its
steps, as plain HTML that screen readers, the site search and a reader without JavaScript get.

The page script reads the steps back from this list (``data-nodes``/``data-edges``), so the
step-through and its text can never disagree.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown.util import AtomicString as A  # text the Markdown inline parser must leave alone


_CODE = re.compile(r"`([^`]+)`")


def inline(parent: etree.Element, text: str) -> None:
    """``text`` into ``parent``, with `backticks` as <code>; everything else stays plain text."""
    parts = _CODE.split(text)
    parent.text = A(parts[0])
    for i in range(1, len(parts), 2):
        code = etree.SubElement(parent, "code")
        code.text = A(parts[i])
        code.tail = A(parts[i + 1])


def _heading(parent: etree.Element, text: str) -> None:
    etree.SubElement(parent, "p", {"class": "gb-diagram__text-h"}).text = A(text)


def text_alternative(parent: etree.Element, meta: dict, link: Callable[[str], str]) -> etree.Element:
    nodes = meta.get("nodes", [])
    edges = meta.get("edges", [])
    steps = meta.get("steps", [])
    labels = {n["id"]: n.get("label") or n["id"] for n in nodes}
    details = etree.SubElement(parent, "details", {"class": "gb-diagram__text"})
    etree.SubElement(details, "summary").text = A("Diagram as text")

    _heading(details, f"Components ({len(nodes)})")
    ul = etree.SubElement(details, "ul", {"class": "gb-diagram__nodes"})
    for n in nodes:
        li = etree.SubElement(ul, "li", {"data-node": n["id"]})
        a = etree.SubElement(li, "a", {"class": "gb-diagram__label", "href": link(n["url"])})
        a.text = A(labels[n["id"]])
        tail = a
        if n.get("service"):
            svc = etree.SubElement(li, "span", {"class": "gb-diagram__service"})
            svc.text = A(f"({n['service']})")
            a.tail = A(" ")
            tail = svc
        tail.tail = A(": ")
        role = etree.SubElement(li, "span", {"class": "gb-diagram__role"})
        role.text = A(n.get("tooltip", ""))
        if n.get("clusters"):
            role.tail = A(f" In: {' › '.join(c.replace(chr(10), ' ') for c in n['clusters'])}.")

    if edges:
        _heading(details, f"Connections ({len(edges)})")
        ul = etree.SubElement(details, "ul", {"class": "gb-diagram__edges"})
        for e in edges:
            arrow = "↔" if e.get("both") else "→"
            text = f"{labels.get(e['from'], e['from'])} {arrow} {labels.get(e['to'], e['to'])}"
            etree.SubElement(ul, "li", {"data-edge": e["id"]}).text = A(text + (f": {e['label']}" if e.get("label") else ""))

    if steps:
        _heading(details, f"Steps ({len(steps)})")
        ol = etree.SubElement(details, "ol", {"class": "gb-diagram__steps"})
        for s in steps:
            li = etree.SubElement(ol, "li", {"data-nodes": " ".join(s.get("nodes", [])),
                                             "data-edges": " ".join(s.get("edges", []))})
            inline(li, s["text"])
    return details
