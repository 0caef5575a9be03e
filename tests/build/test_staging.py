"""A failed, warned-about or stopped build leaves the previous site as it was and nothing half-built
beside it (guidebuild/site/staging.py)."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import mkdocs_build

from guidebuild.site.staging import Staging
from guidetools import generator


def _project(tmp_path: Path, page: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "diagram_src").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - guidebuild:\n      pdf: false\n"
                                         "validation:\n  links:\n    not_found: warn\n")
    (tmp_path / "docs" / "index.md").write_text(page)
    return tmp_path


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site."))


def test_a_good_build_replaces_the_site_and_a_bad_one_leaves_it(tmp_path):
    proj = _project(tmp_path, "# Home\n\nFirst version.\n")
    site = tmp_path / "site"
    assert mkdocs_build(proj, site).returncode == 0
    assert "First version." in (site / "index.html").read_text()
    # A content error: the build fails and the site is the previous one, complete.
    (proj / "docs" / "index.md").write_text("# Home\n\nSecond version with a [broken][ref] link.\n")
    proc = mkdocs_build(proj, site)
    assert proc.returncode != 0 and "left as it was: the build failed" in proc.stderr, proc.stderr
    assert "First version." in (site / "index.html").read_text()
    # A warning in a strict build (a diagram script no page embeds): the same.
    (proj / "docs" / "index.md").write_text("# Home\n\nThird version.\n")
    (proj / "diagram_src" / "unused.py").write_text(
        "from diagrams.aws.compute import Lambda\nfrom guidebuild.authoring import Diagram\n"
        "with Diagram('U'):\n    Lambda('fn', nodeid='fn', tooltip='Runs.', URL='index.md#top')\n")
    proc = mkdocs_build(proj, site)
    assert proc.returncode != 0 and "left as it was: this strict build has 1 warning(s)" in proc.stderr, proc.stderr
    assert "First version." in (site / "index.html").read_text()
    assert _leftovers(tmp_path) == []
    (proj / "diagram_src" / "unused.py").unlink()
    (proj / "docs" / "index.md").write_text("# Home\n\nFourth version.\n")
    assert mkdocs_build(proj, site).returncode == 0
    assert "Fourth version." in (site / "index.html").read_text() and _leftovers(tmp_path) == []


def test_a_stopped_build_leaves_the_site_and_no_half_built_folder(tmp_path):
    proj = _project(tmp_path, "# Home\n\n/// diagram | slow\nCaption.\n///\n")
    (proj / "diagram_src" / "slow.py").write_text("import time\ntime.sleep(600)\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    build = subprocess.Popen([*generator.command(), "build", "--strict", "--site-dir", str(site)],
                             cwd=proj, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _leftovers(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _leftovers(tmp_path), "the build never started"
    time.sleep(1)
    build.send_signal(signal.SIGTERM)
    build.communicate(timeout=60)
    assert build.returncode != 0
    assert (site / "index.html").read_text() == "the previous site"
    assert _leftovers(tmp_path) == []


def test_leftovers_of_a_killed_build_are_cleared_by_the_next(tmp_path):
    (tmp_path / ".site.building-999999").mkdir()
    (tmp_path / ".site.old-999999").mkdir()
    stage = Staging(tmp_path / "site")
    work = stage.begin()
    (work / "index.html").write_text("new")
    stage.publish()
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert _leftovers(tmp_path) == []
