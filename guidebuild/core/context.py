"""Where the page being converted lives, shared by every Markdown extension of the guide.

The default keeps URLs as written and raises on the first problem; a site generator's glue
subclasses it per page (see guidebuild/mkdocs/page.py) and collects problems instead. Without a
glue (plain Python-Markdown, a generator that runs no plugins), each document converted becomes
the page (``follow_documents``).
"""
from __future__ import annotations

import re
from pathlib import Path

from markdown.preprocessors import Preprocessor

from .errors import ContentError, SourceProblem, line_of


# pymdownx.snippets' one-line form: --8<-- "path"
_SNIPPET = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+["\']([^"\'\n]+)["\'][ \t]*$', re.M)


class PageContext:
    source_path = "<markdown>"
    source = ""
    # Folders that snippet paths are relative to (pymdownx.snippets' base_path).
    snippet_bases: tuple[Path, ...] = ()
    #: Made by an extension for itself, not handed in: each document converted replaces it.
    auto = False

    @classmethod
    def standalone(cls) -> "PageContext":
        ctx = cls()
        ctx.auto = True
        return ctx

    def link(self, target: str) -> str:
        """A docs link (``page.md#anchor``) as a URL relative to this page. LookupError if none."""
        return target

    def has_page(self, relative: str) -> bool:
        """Whether a link written on this page (``page.md``, relative to it) names a page of the site."""
        return True

    def source_link(self, target: str) -> str:
        """A docs link (``page.md#anchor``) relative to this page's source file, for links that the
        site generator itself resolves and validates (anchors included)."""
        return target

    def asset(self, path: str) -> str:
        """A site-root-relative asset path as a URL relative to this page."""
        return path

    def report(self, problem: SourceProblem) -> None:
        raise ContentError([problem])

    def included(self) -> list[tuple[str, Path]]:
        """Files the page pulls in with snippet lines, as (name as written, path)."""
        out = []
        for name in _SNIPPET.findall(self.source):
            for base in self.snippet_bases:
                if (base / name).is_file():
                    out.append((name, base / name))
                    break
        return out

    def text_of(self, path: str) -> str | None:
        """The text of this page (``source_path``) or of a file it includes."""
        if path == self.source_path:
            return self.source
        for name, file in self.included():
            if name == path:
                return file.read_text(encoding="utf-8")
        return None

    def locate(self, needle: str) -> tuple[str, int | None]:
        """File and line of ``needle``: in the page itself, else in a file the page includes
        with a snippet, so content pulled in from elsewhere is blamed on the file it lives in."""
        for path in [self.source_path] + [name for name, _ in self.included()]:
            line = line_of(self.text_of(path) or "", needle)
            if line is not None:
                return path, line
        return self.source_path, None

    def problem(self, needle: str, message: str, fix: str = "") -> None:
        path, line = self.locate(needle)
        self.report(SourceProblem(path, line, message, fix))


class _FollowDocuments(Preprocessor):
    def __init__(self, md, ext) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        if getattr(self.ext.context, "auto", False):
            ctx = PageContext.standalone()
            ctx.source = "\n".join(lines)
            snippets = self.md.preprocessors["snippet"] if "snippet" in self.md.preprocessors else None
            ctx.snippet_bases = tuple(Path(b) for b in getattr(snippets, "base_path", ()))
            self.ext.context = ctx
        return lines


def follow_documents(ext, md) -> None:
    """Used alone, ``ext`` (whose ``context`` is ``PageContext.standalone()``) takes each document
    it converts as the page: its text, and the snippet files it includes. Runs before snippets
    (priority 32) expand, so the page is as written; a context handed in by a glue is left alone."""
    md.preprocessors.register(_FollowDocuments(md, ext), f"gb-page-{type(ext).__name__}", 40)
