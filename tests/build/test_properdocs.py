"""The site on ProperDocs 1.6.7, the maintained fork of MkDocs (MkDocs 1.x is unmaintained): the same
pages as the MkDocs build, and the page cache replays warnings whatever the generator's logger is."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from guidetools.sandbox import copy_project

GENERATORS = ("mkdocs", "properdocs")
_GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(generator: str, project: Path, out: Path, strict: bool = True, **env: str) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", generator, "build", "--site-dir", str(out)] + (["--strict"] if strict else [])
    return subprocess.run(args, cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "GUIDE_PDF": "false", **env})


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): _GENERATOR_META.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path):
    """Strict, every page converted: every file the same, bar the generator's name in a meta tag."""
    sites = {}
    for generator in GENERATORS:
        proc = build(generator, ROOT, tmp_path / generator, GUIDE_PAGE_CACHE="false")
        assert proc.returncode == 0, f"{generator}:\n{proc.stderr[-3000:]}"
        sites[generator] = _files(tmp_path / generator)
    mk, pd = sites["mkdocs"], sites["properdocs"]
    assert sorted(mk) == sorted(pd)
    different = [name for name in mk if mk[name] != pd[name]]
    assert not different, different[:10]
    assert len(mk) > 100 and b"ProperDocs" in (tmp_path / "properdocs" / "index.html").read_bytes()


@pytest.mark.parametrize("generator", GENERATORS)
def test_a_warning_comes_back_from_the_page_cache_under_either_generator(tmp_path, generator):
    """Under ProperDocs the cache once captured warnings on the 'mkdocs' logger only: a broken link
    warned on the first build and vanished on the second, served from the cache."""
    proj = copy_project(ROOT, tmp_path / "proj")
    if (ROOT / ".cache" / "diagrams").is_dir():
        shutil.copytree(ROOT / ".cache" / "diagrams", proj / ".cache" / "diagrams")
    page = proj / "docs" / "251-caching.md"
    page.write_text(page.read_text().replace("\n## ", "\nSee [this page](no-such-page.md).\n\n## ", 1))
    for run in (1, 2):
        proc = build(generator, proj, tmp_path / f"site{run}", strict=False)
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert "contains a link 'no-such-page.md'" in proc.stderr, (run, proc.stderr[-3000:])
        if run == 2:
            assert re.search(r"pages: 0 converted, \d+ from the page cache", proc.stderr), proc.stderr[-2000:]
    strict = build(generator, proj, tmp_path / "site3")
    assert strict.returncode != 0 and "no-such-page.md" in strict.stderr
