"""Debian's Chromium and a loopback server for a built site: the one launcher and the one server
that the study PDF, the tools (screenshots, Lighthouse, the bench) and the tests share.

Chromium is never downloaded (``playwright install`` cannot reach its CDN on the build machines):
it is the distribution's ``/usr/bin/chromium``, or ``$CHROMIUM``."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from .errors import GuideError


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# No sandbox (root in CI), no GPU, and nothing that would reach the network on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class ChromiumNotFound(GuideError):
    pass


def chromium_path() -> str:
    """The Chromium binary, or a ChromiumNotFound that says how to install it."""
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    raise ChromiumNotFound(f"Chromium not found at {CHROMIUM}. Install it: apt-get install chromium "
                           "(make setup and make test do this when run as root), or set CHROMIUM to its path.")


def launch(playwright, **options):
    """A headless Chromium from a started Playwright (``sync_playwright().start()`` or its ``with``)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, **options)


@contextmanager
def chromium(**options):
    """``with chromium() as browser:`` Playwright started, Chromium launched, both stopped after."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, **options)
        try:
            yield browser
        finally:
            browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    def log_message(self, *args):
        pass


def serve(site: Path | str, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler,
          prefix: str = "/") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site`` on a free loopback port from a thread of this process; returns the server
    (``server.shutdown()`` stops it) and the base URL, ``prefix`` included. A thread rather than a
    child process: ``python3`` may be a pyenv shim whose PID is not the server's."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@contextmanager
def serving(site: Path | str, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler,
            prefix: str = "/"):
    """``with serving(site) as base:`` the site served for the block, then stopped."""
    server, base = serve(site, handler, prefix)
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
