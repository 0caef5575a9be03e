"""Diagram scripts run confined (guidebuild/diagrams/confine.py): no inherited secrets, no writes outside their
output folder (under bubblewrap), and nothing left running or on disk after a timeout or a stop."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from conftest import mkdocs_build
from guidetools import generator


HAS_BWRAP = shutil.which("bwrap") is not None

HEAD = """\
import os, subprocess, sys, time
from diagrams.aws.compute import Lambda
from guidebuild.authoring import Diagram
"""


def _project(tmp_path: Path, body: str, timeout: int = 20) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "diagram_src").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nmarkdown_extensions:\n  - attr_list\n  - guidebuild.diagrams:\n      timeout: {timeout}\n"
        f"plugins:\n  - guidebuild:\n      pdf: false\n")
    (tmp_path / "docs" / "index.md").write_text("# Home {#top}\n\n/// diagram | d\nCaption.\n///\n")
    (tmp_path / "diagram_src" / "d.py").write_text(HEAD + textwrap.dedent(body))
    return tmp_path


def _pids_with(marker: str) -> list[str]:
    proc = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    return proc.stdout.split()


def _diagram_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("diagram-d-*")}


def test_a_script_sees_no_secret_of_the_build(tmp_path):
    proj = _project(tmp_path, """
        seen = os.environ.get("GUIDE_TEST_SECRET", "no secret here")
        with Diagram("D"):
            Lambda("fn", nodeid="fn", tooltip=f"Saw: {seen}.", URL="index.md#top")
    """)
    env = {**os.environ, "GUIDE_TEST_SECRET": "s3cr3t-t0ken-value"}
    proc = subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=proj, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = "".join(p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*") if p.is_file())
    assert "s3cr3t-t0ken-value" not in site
    assert "Saw: no secret here." in site


@pytest.mark.skipif(not HAS_BWRAP, reason="needs bubblewrap (scripts/system-deps installs it)")
def test_a_script_cannot_write_into_the_project(tmp_path):
    proj = _project(tmp_path, f"""
        open({str(tmp_path / 'docs' / 'injected.html')!r}, "w").write("<script>alert(1)</script>")
        with Diagram("D"):
            Lambda("fn", nodeid="fn", tooltip="Runs.", URL="index.md#top")
    """)
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "diagram_src/d.py:5: diagram 'd' failed" in proc.stderr and "Read-only file system" in proc.stderr, proc.stderr
    assert not (tmp_path / "docs" / "injected.html").exists()


def test_unconfined_runs_are_said_once(tmp_path):
    proj = _project(tmp_path, """
        with Diagram("D"):
            Lambda("fn", nodeid="fn", tooltip="Runs.", URL="index.md#top")
    """)
    env = {**os.environ, "GUIDE_CONFINE": "false"}
    proc = subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=proj, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr.count("diagram scripts run unconfined") == 1


def test_a_hanging_script_and_its_children_are_killed_at_the_timeout(tmp_path):
    marker = f"{time.time_ns() % 10**9}.25"
    proj = _project(tmp_path, f"""
        subprocess.Popen(["sleep", "{marker}"])
        sys.stderr.write("x" * 5_000_000 + "\\n")
        time.sleep(600)
    """, timeout=4)
    before = _diagram_dirs()
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "diagram 'd' timed out after 4 s" in proc.stderr
    assert len(proc.stderr) < 20_000, "a huge error line is cut, not printed whole"
    time.sleep(0.5)
    assert _pids_with(f"sleep {marker}") == [], "the script's child outlived the timeout"
    assert _diagram_dirs() <= before


def test_a_stopped_build_leaves_no_process_and_no_temporary_folder(tmp_path):
    marker = f"{time.time_ns() % 10**9}.75"
    proj = _project(tmp_path, f"""
        subprocess.Popen(["sleep", "{marker}"])
        time.sleep(600)
    """, timeout=300)
    before = _diagram_dirs()
    build = subprocess.Popen([*generator.command(), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                             cwd=proj, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _pids_with(f"sleep {marker}") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _pids_with(f"sleep {marker}"), "the script never started"
    build.send_signal(signal.SIGTERM)
    build.communicate(timeout=60)
    assert build.returncode != 0
    time.sleep(0.5)
    assert _pids_with(f"sleep {marker}") == []
    assert _diagram_dirs() <= before
