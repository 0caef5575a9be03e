"""Markdown extension: the glossary page, and a check that every abbreviation a page uses is defined.

    /// glossary
    Optional introduction in *Markdown*.
    ///

renders every term of the abbreviations file (see ``abbreviations.py``) as a definition list
grouped by first letter, one stable anchor per term (``#sqs``, ``#sr-iov``), so pages and
diagram nodes can link to ``glossary.md#sqs``.

On every page, an acronym-looking word outside code (``ACRONYM``) that the file does not define,
and that is not in the explicit allow-list of ordinary capitalised words, is reported through the
page's ``PageContext`` with its line and the fix.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterable
from pathlib import Path

from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

from ..core.context import PageContext, follow_documents
from ..core.errors import SourceProblem
from .abbreviations import Abbreviations, acronyms_in, slug
from .prose import line_of_term, prose_text


class UndefinedAbbreviations(Treeprocessor):
    def __init__(self, md, ext: "GlossaryExtension") -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        abbrs = self.ext.abbreviations
        if abbrs is None:
            return
        counts: dict[str, int] = {}
        for term in acronyms_in(prose_text(root)):
            if term not in abbrs and term not in self.ext.allowed:
                counts[term] = counts.get(term, 0) + 1
        ctx = self.ext.context
        for term, n in counts.items():
            times = "once" if n == 1 else f"{n} times, first here"
            path, line = ctx.source_path, line_of_term(ctx.source, term)
            if line is None:
                # Not in the page itself: the glossary renders definitions that use it.
                user = next((t for t in abbrs.terms if term in acronyms_in(t.definition)), None)
                if user is not None:
                    path, line = abbrs.path, user.line
            ctx.report(SourceProblem(
                path, line,
                f"abbreviation '{term}' is used ({times}) but not defined",
                f"add '*[{term}]: <what it stands for>' to {abbrs.path} (it then shows on hover and in the "
                f"glossary); if '{term}' is an ordinary word, add it to not_abbreviations (guidebuild.markdown.glossary) in mkdocs.yml"))


class GlossaryBlock(Block):
    NAME = "glossary"
    ARGUMENT = False

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "gb-glossary"})

    def on_end(self, block: etree.Element) -> None:
        ext: GlossaryExtension = self.config["extension"]
        abbrs = ext.abbreviations
        if abbrs is None:
            ext.context.problem("/// glossary", "the glossary has no abbreviations file",
                                "set 'abbreviations: includes/abbreviations.md' under guidebuild.markdown.glossary in mkdocs.yml")
            return
        groups: dict[str, list] = {}
        for term in abbrs.sorted():
            first = term.term[0].upper()
            groups.setdefault(first if first.isalpha() else "#", []).append(term)
        index = etree.SubElement(block, "nav", {"class": "gb-glossary__index", "aria-label": "Glossary letters"})
        for letter in groups:
            a = etree.SubElement(index, "a", {"href": f"#letter-{letter.lower()}"})
            a.text = letter
        for letter, terms in groups.items():
            h = etree.SubElement(block, "h2", {"id": f"letter-{letter.lower()}", "class": "gb-glossary__letter"})
            h.text = letter
            dl = etree.SubElement(block, "dl", {"class": "gb-glossary__terms"})
            for term in terms:
                dt = etree.SubElement(dl, "dt", {"id": term.anchor})
                dfn = etree.SubElement(dt, "dfn")
                dfn.text = term.term
                dd = etree.SubElement(dl, "dd")
                dd.text = term.definition


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class FirstUse(Treeprocessor):
    """One abbreviation mark per term in each ``##`` section, at its first use, and none in
    headings: a definition on every occurrence drowned the text (300 marks in a quiz alone) and
    swelled the page's DOM; a heading's mark also reached the table of contents. A mark kept is
    focusable and names its glossary entry (``data-gb-glossary``), so a tap or the keyboard can
    open its definition (docs/assets/guide/abbr.js): hover alone never happens on a touch screen."""

    def __init__(self, md, ext: "GlossaryExtension") -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        seen: set[str] = set()
        counts = [0, 0]  # occurrences the abbr extension marked, marks kept
        glossary = self._glossary_url()

        def walk(parent: etree.Element, in_heading: bool) -> None:
            i = 0
            while i < len(parent):
                child = parent[i]
                if child.tag in ("h1", "h2"):
                    seen.clear()
                if child.tag == "abbr":
                    term = "".join(child.itertext())
                    counts[0] += 1
                    if in_heading or term in seen:
                        _unwrap(parent, i)
                        continue
                    seen.add(term)
                    counts[1] += 1
                    child.set("tabindex", "0")
                    if glossary is not None and self.ext.abbreviations and term in self.ext.abbreviations:
                        child.set("data-gb-glossary", f"{glossary}#{slug(term)}")
                else:
                    walk(child, in_heading or child.tag in HEADINGS)
                i += 1

        walk(root, False)
        self.ext.marks[self.ext.context.source_path] = tuple(counts)

    def _glossary_url(self) -> str | None:
        page = self.ext.getConfig("glossary_page")
        try:
            return self.ext.context.link(page) if page else None
        except LookupError:  # no glossary page in this site
            return None


def _unwrap(parent: etree.Element, i: int) -> None:
    """Replace ``parent[i]`` by its text, kept where it stood."""
    child = parent[i]
    text = "".join(child.itertext()) + (child.tail or "")
    if i:
        prev = parent[i - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(child)


class GlossaryExtension(BlocksExtension):
    """``abbreviations`` is the parsed file (None disables both features); ``allowed`` lists
    capitalised words that are not abbreviations; ``context`` is swapped per page by the glue."""

    def __init__(self, abbreviations: Abbreviations | str | None = None, allowed: Iterable[str] = (),
                 context: PageContext | None = None, **kwargs) -> None:
        self.config = {
            "abbreviations": ["", "the abbreviations file (*[TERM]: definition), relative to root; '' for none"],
            "not_abbreviations": [[], "capitalised words that are not abbreviations (rule actions, brand names)"],
            "root": [".", "the project folder the path is relative to"],
            "glossary_page": ["glossary.md", "the page with '/// glossary', which each mark links to; '' for none"],
        }
        #: Per page converted: (occurrences marked by abbr, marks kept at first use), for the build log.
        self.marks: dict[str, tuple[int, int]] = {}
        super().__init__(**kwargs)
        if isinstance(abbreviations, str):  # listed in mkdocs.yml: a path, loaded here
            self.setConfig("abbreviations", abbreviations)
            abbreviations = None
        self._abbreviations = abbreviations
        self.allowed = frozenset(allowed) | frozenset(self.getConfig("not_abbreviations") or ())
        self.context = context or PageContext.standalone()

    @property
    def abbreviations(self) -> Abbreviations | None:
        """The parsed file: handed in, or read at first use (not when the extension is made: MkDocs
        makes every extension to validate mkdocs.yml). GuideError names a bad line."""
        path = self.getConfig("abbreviations")
        if self._abbreviations is None and path:
            self._abbreviations = Abbreviations.load(Path(self.getConfig("root")) / path, shown_as=path)
        return self._abbreviations

    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        follow_documents(self, md)
        block_mgr.register(GlossaryBlock, {"extension": self})
        # After inline parsing (20), so links, emphasis and tables are already text nodes.
        md.treeprocessors.register(UndefinedAbbreviations(md, self), "gb-undefined-abbreviations", 6)
        # After the abbr extension (7) has marked every occurrence.
        md.treeprocessors.register(FirstUse(md, self), "gb-abbreviations-first-use", 5)


def makeExtension(*args, **kwargs) -> GlossaryExtension:
    return GlossaryExtension(*args, **kwargs)

