"""The diagram cache is correct: every input that can change a diagram re-renders it, nothing else
does, and an interrupted write never leaves an entry that a later run would trust.

Counts hits, misses, subprocesses and icon optimizations; never times anything.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import guidebuild.diagrams.render as render
from guidebuild.core import atomic
from guidebuild.core.atomic import atomic_write
from guidebuild.diagrams.render import Renderer

from conftest import ROOT, mkdocs_build
from projects import GOOD, diagram_project as _project

# Two real diagrams that share icons (client, SQS, Lambda).
A, B = "fanout-sns-sqs", "sqs-lambda-dlq"


@pytest.fixture
def src(tmp_path) -> Path:
    folder = tmp_path / "diagram_src"
    folder.mkdir()
    for slug in (A, B):
        shutil.copy(ROOT / "diagram_src" / f"{slug}.py", folder)
    return folder


@pytest.fixture
def warm(src, tmp_path) -> Path:
    """A cache that already holds both diagrams."""
    cache = tmp_path / "cache"
    first = Renderer(src, cache)
    first.render()
    assert first.stats.misses == [A, B] and first.stats.hits == []
    return cache


def _run(src: Path, cache: Path, **kwargs) -> Renderer:
    r = Renderer(src, cache, **kwargs)
    r.render()
    return r


def _entries(cache: Path, slug: str) -> list[str]:
    return sorted(p.name for p in cache.glob(f"{slug}.*.svg"))


class _Recorder:
    """Stands in for subprocess.Popen (which subprocess.run uses) and notes every command."""

    def __init__(self, monkeypatch):
        self.commands: list[list[str]] = []
        real = subprocess.Popen
        recorder = self

        class Popen(real):
            def __init__(self, args, *a, **kw):
                recorder.commands.append([str(x) for x in args])
                super().__init__(args, *a, **kw)

        monkeypatch.setattr(subprocess, "Popen", Popen)


def test_unchanged_run_renders_nothing_and_runs_only_dot_version(src, warm, monkeypatch):
    calls = _Recorder(monkeypatch)
    again = _run(src, warm)
    assert again.stats.hits == [A, B] and again.stats.misses == []
    assert again.icons.made == 0
    assert len(calls.commands) == 1, calls.commands
    assert Path(calls.commands[0][0]).name == "dot" and calls.commands[0][1:] == ["-V"]


def test_editing_a_script_re_renders_only_that_one(src, warm, monkeypatch):
    before = _entries(warm, A)
    with (src / f"{A}.py").open("a") as f:
        f.write("\n# an author's edit\n")
    calls = _Recorder(monkeypatch)
    again = _run(src, warm)
    assert again.stats.misses == [A] and again.stats.hits == [B]
    scripts = [c for c in calls.commands if c[-1].endswith(".py")]
    assert len(scripts) == 1 and scripts[0][-1].endswith(f"{A}.py")
    assert again.icons.made == 0, "icons come from the index, not optimized again"
    after = _entries(warm, A)
    assert len(after) == 1 and after != before, "the replaced entry is pruned"


def test_a_sidecar_re_renders_its_diagram_only(src, warm):
    (src / f"{B}.steps.yaml").write_text("- one\n")
    again = _run(src, warm)
    assert again.stats.misses == [B] and again.stats.hits == [A]


def test_a_shared_helper_re_renders_every_diagram(src, warm):
    (src / "_shared.py").write_text("COLOR = 'red'\n")
    again = _run(src, warm)
    assert again.stats.misses == [A, B]
    assert "_shared" not in again.scripts(), "a helper is not a diagram"


def test_a_new_diagrams_version_re_renders(src, warm, monkeypatch):
    monkeypatch.setattr(render, "diagrams_version", lambda: "99.0.0")
    again = _run(src, warm)
    assert again.stats.misses == [A, B] and again.stats.hits == []


def test_a_new_dot_version_re_renders(src, warm, tmp_path, monkeypatch):
    real_dot = shutil.which("dot")
    fake = tmp_path / "bin" / "dot"
    fake.parent.mkdir()
    # Reports another version and otherwise hands over to the real Graphviz.
    fake.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        if [ "$1" = "-V" ]; then echo "dot - graphviz version 99.0.0 (fake)" >&2; exit 0; fi
        exec {real_dot} "$@"
    """))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    assert "99.0.0" in render.dot_version()
    again = _run(src, warm)
    assert again.stats.misses == [A, B] and again.stats.hits == []
    assert _run(src, warm).stats.hits == [A, B], "the new version is itself cached"


def test_a_new_renderer_version_re_renders(src, warm):
    again = _run(src, warm, renderer_version="test-2")
    assert again.stats.misses == [A, B] and again.stats.hits == []


def test_a_change_to_the_renderer_code_re_renders(src, warm, monkeypatch):
    monkeypatch.setattr(render, "_code_digest", lambda: "edited renderer code")
    again = _run(src, warm)
    assert again.stats.misses == [A, B]


def test_icons_are_optimized_once_and_shared(src, tmp_path):
    cold = _run(src, tmp_path / "cache")
    used = {name for slug in (A, B) for name in _meta_icons(tmp_path / "cache", slug)}
    on_disk = {p.name for p in (tmp_path / "cache" / "icons").glob("*.png")}
    assert used == on_disk
    # Each distinct icon once, although the two diagrams share three of them.
    assert cold.icons.made == len(on_disk) < sum(len(_meta_icons(tmp_path / "cache", s)) for s in (A, B))


def _meta_icons(cache: Path, slug: str) -> list[str]:
    import json

    (meta,) = cache.glob(f"{slug}.*.json")
    return json.loads(meta.read_text())["icons"]


def test_a_run_killed_between_its_two_writes_is_not_trusted(src, warm, monkeypatch):
    """The SVG is written last; an entry without it is a miss, re-rendered next time."""
    with (src / f"{A}.py").open("a") as f:
        f.write("\n# edit\n")

    store = atomic.store

    def dies_on_svg(path: Path, data: bytes) -> None:
        if path.suffix == ".svg":
            raise KeyboardInterrupt  # the author pressed Ctrl-C, or the machine went down
        store(path, data)

    monkeypatch.setattr(atomic, "store", dies_on_svg)
    with pytest.raises(KeyboardInterrupt):
        _run(src, warm)
    monkeypatch.setattr(atomic, "store", store)
    assert not list(warm.rglob("*.tmp"))
    again = _run(src, warm)
    assert again.stats.misses == [A] and again.stats.hits == [B]
    assert _run(src, warm).stats.hits == [A, B]


def test_a_write_that_dies_midway_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "entry.svg"
    target.write_bytes(b"<svg>old</svg>")

    def no_rename(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        atomic_write(target, b"<svg>new and longer</svg>")
    assert target.read_bytes() == b"<svg>old</svg>"
    assert [p.name for p in tmp_path.iterdir()] == ["entry.svg"], "the temporary file is removed"


def test_a_leftover_temporary_file_is_not_an_entry(src, warm):
    """A SIGKILL mid-write leaves a temporary file behind; it never counts as a cached diagram."""
    with (src / f"{A}.py").open("a") as f:
        f.write("\n# edit\n")
    probe = Renderer(src, warm)
    probe.scripts()
    key = probe.key(A, src / f"{A}.py")
    (warm / f".{A}.{key}.svg.x1y2.tmp").write_text("<svg>half")
    (warm / f"{A}.{key}.json").write_text('{"icons": []}')
    again = _run(src, warm)
    assert again.stats.misses == [A]
    assert (warm / f"{A}.{key}.svg").read_text().startswith("<svg")


def test_the_build_reports_what_it_rendered(tmp_path):
    """The plugin's INFO line, which authors see and scripts/bench reads."""
    proj = _project(tmp_path, "# T\n\n/// diagram | good\n///\n", {"good": GOOD})
    first = mkdocs_build(proj, tmp_path / "site")
    assert first.returncode == 0, first.stderr
    assert "diagrams: 1 rendered (good), 0 from cache" in first.stderr
    second = mkdocs_build(proj, tmp_path / "site")
    assert "diagrams: 0 rendered, 1 from cache" in second.stderr


def test_a_script_is_highlighted_once_across_builds(tmp_path, monkeypatch):
    """The source tab's Pygments work is kept with the diagrams: an unchanged script costs a read."""
    import markdown
    import pygments

    from guidebuild.diagrams import extension as diagram

    calls = []
    real = pygments.highlight
    monkeypatch.setattr(pygments, "highlight", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    md = markdown.Markdown(extensions=["pymdownx.highlight"])
    cache = tmp_path / "source"
    first = diagram.highlight_source(md, "x = 1\n", "diagram_src/a.py", cache)
    again = diagram.highlight_source(md, "x = 1\n", "diagram_src/a.py", cache)
    assert len(calls) == 1 and again == first and "highlight" in first
    edited = diagram.highlight_source(md, "x = 2\n", "diagram_src/a.py", cache)
    assert len(calls) == 2 and edited != first
    assert len(list(cache.glob("diagram-src-a-py.*.html"))) == 1, "the older version is removed"
    assert diagram.highlight_source(md, "x = 2\n", "diagram_src/a.py", None) == edited, "same HTML without a cache"
