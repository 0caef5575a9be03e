"""Fault injection: every kind of cache entry damaged on disk is discarded with one warning and made
again, never shipped and never fatal; a cache that cannot be written costs only the caching."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from guidebuild.core import atomic

from conftest import ROOT, mkdocs_build

SCRIPT = """\
from diagrams.aws.compute import Lambda
from diagrams.aws.integration import SQS
from guidebuild.authoring import Diagram, Edge, Step

with Diagram("D", steps=[Step("Go.", edges=["e"])]):
    q = SQS("Queue", nodeid="q", tooltip="Holds messages.", URL="index.md#top")
    f = Lambda("Function", nodeid="f", tooltip="Runs the code.", URL="index.md#top")
    q >> Edge(label="poll", id="e") >> f
"""
PAGE = ('---\ndescription: "A page with a description of fifty characters or more, for the cache tests."\n'
        '---\n\n# Home {#top}\n\n/// diagram | d\nCaption.\n///\n')


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "diagram_src").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nsite_url: https://example.com/t/\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
        "markdown_extensions:\n  - attr_list\n"
        "plugins:\n  - guidebuild:\n      pdf: false\n      social_cards: true\n")
    (tmp_path / "docs" / "index.md").write_text(PAGE)
    (tmp_path / "diagram_src" / "d.py").write_text(SCRIPT)
    return tmp_path


def build(project: Path, name: str):
    proc = mkdocs_build(project, project / name)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc, project / name


def one(project: Path, pattern: str) -> Path:
    (found,) = [p for p in (project / ".cache").glob(pattern) if not p.name.endswith(atomic.SUM)]
    return found


def truncate(path: Path, keep: int = 10) -> None:
    path.write_bytes(path.read_bytes()[:keep])


@pytest.mark.parametrize("entry", ["diagrams/d.*.svg", "diagrams/d.*.json", "diagrams/icons/lambda-*.png",
                                   "diagrams/icons/.index/*.json", "social/index.*.png", "pages/*/*.json"])
def test_a_damaged_entry_is_discarded_made_again_and_never_shipped(project, entry):
    _, first = build(project, "site1")
    damaged = sorted(p for p in (project / ".cache").glob(entry) if not p.name.endswith(atomic.SUM))[0]
    truncate(damaged)
    if ".index" in entry:  # read when an icon is looked up: when a diagram is rendered again
        script = project / "diagram_src" / "d.py"
        script.write_text(script.read_text() + "# edited\n")
    proc, again = build(project, "site2")
    name = os.path.relpath(damaged, project)
    assert proc.stderr.count("cache: discarded") == 1 and f"cache: discarded {name}" in proc.stderr, proc.stderr
    for page in ("index.html",):
        assert (again / page).read_text() == (first / page).read_text()
    for icon in (first / "assets" / "diagrams" / "icons").iterdir():
        assert (again / icon.relative_to(first)).read_bytes() == icon.read_bytes()
    cards = sorted((first / "assets" / "social").glob("*.png")) if (first / "assets" / "social").is_dir() else []
    for card in cards:
        assert (again / card.relative_to(first)).read_bytes() == card.read_bytes()
    if damaged.suffix == ".png" and "icons" in damaged.parts:  # an icon is checked by the hash in its name
        assert damaged.name.endswith(f"-{hashlib.sha256(damaged.read_bytes()).hexdigest()[:10]}.png")
    else:
        assert atomic.load(damaged) is not None, "made again, with its checksum"


def test_a_damaged_pdf_is_never_published(project):
    """A PDF left truncated in the cache (a 10-byte file passed as 'unchanged') is not reused."""
    out = project / ".cache" / "pdf"
    for paper in ("a4", "letter"):
        atomic.store(out / f"study-guide-{paper}.pdf", b"%PDF-1.7\n" + b"x" * 4000 + b"\n%%EOF\n")
    atomic.store(out / "study-guide.json", b'{"key": "k", "pages": 3}')
    truncate(out / "study-guide-a4.pdf")
    proc, site = build(project, "site")
    assert "cache: discarded .cache/pdf/study-guide-a4.pdf" in proc.stderr, proc.stderr
    assert "none printed before" in proc.stderr
    assert (site / "study-guide-a4.pdf").read_bytes().startswith(b"%PDF-")
    assert (site / "study-guide-a4.pdf").stat().st_size > 500


def test_an_unwritable_cache_folder_costs_the_caching_not_the_build(project):
    """Root writes through file modes, so the cache folders are made unwritable the way a full or
    foreign disk is: as paths under a file, where nothing can be created."""
    blocker = project / "not-a-folder"
    blocker.write_text("a file where the cache folders would be")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  - attr_list\n", "  - attr_list\n  - guidebuild.diagrams:\n"
                                           "      cache_dir: not-a-folder/cache_dir\n") + "".join(
        f"      {option}: not-a-folder/{option}\n"
        for option in ("pdf_dir", "social_cache_dir", "assets_cache_dir", "page_cache_dir")))
    proc, site = build(project, "site")
    assert proc.stderr.count("cannot be written") == 5, proc.stderr
    assert "Fix: make it writable" in proc.stderr and "Traceback" not in proc.stderr
    html = (site / "index.html").read_text()
    assert 'class="gb-diagram"' in html and "<svg" in html
    icons = list((site / "assets" / "diagrams" / "icons").glob("*.png"))
    assert icons and all(i.read_bytes().startswith(b"\x89PNG") for i in icons)
    assert list((site / "assets" / "social").glob("*.png"))


def test_store_and_load_round_trip_and_refuse_damage(tmp_path):
    path = tmp_path / "x" / "entry.bin"
    atomic.store(path, b"hello")
    assert atomic.load(path) == b"hello"
    path.write_bytes(b"hellO")
    assert atomic.load(path) is None and not path.exists() and not atomic.sum_path(path).exists()
    path.write_bytes(b"no checksum")  # written before checksums: a quiet miss, not a warning
    assert atomic.load(path) is None and path.exists()
