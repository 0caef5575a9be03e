"""What the plugin adds to the site's files: diagram icons and scripts, bundled assets, social
cards, the offline copy's vendored files, and the study PDF (registered before the pages are
built, printed after)."""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .. import pdf as study_pdf
from ..core.errors import ContentError, GuideError
from ..diagrams.source import source_files
from ..diagrams.svg import ICON_PREFIX
from ..site import assets, offline, social


log = logging.getLogger("mkdocs.plugins.guidebuild")


class SiteFiles:
    """GuidePlugin's file events (a mixin: the state lives on the plugin)."""

    def on_files(self, files: Files, config) -> Files:
        self.built_assets = self._bundle_assets(files, config) if self.config.bundle_assets else {}
        self._review_files(files, config)
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
