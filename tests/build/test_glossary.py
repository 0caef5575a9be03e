"""Abbreviations: the file's syntax, the undefined-abbreviation check, the glossary page, hovers."""
from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from guidebuild.markdown.abbreviations import Abbreviations, acronyms_in, slug
from guidebuild.diagrams.extension import PageContext
from guidebuild.core.errors import ContentError
from guidebuild.markdown.glossary import GlossaryExtension, line_of_term

from conftest import ROOT, TESTS, mkdocs_build

FIXTURE = TESTS / "fixtures" / "glossary" / "abbreviations.md"


class Collect(PageContext):
    def __init__(self, source: str, path: str = "docs/page.md") -> None:
        self.source, self.source_path, self.problems = source, path, []

    def report(self, problem) -> None:
        self.problems.append(problem)


def convert(source: str, allowed=(), abbrs: Abbreviations | None = None) -> tuple[str, list]:
    ctx = Collect(source)
    ext = GlossaryExtension(abbrs or Abbreviations.load(FIXTURE), allowed, context=ctx)
    html = markdown.markdown(source, extensions=["tables", "abbr", ext])
    return html, ctx.problems


# --- the file ---------------------------------------------------------------------------------

def test_fixture_parses_in_order_with_comments():
    abbrs = Abbreviations.load(FIXTURE)
    assert [t.term for t in abbrs.terms] == ["SQS", "DLQ", "SR-IOV", "FSx", "S3"]
    assert abbrs.by_term["SQS"].line == 3 and abbrs.by_term["SR-IOV"].anchor == "sr-iov"


@pytest.mark.parametrize("text, line, needle", [
    ("*[SQS]: queue\nSQS is a queue\n", 2, "not an abbreviation definition"),
    ("*[SQS]: queue\n*[SQS]: again\n", 2, "defined twice (first on line 1)"),
    ("*[SQS]:\n", 1, "has no definition"),
    ("*[sr iov]: a\n*[SR-IOV]: b\n", 2, "share the glossary anchor #sr-iov"),
])
def test_file_errors_name_the_line(text, line, needle):
    with pytest.raises(ContentError) as e:
        Abbreviations.parse(text, "includes/abbreviations.md")
    assert f"includes/abbreviations.md:{line}: " in str(e.value) and needle in str(e.value)


def test_acronym_detection():
    assert acronyms_in("SQS, S3, EC2, SR-IOV, NACLs, IOPS, FSx, IPv6, Gbps, X-Forwarded-For, A4, I") == \
        ["SQS", "EC2", "SR-IOV", "NACL", "IOPS"]
    assert slug("SAP-C02") == "sap-c02" and slug("FSx") == "fsx"


# --- the check ----------------------------------------------------------------------------------

def test_undefined_abbreviation_is_reported_with_line_and_fix():
    src = "# Title\n\nAn SQS queue.\n\nSend to a DLQ, then to the XYZ and the XYZ again.\n"
    _, problems = convert(src)
    assert len(problems) == 1
    p = problems[0]
    assert (p.path, p.line) == ("docs/page.md", 5)
    assert "'XYZ' is used (2 times, first here) but not defined" in p.message
    assert "*[XYZ]:" in p.fix and "abbreviations.md" in p.fix and "not_abbreviations" in p.fix


def test_code_allow_list_and_plurals():
    src = textwrap.dedent("""\
        Use `ABC` in code, and

        ```
        DEF in a fence
        ```

        Rule action DENY is allowed; two DLQs are fine; tables too:

        | Col | Other |
        | --- | --- |
        | SQS | GHI |
        """)
    _, problems = convert(src, allowed={"DENY"})
    assert [(p.line, p.message.split("'")[1]) for p in problems] == [(11, "GHI")]


def test_line_skips_code_and_urls_when_locating():
    src = "`XYZ` in code first, [a link](https://example.com/XYZ/)\n\n[ref]: https://example.com/XYZ\n\nthen XYZ in prose\n"
    assert line_of_term(src, "XYZ") == 5


def test_glossary_definitions_are_checked_too():
    abbrs = Abbreviations.parse("*[SQS]: queue, see the QRS\n", "includes/abbreviations.md")
    _, problems = convert("/// glossary\n///\n", abbrs=abbrs)
    assert [(p.path, p.line) for p in problems] == [("includes/abbreviations.md", 1)]


def test_glossary_without_file_is_an_error():
    ctx = Collect("/// glossary\n///\n")
    markdown.markdown(ctx.source, extensions=[GlossaryExtension(None, context=ctx)])
    assert ctx.problems and "no abbreviations file" in ctx.problems[0].message


# --- the real site ------------------------------------------------------------------------------

class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.dt_ids: list[str] = []
        self.abbr_titles: dict[str, str] = {}
        self._abbr: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "dt" and "id" in a:
            self.dt_ids.append(a["id"])
        if tag == "abbr":
            self._abbr = a.get("title")

    def handle_data(self, data):
        if self._abbr is not None:
            self.abbr_titles.setdefault(data, self._abbr)
            self._abbr = None


def _parse(path: Path) -> _Ids:
    p = _Ids()
    p.feed(path.read_text())
    return p


def test_glossary_page_has_an_anchor_for_every_term(site):
    abbrs = Abbreviations.load(ROOT / "includes" / "abbreviations.md")
    ids = _parse(site / "glossary" / "index.html").dt_ids
    assert ids == [t.anchor for t in abbrs.sorted()]
    assert len(ids) >= 60


def test_every_page_gets_hover_definitions(site):
    abbrs = Abbreviations.load(ROOT / "includes" / "abbreviations.md")
    for page in ("250-event-processing", "252-blocking-an-ip", "253-hpc", "waf"):
        titles = _parse(site / page / "index.html").abbr_titles
        for term in ("AWS", "SQS") if page == "250-event-processing" else ("AWS",):
            assert titles.get(term) == abbrs.by_term[term].definition, (page, term)
    waf = _parse(site / "waf" / "index.html").abbr_titles
    assert waf.get("WCU") == abbrs.by_term["WCU"].definition


def test_issue_terms_are_defined():
    abbrs = Abbreviations.load(ROOT / "includes" / "abbreviations.md")
    wanted = ("SQS SNS DLQ FIFO NACL SG ALB NLB EIP ASG AZ ENA EFA SR-IOV MPI IOPS FSx WAF WCU DAX TTL "
              "VPC EBS EFS S3 EC2 IAM API CDN SSH RDP HPC").split()
    assert [t for t in wanted if t not in abbrs] == []


# --- a whole build ------------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: t
markdown_extensions:
  - abbr
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
      auto_append: [includes/abbreviations.md]
  - guidebuild.markdown.glossary:
      abbreviations: includes/abbreviations.md
      not_abbreviations: [DENY]
plugins:
  - guidebuild
"""


def _project(tmp_path: Path, pages: dict[str, str], yml: str = MKDOCS_YML) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "includes").mkdir()
    (tmp_path / "mkdocs.yml").write_text(yml)
    (tmp_path / "includes" / "abbreviations.md").write_text("*[SQS]: Amazon Simple Queue Service\n")
    for name, text in pages.items():
        (tmp_path / "docs" / name).write_text(textwrap.dedent(text))
    return tmp_path


def test_build_fails_on_an_undefined_abbreviation(tmp_path):
    proj = _project(tmp_path, {
        "index.md": "# Home\n\nAn SQS queue and a DENY rule.\n\nThen the NLB.\n",
        "other.md": "# Other\n\nThe ALB too.\n",
    })
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "index.md:5: abbreviation 'NLB' is used (once) but not defined" in proc.stderr
    assert "other.md:3: abbreviation 'ALB'" in proc.stderr, "every page's problems in one run"
    assert "add '*[NLB]: <what it stands for>' to includes/abbreviations.md" in proc.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_build_passes_and_shows_hovers_when_defined(tmp_path):
    proj = _project(tmp_path, {"index.md": "# Home\n\nAn SQS queue and a DENY rule.\n"})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert re.search(r'<abbr [^>]*title="Amazon Simple Queue Service"[^>]*>SQS</abbr>', html), html[-3000:]


def test_build_fails_when_the_file_is_not_appended(tmp_path):
    proj = _project(tmp_path, {"index.md": "# Home\n"}, MKDOCS_YML.replace("      auto_append: [includes/abbreviations.md]\n", ""))
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert re.search(r"includes/abbreviations.md must be appended to every page.*auto_append", proc.stderr)


def test_build_fails_on_a_malformed_abbreviations_file(tmp_path):
    proj = _project(tmp_path, {"index.md": "# Home\n"})
    (proj / "includes" / "abbreviations.md").write_text("*[SQS]: queue\nplain text\n")
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0 and "includes/abbreviations.md:2: not an abbreviation definition" in proc.stderr


def test_a_term_is_marked_at_its_first_use_in_each_section_and_never_in_headings():
    source = ("*[SQS]: Amazon Simple Queue Service\n\n# SQS basics\n\nSQS and SQS again.\n\n"
              "## SQS queues {#q}\n\nAn SQS queue, another SQS queue.\n\n### More SQS\n\nSQS once more.\n\n"
              "## DLQ\n\n- SQS in a list, then SQS.\n")
    html, problems = convert(source)
    assert not problems
    assert "<h1>SQS basics</h1>" in html and "<h2" in html and "<abbr" not in "".join(
        re.findall(r"<h\d[^>]*>.*?</h\d>", html))
    # Intro (before the first ##): one; "SQS queues" (its ### included): one; "DLQ": one.
    assert html.count('<abbr data-gb-glossary="glossary.md#sqs" tabindex="0" title="Amazon Simple Queue Service">SQS</abbr>') == 3
    assert "<p>An <abbr" in html and "another SQS queue" in html and "<p>SQS once more.</p>" in html
