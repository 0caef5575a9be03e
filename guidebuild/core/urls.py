"""One rule for every URL a reader can click: Markdown links, quiz links, diagram node, edge and
cluster links, and every ``href``/``src`` of a built page.

A browser does not read a URL as written: it drops leading and trailing spaces and control
characters, removes tabs and newlines anywhere, and reads the scheme case-insensitively; an
attribute's character references are decoded before that. So ``" javascript:"``, ``"JaVa\\tScript:"``
and ``"&#106;avascript:"`` all run script. The URL is read here the way the browser reads it,
and only relative links into the site and ``https:`` (``http:`` where a caller allows it) and
``mailto:`` pass.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit


_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_INSIDE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Attributes a browser follows or loads, in HTML and SVG, quoted or not.
_ATTR = re.compile(r"""\s(?:href|src|xlink:href|action|formaction|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                   re.I)


def as_browser_reads(url: str) -> str:
    """``url`` after character references are decoded and the browser's clean-up."""
    return _INSIDE.sub("", html.unescape(url).strip(_EDGES))


def scheme(url: str) -> str:
    """The scheme a browser would use for ``url``, lower case; '' for a relative URL."""
    m = _SCHEME.match(as_browser_reads(url))
    return m.group(1).lower() if m else ""


def problem(url: str, *, allow_http: bool = False) -> tuple[str, str] | None:
    """(message, fix) when ``url`` may not be linked from the site, None when it may."""
    if _INSIDE.sub("", url.strip(_EDGES)) != url or _CONTROL.search(url):
        return (f"link {url!r} has spaces or control characters around or inside it, which browsers drop "
                "before reading its scheme",
                "write the URL plainly: a docs page (page.md#anchor) or https://host/path")
    name = scheme(url)
    written = _SCHEME.match(url)
    if name != (written.group(1).lower() if written else ""):
        return (f"link '{url}' spells its scheme with character references, which browsers decode first",
                "write the URL plainly: a docs page (page.md#anchor) or https://host/path")
    if not name:
        if url.startswith("//"):
            return f"link '{url}' is protocol-relative", f"write https:{url}"
        return None
    if name == "https" or name == "mailto" or (name == "http" and allow_http):
        return None
    if name == "http":
        return f"link '{url}' uses http", "use the https:// address"
    return (f"link '{url}' uses the scheme '{name}:', which the site never links",
            "link a page of the site (page.md#anchor) or an https:// URL")


def clickable(page_html: str) -> list[tuple[str, str]]:
    """Every URL a page's HTML (or SVG) links or loads: (as written, character references decoded)."""
    return [(a or b or c, html.unescape(a or b or c)) for a, b, c in _ATTR.findall(page_html)]


_HOST = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$", re.I)


def external_form_error(url: str) -> str | None:
    """Why an external link cannot be a real address (scheme, spaces, host, port), else None:
    checked offline; scripts/check-links --online fetches them."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"unsupported scheme '{parts.scheme}'"
    if re.search(r"\s", url):
        return "contains white space"
    host = parts.hostname or ""
    if not _HOST.match(host) and host != "localhost":
        return f"malformed host '{host}'"
    try:
        parts.port
    except ValueError:
        return "malformed port"
    return None
