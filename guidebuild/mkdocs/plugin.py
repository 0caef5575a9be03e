"""The only module that knows MkDocs: renders diagrams and loads the quiz bank before the build,
registers the Markdown extensions, tells them which page they are converting, and turns content
problems into build errors. Everything it calls works without MkDocs."""
from __future__ import annotations

import functools
import logging
import os
import posixpath
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..site import assets
from ..core import atomic
from ..site import offline, social, startup
from ..core import urls
from ..markdown.abbreviations import Abbreviations
from ..core.context import PageContext
from ..diagrams.extension import DiagramExtension
from ..diagrams.source import source_files
from ..core.searchskip import without_search_skipped
from ..core.errors import ContentError, GuideError, SourceProblem, line_of
from ..markdown.glossary import GlossaryExtension
from ..markdown.linkform import LinkFormExtension
from ..site import pagecache
from ..pdf import book as study_pdf
from ..quiz.extension import POOL_MARKER, QuizExtension
from ..quiz import check as quizcheck
from ..quiz.bank import Bank
from ..diagrams.render import Renderer
from ..site.staging import Staging
from ..diagrams.svg import ICON_PREFIX

log = logging.getLogger("mkdocs.plugins.guidebuild")
# The generator's own logger: "mkdocs", or "properdocs" when ProperDocs (which aliases the mkdocs
# modules to its own) runs this plugin. Its warnings are what a strict build counts.
GENERATOR = BasePlugin.__module__.split(".")[0]


class GuideConfig(base.Config):
    diagrams_dir = c.Type(str, default="diagram_src")
    cache_dir = c.Type(str, default=".cache/diagrams")
    timeout = c.Type(int, default=60)
    jobs = c.Optional(c.Type(int))
    # Project-relative; also listed in pymdownx.snippets' auto_append so abbr shows it on hover.
    abbreviations = c.Optional(c.Type(str))
    not_abbreviations = c.Type(list, default=[])
    quizzes_dir = c.Type(str, default="quizzes")
    # The study PDF (guidebuild/pdf/book.py), printed after the build into <pdf_dir>, copied into the site.
    # None: the site has no PDF; false: reuse the last one printed (GUIDE_PDF=false).
    pdf = c.Optional(c.Type(bool))
    pdf_name = c.Type(str, default="study-guide")
    pdf_dir = c.Type(str, default=".cache/pdf")
    # Nav pages left out of the book (docs-relative), e.g. pages that only work in a browser.
    pdf_skip = c.Type(list, default=[])
    # Shipping: a meta description per page, and social preview cards drawn without network.
    require_descriptions = c.Type(bool, default=False)
    social_cards = c.Type(bool, default=False)
    social_cache_dir = c.Type(str, default=".cache/social")
    social_footer = c.Type(str, default="")
    # The site's own extra_css and extra_javascript shipped as one minified, content-hashed file
    # each (guidebuild/site/assets.py); false serves the sources as they are, for debugging.
    bundle_assets = c.Type(bool, default=True)
    # Own CSS/JS that only some pages load (exam.js, by the /// exam block): minified and hashed
    # alone, not bundled. Blocks ask for them by source path (PageContext.asset).
    page_assets = c.Type(list, default=[])
    assets_cache_dir = c.Type(str, default=".cache/assets")
    # Converted pages kept across builds (guidebuild/site/pagecache.py): a page is converted again only
    # when something it was made from changed. GUIDE_PAGE_CACHE=false converts every page.
    page_cache = c.Type(bool, default=True)
    page_cache_dir = c.Type(str, default=".cache/pages")


# Folders the build keeps what it made in, across builds.
CACHE_DIRS = ("cache_dir", "pdf_dir", "social_cache_dir", "assets_cache_dir", "page_cache_dir")
# The plugin options a page's conversion depends on (the page cache's key holds them).
CONVERSION_OPTIONS = ("diagrams_dir", "abbreviations", "not_abbreviations", "quizzes_dir", "page_assets")


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


class GuidePlugin(BasePlugin[GuideConfig]):
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
        root = Path(config.config_file_path).parent
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
        self.src_dir = root / self.config.diagrams_dir
        self.renderer = Renderer(self.src_dir, root / self.config.cache_dir,
                                 timeout=self.config.timeout, jobs=self.config.jobs, root=root)
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
        self.diagrams = DiagramExtension(store=self.store)
        self.diagrams.failed = self.renderer.failed
        self.diagrams.highlight_cache = self.renderer.cache_dir / "source"
        # Pages link to each script's served files, fetched when its tab opens; file:// cannot
        # fetch, so the offline copy keeps the highlighted script in the page.
        self.diagrams.source_files = not self.offline
        config.markdown_extensions.append(self.diagrams)
        # Links to missing pages fail with their line where MkDocs would warn and the build is strict.
        config.markdown_extensions.append(LinkFormExtension(
            check_pages=bool(config.strict) and config.validation.links.not_found >= logging.WARNING))
        # Without an abbreviations file the check is off and '/// glossary' says what to configure.
        abbrs = self._abbreviations(root, config) if self.config.abbreviations else None
        config.markdown_extensions.append(GlossaryExtension(abbrs, self.config.not_abbreviations))
        self.quiz_dir = root / self.config.quizzes_dir
        bank, problems = Bank.scan(self.quiz_dir, root, Path(config.docs_dir))
        if not problems:
            # A biased bank stops the build like a syntax error: a guessable quiz teaches nothing.
            figures, problems = quizcheck.check(bank, Path(config.docs_dir), root)
            if bank.quizzes:
                log.info("quiz bank: %s", figures.line())
        self.early_problems += problems
        self.quizzes = QuizExtension(bank=bank)
        config.markdown_extensions.append(self.quizzes)
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
                self._file_digest(str(self.abbreviations_file)) or "" if self.config.abbreviations else "")
        return config

    # -- page cache ------------------------------------------------------------------------
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

    def _use_writable_caches(self, root: Path) -> None:
        """A cache folder that cannot be written (read-only, full, owned by someone else) must not
        fail the build: its entries are copied to a temporary folder used for this build only,
        and the build says so once."""
        for option in CACHE_DIRS:
            folder = root / self.config[option]
            why = atomic.unwritable(folder)
            if why is None:
                continue
            temp = Path(tempfile.mkdtemp(prefix="guide-cache-"))
            self._temp_dirs = (*self._temp_dirs, temp)
            if folder.is_dir():
                shutil.copytree(folder, temp, dirs_exist_ok=True, ignore_dangling_symlinks=True)
            log.info("cache: %s cannot be written (%s); this build keeps nothing there. Fix: make it "
                     "writable (chmod -R u+w %s) or delete it (make clean)",
                     self.config[option], why.strerror or why, self.config[option])
            self.config[option] = str(temp)

    def _abbreviations(self, root: Path, config) -> Abbreviations:
        path = self.config.abbreviations
        try:
            abbrs = Abbreviations.load(root / path, shown_as=path)
        except GuideError as e:
            raise PluginError(str(e)) from None
        appended = (config.mdx_configs.get("pymdownx.snippets") or {}).get("auto_append") or []
        if "abbr" not in config.markdown_extensions or path not in appended:
            raise PluginError(
                f"{path} must be appended to every page for hover definitions: add 'abbr' to "
                f"markdown_extensions and '{path}' to pymdownx.snippets' auto_append in mkdocs.yml")
        self.abbreviations_file = root / path
        return abbrs

    def on_files(self, files: Files, config) -> Files:
        self.built_assets = self._bundle_assets(files, config) if self.config.bundle_assets else {}
        icons = sorted({name for r in self.store.values() for name in r.icons})
        for name in icons:
            if self.renderer.icons.intact(name):
                files.append(File.generated(config, ICON_PREFIX + name,
                                            abs_src_path=str(self.renderer.icon_dir() / name)))
            else:  # made by this build, which could not keep it in the cache
                files.append(File.generated(config, ICON_PREFIX + name, content=self.renderer.icons.data_of(name)))
        if self.diagrams.source_files:
            highlight = (config.mdx_configs.get("pymdownx.highlight", {})
                         if "pymdownx.highlight" in config.markdown_extensions else None)
            served = source_files({slug: r.source for slug, r in self.store.items()}, highlight,
                                  self.diagrams.highlight_cache)
            for url, what in served.items():
                files.append(File.generated(config, url, abs_src_path=str(what)) if isinstance(what, Path)
                             else File.generated(config, url, content=what))
        if self.offline:
            try:
                vendored = offline.vendored_files(self.root)
            except GuideError as e:
                raise PluginError(str(e)) from None
            for url, src in vendored.items():
                files.append(File.generated(config, url, abs_src_path=str(src)))
        # The offline copy has no address to share: no cards there.
        self.cards = self._social_cards(files, config) if self.config.social_cards and not self.offline else {}
        self._register_pdf(files, config)
        return files

    def _bundle_assets(self, files: Files, config) -> dict[str, str]:
        """Replaces the own extra_css / extra_javascript by one bundle each and the page assets by
        minified copies; the sources stay out of the site, so nothing stale is served. Returns the
        built site path of each source."""
        def sources(urls, where: str) -> list[assets.Source]:
            found = []
            for entry in urls:
                url = str(entry)
                if not isinstance(entry, str) and (entry.type or entry.defer or entry.async_):
                    raise PluginError(f"mkdocs.yml: {where} entry {url} has type/defer/async, which a bundle of "
                                      "classic scripts cannot keep. Drop them, or set bundle_assets: false.")
                f = files.get_file_from_path(url)
                if f is None or not f.abs_src_path or f.generated_by:
                    raise PluginError(f"mkdocs.yml: {where} lists {url}, which is not a file under "
                                      f"{os.path.relpath(config.docs_dir, self.root)}/. Fix the path or remove the entry.")
                if any(s.url == url for s in found):
                    raise PluginError(f"mkdocs.yml: {where} lists {url} twice. Remove one.")
                found.append(assets.Source(url, Path(f.abs_src_path), os.path.relpath(f.abs_src_path, self.root)))
            return found

        css = sources(config.extra_css, "extra_css")
        js = sources(config.extra_javascript, "extra_javascript")
        alone = sources(self.config.page_assets, "page_assets under guidebuild")
        both = {s.url for s in alone} & {s.url for s in css + js}
        if both:
            raise PluginError(f"mkdocs.yml: {', '.join(sorted(both))} is in page_assets and in extra_css/"
                              "extra_javascript. A page asset loads only where a block asks for it: keep one.")
        out = self.root / self.config.assets_cache_dir
        scripts = [s for s in js + alone if s.url.endswith(".js")]
        try:
            problems = assets.js_problems(scripts, out)
            if problems:
                raise ContentError(problems, "script")
            if problems is None and scripts:
                log.info("node not found: the bundled scripts are not syntax-checked (scripts/system-deps node)")
            built = [(css, assets.build(css, "guide") if css else None), (js, assets.build(js, "guide") if js else None)]
            built += [([s], assets.build([s], posixpath.splitext(posixpath.basename(s.url))[0])) for s in alone]
        except GuideError as e:
            raise PluginError(str(e)) from None
        urls: dict[str, str] = {}
        for group, bundle in built:
            if bundle is None:
                continue
            bundle = assets.write(bundle, out)
            for s in group:
                files.remove(files.get_file_from_path(s.url))
                urls[s.url] = bundle.url
            files.append(File.generated(config, bundle.url, abs_src_path=str(bundle.file)))
        log.debug("own assets: %s", ", ".join(sorted(set(urls.values()))))
        if css:
            config.extra_css = [urls[css[0].url]]
        if js:
            config.extra_javascript = [urls[js[0].url]]
        return urls

    def _social_cards(self, files: Files, config) -> dict[str | None, str]:
        """Draws (or takes from the cache) one card per page plus one for the site; site path by page."""
        from mkdocs.utils.meta import get_data

        cache_dir = self.root / self.config.social_cache_dir
        footer = self.config.social_footer
        wanted = {None: ("site", social.Card(config.site_name, config.site_description or "", config.site_name, footer))}
        for f in files.documentation_pages():
            source = Path(f.abs_src_path).read_text(encoding="utf-8-sig")
            body, meta = get_data(source)
            title = meta.get("title") or social.first_heading(body) or f.name
            description = meta.get("description") or config.site_description or ""
            stem = f.src_uri.removesuffix(".md").replace("/", "--")
            wanted[f.src_uri] = (stem, social.Card(str(title), str(description), config.site_name, footer))
        cards = {}
        try:
            for src_uri, (stem, card) in wanted.items():
                png = social.render(card, cache_dir, stem)
                url = f"assets/social/{stem}.png"
                files.append(File.generated(config, url, abs_src_path=str(png)))
                cards[src_uri] = url
        except GuideError as e:
            raise PluginError(str(e)) from None
        return cards

    def _card_context(self, context, src_uri, config):
        url = self.cards.get(src_uri) or self.cards.get(None)
        if url:
            base = config.site_url or ""
            context["social_card"] = {"url": (base.rstrip("/") + "/" if base else "") + url,
                                      "width": social.SIZE[0], "height": social.SIZE[1]}
        return context

    def _social_context(self, context, page, config, nav):
        return self._card_context(context, page.file.src_uri, config)

    def on_template_context(self, context, template_name, config):
        return self._card_context(context, None, config)

    # -- study PDF -------------------------------------------------------------------------
    # Pages link to the PDF as to any site file, so it is registered before pages are built:
    # an empty placeholder that on_post_build replaces with the freshly printed book; or, when
    # not printing (`mkdocs serve` after the first build, pdf: false), the last copy printed,
    # else a one-page notice, so the strict build and the link checker always pass.
    def _register_pdf(self, files: Files, config) -> None:
        self.print_pdf = False
        if self.config.pdf is None:
            return
        out = self.root / self.config.pdf_dir
        last = [out / f"{self.config.pdf_name}-{paper}.pdf" for paper in study_pdf.PAPERS]
        have = study_pdf.last_printed(out / f"{self.config.pdf_name}.json", last)
        self.print_pdf = self.config.pdf and not (self.serving and have)
        if self.print_pdf:
            for f in last:
                files.append(File.generated(config, f.name, content=b""))
        elif have:
            log.info("study PDF: the last one printed, from %s/ (make pdf prints it afresh)", self.config.pdf_dir)
            for f in last:
                files.append(File.generated(config, f.name, abs_src_path=str(f)))
        else:
            # Printing is off and nothing was printed yet: a one-page notice keeps links working.
            log.info("study PDF: not printed (pdf: false) and none printed before: the site gets a "
                     "one-page notice instead. Print it: make pdf")
            for paper, f in zip(study_pdf.PAPERS, last):
                files.append(File.generated(config, f.name, content=study_pdf.placeholder_pdf(paper, [
                    f"{config.site_name}: the study PDF was not printed in this build.",
                    "Print it with: make pdf",
                ])))

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def _book(self, config) -> study_pdf.Book:
        chapters: list[study_pdf.Chapter] = []

        skip = set(self.config.pdf_skip)

        def walk(items, part):
            for item in items:
                if item.is_section:
                    walk(item.children, part or item.title)
                elif item.is_page and item.file.src_uri in skip:
                    skip.discard(item.file.src_uri)
                elif item.is_page:
                    # The home page's title is the cover; its text opens the book.
                    title = "Introduction" if item.is_homepage else item.title or ""
                    source = os.path.relpath(Path(config.docs_dir, item.file.src_uri), self.root)
                    chapters.append(study_pdf.Chapter(item.url, title, part, item.is_homepage, source))

        walk(self.nav.items, None)
        if skip:
            raise PluginError(f"mkdocs.yml: pdf_skip lists {', '.join(sorted(skip))}, not a page of the nav. "
                              "Fix the path (docs-relative, e.g. exam.md) or remove it.")
        return study_pdf.Book(title=config.site_name, subtitle=config.site_description or "",
                              version=study_pdf.version_of(self.root), date=study_pdf.edition_date(),
                              chapters=chapters, site_url=config.site_url, note=config.copyright or "",
                              root=str(self.root))

    def _page_context(self, markdown, page, config, files):
        self.files = files  # the final list, for the exam page's links
        self.page_ctx = MkDocsPage(page, files, markdown, self.snippet_bases, self.built_assets)
        # Every extension that reports problems holds a PageContext: point them all at this page.
        for ext in config.markdown_extensions:
            if isinstance(getattr(ext, "context", None), PageContext):
                ext.context = self.page_ctx
        if self.config.require_descriptions:
            problem = _description_problem(page.file.src_path, page.meta.get("description"),
                                           front_matter_unread=markdown.startswith("---"))
            if problem:
                self.page_ctx.report(problem)
        return markdown

    on_page_markdown = CombinedEvent(_page_context, _page_cache_lookup)

    def on_pre_build(self, config) -> None:
        self.problems: list[SourceProblem] = list(self.early_problems)
        self.late_problems: list[SourceProblem] = []  # found in the pages as written

    def _anchor_problems(self, files: Files) -> list[SourceProblem]:
        """Links to an anchor that its page does not have, found here rather than by MkDocs after the
        pages are written, so they come with the rest and with a line: a diagram node's at the line of
        its script that gives the URL, a Markdown link's at its line in the page."""
        anchors = {f.src_uri: set(f.page.present_anchor_ids or ()) for f in files.documentation_pages()
                   if f.page is not None and f.page.present_anchor_ids is not None}
        problems = []
        for slug in sorted(self.diagrams.used):
            rendered = self.store.get(slug)
            for node in rendered.meta.get("nodes", []) if rendered else []:
                page, _, anchor = str(node.get("url", "")).partition("#")
                if anchor and page in anchors and anchor not in anchors[page]:
                    problems.append(SourceProblem(
                        self.renderer.shown(self.src_dir / f"{slug}.py"), node.get("line"),
                        f"diagram '{slug}': node '{node['id']}' links to '{page}#{anchor}', but {page} has no "
                        f"anchor '#{anchor}'", f"use an anchor {page} has ({{#id}} of a heading, attrs: "
                        "{id: ...} of a block)"))
        for f in files.documentation_pages():
            page = f.page
            if page is None or not getattr(page, "links_to_anchors", None):
                continue
            source = page.file.content_string if page.file.abs_src_path else ""
            for target, wanted in page.links_to_anchors.items():
                have = anchors.get(target.src_uri)
                for anchor, original in sorted(wanted.items()):
                    line = line_of(source, original)
                    if have is None or anchor in have or line is None:
                        continue  # a line-less link (a diagram's text alternative) is checked above
                    problems.append(SourceProblem(
                        os.path.relpath(f.abs_src_path, self.root), line,
                        f"link '{original}': {target.src_uri} has no anchor '#{anchor}'",
                        "link a heading's {#anchor} (or a block's attrs: {id: ...}) of that page"))
        return problems

    def _from_root(self, problem: SourceProblem, config) -> SourceProblem:
        """A page's problem named as the README shows it: ``docs/<page>.md:<line>``, relative to the
        project (a page's own path is relative to docs_dir; snippet files are already project-relative)."""
        docs = Path(config.docs_dir)
        if (docs / problem.path).is_file() and not (self.root / problem.path).is_file():
            shown = os.path.relpath(docs / problem.path, self.root)
            return SourceProblem(shown, problem.line, problem.message, problem.fix)
        return problem

    def _warn_unused(self) -> None:
        """Scripts no page embeds and bank quizzes no page shows, once every page is converted,
        so they are reported in the same run as the pages' own problems."""
        unused = sorted(set(self.store) - self.diagrams.used)
        if unused:
            log.warning("diagram scripts no page embeds: %s. Embed each with '/// diagram | <slug>' "
                        "or delete the script.", ", ".join(f"{self.config.diagrams_dir}/{s}.py" for s in unused))
        for quiz in self.quizzes.bank.quizzes:
            shown_on = self.quizzes.embedded.get(quiz.id)
            if quiz.page and shown_on != quiz.page:
                where = f"is shown on {shown_on}" if shown_on else "is not shown on any page"
                log.warning("%s:%d: quiz '%s' %s. Add the line '--8<-- \"%s\"' under the '## Quiz {#quiz}' "
                            "heading of docs/%s (and nowhere else).", quiz.path, quiz.line, quiz.id, where,
                            quiz.path, quiz.page)
            elif not quiz.page and not quiz.exam_only:
                log.info("%s: no page docs/%s yet; its questions are in exam mode only.", quiz.path,
                         Path(quiz.path).name)

    def on_page_content(self, html, page, config, files):
        self.problems += self.page_ctx.problems
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
        return env

    # Every page is converted before any page context is built: the exam page can now take each
    # quiz as its own page rendered it.
    @event_priority(110)
    def _fill_exam(self, context, page, config, nav):
        if POOL_MARKER in (page.content or ""):
            urls = {f.src_path: f.url for f in self.files.documentation_pages()}
            page.content = self.quizzes.fill_exam_pool(page.content or "", urls.get, page.url)
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

    on_page_context = CombinedEvent(_fill_exam, _before_search, _social_context, _after_search)

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


def _toc_tokens(toc) -> list[dict]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in toc]


def _offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


DESCRIPTION_CHARS = (50, 170)


def _after_first_paint(html: str, keep=()):
    try:
        return startup.after_first_paint(html, keep)
    except GuideError as e:
        raise PluginError(f"overrides/main.html: {e}") from None


def _description_problem(path: str, description, front_matter_unread: bool = False) -> SourceProblem | None:
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
