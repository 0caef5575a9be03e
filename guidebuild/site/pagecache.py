"""Converted pages kept across builds. A page is converted again only when something it was made
from changed: its Markdown and front matter, a file it pulled in with a snippet, a diagram it


embeds, the quiz bank (exam and progress pages), or anything every page shares: the Markdown
settings, the list of site files (links), the guidebuild sources and the versions of MkDocs,
Material, Python-Markdown, pymdown-extensions and Pygments.

Each entry records what its page read, with a digest of each (``deps``); a lookup checks them all
against the files as they are now, so an edit shows on the next build. No MkDocs here: the glue
(mkdocs_plugin) says what a page is, what it read and what the conversion produced.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable

from markdown import Extension
from markdown.preprocessors import Preprocessor

from ..core import atomic

#: Bump when what an entry holds changes: older entries are then never read.
FORMAT = 1
#: The packages whose code turns a page's Markdown into HTML.
CONVERTERS = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Pygments")
#: Entries no build used for this long are deleted after a build.
KEEP_UNUSED_S = 7 * 24 * 3600


def canonical(value) -> str:
    """``value`` as stable JSON: functions and objects by their qualified name, never by address."""
    def name(o) -> str:
        target = o if callable(o) and hasattr(o, "__qualname__") else type(o)
        return f"{getattr(target, '__module__', '?')}.{getattr(target, '__qualname__', repr(target))}"
    return json.dumps(value, sort_keys=True, default=name, ensure_ascii=False)


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))  # so that ("ab", "c") and ("a", "bc") differ
        h.update(data)
    return h.hexdigest()


def versions(packages=CONVERTERS) -> dict[str, str]:
    found = {}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
    return found


def package_digest(folder: Path = Path(__file__).parents[1]) -> str:
    """The guidebuild sources themselves: an edit to an extension converts every page again."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in {".py", ".css", ".js"}
                   and "__pycache__" not in p.parts)
    return digest(*(part for p in files for part in (str(p.relative_to(folder)), p.read_bytes())))


@dataclass
class Entry:
    content: str
    toc: list  # Python-Markdown toc tokens: {level, id, name, children}
    title: str | None  # the first heading, when the page sets no title
    anchors: list[str]  # ids present on the page
    links_to_anchors: dict[str, dict[str, str]]  # linked page (src_uri) -> {anchor: link as written}
    deps: dict[str, str] = field(default_factory=dict)  # "kind:name" -> digest when converted
    state: dict = field(default_factory=dict)  # what the guide's extensions recorded for the page
    log: list[tuple[str, int, str]] = field(default_factory=list)  # logger, level, message


class PageCache:
    """``salt`` digests everything every page shares; ``current(dep)`` returns a dependency's
    digest as it is now (None: it is gone)."""

    def __init__(self, folder: Path, salt: str, current: Callable[[str], str | None]) -> None:
        self.folder = folder
        self.salt = salt
        self.current = current
        self.hits: list[str] = []
        self.misses: list[str] = []
        self.used: set[str] = set()

    def key(self, page: str, *parts: str) -> str:
        return digest(str(FORMAT), self.salt, page, *parts)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, page: str, key: str) -> Entry | None:
        self.used.add(key)
        path = self._path(key)
        entry = None
        raw = atomic.load(path)  # None: missing, or damaged (then discarded): convert the page
        if raw is not None:
            try:
                entry = Entry(**json.loads(raw.decode("utf-8")))
            except (ValueError, TypeError):
                pass  # written by another format
        if entry is not None and all(self.current(dep) == value for dep, value in entry.deps.items()):
            self.hits.append(page)
            try:
                os.utime(path)  # kept by prune()
            except OSError:
                pass  # a read-only cache: nothing is pruned either
            return entry
        self.misses.append(page)
        return None

    def store(self, key: str, entry: Entry) -> None:
        self.used.add(key)
        atomic.store(self._path(key), json.dumps(asdict(entry), ensure_ascii=False).encode())

    def prune(self, now: float | None = None) -> int:
        """Deletes entries this build did not use and no build used for KEEP_UNUSED_S."""
        now = time.time() if now is None else now
        removed = 0
        for path in self.folder.glob("*/*.json"):
            if path.stem not in self.used and now - path.stat().st_mtime > KEEP_UNUSED_S:
                path.unlink(missing_ok=True)
                atomic.sum_path(path).unlink(missing_ok=True)
                removed += 1
        return removed


class LogCapture(logging.Handler):
    """Messages logged while a page is converted, replayed when the cached page is used instead,
    so that a warning (and a strict build's failure) is the same with or without the cache.
    ``names``: loggers that do not pass their messages on to the root logger (MkDocs' own)."""

    def __init__(self, *names: str) -> None:
        super().__init__(logging.INFO)
        self.loggers = [logging.getLogger()] + [logging.getLogger(n) for n in names]
        self.records: list[tuple[str, int, str]] = []
        self._seen: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if id(record) not in self._seen:  # a logger that also propagates reaches two handlers
            self._seen.add(id(record))
            self.records.append((record.name, record.levelno, record.getMessage()))

    def __enter__(self) -> "LogCapture":
        for logger in self.loggers:
            logger.addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for logger in self.loggers:
            logger.removeHandler(self)


def replay(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, "%s", message)


class SnippetRecorder(Extension):
    """Records the files pymdownx.snippets pulls into a page (``read``), and whether it fetched
    anything from a URL (``remote``: such a page is never cached). Reset by the glue per page."""

    def __init__(self, **kwargs) -> None:
        self.read: set[str] = set()
        self.remote = False
        super().__init__(**kwargs)

    def reset(self) -> None:
        self.read = set()
        self.remote = False

    def extendMarkdown(self, md) -> None:
        # Before pymdownx.snippets (priority 32), which resolves every path through one method.
        md.preprocessors.register(_Watch(md, self), "gb_snippet_recorder", 33)


class _Watch(Preprocessor):
    def __init__(self, md, ext: SnippetRecorder) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        if "snippet" not in self.md.preprocessors:
            return lines
        snippets = self.md.preprocessors["snippet"]
        resolve, download = getattr(snippets, "get_snippet_path", None), getattr(snippets, "download", None)
        if resolve is None or download is None:
            self.ext.remote = True  # an unknown pymdownx.snippets: do not trust what was recorded
            return lines
        ext = self.ext

        def get_snippet_path(path):
            found = resolve(path)
            if found:
                ext.read.add(os.path.abspath(found))
            return found

        def fetch(url):
            ext.remote = True
            return download(url)

        snippets.get_snippet_path = get_snippet_path  # this Markdown instance converts one page
        snippets.download = fetch
        return lines
