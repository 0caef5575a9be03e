"""Malformed links in the Markdown source fail with file:line (guidebuild/markdown/linkform.py)."""
from __future__ import annotations

import textwrap

import markdown
import pytest

from guidebuild.diagrams.extension import PageContext
from guidebuild.markdown.linkform import LinkFormExtension, url_problem

from conftest import mkdocs_build


class Collect(PageContext):
    def __init__(self, source: str) -> None:
        self.source, self.source_path, self.problems = source, "docs/page.md", []

    def report(self, problem) -> None:
        self.problems.append(problem)


def problems_of(source: str) -> list[tuple[int | None, str]]:
    ctx = Collect(textwrap.dedent(source))
    markdown.markdown(ctx.source, extensions=["attr_list", "pymdownx.blocks.admonition", LinkFormExtension(context=ctx)])
    return [(p.line, p.message) for p in ctx.problems]


def test_good_links_pass():
    assert problems_of("""\
        # T

        [inline](https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html),
        [page](250-event-processing.md#sqs-lambda-dlq), [anchor](#top), [mail](mailto:a@example.com),
        [ref][waf], [Collapsed][], `[not][a-link]` in code.

        [waf]: https://docs.aws.amazon.com/waf/
        [collapsed]: https://aws.amazon.com/waf/
        """) == []


@pytest.mark.parametrize("source, line, needle", [
    ("Text\n\nSee [the docs][wafdocs] now.\n", 3, "reference link [wafdocs] has no definition"),
    ("See [**bold** docs][nope].\n", 1, "reference link [nope] has no definition"),
    ("Text\n\n[Empty][] here.\n", 3, "reference link [text] has no definition"),
    ("A\n\n/// note | N\nSee [x][missing].\n///\n", 4, "reference link [missing]"),
    ("[http](http://docs.aws.amazon.com/waf/)\n", 1, "uses http"),
    ("x\n[typo](htps://docs.aws.amazon.com/waf/)\n", 2, "uses the scheme 'htps:'"),
    ("[bare](docs.aws.amazon.com/waf/latest/)\n", 1, "has no scheme"),
    ("[host](https://docs..aws.com/x)\n", 1, "malformed host"),
    ("[proto](//docs.aws.amazon.com/x)\n", 1, "protocol-relative"),
    ("a\n\nb\n\n[ref]: http://example.com/x\n\n[use][ref]\n", 5, "uses http"),
    ("[spaced](https://docs.aws.amazon.com/a b)\n", 1, "contains white space"),
    ("x\n\n[paren](https://docs.aws.amazon.com/a(b)\n", 3, "could not be parsed"),
    ("[gap] (https://docs.aws.amazon.com/waf/)\n", 1, "could not be parsed"),
    ("![pic](https://example.com/p.png)\n", 1, "external image"),
    ("[js](javascript:alert(1))\n", 1, "javascript"),
])
def test_malformed_links_are_reported_with_their_line(source, line, needle):
    found = problems_of(source)
    assert len(found) == 1, found
    assert found[0][0] == line and needle in found[0][1], found


def test_url_problem_accepts_https_and_internal():
    assert url_problem("https://docs.aws.amazon.com/x?y=1#z") is None
    assert url_problem("../253-hpc/#hpc-storage") is None
    assert url_problem("assets/guide/guide.css") is None


def test_build_fails_on_a_malformed_reference_link(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - guidebuild\n")
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nRead [the WAF guide][waf-guide].\n\nAnd [this](http://example.com/).\n")
    proc = mkdocs_build(tmp_path, tmp_path / "site")
    assert proc.returncode != 0
    assert "index.md:3: reference link [waf-guide] has no definition" in proc.stderr
    assert "[waf-guide]: https://" in proc.stderr
    assert "index.md:5: link 'http://example.com/' uses http" in proc.stderr
