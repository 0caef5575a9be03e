"""One URL rule for everything a reader can click (guidebuild/core/urls.py), the usual bypasses, and a
scan of the built site."""
from __future__ import annotations

import textwrap

import pytest

from guidebuild.core import urls
from guidebuild.markdown.linkform import url_problem
from guidebuild.quiz.parse import link_problem

from conftest import mkdocs_build

BYPASSES = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(4)", "javascript:alert(1) ",
    "\tjavascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)",
    "\x00javascript:alert(1)", "javascript\x00:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)", "javascript&colon;alert(1)", "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x",
    "https://docs.aws.amazon.com/x\n", "ftp://example.com/x",
]
ALLOWED = ["250-event-processing.md#sqs-lambda-dlq", "../waf/#rate-based", "#top", "assets/guide/x.css",
           "https://docs.aws.amazon.com/lambda/latest/dg/welcome.html?a=1&para=2", "mailto:study@example.com"]


@pytest.mark.parametrize("url", BYPASSES)
def test_every_bypass_is_refused_by_every_checker(url):
    assert urls.problem(url), url
    assert url_problem(url), url  # Markdown links
    assert link_problem(url), url  # quiz links


@pytest.mark.parametrize("url", ALLOWED)
def test_ordinary_links_pass(url):
    assert urls.problem(url) is None


def test_http_only_where_allowed():
    assert urls.problem("http://example.com/")
    assert urls.problem("http://example.com/", allow_http=True) is None


def test_clickable_finds_links_in_html_and_svg_quoted_or_not():
    page = ('<a href="a.html">x</a><img src=\'i.png\'><svg><a xlink:href="&#106;avascript:x"/></svg>'
            '<form action=/x></form><div data-href="ignored"></div>')
    assert [u for _, u in urls.clickable(page)] == ["a.html", "i.png", "javascript:x", "/x"]


def test_the_built_site_links_nothing_but_the_site_and_https(site):
    bad, seen = [], 0
    for page in sorted(site.rglob("*.html")):  # pages, 404.html, the diagram script fragments
        for written, url in urls.clickable(page.read_text()):
            seen += 1
            if urls.problem(url):
                bad.append(f"{page.relative_to(site)}: {written!r}")
    assert seen > 1000 and not bad, "\n".join(bad[:20])


def _project(tmp_path, page: str, scripts: dict[str, str] | None = None):
    (tmp_path / "docs").mkdir()
    (tmp_path / "diagram_src").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - guidebuild:\n      pdf: false\n"
                                         "markdown_extensions:\n  - md_in_html\n")
    (tmp_path / "docs" / "index.md").write_text(page)
    for slug, code in (scripts or {}).items():
        (tmp_path / "diagram_src" / f"{slug}.py").write_text(textwrap.dedent(code))
    return tmp_path


def test_a_diagram_edge_with_a_disguised_javascript_url_fails_at_its_line(tmp_path):
    proj = _project(tmp_path, "# Home {#top}\n\n/// diagram | d\nA caption.\n///\n", {"d": """
        from diagrams.aws.compute import Lambda
        from guidebuild.authoring import Diagram, Edge, Step

        with Diagram("D", steps=[Step("Go.", edges=["e"])]):
            a = Lambda("a", nodeid="a", tooltip="Runs.", URL="index.md#top")
            b = Lambda("b", nodeid="b", tooltip="Runs.", URL="index.md#top")
            a >> Edge(label="go", id="e", URL=" javascript:alert(4)") >> b
    """})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "diagram_src/d.py:8: diagram 'd': link ' javascript:alert(4)' has spaces" in proc.stderr, proc.stderr
    assert not (tmp_path / "site" / "index.html").exists() or "javascript" not in (tmp_path / "site" / "index.html").read_text()


def test_raw_html_with_a_javascript_link_fails_the_build(tmp_path):
    proj = _project(tmp_path, '# Home\n\nText.\n\n<p><a href="&#106;avascript:alert(1)">x</a></p>\n')
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/index.md:5: link 'javascript:alert(1)' uses the scheme 'javascript:'" in proc.stderr, proc.stderr
