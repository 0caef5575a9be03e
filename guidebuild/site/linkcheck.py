"""Checks every link of a built site: Markdown links, raw HTML, links inside inline SVG and the
files pages fetch on demand.

Internal ``href``/``src``/``xlink:href``/``srcset`` must name a file of the site, and a
``#fragment`` an id (or ``<a name>``) of that file. ``javascript:`` URLs are rejected anywhere.
External URLs are checked for form; ``online=True`` also requests them.
"""
from __future__ import annotations

import argparse
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..core.urls import external_form_error


# data-gb-src: the file a diagram's script tab fetches when it is opened (diagrams.js).
LINK_ATTRS = {"href", "src", "xlink:href", "poster", "data", "action", "data-gb-src"}
SAFE_SCHEMES = {"mailto", "tel", "data"}


@dataclass(frozen=True)
class Link:
    file: str
    line: int
    attr: str
    url: str


@dataclass(frozen=True)
class LinkProblem:
    link: Link
    reason: str

    def __str__(self) -> str:
        return f"{self.link.file}:{self.link.line}: {self.link.attr}=\"{self.link.url}\": {self.reason}"


class _Scan(HTMLParser):
    def __init__(self, file: str) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.ids: set[str] = set()
        self.links: list[Link] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRS:
                self.links.append(Link(self.file, line, name, value.strip()))
            elif name == "srcset":
                for part in value.split(","):
                    if part.strip():
                        self.links.append(Link(self.file, line, name, part.split()[0]))

    handle_startendtag = handle_starttag


class SiteLinks:
    def __init__(self, site_dir: Path | str, site_url: str | None = None) -> None:
        self.root = Path(site_dir)
        self.base = urlsplit(site_url).path if site_url else "/"
        if not self.base.endswith("/"):
            self.base += "/"
        self.ids: dict[str, set[str]] = {}
        self.links: list[Link] = []
        for page in sorted(self.root.rglob("*.html")):
            rel = page.relative_to(self.root).as_posix()
            scan = _Scan(rel)
            scan.feed(page.read_text(encoding="utf-8", errors="replace"))
            self.ids[rel] = scan.ids
            self.links += scan.links

    def _target(self, link: Link, path: str) -> str | None:
        """Site-relative file a link path points to, or None if outside the site."""
        if path.startswith("/"):
            if not path.startswith(self.base):
                return None
            joined = PurePosixPath(path[len(self.base):])
        else:
            joined = PurePosixPath(link.file).parent / path
        parts: list[str] = []
        for p in joined.parts:
            if p == "..":
                if not parts:
                    return None
                parts.pop()
            elif p not in (".", ""):
                parts.append(p)
        rel = "/".join(parts)
        if (self.root / rel).is_dir():
            rel = f"{rel}/index.html" if rel else "index.html"
        return rel

    def check(self) -> tuple[list[LinkProblem], list[Link]]:
        """Problems found, and the external links (for an optional online check)."""
        problems: list[LinkProblem] = []
        external: list[Link] = []
        for link in self.links:
            url = link.url
            low = url.lower()
            if low.startswith("javascript:"):
                problems.append(LinkProblem(link, "javascript: URLs are not allowed"))
                continue
            parts = urlsplit(url)
            if parts.scheme in SAFE_SCHEMES:
                continue
            if parts.scheme or url.startswith("//"):
                err = external_form_error(url if parts.scheme else "https:" + url)
                if err:
                    problems.append(LinkProblem(link, err))
                else:
                    external.append(link)
                continue
            path = unquote(parts.path)
            target = link.file if not path else self._target(link, path)
            if target is None:
                problems.append(LinkProblem(link, "points outside the site"))
                continue
            if not (self.root / target).is_file():
                problems.append(LinkProblem(link, f"no such file in the site: {target}"))
                continue
            frag = unquote(parts.fragment)
            if frag and target.endswith(".html") and frag not in self.ids.get(target, set()):
                problems.append(LinkProblem(link, f"no id '{frag}' in {target}"))
        return problems, external


def check_online(links: list[Link], timeout: float = 15.0) -> list[LinkProblem]:
    def probe(url: str) -> str | None:
        req = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "guidebuild-linkcheck"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return None if resp.status < 400 else f"HTTP {resp.status}"
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            return f"unreachable: {e}"

    urls = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = dict(zip(urls, pool.map(probe, urls)))
    return [LinkProblem(link, verdicts[link.url]) for link in links if verdicts[link.url]]


def site_url_of(config_file: Path | str) -> str | None:
    """``site_url`` of an mkdocs.yml, ignoring its ``!!python/name`` tags."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):  # MkDocs' !ENV [NAME, ..., default]
        import os
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        for name in names[:-1] if len(names) > 1 else names:
            if os.environ.get(name):
                return os.environ[name]
        return names[-1] if len(names) > 1 else None

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    return (yaml.load(Path(config_file).read_text(), Loader=Loader) or {}).get("site_url")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site_dir", nargs="?", default="site")
    ap.add_argument("--site-url", help="the site's URL, to resolve root-absolute links")
    ap.add_argument("--config", default="mkdocs.yml", help="read site_url from this file when --site-url is not given")
    ap.add_argument("--online", action="store_true", help="also request every external URL")
    args = ap.parse_args(argv)
    if not Path(args.site_dir).is_dir():
        print(f"linkcheck: {args.site_dir} is not a directory. Build first: make build", file=sys.stderr)
        return 2
    url = args.site_url or (site_url_of(args.config) if Path(args.config).is_file() else None)
    site = SiteLinks(args.site_dir, url)
    problems, external = site.check()
    if args.online:
        problems += check_online(external)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"linkcheck: {len(site.links)} links in {len(site.ids)} pages, {len(external)} external, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
