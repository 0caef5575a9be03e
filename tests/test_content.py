"""Content rules: every correction is anchored, sourced and listed on the home page; the WAF page,
its diagrams and the comparison tables are where students expect them."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

DOCS = ROOT / "docs"
CORRECTED_PAGES = sorted(p for p in DOCS.glob("*.md") if re.match(r"^\d{3}-", p.name)) + [DOCS / "waf.md"]
# A correction: the admonition header, its attrs line, and its body up to the closing ///.
CORRECTION = re.compile(r"^/// (?P<kind>updated|precisely) \| (?P<title>[^\n]+)\n(?P<opts>(?:    [^\n]*\n)*)\n?(?P<body>.*?)^///$",
                        re.M | re.S)


def corrections(page: Path) -> list[dict]:
    out = []
    for m in CORRECTION.finditer(page.read_text()):
        ids = re.findall(r"attrs: \{id: ([a-z0-9-]+)\}", m.group("opts"))
        out.append({"page": page.name, "kind": m.group("kind"), "title": m.group("title"),
                    "id": ids[0] if ids else None, "body": m.group("body")})
    return out


ALL = [c for p in CORRECTED_PAGES for c in corrections(p)]


def test_there_are_corrections_on_every_section_page():
    pages = {c["page"] for c in ALL}
    assert pages == {p.name for p in CORRECTED_PAGES}
    assert len(ALL) >= 40


@pytest.mark.parametrize("c", ALL, ids=[f"{c['page']}:{c['title'][:40]}" for c in ALL])
def test_each_correction_is_anchored_and_sourced(c):
    assert c["id"] and c["id"].startswith("upd-" if c["kind"] == "updated" else "prc-"), \
        "give it '    attrs: {id: upd-...|prc-...}' under the header"
    assert "https://docs.aws.amazon.com/" in c["body"], "link the exact AWS documentation page"
    assert c["title"].startswith("Updated: " if c["kind"] == "updated" else "Precisely: ")


def test_correction_ids_are_unique():
    ids = [c["id"] for c in ALL]
    assert len(ids) == len(set(ids))


def test_home_page_lists_every_correction():
    index = (DOCS / "index.md").read_text()
    assert "## What changed since the course {#what-changed}" in index
    missing = [f"{c['page']}#{c['id']}" for c in ALL if f"({c['page']}#{c['id']})" not in index]
    assert not missing, f"add to 'What changed since the course' in docs/index.md: {missing}"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(v for k, v in attrs if k == "id" and v)


def _ids(site: Path, page: str) -> set[str]:
    p = _Ids()
    p.feed((site / page / "index.html").read_text())
    return p.ids


def test_correction_anchors_exist_in_the_built_pages(site):
    for c in ALL:
        assert c["id"] in _ids(site, c["page"].removesuffix(".md")), c


@pytest.mark.parametrize("page, anchor", [
    ("252-blocking-an-ip", "nacl-vs-sg"),
    ("253-hpc", "compare-ena-efa-vf"),
    ("253-hpc", "compare-hpc-storage"),
    ("250-event-processing", "compare-sqs-standard-fifo"),
    ("250-event-processing", "compare-failure-capture"),
    ("waf", "compare-waf-attach"),
    ("waf", "cloudfront-vs-alb"),
])
def test_comparison_tables_are_in_place(site, page, anchor):
    html = (site / page / "index.html").read_text()
    assert anchor in _ids(site, page)
    after = html[html.index(f'id="{anchor}"'):]
    assert after.index("<table") < after.index("<h2"), f"{page}#{anchor} has no table under its heading"


def test_waf_page_structure_and_nav():
    text = (DOCS / "waf.md").read_text()
    for anchor in ("web-acls", "rules", "wcu", "managed-rules", "ip-sets", "rate-based", "geo-match",
                   "where-it-attaches", "logging", "shield-fms", "cost", "exam-traps"):
        assert f"{{#{anchor}}}" in text, anchor
    last = text.rstrip().split("\n")
    assert last[-1] == '--8<-- "quizzes/waf.md"' and "## Quiz {#quiz}" in last[-5:]
    cfg = (ROOT / "mkdocs.yml").read_text()
    nav = yaml.safe_load(cfg[cfg.index("\nnav:"):cfg.index("\ntheme:")])["nav"]
    sections = next(item["Sections"] for item in nav if isinstance(item, dict) and "Sections" in item)
    files = [list(entry.values())[0] for entry in sections]
    assert files.index("waf.md") == files.index("255-bastion-hosts.md") + 1


class _Nodes(HTMLParser):
    """Diagram nodes of one figure: data-node -> (href, tooltip)."""

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug, self.nodes, self._node, self._in_title = slug, {}, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "g" and "node" in (a.get("class") or "") and (a.get("id") or "").startswith(self.slug + "--"):
            self._node = a["data-node"]
            self.nodes[self._node] = [None, None]
        elif self._node and tag == "a" and (a.get("xlink:href") or a.get("href")):
            # SVG links use xlink:href: Material's instant navigation breaks on SVG elements with href.
            self.nodes[self._node][0] = a.get("xlink:href") or a["href"]
        elif self._node and tag == "title":
            self._in_title = True

    def handle_data(self, data):
        if self._in_title and self._node:
            self.nodes[self._node][1] = data.strip()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "g":
            self._node = None


@pytest.mark.parametrize("slug, min_nodes", [("waf-cloudfront-vs-alb", 11), ("waf-rate-based-rule", 8)])
def test_waf_diagrams_link_and_explain_every_node(site, slug, min_nodes):
    parser = _Nodes(slug)
    parser.feed((site / "waf" / "index.html").read_text())
    assert len(parser.nodes) >= min_nodes
    for node, (href, tip) in parser.nodes.items():
        assert href and re.match(r"^(\./#|\.\./[0-9a-z-]+/#)[a-z0-9-]+$", href), (node, href)
        assert tip and len(tip) > 20, (node, tip)
