"""The guide's Markdown extensions stand alone. Every page, converted by plain Python-Markdown with the
extension list of mkdocs.yml (no MkDocs, no guidebuild plugin: what a generator that runs no plugins
would do), has the same diagrams, quizzes and glossary markup as the built site."""
from __future__ import annotations

import importlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import markdown
import pytest
import yaml

from guidebuild.quiz.exam import POOL_MARKER

from conftest import ROOT

PAGES = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
URL_ATTR = re.compile(r'\b(href|src|xlink:href|data-gb-src|data-gb-glossary)="([^"]*)"')


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's two tags: !ENV [NAME, default] (the default) and !!python/name:module.attr."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: getattr(
    importlib.import_module(suffix.rpartition(".")[0]), suffix.rpartition(".")[2]))


def extension_list() -> tuple[list[str], dict[str, dict]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _Loader)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, opts = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        options[name] = opts or {}
    return names, options


@pytest.fixture(scope="module")
def standalone(monkeypatch_module) -> dict[str, str]:
    """Every page as plain Python-Markdown makes it, run from the project folder like the generator."""
    monkeypatch_module.chdir(ROOT)
    names, options = extension_list()
    assert {"guidebuild.diagrams", "guidebuild.quiz", "guidebuild.markdown.glossary",
            "guidebuild.markdown.linkform"} <= set(names), "the guide's extensions are listed in mkdocs.yml"
    out = {}
    for page in PAGES:
        text = FRONT_MATTER.sub("", (ROOT / "docs" / page).read_text(encoding="utf-8"), count=1)
        out[page] = markdown.Markdown(extensions=names, extension_configs=options).convert(text)
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


class _Subtrees(HTMLParser):
    """The source of every element whose class list has ``cls`` (nested ones inside it included)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str, cls: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html, self.cls = html, cls
        self.lines = [0]
        for line in html.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.stack: list[str] = []
        self.open_at: int | None = None
        self.depth = 0
        self.found: list[str] = []
        self.feed(html)

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.open_at is None and self.cls in (dict(attrs).get("class") or "").split():
            self.open_at, self.depth = self._offset(), 0
        if self.open_at is not None:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.open_at is None or tag in self.VOID:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.html.index(">", self._offset()) + 1
            self.found.append(self.html[self.open_at:end])
            self.open_at = None


def _normal(fragment: str, base: str) -> str:
    """URLs as the absolute page (or file) they name, plus the anchor: MkDocs writes
    ``../250-event-processing/#x`` (or ``.#x`` on that page) where Markdown keeps ``250-event-processing.md#x``."""
    def url(m: re.Match) -> str:
        path, _, anchor = m[2].partition("#")
        if urlsplit(path).scheme:
            return m[0]
        target = urljoin(base, path).removesuffix(".md").removesuffix("index.html").rstrip("/") or "/index"
        target = re.sub(r"\.[0-9a-f]{8}\.min(\.\w+)$", r"\1", target)  # the site ships page assets minified
        return f'{m[1]}="{target}#{anchor}"'
    return URL_ATTR.sub(url, fragment)


def _site_page(site: Path, page: str) -> str:
    stem = page.removesuffix(".md")
    return (site / ("index.html" if stem == "index" else f"{stem}/index.html")).read_text(encoding="utf-8")


def _parts(html: str, cls: str, base: str) -> list[str]:
    return [_normal(s, base) for s in _Subtrees(html, cls).found]


def _bases(page: str) -> tuple[str, str]:
    """Where links are relative to: the Markdown file alone, the page's URL in the site."""
    stem = page.removesuffix(".md")
    return f"/{page}", "/" if stem == "index" else f"/{stem}/"


@pytest.mark.parametrize("doc", PAGES)
def test_a_page_alone_has_the_sites_diagrams_quizzes_and_glossary(doc, standalone, site):
    alone, built = standalone[doc], _site_page(site, doc)
    here, there = _bases(doc)
    # Diagrams: the drawing, its phone twin, caption and text alternative. (The script tab differs by
    # design: the site serves the script as a file, Markdown alone puts it in the doc.)
    for cls in ("gb-diagram__stage", "gb-diagram__text"):
        assert _parts(alone, cls, here) == _parts(built, cls, there), (doc, cls)
    assert re.findall(r'<figure class="gb-diagram" id="([^"]+)"', alone) == \
        re.findall(r'<figure class="gb-diagram" id="([^"]+)"', built)
    # Quizzes, their answer keys, the progress table and the glossary, as the site has them.
    for cls in ("gb-quiz", "gb-quiz-key", "gb-progress", "gb-glossary"):
        if doc == "exam.md" and cls == "gb-quiz":
            continue  # the pool: see the next test
        assert _parts(alone, cls, here) == _parts(built, cls, there), (doc, cls)
    # Abbreviations marked at the same places, with the same definitions.
    abbr = re.compile(r"<abbr [^>]*\btitle=\"[^\"]*\"[^>]*>[^<]*</abbr>")
    if doc in ("exam.md", "mistakes.md"):  # the shared pool holds every doc's quiz on the site only
        alone, built = (html.replace(_Subtrees(html, "gb-exam__pool").found[0], "") for html in (alone, built))
    assert [_normal(a, here) for a in abbr.findall(alone)] == [_normal(a, there) for a in abbr.findall(built)], doc


def test_the_exam_alone_has_its_own_pool_and_leaves_the_shared_one_to_the_generator(standalone, site):
    """The exam copies in each quiz as its own page rendered it: only a generator that has every page
    can do that (the adapter does it after converting them). Alone, the marker is left for it."""
    alone, built = standalone["exam.md"], _site_page(site, "exam.md")
    assert POOL_MARKER in alone and POOL_MARKER not in built
    pool = re.compile(r'<ol class="gb-quiz__list" data-exam-only="true".*?</ol>', re.S)
    here, there = _bases("exam.md")
    assert pool.findall(alone)
    assert [_normal(p, here) for p in pool.findall(alone)] == [_normal(p, there) for p in pool.findall(built)]
    # The mistakes page's pool is the shared one only: every section quiz, no exam-only question.
    alone, built = standalone["mistakes.md"], _site_page(site, "mistakes.md")
    assert POOL_MARKER in alone and POOL_MARKER not in built
    assert built.count('<li class="gb-quiz__q"') >= 50 and 'data-exam-only' not in built


def test_the_pages_really_hold_what_is_compared(standalone):
    joined = "".join(standalone.values())
    assert joined.count('class="gb-diagram"') >= 20 and joined.count('class="gb-quiz"') >= 7
    assert len(re.findall(r"<abbr [^>]*\btitle=", joined)) > 500 and 'class="gb-glossary"' in joined
