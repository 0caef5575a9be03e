"""The renderer: every real diagram renders, portably and deterministically; failures say where."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from guidebuild.core.errors import ContentError, DotNotFound
from guidebuild.diagrams.render import Renderer

from conftest import ROOT, TESTS
from projects import SLUGS

SRC = ROOT / "diagram_src"
BROKEN = TESTS / "fixtures" / "broken_diagrams"
# Anything that names the build machine's filesystem, or a URL the browser can't reach from a host.
NON_PORTABLE = re.compile(r'(?:href|src)="(?:/|file:|[a-zA-Z]:\\)|site-packages|/usr/|/tmp/|/root/|/home/|\\\\')


@pytest.fixture(scope="module")
def two_renders(tmp_path_factory):
    """All diagrams rendered twice, into two empty caches."""
    out = []
    for name in ("first", "second"):
        cache = tmp_path_factory.mktemp(name)
        r = Renderer(SRC, cache)
        out.append((r.render(), cache))
    return out


def test_there_are_diagrams():
    assert len(SLUGS) >= 22


@pytest.mark.parametrize("slug", SLUGS)
def test_renders_portably(slug, two_renders):
    (done, cache), _ = two_renders
    r = done[slug]
    assert r.svg.startswith("<svg") and r.meta["nodes"], slug
    assert not r.twin or r.twin.startswith('<svg') and 'gb-svg--narrow' in r.twin.split(">", 1)[0], slug
    both = r.svg + r.twin
    assert not NON_PORTABLE.search(both), NON_PORTABLE.search(both).group(0)
    icons = re.findall(r'<image[^>]*href="([^"]+)"', both)
    assert icons, "a diagram of AWS services shows icons"
    for href in icons:
        assert href.startswith("assets/diagrams/icons/")
        data = (cache / "icons" / href.rsplit("/", 1)[1]).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 200


@pytest.mark.parametrize("slug", SLUGS)
def test_render_is_deterministic(slug, two_renders):
    (first, c1), (second, c2) = two_renders
    assert (first[slug].svg, first[slug].twin) == (second[slug].svg, second[slug].twin)
    for name in first[slug].icons:
        assert (c1 / "icons" / name).read_bytes() == (c2 / "icons" / name).read_bytes()


def test_a_cached_render_is_the_same_typed_value(two_renders):
    """The cache keeps wide drawing and twin in one file; read back, they are the same two fields."""
    (fresh, cache), _ = two_renders
    again = Renderer(SRC, cache).render()
    assert any(r.twin for r in fresh.values()), "some diagram is wide enough to have a phone twin"
    for slug, r in fresh.items():
        assert again[slug].from_cache and (again[slug].svg, again[slug].twin) == (r.svg, r.twin), slug


@pytest.mark.parametrize("slug", SLUGS)
def test_every_node_teaches(slug, two_renders):
    """Tooltip and notes link on every node, a narrated flow on every diagram with edges."""
    meta = two_renders[0][0][slug].meta
    assert meta["nodes"] and all(n["tooltip"] and re.match(r"^[\w.-]+\.md#[\w-]+$", n["url"]) for n in meta["nodes"])
    if meta["edges"]:
        assert meta["steps"]
        narrated = {e for s in meta["steps"] for e in s["edges"]}
        assert narrated == {e["id"] for e in meta["edges"]}


@pytest.mark.parametrize("slug", SLUGS)
def test_svg_is_compact(slug, two_renders):
    """Another engineer benchmarks gzipped bytes per diagram: stay well under 20 KB."""
    import gzip
    r = two_renders[0][0][slug]
    assert len(gzip.compress((r.svg + r.twin).encode(), 9)) < 12_000


@pytest.mark.parametrize("slug", SLUGS)
def test_ids_are_namespaced_and_unique(slug, two_renders):
    svg = two_renders[0][0][slug].svg + two_renders[0][0][slug].twin
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert len(ids) == len(set(ids))
    assert all(i.startswith(f"{slug}--") for i in ids), ids


def test_second_run_is_served_from_cache(tmp_path):
    shutil.copy(SRC / f"{SLUGS[0]}.py", tmp_path)
    cache = tmp_path / "cache"
    Renderer(tmp_path, cache).render()
    again = Renderer(tmp_path, cache)
    again.render()
    assert again.stats.hits == [SLUGS[0]] and again.stats.misses == []


def test_all_failures_reported_in_one_run(tmp_path):
    cache = tmp_path / "cache"
    with pytest.raises(ContentError) as info:
        Renderer(BROKEN, cache, timeout=3).render()
    text = str(info.value)
    problems = {Path(p.path).stem: p for p in info.value.problems}
    assert set(problems) == {"raises", "syntax", "slow", "no-nodeid", "plain-diagrams", "bad-step",
                             "no-tooltip", "no-steps", "silent-edge", "bad-url", "crossed-title"}, text
    assert problems["raises"].line == 7 and "RuntimeError: boom from the fixture" in problems["raises"].message
    assert problems["syntax"].line == 4 and "SyntaxError" in problems["syntax"].message
    assert "timed out after 3 s" in problems["slow"].message
    assert "nodeid" in problems["no-nodeid"].message and problems["no-nodeid"].line == 6  # the node itself
    assert "wrote no plain-diagrams.svg" in problems["plain-diagrams"].message
    assert "unknown node 'ghost'" in problems["bad-step"].message
    # The teaching contract: each broken rule names the script line and says what to add.
    assert problems["no-tooltip"].line == 8 and "node 'fn' has no tooltip=" in problems["no-tooltip"].message
    assert problems["no-steps"].line == 6 and "1 edge(s) but no steps=" in problems["no-steps"].message
    assert "edge(s) no step narrates: delete" in problems["silent-edge"].message
    assert problems["bad-url"].line == 6 and "URL='page.md#anchor'" in problems["bad-url"].message
    assert "Traceback" not in problems["no-tooltip"].message, "a broken rule needs no traceback"
    assert "diagram 'raises'" in text and "raises.py:7" in text
    assert not list(cache.glob("*.svg")), "nothing half-written is cached"


def test_an_edge_through_a_cluster_title_fails_the_render(tmp_path):
    """No edge through a label (issue 19): the script's line, the diagram, the edge, the label and
    the drawing, with what to do; nothing is cached."""
    shutil.copy(BROKEN / "crossed-title.py", tmp_path)
    cache = tmp_path / "cache"
    with pytest.raises(ContentError) as info:
        Renderer(tmp_path, cache).render()
    [problem] = info.value.problems
    assert problem.line == 14 and Path(problem.path).name == "crossed-title.py"
    assert problem.message.startswith("diagram 'crossed-title': edge 'in' (line 14) runs through the label "
                                      "'A cluster title far wider than its node' (cluster "), problem.message
    assert problem.message.endswith("in the phone twin"), problem.message
    assert "xlabel=" in problem.fix and "wide_only=True" in problem.fix and "_TITLE_PLACES" in problem.fix
    assert "crossed-title.py:14: diagram 'crossed-title': edge 'in'" in str(info.value)
    assert not list(cache.glob("*.svg")), "a crossed drawing is not cached"


def test_missing_dot_says_how_to_install(tmp_path, monkeypatch):
    shutil.copy(SRC / f"{SLUGS[0]}.py", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(DotNotFound, match="apt-get install graphviz"):
        Renderer(tmp_path, tmp_path / "cache").render()
