"""The page-cache bridge: the one place that touches MkDocs' private page state. A page is either
converted (and what it read recorded) or restored from ``.cache/pages`` (guidebuild/site/pagecache.py)
by setting what ``Page.render`` would have set (MkDocs 1.6)."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..site import pagecache
from .config import GENERATOR


log = logging.getLogger("mkdocs.plugins.guidebuild")


class PageCacheEvents:
    """GuidePlugin's page-cache events (a mixin: the state lives on the plugin)."""

    def _file_digest(self, path: str) -> str | None:
        if path not in self._digests:
            try:
                self._digests[path] = pagecache.digest(Path(path).read_bytes())
            except OSError:
                self._digests[path] = None
        return self._digests[path]

    def _dependency(self, dep: str) -> str | None:
        """A page dependency's digest as it is now (see pagecache.Entry.deps)."""
        kind, _, name = dep.partition(":")
        if kind == "file":
            return self._file_digest(name)
        if kind == "diagram":
            found = self.store.get(name)
            return found.key if found else None
        if kind == "quizbank":
            return pagecache.digest(*(part for q in self.quizzes.bank.quizzes
                                      for part in (q.path, self._file_digest(str(self.root / q.path)) or "")))
        return None

    @event_priority(-100)  # after every plugin that edits the Markdown
    def _page_cache_lookup(self, markdown, page, config, files):
        if self.recorder is None:
            return markdown
        if self.page_cache is None:
            listing = sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)
            self.page_cache = pagecache.PageCache(self.root / self.config.page_cache_dir,
                                                  pagecache.digest(self.salt, pagecache.canonical(listing)),
                                                  self._dependency)
        key = self.page_cache.key(page.file.src_uri, markdown, pagecache.canonical(page.meta))
        entry = self.page_cache.load(page.file.src_uri, key)
        # MkDocs converts the page by calling page.render next: this page's own does it, or not.
        if entry is None:
            page.render = functools.partial(self._convert, page, key)
        else:
            page.render = functools.partial(self._restore, page, entry)
        return markdown

    def _convert(self, page: Page, key: str, config, files) -> None:
        self.recorder.reset()
        self.diagrams.page_used = set()
        with pagecache.LogCapture("mkdocs", GENERATOR) as log:
            Page.render(page, config, files)
        if self.page_ctx.problems or self.recorder.remote:
            return  # a page with problems fails the build; one with fetched snippets may change
        deps = {f"file:{path}": self._file_digest(path) for path in sorted(self.recorder.read)}
        deps.update({f"diagram:{slug}": self.store[slug].key for slug in sorted(self.diagrams.page_used)})
        quizzes = self.quizzes.page_state(page.file.src_path)
        if quizzes["bank"]:
            deps["quizbank"] = self._dependency("quizbank")
        links = page.links_to_anchors
        # MkDocs does not record links to anchors when it logs at debug level (-v): such an entry
        # would skip their check in a later build.
        if None in deps.values() or links is None:
            return
        self.page_cache.store(key, pagecache.Entry(
            content=page.content, toc=_toc_tokens(page.toc), title=page._title_from_render,
            anchors=sorted(page.present_anchor_ids or ()),
            links_to_anchors={f.src_uri: dict(a) for f, a in links.items()},
            deps=deps, state={"diagrams": sorted(self.diagrams.page_used), "quizzes": quizzes}, log=log.records))

    def _restore(self, page: Page, entry: pagecache.Entry, config, files) -> None:
        """What Page.render sets, from the entry (MkDocs 1.6)."""
        page.content = entry.content
        page.toc = get_toc(entry.toc)
        page._title_from_render = entry.title
        page.present_anchor_ids = set(entry.anchors)
        page.links_to_anchors = {files.get_file_from_path(src): dict(a) for src, a in entry.links_to_anchors.items()}
        self.diagrams.restore_page(entry.state["diagrams"])
        for problem in self.quizzes.restore_page(entry.state["quizzes"], page.file.src_path):
            self.page_ctx.report(problem)
        pagecache.replay(entry.log)


def _toc_tokens(toc) -> list[dict]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in toc]
