"""The link checker finds what it must: broken files, anchors, SVG links, javascript: and bad URLs."""
from __future__ import annotations

from guidebuild.core.urls import external_form_error
from guidebuild.site.linkcheck import SiteLinks

PAGE = """<!doctype html><html><body>
<h2 id="here">Here</h2>
<a href="#here">ok</a>
<a href="../b/#there">ok</a>
<a href="../b/#nowhere">bad anchor</a>
<a href="../missing/">bad file</a>
<img src="../img/x.png">
<svg><a href="../b/#bad-svg-anchor"><image href="../img/none.png"/></a><a xlink:href="../b/"></a></svg>
<a href="JavaScript:alert(1)">js</a>
<a href="https://docs.aws.amazon.com/lambda/latest/dg/welcome.html">ok ext</a>
<a href="https://bad host/x">bad ext</a>
<a href="mailto:a@b.c">mail</a>
<a href="/sub/b/">root-absolute ok</a>
<a href="/elsewhere/">outside</a>
<div data-gb-src="../img/x.png"></div><div data-gb-src="../src/gone.html"></div>
</body></html>"""


def _site(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "x.png").write_bytes(b"\x89PNG")
    (tmp_path / "a" / "index.html").write_text(PAGE)
    (tmp_path / "b" / "index.html").write_text('<p id="there">x</p>')
    return SiteLinks(tmp_path, "https://example.org/sub/")


def test_finds_each_kind_of_problem(tmp_path):
    problems, external = _site(tmp_path).check()
    found = {(p.link.url, p.reason.split(":")[0].split(" '")[0]) for p in problems}
    assert found == {
        ("../b/#nowhere", "no id"),
        ("../missing/", "no such file in the site"),
        ("../b/#bad-svg-anchor", "no id"),
        ("../img/none.png", "no such file in the site"),
        ("JavaScript:alert(1)", "javascript"),
        ("https://bad host/x", "contains white space"),
        ("/elsewhere/", "points outside the site"),
        ("../src/gone.html", "no such file in the site"),
    }, found
    assert [l.url for l in external] == ["https://docs.aws.amazon.com/lambda/latest/dg/welcome.html"]


def test_reports_file_and_line(tmp_path):
    problems, _ = _site(tmp_path).check()
    first = min(problems, key=lambda p: p.link.line)
    assert str(first).startswith('a/index.html:5: href="../b/#nowhere"')


def test_external_form():
    assert external_form_error("https://docs.aws.amazon.com/x") is None
    assert external_form_error("http://localhost:8000/") is None
    assert external_form_error("https://-bad-.com/") is not None
    assert external_form_error("https://nodot/") is not None
    assert external_form_error("https://a.com:99999/") is not None
    assert external_form_error("ftp://a.com/") is not None
