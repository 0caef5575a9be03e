"""The diagram script shown in a figure's ``<slug>.py`` tab: highlighted like the page's code.

A hosted site serves each script twice under ``SOURCE_PREFIX``: ``<slug>.html``, the highlighted
fragment that diagrams.js fetches when the tab is first opened, and ``<slug>.py``, the plain copy
the tab links to (it works without JavaScript). The highlighted markup is about a third of a
pattern page and, inline, the browser would style and lay it out on every load for a tab few
readers open. A copy read from ``file://`` (the offline zip) cannot fetch: it inlines the source.
"""
from __future__ import annotations

import hashlib
import html
import inspect
import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path

from ..core import atomic


#: Where the fragments and plain copies are served, relative to the site root.
SOURCE_PREFIX = "assets/diagrams/src/"


def fragment_path(slug: str) -> str:
    return f"{SOURCE_PREFIX}{slug}.html"


def script_path(slug: str) -> str:
    return f"{SOURCE_PREFIX}{slug}.py"


def title_of(slug: str) -> str:
    return f"diagram_src/{slug}.py"


def highlight_source(md, source: str, title: str, cache_dir: Path | None = None) -> str:
    """The script as a code block, highlighted like the page's fenced code (pymdownx.highlight's
    settings when the page uses it, plain <pre><code> otherwise). With ``cache_dir``, each script
    version is highlighted once, not on every build: Pygments is the costliest step of a page."""
    made = _highlighted(md, source, title, cache_dir)
    return made.read_text() if isinstance(made, Path) else made


def _highlighted(md, source: str, title: str, cache_dir: Path | None) -> str | Path:
    for ext in md.registeredExtensions:
        if hasattr(ext, "get_pymdownx_highlight_settings"):
            settings = ext.get_pymdownx_highlight_settings()
            highlighter = ext.get_pymdownx_highlighter()
            accepted = inspect.signature(highlighter).parameters
            kwargs = {k: v for k, v in settings.items() if k in accepted and k != "md"}
            # No line numbers, so no line anchors either: every block's anchors would be named
            # __codelineno-0-N (the count restarts per conversion), one empty <a> per line.
            kwargs.update(linenums=False, auto_title=False, anchor_linenums=False, line_anchors="")
            kwargs = {k: v for k, v in kwargs.items() if k in accepted}
            css = settings.get("css_class") or "highlight"
            inputs = repr((source, css, sorted(kwargs.items()), _highlighter_versions()))
            make = lambda: highlighter(md, **kwargs).highlight(source, "python", css, title=title)  # noqa: E731
            return make() if cache_dir is None else _once(cache_dir, title, inputs, make)
    return f'<pre><code class="language-python">{html.escape(source)}</code></pre>'


@cache
def _highlighter_versions() -> str:
    return " ".join(metadata.version(d) for d in ("pygments", "pymdown-extensions"))


def _once(cache_dir: Path, title: str, inputs: str, make: Callable[[], str]) -> Path:
    """The file holding ``make()``, kept in ``cache_dir`` under the hash of its inputs (older
    versions of the same title are removed when a new one is written)."""
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    path = cache_dir / f"{stem}.{hashlib.sha256(inputs.encode()).hexdigest()[:20]}.html"
    if atomic.load(path) is not None:
        return path
    made = make()
    for old in cache_dir.glob(f"{stem}.*.html*"):
        old.unlink(missing_ok=True)
    atomic.store(path, made.encode())
    return path


def source_files(sources: Mapping[str, str], highlight_config: dict | None,
                 cache_dir: Path) -> dict[str, Path | bytes]:
    """Site path -> what to serve there, for every script (slug -> its text): the highlighted
    fragment (a file of the cache in ``cache_dir``) and the plain copy (the same text that was
    highlighted). ``highlight_config`` is pymdownx.highlight's configuration, None when the site
    does not use it."""
    import markdown

    md = markdown.Markdown(extensions=["pymdownx.highlight"] if highlight_config is not None else [],
                           extension_configs={"pymdownx.highlight": highlight_config or {}})
    files: dict[str, Path | bytes] = {}
    for slug in sorted(sources):
        made = _highlighted(md, sources[slug], title_of(slug), cache_dir)
        files[fragment_path(slug)] = made if isinstance(made, Path) else made.encode()
        files[script_path(slug)] = sources[slug].encode()
    return files
