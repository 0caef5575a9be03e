"""The site's own CSS and JavaScript as one minified, content-hashed file each: the engine
(guidebuild/site/assets.py), the built site, and the build errors a broken source gives."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, mkdocs_build
from sitepages import built_pages, page_file

from guidebuild.site import assets
from guidebuild.site.assets import Source
from guidetools import generator


DOCS = ROOT / "docs"
BUNDLE = re.compile(r"^assets/guide/guide\.[0-9a-f]{8}\.min\.(css|js)$")
EXAM = re.compile(r"^assets/guide/exam\.[0-9a-f]{8}\.min\.(js|css)$")  # page assets: exam mode, progress
# page assets of spaced repetition: review.js and review.css (review page), review-due.js (home page)
MISTAKES = re.compile(r"^assets/guide/mistakes\.[0-9a-f]{8}\.min\.js$")  # page asset: the mistakes page
REVIEW = re.compile(r"^assets/guide/review(-due)?\.[0-9a-f]{8}\.min\.(js|css)$")


def _mkdocs_yml() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    # The tags mkdocs.yml uses; their values do not matter here.
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)


def _sources(kind: str) -> list[Source]:
    key = "extra_css" if kind == "css" else "extra_javascript"
    return [Source(url, DOCS / url) for url in _mkdocs_yml()[key]]


def _write(tmp_path: Path, files: dict[str, str]) -> list[Source]:
    out = []
    for url, text in files.items():
        path = tmp_path / "docs" / url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        out.append(Source(url, path, f"docs/{url}"))
    return out


def _in_order(haystack: str, needles: list[str]) -> bool:
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


# -- the engine ----------------------------------------------------------------------------
def test_bundle_holds_every_source_minified_in_order(tmp_path):
    srcs = _write(tmp_path, {"a/one.css": ".one { color: red; }\n/* a note */\n",
                             "a/two.css": "@media print {\n  .two { display: none; }\n}\n"})
    b = assets.build(srcs, "guide")
    assert b.url.startswith("a/guide.") and b.url.endswith(".min.css")
    assert b.data.decode() == ".one{color:red}\n@media print{.two{display:none}}\n"
    assert b.sources == ("a/one.css", "a/two.css")
    reordered = assets.build(srcs[::-1], "guide")
    assert reordered.data.decode().index(".two") < reordered.data.decode().index(".one")


def test_name_carries_the_content_hash(tmp_path):
    srcs = _write(tmp_path, {"x/a.js": "(function () { var answer = 42; })();\n",
                             "x/b.js": "(() => { window.b = 1 })()\n"})
    first = assets.build(srcs, "guide")
    digest = hashlib.sha256(first.data).hexdigest()[:8]
    assert first.url == f"x/guide.{digest}.min.js"
    assert assets.build(srcs, "guide") == first, "the same sources give the same file and name"
    srcs[1].path.write_text("(() => { window.b = 2 })()\n")
    changed = assets.build(srcs, "guide")
    assert changed.url != first.url and changed.data != first.data


def test_scripts_are_joined_so_neither_runs_into_the_next(tmp_path):
    # Without a separator, 'x = 1' followed by '(...)()' would call 1 as a function.
    srcs = _write(tmp_path, {"a.js": "window.x = 1\n", "b.js": "(function () { window.y = 2 })()\n"})
    out = tmp_path / "bundle.js"
    out.write_bytes(assets.build(srcs, "guide", directory="").data)
    proc = subprocess.run(["node", "-e", f"global.window = global; require({str(out)!r}); "
                                         "process.stdout.write(String(window.x + window.y))"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == "3", proc.stderr


def test_relative_css_urls_still_point_at_their_files(tmp_path):
    srcs = _write(tmp_path, {"assets/guide/a.css": ".a{background:url(img/a.png)}",
                             "assets/guide/sub/b.css": ".b{background:url('../img/b.png')} .c{background:url(data:x)}"
                                                       " .d{background:url(https://example.org/x.png)} .e{mask:url(#m)}"})
    text = assets.build(srcs, "guide", directory="assets").data.decode()
    assert "url(guide/img/a.png)" in text and "url('guide/img/b.png')" in text
    assert "url(data:x)" in text and "url(https://example.org/x.png)" in text and "url(#m)" in text


@pytest.mark.parametrize("css, line, words", [
    (".a {\n  color: red;\n\n.b { color: blue; }\n", 1, "'{' is never closed"),
    (".a { color: red; }\n}\n.b {}\n", 2, "'}' closes nothing"),
    (".a { color: red; }\n/* never closed\n.b {}\n", 2, "comment '/*' is never closed"),
    ('.a::before { content: "open; }\n', 1, "string opened with \" is not closed"),
    (".a {}\n@import url(other.css);\n", 2, "@import does not work"),
])
def test_broken_stylesheet_is_named_with_its_line(tmp_path, css, line, words):
    srcs = _write(tmp_path, {"ok.css": ".ok { color: green; }\n", "bad.css": css})
    with pytest.raises(assets.ContentError) as e:
        assets.build(srcs, "guide")
    assert f"docs/bad.css:{line}: {words}" in str(e.value), str(e.value)
    assert "docs/ok.css" not in str(e.value)


def test_braces_in_comments_and_strings_are_not_counted(tmp_path):
    srcs = _write(tmp_path, {"a.css": '/* { */ .a::after { content: "}"; } .b { content: \'{\\\'\'; }\n'})
    assert assets.build(srcs, "guide", directory="").data


def test_script_syntax_error_is_named_with_its_line(tmp_path):
    srcs = _write(tmp_path, {"ok.js": "(function () { return 1; })();\n",
                             "bad.js": "(function () {\n  var a = 1;\n  if (a {\n  }\n})();\n"})
    problems = assets.js_problems(srcs, tmp_path / "cache")
    assert [(p.path, p.line) for p in problems] == [("docs/bad.js", 3)]
    assert "JavaScript syntax error" in problems[0].message


def test_parsed_scripts_are_remembered_by_content(tmp_path):
    srcs = _write(tmp_path, {"ok.js": "(function () { return 1; })();\n"})
    assert assets.js_problems(srcs, tmp_path / "cache") == []
    # Parsed once: no Node needed again for the same content.
    assert assets.js_problems(srcs, tmp_path / "cache", node=str(tmp_path / "no-node")) == []
    srcs[0].path.write_text("(function () { return 2; })();\n")
    with pytest.raises(assets.GuideError, match="could not check the scripts' syntax"):
        assets.js_problems(srcs, tmp_path / "cache", node=str(tmp_path / "no-node"))


def test_write_is_atomic_and_keeps_a_few_older_bundles(tmp_path):
    src = _write(tmp_path, {"s/a.css": ".a{color:red}"})[0]
    out = tmp_path / "cache"
    written = []
    for i in range(assets.KEEP + 3):
        src.path.write_text(f".a{{z-index:{i}}}")
        b = assets.write(assets.build([src], "guide"), out)
        assert b.file.read_bytes() == b.data
        written.append(b.file)
        os.utime(b.file, (1_000_000 + i, 1_000_000 + i))
    left = sorted(p.name for p in (out / "s").iterdir())
    assert len(left) == assets.KEEP and written[-1].name in left and written[0].name not in left
    assert not [p for p in (out / "s").iterdir() if p.name.startswith(".")], "no temporary file left"


# -- the real site -------------------------------------------------------------------------
def _own(html: str) -> tuple[list[str], list[str]]:
    """Own stylesheets and scripts a page loads, as site paths (the 404 page's links are root-absolute)."""
    css = re.findall(r'<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="[^"]*?(assets/guide/[^"]+)"', html)
    js = re.findall(r'<script\b[^>]*\bsrc="[^"]*?(assets/guide/[^"]+)"', html)
    return css, js


def test_every_page_loads_one_own_stylesheet_and_one_own_script(site):
    pages = built_pages(site) + ["404.html"]
    assert len(pages) >= 10
    bundles = set()
    for page in pages:
        html = page_file(site, page).read_text()
        css, js = _own(html)
        styles = [u for u in css if EXAM.match(u)]
        assert len(styles) == (1 if page in ("exam/", "progress/", "mistakes/") else 0), (page, css)
        review_css = [u for u in css if REVIEW.match(u)]
        assert len(review_css) == (1 if page == "review/" else 0), (page, css)
        css = [u for u in css if u not in styles + review_css]
        assert len(css) == 1 and BUNDLE.match(css[0]), (page, css)
        extra = [u for u in js if EXAM.match(u)]
        assert len(extra) == (1 if page == "exam/" else 0), (page, js)
        mistakes = [u for u in js if MISTAKES.match(u)]
        assert len(mistakes) == (1 if page == "mistakes/" else 0), (page, js)
        extra += mistakes
        review = [u for u in js if REVIEW.match(u)]
        expected = {"review/": ["review"], "": ["review-due"]}.get(page, [])
        assert [u.split("/")[-1].split(".")[0] for u in review] == expected, (page, js)
        extra += review
        rest = [u for u in js if u not in extra]
        assert len(rest) == 1 and BUNDLE.match(rest[0]), (page, js)
        bundles |= {css[0], rest[0]}
    assert len(bundles) == 2, f"every page loads the same two files: {sorted(bundles)}"


def test_built_bundles_are_the_sources_in_mkdocs_yml_order(site):
    shipped = sorted(p.relative_to(site).as_posix() for p in (site / "assets" / "guide").iterdir())
    assert all(BUNDLE.match(u) or EXAM.match(u) or MISTAKES.match(u) or REVIEW.match(u) for u in shipped), \
        f"only the bundles ship; the sources would be stale copies: {shipped}"
    assert len(shipped) == 8, shipped
    for kind in ("css", "js"):
        sources = _sources(kind)
        assert len(sources) >= 4
        built = next(u for u in shipped if BUNDLE.match(u) and u.endswith(kind))
        text = (site / built).read_text()
        pieces = [assets.minify(kind, s.path.read_text()) for s in sources]
        assert _in_order(text, pieces), f"{built} holds {[s.url for s in sources]} in that order"
        assert built == assets.build(sources, "guide").url
    assert "assets/guide/exam.js" not in _mkdocs_yml()["extra_javascript"], "exam.js is loaded by the exam page only"
    assert "assets/guide/exam.css" not in _mkdocs_yml()["extra_css"], "exam.css is loaded by two pages only"
    for kind in ("js", "css"):
        exam = next(u for u in shipped if EXAM.match(u) and u.endswith(kind))
        assert (site / exam).read_text().strip() == assets.minify(kind, (DOCS / f"assets/guide/exam.{kind}").read_text())


def test_built_bundle_parses(site):
    for p in (site / "assets" / "guide").glob("*.js"):
        proc = subprocess.run(["node", "--check", str(p)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{p.name}: {proc.stderr}"


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*")}


def test_a_build_writes_nothing_under_docs(tmp_path):
    before = _snapshot(DOCS)
    env = {**os.environ, "GUIDE_PDF": "false", "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _snapshot(DOCS) == before


# -- build errors and the switch -----------------------------------------------------------
def _project(tmp_path: Path, extra: str, files: dict[str, str], options: str = "") -> Path:
    """A one-page project with ``files`` under docs/; ``options``: the guidebuild plugin's, one a line."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nText.\n")
    for name, text in files.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(textwrap.dedent(text))
    plugin = "  - guidebuild:\n" + "".join(f"      {o}\n" for o in options.splitlines()) if options else "  - guidebuild\n"
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n" + plugin + textwrap.dedent(extra))
    return tmp_path


def test_build_bundles_and_references_the_bundle(tmp_path):
    proj = _project(tmp_path, "extra_css: [css/a.css, css/b.css]\nextra_javascript: [js/a.js]\n",
                    {"css/a.css": ".a { color: red; }", "css/b.css": ".b { color: blue; }",
                     "js/a.js": "(function () { window.a = 1; })();"})
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode == 0, proc.stderr[-2000:]
    html = (proj / "site" / "index.html").read_text()
    css = re.findall(r'href="(css/guide\.[0-9a-f]{8}\.min\.css)"', html)
    js = re.findall(r'src="(js/guide\.[0-9a-f]{8}\.min\.js)"', html)
    assert len(css) == 1 and len(js) == 1, html
    assert (proj / "site" / css[0]).read_text() == ".a{color:red}\n.b{color:blue}\n"
    assert not (proj / "site" / "css" / "a.css").exists() and not (proj / "site" / "js" / "a.js").exists()
    assert "css/a.css" not in html and "js/a.js" not in html


def test_bundle_assets_false_serves_the_sources(tmp_path):
    proj = _project(tmp_path, "extra_css: [css/a.css]\nextra_javascript: [js/a.js]\n",
                    {"css/a.css": ".a { color: red; }", "js/a.js": "(function () { window.a = 1; })();"},
                    options="bundle_assets: false")
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode == 0, proc.stderr[-2000:]
    html = (proj / "site" / "index.html").read_text()
    assert 'href="css/a.css"' in html and 'src="js/a.js"' in html and "guide." not in html
    assert (proj / "site" / "css" / "a.css").read_text() == ".a { color: red; }"


def test_build_fails_on_a_script_syntax_error(tmp_path):
    proj = _project(tmp_path, "extra_javascript: [js/a.js, js/b.js]\n",
                    {"js/a.js": "(function () { window.a = 1; })();",
                     "js/b.js": "(function () {\n  window.b = [1, 2;\n})();\n"})
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode != 0
    assert "docs/js/b.js:2: JavaScript syntax error" in proc.stderr, proc.stderr[-2000:]
    assert not (proj / "site" / "index.html").exists(), "nothing half-built"


def test_build_fails_on_an_unbalanced_stylesheet(tmp_path):
    proj = _project(tmp_path, "extra_css: [a.css, b.css]\n",
                    {"a.css": ".a {\n  color: red;\n", "b.css": ".b { color: blue; }"})
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode != 0
    assert "docs/a.css:1: '{' is never closed" in proc.stderr, proc.stderr[-2000:]


def test_build_fails_on_a_listed_file_that_does_not_exist(tmp_path):
    proj = _project(tmp_path, "extra_css: [a.css, missing.css]\n", {"a.css": ".a { color: red; }"})
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode != 0
    assert "mkdocs.yml: extra_css lists missing.css, which is not a file under docs/" in proc.stderr, proc.stderr[-2000:]


def test_page_asset_is_built_alone_and_not_listed_twice(tmp_path):
    proj = _project(tmp_path, "extra_javascript: [a.js, exam.js]\n",
                    {"a.js": "window.a = 1;", "exam.js": "window.e = 1;"}, options="page_assets: [exam.js]")
    cfg = proj / "mkdocs.yml"
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode != 0
    assert "exam.js is in page_assets and in extra_css/extra_javascript" in proc.stderr, proc.stderr[-2000:]
    cfg.write_text(cfg.read_text().replace("[a.js, exam.js]", "[a.js]"))
    proc = mkdocs_build(proj, proj / "site")
    assert proc.returncode == 0, proc.stderr[-2000:]
    shipped = sorted(p.name for p in (proj / "site").glob("*.js"))
    assert len(shipped) == 2 and re.fullmatch(r"exam\.[0-9a-f]{8}\.min\.js", shipped[0]), shipped
    assert "exam." not in (proj / "site" / "index.html").read_text(), "no block asked for it"
