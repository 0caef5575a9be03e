"""The page being converted, as the Markdown extensions see it (``PageContext``): links resolved
against MkDocs' file list, problems at the file's own line numbers, and the description check."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from ..core.context import PageContext
from ..core.errors import SourceProblem


log = logging.getLogger("mkdocs.plugins.guidebuild")

class MkDocsPage(PageContext):
    def __init__(self, page, files: Files, source: str, snippet_bases: tuple[Path, ...] = (),
                 built_assets: dict[str, str] | None = None) -> None:
        self.page = page
        self.built_assets = built_assets or {}
        self.snippet_bases = snippet_bases
        self.files = files
        self.source = source
        self.source_path = page.file.src_path
        self.problems: list[SourceProblem] = []
        # MkDocs hands extensions the Markdown without its front matter: lines found in it are
        # that many lines short of the file's own numbering.
        self.line_offset = _front_matter_lines(page, source)

    def link(self, target: str) -> str:
        path, _, frag = target.partition("#")
        f = self.files.get_file_from_path(path)
        if f is None or not f.is_documentation_page():
            raise LookupError(target)
        url = f.url_relative_to(self.page.file)
        return f"{url}#{frag}" if frag else url

    def has_page(self, relative: str) -> bool:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.page.file.src_uri), relative))
        return self.files.get_file_from_path(path) is not None

    def source_link(self, target: str) -> str:
        here = posixpath.dirname(self.page.file.src_uri)
        path, _, frag = target.partition("#")
        rel = posixpath.relpath(path, here or ".")
        return f"{rel}#{frag}" if frag else rel

    def asset(self, path: str) -> str:
        return get_relative_url(self.built_assets.get(path, path), self.page.url)

    def report(self, problem: SourceProblem) -> None:
        if problem.path == self.source_path and problem.line and self.line_offset:
            problem = SourceProblem(problem.path, problem.line + self.line_offset, problem.message, problem.fix)
        self.problems.append(problem)


def _front_matter_lines(page, markdown: str) -> int:
    """How many lines of the page's file come before ``markdown`` (its front matter)."""
    try:
        raw = page.file.content_string
    except (OSError, UnicodeDecodeError, AttributeError):
        return 0
    at = raw.find(markdown[:200]) if markdown else -1
    return raw.count("\n", 0, at) if at > 0 else 0


DESCRIPTION_CHARS = (50, 170)


def description_problem(path: str, description, front_matter_unread: bool = False) -> SourceProblem | None:
    """A search result shows about 160 characters of a page's meta description; each page needs its own."""
    example = '---\ndescription: "One sentence on what this page teaches."\n---'
    if front_matter_unread:
        return SourceProblem(path, 1, "the front matter is not valid YAML, so the page has no description",
                             'quote the value: description: "Text: with a colon"')
    if not description or not str(description).strip():
        return SourceProblem(path, 1, "no 'description:' in the front matter (used as the page's meta "
                             "description and on its social card)", f"start the file with\n{example}")
    n = len(" ".join(str(description).split()))
    low, high = DESCRIPTION_CHARS
    if not low <= n <= high:
        return SourceProblem(path, 1, f"the front-matter description has {n} characters; search engines show "
                             f"{low} to {high}", "write one sentence of that length")
    return None
