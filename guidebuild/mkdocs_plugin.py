"""The only module that knows MkDocs: renders diagrams and loads the quiz bank before the build,
registers the Markdown extensions, tells them which page they are converting, and turns content
problems into build errors. Everything it calls works without MkDocs."""
from __future__ import annotations

import logging
import posixpath
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .abbreviations import Abbreviations
from .context import PageContext
from .diagram import DiagramExtension, without_search_skipped
from .errors import ContentError, GuideError, SourceProblem
from .glossary import GlossaryExtension
from .linkform import LinkFormExtension
from .quiz import QuizExtension
from .quizbank import Bank
from .render import Renderer
from .svg import ICON_PREFIX

log = logging.getLogger("mkdocs.plugins.guidebuild")


class GuideConfig(base.Config):
    diagrams_dir = c.Type(str, default="diagram_src")
    cache_dir = c.Type(str, default=".cache/diagrams")
    timeout = c.Type(int, default=60)
    jobs = c.Optional(c.Type(int))
    # Project-relative; also listed in pymdownx.snippets' auto_append so abbr shows it on hover.
    abbreviations = c.Optional(c.Type(str))
    not_abbreviations = c.Type(list, default=[])
    quizzes_dir = c.Type(str, default="quizzes")


class MkDocsPage(PageContext):
    def __init__(self, page, files: Files, source: str, snippet_bases: tuple[Path, ...] = ()) -> None:
        self.page = page
        self.snippet_bases = snippet_bases
        self.files = files
        self.source = source
        self.source_path = page.file.src_path
        self.problems: list[SourceProblem] = []

    def link(self, target: str) -> str:
        path, _, frag = target.partition("#")
        f = self.files.get_file_from_path(path)
        if f is None or not f.is_documentation_page():
            raise LookupError(target)
        url = f.url_relative_to(self.page.file)
        return f"{url}#{frag}" if frag else url

    def source_link(self, target: str) -> str:
        here = posixpath.dirname(self.page.file.src_uri)
        path, _, frag = target.partition("#")
        rel = posixpath.relpath(path, here or ".")
        return f"{rel}#{frag}" if frag else rel

    def asset(self, path: str) -> str:
        return get_relative_url(path, self.page.url)

    def report(self, problem: SourceProblem) -> None:
        self.problems.append(problem)


class GuidePlugin(BasePlugin[GuideConfig]):
    supports_multiple_instances = False

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        self.src_dir = root / self.config.diagrams_dir
        self.renderer = Renderer(self.src_dir, root / self.config.cache_dir,
                                 timeout=self.config.timeout, jobs=self.config.jobs)
        try:
            self.store = self.renderer.render()
        except GuideError as e:
            raise PluginError(str(e)) from None
        stats = self.renderer.stats
        # Authors see what an edit cost; scripts/bench reads this line.
        named = ", ".join(stats.misses[:8]) + (f" and {len(stats.misses) - 8} more" if len(stats.misses) > 8 else "")
        log.info("diagrams: %d rendered%s, %d from cache", len(stats.misses),
                 f" ({named})" if stats.misses else "", len(stats.hits))
        self.diagrams = DiagramExtension(store=self.store)
        self.diagrams.highlight_cache = self.renderer.cache_dir / "source"
        config.markdown_extensions.append(self.diagrams)
        config.markdown_extensions.append(LinkFormExtension())
        # Without an abbreviations file the check is off and '/// glossary' says what to configure.
        abbrs = self._abbreviations(root, config) if self.config.abbreviations else None
        config.markdown_extensions.append(GlossaryExtension(abbrs, self.config.not_abbreviations))
        self.quiz_dir = root / self.config.quizzes_dir
        try:
            bank = Bank.load(self.quiz_dir, root, Path(config.docs_dir))
        except GuideError as e:
            raise PluginError(str(e)) from None
        self.quizzes = QuizExtension(bank=bank)
        config.markdown_extensions.append(self.quizzes)
        bases = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])
        self.snippet_bases = tuple(Path(b).resolve() for b in ([bases] if isinstance(bases, str) else bases))
        return config

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
        icons = sorted({name for r in self.store.values() for name in r.icons})
        for name in icons:
            files.append(File.generated(config, ICON_PREFIX + name,
                                        abs_src_path=str(self.renderer.icon_dir() / name)))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        self.page_ctx = MkDocsPage(page, files, markdown, self.snippet_bases)
        # Every extension that reports problems holds a PageContext: point them all at this page.
        for ext in config.markdown_extensions:
            if isinstance(getattr(ext, "context", None), PageContext):
                ext.context = self.page_ctx
        return markdown

    def on_pre_build(self, config) -> None:
        self.problems: list[SourceProblem] = []

    def on_page_content(self, html, page, config, files):
        self.problems += self.page_ctx.problems
        return html

    def on_env(self, env, config, files):
        # Every page is converted before any is written: report all pages' problems at once.
        if self.problems:
            raise PluginError(str(ContentError(self.problems)))
        return env

    # The search plugin parses every page's HTML, and the inline drawings and their highlighted
    # scripts triple the markup of a page for nothing it indexes: hide them from it, then put
    # them back before the page is written.
    @event_priority(100)
    def _before_search(self, context, page, config, nav):
        self._full_content = page.content
        page.content = without_search_skipped(page.content or "")
        return context

    @event_priority(-100)
    def _after_search(self, context, page, config, nav):
        page.content = self._full_content
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_post_build(self, config) -> None:
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
            elif not quiz.page:
                log.info("%s: no page docs/%s yet; its questions are in exam mode only.", quiz.path,
                         Path(quiz.path).name)

    def on_serve(self, server, config, builder):
        # A script edit triggers a rebuild; the cache lives outside docs/, so no rebuild loop.
        server.watch(str(self.src_dir))
        if getattr(self, "abbreviations_file", None):
            server.watch(str(self.abbreviations_file))
        if self.quiz_dir.is_dir():  # the watcher fails on a missing folder
            server.watch(str(self.quiz_dir))
        return server
