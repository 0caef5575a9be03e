"""The plugin's event glue: renders diagrams and loads the quiz bank before the build, registers
the Markdown extensions, tells them which page they are converting, and turns content problems
into build errors. Everything it calls works without MkDocs."""
from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from .. import pdf as study_pdf
from ..core import atomic, urls
from ..core.context import PageContext
from ..core.errors import ContentError, GuideError, SourceProblem, line_of
from ..core.searchskip import without_search_skipped
from ..diagrams.extension import DiagramExtension
from ..diagrams.render import Renderer
from ..markdown.glossary import GlossaryExtension
from ..markdown.linkform import LinkFormExtension
from ..quiz import check as quizcheck
from ..quiz.bank import Bank
from ..quiz.exam import POOL_MARKER
from ..quiz.extension import QuizExtension
from ..site import offline, pagecache, startup
from ..site.staging import Staging
from .checks import Checks
from .config import CACHE_DIRS, CONVERSION_OPTIONS, GENERATOR, GuideConfig
from ..cards import CardsExtension
from .files import SiteFiles
from .review import ReviewFiles
from .page import MkDocsPage, description_problem
from .pagecache import PageCacheEvents


log = logging.getLogger("mkdocs.plugins.guidebuild")


class GuidePlugin(PageCacheEvents, SiteFiles, ReviewFiles, Checks, BasePlugin[GuideConfig]):
    supports_multiple_instances = False
    serving = False

    _temp_dirs: tuple[Path, ...] = ()  # stand-ins for cache folders that could not be written

    def on_startup(self, command, dirty):
        self.serving = command == "serve"
        # Built beside site/ and moved into place on success (guidebuild/site/staging.py); a --dirty
        # build writes only what changed, so it has to work in place.
        self.stage = command == "build" and not dirty

    def on_shutdown(self):
        for temp in self._temp_dirs:
            shutil.rmtree(temp, ignore_errors=True)

    # Early, so the offline plugin finds our local iframe-worker polyfill before it adds a CDN one.
    @event_priority(50)
    def on_config(self, config):
        # Absolute: `-f mkdocs.yml` gives a bare name, and paths are compared to it.
        root = Path(config.config_file_path).resolve().parent
        self.root = root
        self.offline = _offline_enabled(config)
        if self.offline:
            config.extra["polyfills"] = [*config.extra.get("polyfills", []), offline.SHIM_URL]
            # From file:// Material's instant navigation gives up and completes document$ before
            # the page has loaded, so nothing that waits for it (Material's own components, the
            # quizzes, the diagram players) would ever start: the offline copy navigates plainly.
            features = config.theme.get("features") or []
            config.theme["features"] = [f for f in features if not f.startswith("navigation.instant")]
        self._use_writable_caches(root)
        self.staging = None
        if getattr(self, "stage", False):
            self.staging = Staging(Path(config.site_dir))
            config.site_dir = str(self.staging.begin())
            self.warnings = _Counter()
            logging.getLogger(GENERATOR).addHandler(self.warnings)
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        # The content features are Markdown extensions listed in mkdocs.yml with their options
        # (a project that lists none gets them with their defaults). Here they are made once, with
        # what the whole build shares (the rendered diagrams, the bank), in place of their names.
        self.diagrams = _extension(config, "guidebuild.diagrams", DiagramExtension, root=str(root))
        _, self.src_dir, cache_dir = self.diagrams.paths()
        jobs = self.diagrams.getConfig("jobs") or None
        self.renderer = Renderer(self.src_dir, self._writable(cache_dir), timeout=self.diagrams.getConfig("timeout"),
                                 jobs=jobs, root=root)
        # Content problems of every phase (diagrams, the quiz bank, pages, unused scripts) are
        # collected and reported together once every page is converted (on_env): fixing one
        # must not be the only way to learn of the next.
        self.early_problems: list[SourceProblem] = []
        try:
            self.store = self.renderer.render(strict=False)
        except GuideError as e:  # no Graphviz, a bad slug: nothing further can be checked
            raise PluginError(str(e)) from None
        self.early_problems += self.renderer.problems
        stats = self.renderer.stats
        # Authors see what an edit cost; scripts/bench reads this line.
        log.info("diagrams: %d rendered%s, %d from cache", len(stats.misses), _named(stats.misses), len(stats.hits))
        self.diagrams.store = self.store
        self.diagrams.failed = self.renderer.failed
        self.diagrams.highlight_cache = self.renderer.cache_dir / "source"
        # Pages link to each script's served files, fetched when its tab opens; file:// cannot
        # fetch, so the offline copy keeps the highlighted script in the page.
        self.diagrams.source_files = not self.offline
        # Links to missing pages fail with their line where MkDocs would warn and the build is strict.
        links = _extension(config, "guidebuild.markdown.linkform", LinkFormExtension)
        links.setConfig("check_pages", bool(config.strict) and config.validation.links.not_found >= logging.WARNING)
        # Without an abbreviations file the check is off and '/// glossary' says what to configure.
        glossary = _extension(config, "guidebuild.markdown.glossary", GlossaryExtension, root=str(root))
        try:
            glossary.abbreviations  # read now: a bad line stops the build before any page
        except GuideError as e:
            raise PluginError(str(e)) from None
        self.abbreviations_file = self._abbreviations(root, config, glossary.getConfig("abbreviations"))
        self.quizzes = _extension(config, "guidebuild.quiz", QuizExtension, root=str(root), bank=Bank([]))
        self.quiz_dir = root / self.quizzes.getConfig("quizzes_dir")
        bank, problems = Bank.scan(self.quiz_dir, root, Path(config.docs_dir))
        if not problems:
            # A biased bank stops the build like a syntax error: a guessable quiz teaches nothing.
            figures, problems = quizcheck.check(bank, Path(config.docs_dir), root)
            if bank.quizzes:
                log.info("quiz bank: %s", figures.line())
        self.early_problems += problems
        self.quizzes.bank = bank
        # Spaced repetition is on where mkdocs.yml lists its blocks: its files need the bank and the glossary.
        self.review_on = "guidebuild.cards" in config.markdown_extensions
        if self.review_on:
            _extension(config, "guidebuild.cards", CardsExtension)
        bases = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
        self.snippet_bases = tuple(Path(b).resolve() for b in ([bases] if isinstance(bases, str) else bases))
        self.page_cache = None
        self.recorder = None
        if self.config.page_cache:
            self.recorder = pagecache.SnippetRecorder()
            config.markdown_extensions.append(self.recorder)
            self._digests: dict[str, str | None] = {}
            # What every page's conversion depends on; the file list is added at the first page.
            self.salt = pagecache.digest(
                pagecache.canonical(pagecache.versions()), pagecache.package_digest(),
                pagecache.canonical([config.markdown_extensions, config.mdx_configs,
                                     {k: self.config[k] for k in CONVERSION_OPTIONS},
                                     config.use_directory_urls, config.site_url, dict(config.validation),
                                     self.offline, config.docs_dir]),
                self._file_digest(str(self.abbreviations_file)) or "" if self.abbreviations_file else "")
        return config

    def _use_writable_caches(self, root: Path) -> None:
        for option in CACHE_DIRS:
            folder = self._writable(root / self.config[option], self.config[option])
            self.config[option] = str(folder)

    def _writable(self, folder: Path, shown: str | None = None) -> Path:
        """A cache folder that cannot be written (read-only, full, owned by someone else) must not
        fail the build: its entries are copied to a temporary folder used for this build only,
        and the build says so once."""
        why = atomic.unwritable(folder)
        if why is None:
            return folder
        shown = shown or os.path.relpath(folder, self.root)
        temp = Path(tempfile.mkdtemp(prefix="guide-cache-"))
        self._temp_dirs = (*self._temp_dirs, temp)
        if folder.is_dir():
            shutil.copytree(folder, temp, dirs_exist_ok=True, ignore_dangling_symlinks=True)
        log.info("cache: %s cannot be written (%s); this build keeps nothing there. Fix: make it "
                 "writable (chmod -R u+w %s) or delete it (make clean)", shown, why.strerror or why, shown)
        return temp

    def _abbreviations(self, root: Path, config, path: str) -> Path | None:
        """The abbreviations file, which abbr shows on hover only if it is appended to every page."""
        if not path:
            return None
        appended = (config.mdx_configs.get("pymdownx.snippets") or {}).get("auto_append") or []
        if "abbr" not in config.markdown_extensions or path not in appended:
            raise PluginError(
                f"{path} must be appended to every page for hover definitions: add 'abbr' to "
                f"markdown_extensions and '{path}' to pymdownx.snippets' auto_append in mkdocs.yml")
        return root / path

    def _page_context(self, markdown, page, config, files):
        self.files = files  # the final list, for the exam page's links
        self.page_ctx = MkDocsPage(page, files, markdown, self.snippet_bases, self.built_assets)
        # Every extension that reports problems holds a PageContext: point them all at this page.
        for ext in config.markdown_extensions:
            if isinstance(getattr(ext, "context", None), PageContext):
                ext.context = self.page_ctx
        if self.config.require_descriptions:
            problem = description_problem(page.file.src_path, page.meta.get("description"),
                                           front_matter_unread=markdown.startswith("---"))
            if problem:
                self.page_ctx.report(problem)
        return markdown

    on_page_markdown = CombinedEvent(_page_context, PageCacheEvents._page_cache_lookup)

    def on_pre_build(self, config) -> None:
        self.problems: list[SourceProblem] = list(self.early_problems)
        self.late_problems: list[SourceProblem] = []  # found in the pages as written
        self.abbr_marks: dict[str, int] = {}

    def on_page_content(self, html, page, config, files):
        self.problems += self.page_ctx.problems
        # Counted in the page as converted or taken from the cache (guidebuild.markdown.glossary, FirstUse).
        self.abbr_marks[page.file.src_uri] = html.count("<abbr ")
        return html

    def on_env(self, env, config, files):
        # overrides/main.html: the scripts block, {{ super() | after_first_paint(extra_javascript) }}.
        env.filters["after_first_paint"] = _after_first_paint
        # Every page is converted before any is written: report all pages' problems at once.
        self._warn_unused()
        # Only where MkDocs itself would warn, and the build is strict: then they fail it anyway.
        if config.strict and config.validation.links.anchors >= logging.WARNING:
            self.problems += self._anchor_problems(files)
        if self.problems:
            # A bank file's problem is found by the bank and again by the page that includes it.
            shown = {(p.path, p.line, p.message): p for p in map(lambda p: self._from_root(p, config), self.problems)}
            ordered = sorted(shown.values(), key=lambda p: (p.path, p.line or 0))
            raise PluginError(str(ContentError(ordered)))
        if self.page_cache is not None:
            cache = self.page_cache
            log.info("pages: %d converted%s, %d from the page cache", len(cache.misses), _named(cache.misses),
                     len(cache.hits))
        if any(self.abbr_marks.values()):
            # Authors see what a page costs its readers in dotted marks (one per term and ## section).
            marks = sorted(self.abbr_marks.items(), key=lambda kv: -kv[1])
            log.info("abbreviation marks: %d on %d pages (%s)", sum(self.abbr_marks.values()), len(marks),
                     ", ".join(f"{page} {n}" for page, n in marks))
        return env

    # Every page is converted before any page context is built: the exam page can now take each
    # quiz as its own page rendered it.
    @event_priority(110)
    def _fill_exam(self, context, page, config, nav):
        if POOL_MARKER in (page.content or ""):
            urls = {f.src_path: f.url for f in self.files.documentation_pages()}
            page.content = self.quizzes.fill_exam_pool(page.content or "", urls.get, page.url)
        self._fill_review(page)
        return context

    # The search plugin parses every page's HTML; the drawings, their scripts and the quizzes
    # are most of that markup and nothing it should index (see searchskip): hide them from it,
    # then put them back before the page is written.
    @event_priority(100)
    def _before_search(self, context, page, config, nav):
        self._full_content = page.content
        page.content = without_search_skipped(page.content or "")
        return context

    @event_priority(-100)
    def _after_search(self, context, page, config, nav):
        page.content = self._full_content
        return context

    on_page_context = CombinedEvent(_fill_exam, _before_search, SiteFiles._social_context, _after_search)

    def on_post_page(self, output, page, config):
        # The last word on links: every page as the browser gets it, theme and raw HTML included.
        own = config.site_url or ""  # `mkdocs serve` puts the site at http://127.0.0.1:8000/
        for written, url in urls.clickable(output):
            found = urls.problem(url) if not (own and url.startswith(own)) else None
            if found:
                raw = page.file.content_string if page.file.abs_src_path else ""
                self.late_problems.append(SourceProblem(
                    os.path.relpath(page.file.abs_src_path, self.root) if page.file.abs_src_path else page.url,
                    line_of(raw, written) or line_of(raw, url), *found))
        return output

    def _post_build(self, config) -> None:
        if self.late_problems:
            raise PluginError(str(ContentError(self.late_problems)))
        if self.page_cache is not None:
            self.page_cache.prune()
        if self.print_pdf:
            site = Path(config.site_dir)
            try:
                result = study_pdf.build_pdf(site, self._book(config), self.root / self.config.pdf_dir,
                                             self.config.pdf_name)
            except GuideError as e:
                raise PluginError(str(e)) from None
            for path in result.files.values():
                shutil.copyfile(path, site / path.name)
            log.info("study PDF: %d pages, %s (%s) in %.1f s", result.pages,
                     ", ".join(p.name for p in result.files.values()),
                     "unchanged" if result.cached else "printed", result.seconds)
            log.debug("study PDF steps: %s", result.steps)

    @event_priority(-100)  # after every plugin has written into the site (offline, search)
    def _publish(self, config) -> None:
        if self.staging is None:
            return
        self._stop_counting()
        final = os.path.relpath(self.staging.final, self.root)
        if config.strict and self.warnings.count:
            self.staging.abandon()
            log.info("site: %s/ left as it was: this strict build has %d warning(s)", final, self.warnings.count)
        else:
            self.staging.publish()
            config.site_dir = str(self.staging.final)

    on_post_build = CombinedEvent(_post_build, _publish)

    def _stop_counting(self) -> None:
        logging.getLogger(GENERATOR).removeHandler(self.warnings)

    def on_build_error(self, error) -> None:
        if getattr(self, "staging", None) is not None:
            self._stop_counting()
            self.staging.abandon()
            log.info("site: %s/ left as it was: the build failed", os.path.relpath(self.staging.final, self.root))

    def on_serve(self, server, config, builder):
        # A script edit triggers a rebuild; the cache lives outside docs/, so no rebuild loop.
        server.watch(str(self.src_dir))
        if getattr(self, "abbreviations_file", None):
            server.watch(str(self.abbreviations_file))
        if self.quiz_dir.is_dir():  # the watcher fails on a missing folder
            server.watch(str(self.quiz_dir))
        return server


class _Counter(logging.Handler):
    """Counts the warnings a build logs, as MkDocs' strict mode does, to know whether it will fail."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _named(items: list[str], most: int = 8) -> str:
    """' (a, b and 3 more)' for the build's what-was-redone lines; '' for none."""
    if not items:
        return ""
    more = f" and {len(items) - most} more" if len(items) > most else ""
    return f" ({', '.join(items[:most])}{more})"


def _offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def _extension(config, name: str, cls, **state):
    """The extension ``name`` made once with its mkdocs.yml options and the build's ``state``, in
    place of its name in markdown_extensions (appended when the list does not name it)."""
    exts = config.markdown_extensions
    merged = {**state, **dict(config.mdx_configs.get(name) or {})}
    if "root" in state:
        merged["root"] = state["root"]  # the paths in mkdocs.yml are relative to its folder
    ext = cls(**merged)
    if name in exts:
        exts[exts.index(name)] = ext
    else:
        exts.append(ext)
    return ext


def _after_first_paint(html: str, keep=()):
    try:
        return startup.after_first_paint(html, keep)
    except GuideError as e:
        raise PluginError(f"overrides/main.html: {e}") from None
