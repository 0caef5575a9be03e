"""The plugin's options as mkdocs.yml gives them (``plugins: - guidebuild: ...``), and the name
of the generator that runs it."""

from __future__ import annotations

from mkdocs.config import base, config_options as c
from mkdocs.plugins import BasePlugin


# The generator's own logger: "mkdocs", or "properdocs" when ProperDocs (which aliases the mkdocs
# modules to its own) runs this plugin. Its warnings are what a strict build counts.
GENERATOR = BasePlugin.__module__.split(".")[0]

class GuideConfig(base.Config):
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
CACHE_DIRS = ("pdf_dir", "social_cache_dir", "assets_cache_dir", "page_cache_dir")
# The plugin options a page's conversion depends on (the page cache's key holds them).
CONVERSION_OPTIONS = ("page_assets",)
