"""The page cache is correct: a rebuild writes the same site as a build without it, every input a
page is made from converts that page again (and nothing else does), and problems and warnings
come back from cached pages as they did when the page was converted.

Counts converted and cached pages from the build's own report; never times anything.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from guidebuild.site import pagecache
from guidetools import generator
from guidetools.sandbox import copy_project


_PAGES = re.compile(r"pages: (\d+) converted(?: \(([^)]*)\))?, (\d+) from the page cache")


def _report(proc: subprocess.CompletedProcess) -> tuple[set[str], int]:
    """(pages converted, pages from the cache) as the build reported them."""
    assert proc.returncode == 0, proc.stderr[-3000:]
    m = _PAGES.search(proc.stderr)
    assert m, f"no 'pages: N converted' line:\n{proc.stderr[-2000:]}"
    named = {n.strip() for n in (m[2] or "").split(",") if n.strip()}
    assert len(named) == int(m[1]) or "more" in (m[2] or ""), m[0]
    return named if len(named) == int(m[1]) else {f"#{i}" for i in range(int(m[1]))}, int(m[3])


def _pages(project: Path) -> list[str]:
    return sorted(str(p.relative_to(project / "docs")) for p in (project / "docs").rglob("*.md"))


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory, site) -> Path:
    """A copy of the real project; the diagrams come from the session build's cache (``site``)."""
    proj = copy_project(ROOT, tmp_path_factory.mktemp("pagecache") / "project")
    if (ROOT / ".cache" / "diagrams").is_dir():
        shutil.copytree(ROOT / ".cache" / "diagrams", proj / ".cache" / "diagrams")
    return proj


def _build(project: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    if env is None:
        return mkdocs_build(project, out, *extra)
    return subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(out), *extra],
                          cwd=project, capture_output=True, text=True, timeout=600, env={**os.environ, **env})


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new, 1))


# The steps share one project and run in order: each edits it and expects exactly its pages.

def test_1_rebuild_converts_nothing_and_writes_the_same_site(project, tmp_path):
    converted, cached = _report(_build(project, tmp_path / "first"))
    assert len(converted) == len(_pages(project)) and cached == 0
    converted, cached = _report(_build(project, tmp_path / "again"))
    assert converted == set() and cached == len(_pages(project))
    off = _build(project, tmp_path / "off", env={"GUIDE_PAGE_CACHE": "false"})
    assert off.returncode == 0 and not _PAGES.search(off.stderr), "page_cache: false keeps no pages"
    first, again, plain = _files(tmp_path / "first"), _files(tmp_path / "again"), _files(tmp_path / "off")
    assert first.keys() == again.keys() == plain.keys()
    for name in first:
        assert first[name] == again[name] == plain[name], f"{name} differs with the page cache"


def test_2_a_page_edit_converts_that_page(project, tmp_path):
    _edit(project / "docs" / "251-caching.md", "\n## ", "\nA sentence added by the page cache test.\n\n## ")
    converted, cached = _report(_build(project, tmp_path / "site"))
    assert converted == {"251-caching.md"} and cached == len(_pages(project)) - 1
    assert "A sentence added by the page cache test." in (tmp_path / "site" / "251-caching" / "index.html").read_text()


def test_3_a_quiz_edit_converts_its_page_and_the_pages_listing_the_bank(project, tmp_path):
    _edit(project / "quizzes" / "253-hpc.md", "\nExplanation: ", "\nExplanation: Edited by the page cache test. ")
    bank_pages = {p for p in _pages(project) if re.search(r"^/// (exam|quiz-progress|quiz-mistakes)\b",
                                                           (project / "docs" / p).read_text(), re.M)}
    assert len(bank_pages) >= 3, "the exam, progress and mistakes pages list the whole bank"
    converted, _ = _report(_build(project, tmp_path / "site"))
    assert converted == {"253-hpc.md"} | bank_pages
    assert "Edited by the page cache test." in (tmp_path / "site" / "253-hpc" / "index.html").read_text()
    assert "Edited by the page cache test." in (tmp_path / "site" / "exam" / "index.html").read_text()


def test_4_a_diagram_edit_converts_the_pages_that_embed_it(project, tmp_path):
    slug = "sqs-fifo-lambda"
    embedding = {p for p in _pages(project) if f"/// diagram | {slug}\n" in (project / "docs" / p).read_text()}
    assert embedding
    with (project / "diagram_src" / f"{slug}.py").open("a") as f:
        f.write("\n# edited by the page cache test\n")
    converted, _ = _report(_build(project, tmp_path / "site"))
    assert converted == embedding


@pytest.mark.parametrize("change", ["abbreviations", "markdown-settings", "new-page"])
def test_5_shared_inputs_convert_every_page(project, tmp_path, change):
    if change == "abbreviations":
        with (project / "includes" / "abbreviations.md").open("a") as f:
            f.write("*[PCT]: Page cache test\n")
    elif change == "markdown-settings":
        _edit(project / "mkdocs.yml", "  - toc:\n      permalink: true\n", "  - toc:\n      permalink: \"#\"\n")
    else:
        (project / "docs" / "page-cache-test.md").write_text(
            '---\ndescription: "A page the page cache test adds, to change the list of site files."\n---\n\n'
            "# Page cache test\n\nNot in the nav.\n")
        _edit(project / "mkdocs.yml", "not_in_nav: |\n", "not_in_nav: |\n  /page-cache-test.md\n")
    converted, cached = _report(_build(project, tmp_path / "site"))
    assert len(converted) == len(_pages(project)) and cached == 0


def test_6_a_cached_page_still_takes_part_in_the_checks_across_pages(project, tmp_path):
    # 250's quiz shown on 251 too. 250 comes from the cache; its quiz is still registered.
    page = project / "docs" / "251-caching.md"
    before = page.read_text()
    page.write_text(before + '\n--8<-- "quizzes/250-event-processing.md"\n')
    try:
        proc = _build(project, tmp_path / "site")
        assert proc.returncode != 0
        assert "shown twice" in proc.stderr and "250-event-processing.md" in proc.stderr
    finally:
        page.write_text(before)
    # The other order: the cached page (251) is the second to show the quiz.
    page = project / "docs" / "250-event-processing.md"
    before = page.read_text()
    page.write_text(before + '\n--8<-- "quizzes/251-caching.md"\n')
    try:
        proc = _build(project, tmp_path / "site2")
        assert proc.returncode != 0 and "shown twice" in proc.stderr, proc.stderr[-2000:]
    finally:
        page.write_text(before)


def test_7_warnings_come_back_from_the_cache(project, tmp_path):
    _edit(project / "docs" / "252-blocking-an-ip.md", "\n## ", "\nSee [a page](no-such-page.md).\n\n## ")
    for run in ("converted", "cached"):
        proc = _build(project, tmp_path / run, env={})
        assert proc.returncode != 0 and "no-such-page.md" in proc.stderr, f"{run}: the strict build fails"
        loose = subprocess.run([*generator.command(), "build", "--site-dir", str(tmp_path / f"{run}-loose")],
                               cwd=project, capture_output=True, text=True, timeout=600)
        assert loose.returncode == 0 and "no-such-page.md" in loose.stderr
    assert "252-blocking-an-ip.md" not in _PAGES.search(loose.stderr)[0], "the last build took the page from the cache"


# -- the engine alone --------------------------------------------------------------------------

def _entry(**deps) -> pagecache.Entry:
    return pagecache.Entry(content="<p>x</p>", toc=[], title=None, anchors=[], links_to_anchors={}, deps=deps)


def test_a_changed_dependency_misses(tmp_path):
    now = {"file:a": "1", "diagram:x": "k1"}
    cache = pagecache.PageCache(tmp_path, "salt", now.get)
    key = cache.key("p.md", "# P")
    assert cache.load("p.md", key) is None and cache.misses == ["p.md"]
    cache.store(key, _entry(**now))
    assert cache.load("p.md", key) is not None and cache.hits == ["p.md"]
    for dep, value in (("file:a", "2"), ("diagram:x", "k2"), ("file:a", None)):
        changed = pagecache.PageCache(tmp_path, "salt", {**now, dep: value}.get)
        assert changed.load("p.md", key) is None and changed.misses == ["p.md"], dep


def test_the_key_holds_salt_page_and_parts(tmp_path):
    a = pagecache.PageCache(tmp_path, "salt", {}.get)
    keys = {a.key("p.md", "x"), a.key("q.md", "x"), a.key("p.md", "y"), a.key("p.md", "x", "meta"),
            pagecache.PageCache(tmp_path, "salt2", {}.get).key("p.md", "x")}
    assert len(keys) == 5
    assert pagecache.digest("ab", "c") != pagecache.digest("a", "bc")


def test_versions_and_package_sources_change_the_salt(tmp_path, monkeypatch):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "ext.py").write_text("X = 1\n")
    before = pagecache.package_digest(pkg)
    (pkg / "ext.py").write_text("X = 2\n")
    assert pagecache.package_digest(pkg) != before
    real = pagecache.versions()
    assert set(real) == set(pagecache.CONVERTERS) and "-" not in real.values()
    monkeypatch.setattr(pagecache.metadata, "version", lambda name: "0.0.0")
    assert pagecache.versions() != real


def test_canonical_names_functions_not_addresses():
    def f():
        pass
    text = pagecache.canonical({"b": [f], "a": logging.getLogger})
    assert "0x" not in text and "test_pagecache" in text and text.index('"a"') < text.index('"b"')


def test_unreadable_entries_miss(tmp_path):
    cache = pagecache.PageCache(tmp_path, "salt", {}.get)
    key = cache.key("p.md", "x")
    path = tmp_path / key[:2] / f"{key}.json"
    path.parent.mkdir()
    for text in ("{", json.dumps({"content": "only"}), ""):
        path.write_text(text)
        assert cache.load("p.md", key) is None
    assert cache.misses == ["p.md"] * 3


def test_prune_keeps_what_a_build_used_and_what_is_recent(tmp_path):
    cache = pagecache.PageCache(tmp_path, "salt", {}.get)
    keys = [cache.key("p.md", str(i)) for i in range(3)]
    for k in keys:
        cache.store(k, _entry())
    old = time.time() - pagecache.KEEP_UNUSED_S - 60
    for k in keys[1:]:
        os.utime(tmp_path / k[:2] / f"{k}.json", (old, old))
    later = pagecache.PageCache(tmp_path, "salt", {}.get)
    later.load("p.md", keys[1])  # used by this build, though old
    assert later.prune() == 1
    assert sorted(p.stem for p in tmp_path.glob("*/*.json")) == sorted(keys[:2])
