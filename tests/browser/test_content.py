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


# Errata a reader found (issue 15): each check would have caught its mistake.

def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?;:])\s+|\n\s*\n|\n[-*|] ?", text) if s.strip()]


NEGATION = re.compile(r"\b(cannot|can't|can ?not|not|no|never|only|instead|allow-only|allow-list|allows? only)\b", re.I)


def _author_texts():
    for path in sorted((ROOT / "docs").glob("*.md")) + sorted((ROOT / "diagram_src").glob("*.py")):
        yield path, path.read_text()


def test_no_text_says_a_security_group_can_block_or_deny():
    """Security groups only allow: 'block clients with NACLs or its security group' was wrong."""
    verb = r"(?<![-/#])\b(?:block|blocks|blocking|deny|denies|denying)\b(?!-)"
    sg = r"\b(?:security groups?|SGs?)\b"
    claim = re.compile(rf"{verb}[^.\n]*{sg}|{sg}[^.\n]*{verb}", re.I)
    noise = re.compile(r"\{[^}]*\}|\]\([^)]*\)|^/{3,}.*$|`[^`]*`", re.M)  # anchors, link targets, fences, code
    wrong = [(p.relative_to(ROOT).as_posix(), s.strip()[:160]) for p, text in _author_texts()
             for s in _sentences(noise.sub(" ", text)) if claim.search(s) and not NEGATION.search(s)]
    assert not wrong, "\n".join(f"{p}: {s}" for p, s in wrong)


def test_cheat_sheet_says_instance_connect_endpoint_still_needs_an_inbound_rule():
    text = (ROOT / "docs" / "cheat-sheet.md").read_text()
    row = next(line for line in text.splitlines() if line.startswith("| Instance Connect Endpoint"))
    assert "from the endpoint" in row and "None" not in row.split("|")[2], row
    page = (ROOT / "docs" / "255-bastion-hosts.md").read_text()
    assert re.search(r"security group[^.]*(22|SSH)[^.]*endpoint|endpoint[^.]*security group[^.]*(22|SSH)", page), \
        "the bastion page says the instance's security group must allow SSH/RDP from the endpoint"


def test_no_lambda_function_acts_inside_an_instance_by_itself():
    """A Lambda function cannot stop a database inside an instance: Run Command or the instance's own
    script does. A node drawn as Lambda that says so must name Systems Manager."""
    inside = re.compile(r"\b(stop|stops|flush|flushes|quiesce|shut ?down)\b[^\"]*\b(database|service|application|file ?system)", re.I)
    wrong = []
    for path in sorted((ROOT / "diagram_src").glob("*.py")):
        for m in re.finditer(r"\bLambda\((?P<args>(?:[^()]|\([^()]*\))*)\)", path.read_text()):
            if inside.search(m["args"]) and not re.search(r"Run Command|Systems Manager|SSM", m["args"]):
                wrong.append(f"{path.name}: {' '.join(m['args'].split())[:160]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("page", ["250-event-processing.md", "252-blocking-an-ip.md", "253-hpc.md",
                                  "254-ec2-high-availability.md", "255-bastion-hosts.md", "waf.md"])
def test_every_automation_says_who_runs_it_and_its_permissions(page):
    """Where a pattern relies on a function, a user data script or a lifecycle hook, the page names
    the role it runs with and the permissions it needs."""
    text = (ROOT / "docs" / page).read_text()
    slugs = re.findall(r"^/{3,} *diagram *\| *([a-z0-9-]+)", text, re.M)
    drawn = "\n".join((ROOT / "diagram_src" / f"{s}.py").read_text() for s in slugs)
    if re.search(r"\bLambda\(", drawn) or re.search(r"(?<!no )\bLambda function", text):
        assert "execution role" in text, f"{page}: which execution role and permissions do its functions need?"
    if re.search(r"\buser data\b", text):
        assert re.search(r"instance profile|instance role", text), f"{page}: whose permissions does user data use?"
    if re.search(r"lifecycle hook", text, re.I):
        assert "CompleteLifecycleAction" in text, f"{page}: who completes the lifecycle action, with which permission?"
    assert re.search(r"`(ec2|sqs|s3|sns|wafv2|autoscaling|ssm|batch|iam|lambda|logs|fsx|cloudwatch):[A-Za-z*]+`",
                     text) or not re.search(r"\bLambda\(|user data|lifecycle hook", drawn + text, re.I), \
        f"{page}: name the IAM actions an automation needs, as `service:Action`"
