"""Markdown extension: links that are malformed in the Markdown source fail with file:line.

Python-Markdown renders ``[text][ref]`` without a ``[ref]: url`` definition, or ``[text](url)``
with a space in the URL, as literal brackets: the page just looks slightly broken. And a link to
``htps://...``, ``http://...`` or ``docs.aws.amazon.com/...`` (no scheme, so a relative link that
points nowhere) renders without complaint. This extension reports all of them:

* a reference link whose reference is not defined;
* an inline link the parser could not read;
* an external link that is not a well-formed ``https://`` URL (``mailto:`` is allowed);
* an external image, which would be a third-party request from the site;
* a ``///`` block that is never closed (it would silently swallow the rest of the page);
* a link to a page (``page.md``) that does not exist.

Links to anchors are checked once every page is converted (the glue), diagram links included.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..core import fences, urls
from ..core.context import PageContext, follow_documents
from ..core.errors import SourceProblem, line_of
from ..core.urls import external_form_error
from .prose import prose_only, prose_text


# `[text][ref]` or `[text][]` left as text: the second bracket pair is what gives it away.
_UNRESOLVED_REF = re.compile(r"\]\[(?P<ref>[^\[\]\n]*)\]")
# `[text](url...)` left as text: the parser refused the destination (or a space split `] (`).
_UNPARSED_INLINE = re.compile(r"\[[^\[\]\n]+\] ?\((?:[a-z]+:|/|www\.|[\w.-]+\.(?:md|html))[^\n]*?\)", re.I)
# A scheme-less destination that starts with a host name, e.g. docs.aws.amazon.com/waf/...
_BARE_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|aws|amazon|cn|edu|gov)(?:[/:?#]|$)",
                        re.I)


def url_problem(url: str) -> tuple[str, str] | None:
    """(message, fix) if ``url`` is not an acceptable external link, else None (also for internal links)."""
    found = urls.problem(url)  # the scheme, as a browser reads it
    if found:
        return found
    scheme = urls.scheme(url)
    if scheme == "mailto":
        return None
    if not scheme:
        if _BARE_HOST.match(url):
            return f"link '{url}' has no scheme, so it is a relative link to nowhere", f"write https://{url}"
        return None
    err = external_form_error(url)
    if err:
        return f"link '{url}' is not a well-formed URL: {err}", "fix the URL (https://host/path)"
    return None


class LinkFormChecker(Treeprocessor):
    def __init__(self, md, ext: "LinkFormExtension") -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        ctx = self.ext.context
        prose_src = None

        def where(*needles: str) -> int | None:
            nonlocal prose_src
            if prose_src is None:  # only once a problem is found: most pages have none
                prose_src = prose_only(ctx.source, keep_links=True)
            for needle in needles:
                line = line_of(prose_src, needle)
                if line:
                    return line
            return None

        def report(line: int | None, message: str, fix: str) -> None:
            ctx.report(SourceProblem(ctx.source_path, line, message, fix))

        for line, fence, header in fences.unclosed(ctx.source):
            report(line, f"the block '{header}' is never closed, so it takes the rest of the page with it",
                   f"add a line '{fence}' where the block ends")

        for el in root.iter():
            if el.tag == "a":
                url = el.get("href")
            elif el.tag == "img":
                url = el.get("src")
            else:
                continue
            if url is None:
                continue
            if el.tag == "img" and (urlsplit(url).scheme or url.startswith("//")):
                report(where(url), f"external image '{url}': the site makes no third-party requests",
                       "download the image into docs/assets/ and link it relatively")
                continue
            problem = url_problem(url)
            if problem:
                report(where(f"({url}", f"]: {url}", url), *problem)
            elif self.ext.check_pages and el.tag == "a" and not urls.scheme(url) and not url.startswith(("#", "/")):
                path = urlsplit(url).path
                if path.endswith(".md") and not ctx.has_page(path):
                    report(where(f"({url}", f"]: {url}", url), f"link '{url}': there is no page '{path}'",
                           "link an existing page of docs/ (e.g. 250-event-processing.md#anchor), relative to this one")

        text = prose_text(root)
        if "[" in text:
            for m in _UNRESOLVED_REF.finditer(text):
                ref = m.group("ref")
                shown = ref or "text"
                report(where(m.group(0)),
                       f"reference link [{shown}] has no definition, so it renders as plain text",
                       f"add a line '[{shown}]: https://...' to the page, or write the link inline")
            for m in _UNPARSED_INLINE.finditer(text):
                report(where(m.group(0)), f"link {m.group(0)!r} could not be parsed (renders as plain text)",
                       "use a well-formed URL without spaces: [text](https://host/path)")


class LinkFormExtension(Extension):
    """``context`` is swapped per page by the glue."""

    def __init__(self, context: PageContext | None = None, **kwargs) -> None:
        self.config = {"check_pages": [False, "links to pages that do not exist fail too (needs the "
                                              "generator's PageContext, which knows the pages)"]}
        self.context = context or PageContext.standalone()
        super().__init__(**kwargs)

    @property
    def check_pages(self) -> bool:
        return bool(self.getConfig("check_pages"))

    def extendMarkdown(self, md) -> None:
        follow_documents(self, md)
        md.treeprocessors.register(LinkFormChecker(md, self), "gb-link-form", 6)


def makeExtension(*args, **kwargs) -> LinkFormExtension:
    return LinkFormExtension(*args, **kwargs)
