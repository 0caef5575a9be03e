"""The only module that knows MkDocs: renders diagrams before the build, registers the Markdown
extensions, tells them which page they are converting, and turns content problems into build
errors. Everything it calls works without MkDocs."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .deferred_svg import DeferredSvgExtension
from .diagram import DiagramExtension, PageContext
from .errors import ContentError, GuideError, SourceProblem
from .render import Renderer
from .svg import ICON_PREFIX

log = logging.getLogger("mkdocs.plugins.guidebuild")


class GuideConfig(base.Config):
    diagrams_dir = c.Type(str, default="diagram_src")
    cache_dir = c.Type(str, default=".cache/diagrams")
    timeout = c.Type(int, default=60)
    jobs = c.Optional(c.Type(int))


class MkDocsPage(PageContext):
    def __init__(self, page, files: Files, source: str) -> None:
        self.page = page
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
        config.markdown_extensions.append(self.diagrams)
        # Diagrams skip the search index (see deferred_svg.py); on_post_page puts them back.
        self.deferred = DeferredSvgExtension(page_of=lambda: self.page_ctx.source_path)
        config.markdown_extensions.append(self.deferred)
        return config

    def on_files(self, files: Files, config) -> Files:
        icons = sorted({name for r in self.store.values() for name in r.icons})
        for name in icons:
            files.append(File.generated(config, ICON_PREFIX + name,
                                        abs_src_path=str(self.renderer.icon_dir() / name)))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        self.page_ctx = MkDocsPage(page, files, markdown)
        self.diagrams.context = self.page_ctx
        return markdown

    def on_page_content(self, html, page, config, files):
        if self.page_ctx.problems:
            raise PluginError(str(ContentError(self.page_ctx.problems)))
        return html

    def on_post_page(self, output, page, config):
        output, lost = self.deferred.restore(output, page.file.src_path)
        if lost:
            raise PluginError(f"{page.file.src_path}: diagram(s) {', '.join(lost)} could not be put back into the "
                              "page: the theme or another plugin dropped their placeholder <gb-svg> from the page content")
        return output

    def on_post_build(self, config) -> None:
        unused = sorted(set(self.store) - self.diagrams.used)
        if unused:
            log.warning("diagram scripts no page embeds: %s. Embed each with '/// diagram | <slug>' "
                        "or delete the script.", ", ".join(f"{self.config.diagrams_dir}/{s}.py" for s in unused))

    def on_serve(self, server, config, builder):
        # A script edit triggers a rebuild; the cache lives outside docs/, so no rebuild loop.
        server.watch(str(self.src_dir))
        return server
