"""Visiting pages of the built site in Chromium while recording every request it makes."""
from __future__ import annotations

import http.server
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitepages import same_origin

from guidebuild.core import browser as chromium
from guidebuild.site.startup import STARTED_ATTR


@dataclass
class Traffic:
    """Requests of one browser context; those leaving ``origin`` are aborted and kept in ``outside``."""

    origin: str
    allowed_schemes: tuple[str, ...] = ()
    seen: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pending: int = 0

    def allowed(self, url: str) -> bool:
        if urlsplit(url).scheme in self.allowed_schemes:
            return True
        return same_origin(url, self.origin)

    def attach(self, context, block: bool = True) -> None:
        """Records the context's requests; ``block`` also aborts those leaving the origin (each request
        then makes a round trip through Python, so a test that only records leaves it off)."""
        def route(r):
            if self.allowed(r.request.url):
                r.continue_()
            else:
                r.abort("blockedbyclient")

        if block:
            context.route("**/*", route)
        context.on("request", self._request)
        context.on("requestfinished", self._done)
        context.on("requestfailed", self._failed)

    def _request(self, req) -> None:
        self.pending += 1
        self.seen.append(req.url)
        if not self.allowed(req.url):
            self.outside.append(f"{req.resource_type} {req.url} (from {req.frame.url if req.frame else '?'})")

    def _done(self, req) -> None:
        self.pending -= 1

    def _failed(self, req) -> None:
        self.pending -= 1
        if self.allowed(req.url):
            self.failed.append(f"{req.url}: {req.failure}")

    def settle(self, page, quiet_ms: int = 400, timeout_s: float = 15) -> None:
        """Waits until no request has been in flight for ``quiet_ms``."""
        end = time.monotonic() + timeout_s
        quiet_since = None
        while time.monotonic() < end:
            page.wait_for_timeout(50)
            if self.pending > 0:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return


def page_errors(page) -> list[str]:
    """The uncaught errors the page throws from now on (filled as they happen)."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def started(page, timeout_ms: int = 15_000) -> None:
    """Waits until the page's scripts have run (guidebuild/site/startup.py). They start after the first
    paint, which can come after the load event: a page that has loaded may not be wired yet."""
    page.wait_for_selector(f"html[{STARTED_ATTR}]", state="attached", timeout=timeout_ms)


def exercise(page) -> None:
    """Does what a reader does that can make a page fetch more: scroll it all, open every diagram's
    script tab (fetched on demand), hover and focus links, open the search and type a query."""
    page.evaluate("""async () => {
      const step = Math.max(200, innerHeight - 100);
      for (let y = 0; y < document.body.scrollHeight; y += step) {
        scrollTo(0, y);
        await new Promise(r => requestAnimationFrame(() => r()));
      }
      scrollTo(0, 0);
      for (const block of document.querySelectorAll('.gb-diagram__source[data-gb-src]')) {
        const set = block.closest('.tabbed-set');
        const blocks = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')];
        set.querySelectorAll(':scope > input')[blocks.indexOf(block)].click();
      }
    }""")
    links = page.locator("article a[href]:visible")
    for i in range(min(links.count(), 3)):
        links.nth(i).hover()
    search = page.locator("input.md-search__input")
    if search.count():
        page.keyboard.press("/")
        search.press_sequentially("lambda", delay=20)  # Material searches on key events, not on fill()
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.keyboard.press("Escape")


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under a path prefix and answers a missing path with 404.html, as GitHub Pages does."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            return self._not_found()
        self.path = "/" + path[len(self.prefix):]
        target = Path(self.translate_path(self.path))
        if not (target.is_file() or (target.is_dir() and (target / "index.html").is_file())):
            return self._not_found()
        return super().send_head()

    def _not_found(self):
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve_at_subpath(site: Path, prefix: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (_SubpathHandler,), {"prefix": prefix})
    return chromium.serve(site, handler, prefix)
