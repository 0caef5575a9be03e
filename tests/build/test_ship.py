"""What hosting needs from the built site: sitemap, descriptions, social cards, 404 page, and no
reference to another site that a browser would fetch (checked in the files; test_privacy.py checks
what Chromium really requests)."""
from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from guidebuild.site import social

from conftest import ROOT, mkdocs_build
from fetches import third_party_fetches
from sitepages import built_pages, page_file, site_url, sitemap_pages


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta[a.get("name") or a.get("property")] = a.get("content") or ""
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def head_of(path: Path) -> _Head:
    h = _Head()
    h.feed(path.read_text(encoding="utf-8"))
    return h


# -- sitemap, descriptions, cards ---------------------------------------------------------------

def test_sitemap_lists_every_page_under_site_url(site):
    base = site_url()
    assert base and base.startswith("https://") and base.endswith("/"), base
    pages = built_pages(site)
    assert len(pages) >= 7
    assert sorted(sitemap_pages(site, base)) == sorted(pages)
    assert (site / "sitemap.xml.gz").is_file()


def test_every_page_has_its_own_description(site):
    seen: dict[str, str] = {}
    problems = []
    site_description = " ".join(head_of(site / "404.html").meta["description"].split())
    for page in built_pages(site):
        desc = head_of(page_file(site, page)).meta.get("description", "")
        if not desc or " ".join(desc.split()) == site_description:
            problems.append(f"{page or '/'}: no description of its own (front matter 'description:')")
        elif desc in seen:
            problems.append(f"{page or '/'}: same description as {seen[desc] or '/'}")
        seen[desc] = page
    assert not problems, "\n".join(problems)


def test_every_page_has_a_social_card(site):
    base = site_url()
    for page in [*built_pages(site), "404.html"]:
        meta = head_of(page_file(site, page)).meta
        for key in ("og:title", "og:description", "og:image", "og:image:alt", "twitter:card", "twitter:image"):
            assert meta.get(key), f"{page or '/'}: no {key}"
        assert meta["twitter:card"] == "summary_large_image"
        image = meta["og:image"]
        assert image == meta["twitter:image"]
        assert image.startswith(base), f"{page}: og:image must be absolute under site_url: {image}"
        png = site / image[len(base):]
        assert png.is_file(), f"{page}: og:image {image} is not in the site"
        with Image.open(png) as im:
            assert im.format == "PNG" and im.size == social.SIZE
        assert (meta["og:image:width"], meta["og:image:height"]) == tuple(map(str, social.SIZE))
        if page != "404.html":
            assert meta.get("og:url") == base + page, page
    cards = {head_of(page_file(site, p)).meta["og:image"] for p in built_pages(site)}
    assert len(cards) == len(built_pages(site)), "one card per page"


def test_no_card_is_written_into_docs():
    assert not list((ROOT / "docs").rglob("social")), "cards live in .cache/social, never in docs/"


def test_404_page_works_at_the_site_subpath(site):
    """GitHub Pages serves 404.html for any missing path at any depth, so its links are root-absolute."""
    base_path = urlsplit(site_url()).path
    text = (site / "404.html").read_text()
    refs = re.findall(r'(?:href|src)="([^"#]+)"', text)
    local = [r for r in refs if not urlsplit(r).scheme]
    assert local and all(r.startswith(base_path) for r in local), [r for r in local if not r.startswith(base_path)]
    assert "<h1>404" in text


# -- social card engine ---------------------------------------------------------------------------

def test_card_is_cached_and_pruned(tmp_path):
    card = social.Card("251. Caching", "Where to cache on AWS.", "Guide", "footer")
    first = social.render(card, tmp_path, "251-caching")
    mtime = first.stat().st_mtime_ns
    assert social.render(card, tmp_path, "251-caching") == first and first.stat().st_mtime_ns == mtime
    second = social.render(social.Card("251. Caching!", card.description, "Guide"), tmp_path, "251-caching")
    assert second != first and not first.exists(), "the stale card of the same page is pruned"
    other = social.render(card, tmp_path, "251")
    assert second.exists() and other.exists(), "a page whose name is a prefix keeps its own card"


def test_long_text_stays_on_the_card(tmp_path):
    title = "A very long title " * 12
    png = social.render(social.Card(title, "word " * 200, "Guide", "f"), tmp_path, "long")
    with Image.open(png) as im:
        assert im.size == social.SIZE
        # The bottom band is untouched by title/description: only the footer is drawn there.
        band = im.crop((0, social.SIZE[1] - 120, social.SIZE[0], social.SIZE[1] - 90)).convert("RGB")
        colours = {c for _, c in band.getcolors()}
        assert colours <= {Image.new("RGB", (1, 1), social.BG_EDGE).getpixel((0, 0)),
                           Image.new("RGB", (1, 1), social.ACCENT).getpixel((0, 0))}, colours


def test_first_heading():
    md = "---\ntitle: x\n---\n\n```\n# not this\n```\n\n# 250. *Event* [processing](a.md) {#top}\n\n# second\n"
    assert social.first_heading(md) == "250. Event processing"
    assert social.first_heading("no heading\n") is None


# -- build-time errors ----------------------------------------------------------------------------

def _project(tmp_path: Path, page: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: t
        site_url: https://example.org/t/
        theme: {name: material, custom_dir: %s}
        plugins:
          - guidebuild:
              require_descriptions: true
              social_cards: true
              social_cache_dir: .cache/social
    """) % (ROOT / "overrides"))
    (tmp_path / "docs" / "index.md").write_text(textwrap.dedent(page))
    return tmp_path


def test_missing_description_fails_the_build(tmp_path):
    proc = mkdocs_build(_project(tmp_path, "# Home\n\nText.\n"), tmp_path / "site")
    assert proc.returncode != 0
    assert "index.md:1: no 'description:' in the front matter" in proc.stderr
    assert "fix: start the file with" in proc.stderr


def test_unquoted_colon_in_description_is_explained(tmp_path):
    page = "---\ndescription: Caching: where and for how long, for the SAP-C02 exam and beyond.\n---\n# Home\n"
    proc = mkdocs_build(_project(tmp_path, page), tmp_path / "site")
    assert proc.returncode != 0
    assert "index.md:1: the front matter is not valid YAML" in proc.stderr and "quote the value" in proc.stderr


def test_description_length_is_checked(tmp_path):
    proc = mkdocs_build(_project(tmp_path, "---\ndescription: Too short.\n---\n# Home\n"), tmp_path / "site")
    assert proc.returncode != 0 and "has 10 characters" in proc.stderr


def test_good_project_builds_with_cards(tmp_path):
    page = '---\ndescription: "A fine page: it explains one thing well, in a sentence of sensible length."\n---\n# Home\n'
    proc = mkdocs_build(_project(tmp_path, page), tmp_path / "site")
    assert proc.returncode == 0, proc.stderr[-3000:]
    html = (tmp_path / "site" / "index.html").read_text()
    assert 'content="https://example.org/t/assets/social/index.png"' in html
    assert len(list((tmp_path / ".cache" / "social").glob("index.*.png"))) == 1
    assert not list((tmp_path / "docs").rglob("*.png"))


# -- no third-party fetch in the files -----------------------------------------------------------

def test_no_third_party_fetch_in_built_files(site):
    problems = third_party_fetches(site)
    assert not problems, "third-party URLs a browser would fetch:\n" + "\n".join(problems)


def test_the_scan_finds_each_kind_of_fetch(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(textwrap.dedent("""\
        <html><head>
        <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
        <link rel="preconnect" href="https://fonts.gstatic.com">
        <link rel="canonical" href="https://example.org/a/">
        <script src="//cdn.example.com/lib.js"></script>
        <style>body { background: url("https://img.example.com/bg.png") }</style>
        </head><body>
        <img srcset="../x.png 1x, https://img.example.com/x@2x.png 2x">
        <a href="https://docs.aws.amazon.com/lambda/">a link is fine</a>
        <a href="#" ping="https://track.example.com/p">ping</a>
        <svg><image href="https://img.example.com/icon.svg"/></svg>
        <div style="background-image: url(https://img.example.com/div.png)"></div>
        </body></html>"""))
    (tmp_path / "s.css").write_text('@import "https://fonts.example.com/f.css";\n.x{background:url(data:image/png;base64,AA)}')
    (tmp_path / "s.js").write_text('const doc = "https://docs.aws.amazon.com/x";\nfetch("https://api.example.com/v1");')
    found = third_party_fetches(tmp_path)
    hosts = sorted(urlsplit(p.split(" ")[-1] if p.split(" ")[-1].startswith("http") else "https:" + p.split(" ")[-1]).hostname
                   for p in found)
    assert hosts == ["api.example.com", "cdn.example.com", "fonts.example.com", "fonts.googleapis.com",
                     "fonts.gstatic.com", "img.example.com", "img.example.com", "img.example.com",
                     "img.example.com", "track.example.com"], found
    assert any(p.startswith("a/index.html:2: <link href>") for p in found), found


def test_dormant_loaders_stay_dormant(site):
    config = (ROOT / "mkdocs.yml").read_text()
    assert not re.search(r"^repo_url:", config, re.M), "repo_url makes Material call the GitHub API on every page"
    assert re.search(r"^\s+font: false", config, re.M), "theme.font would load Google Fonts"
    for page in built_pages(site):
        html = page_file(site, page).read_text()
        assert not re.search(r'class="[^"]*\bmermaid\b', html), f"{page}: a mermaid diagram would load unpkg"


# -- the deployment workflow -----------------------------------------------------------------------

def test_deploy_workflow_builds_tests_and_publishes():
    workflow = yaml_load(ROOT / ".github" / "workflows" / "deploy.yml")
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    for command in ("make build", "make test", "make pdf", "make offline"):
        assert command in runs, f"the build job does not run {command}"
    assert runs.index("make build") < runs.index("make test") < runs.index("make pdf")
    cache = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache" and "diagram_src/**" in cache["with"]["key"]
    assert uses.index("actions/cache") < uses.index("actions/upload-pages-artifact")
    assert next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))[
        "with"]["path"] == "site"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    assert "pull_request" in deploy["if"], "pull requests are built and tested, never deployed"


def yaml_load(path: Path):
    import yaml

    # YAML 1.1 reads the key 'on' as True; the workflow's triggers are not under test here.
    return yaml.safe_load(path.read_text())


def test_npm_tools_are_pinned_exactly():
    import json

    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    deps = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    assert {"axe-core", "iframe-worker", "lighthouse"} <= set(deps)
    for name, version in deps.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"package.json: {name} {version!r} is not an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, f"package-lock.json disagrees on {name}"
    assert deps["lighthouse"] == "12.2.3"
