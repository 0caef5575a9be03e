"""scripts/new-section: a new course section that passes the strict build right away."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import yaml
from conftest import ROOT

from guidetools import generator
from guidetools.sandbox import copy_project


def _nav_files(config_text: str) -> list[str]:
    nav = yaml.safe_load(config_text[config_text.index("\nnav:"):config_text.index("\ntheme:")])["nav"]
    sections = next(item["Sections"] for item in nav if isinstance(item, dict) and "Sections" in item)
    return [list(entry.values())[0] for entry in sections]


def test_a_new_section_builds_strictly_at_once(tmp_path):
    proj = copy_project(ROOT, tmp_path / "proj")
    if (ROOT / ".cache" / "diagrams").is_dir():
        shutil.copytree(ROOT / ".cache" / "diagrams", proj / ".cache" / "diagrams")
    run = subprocess.run([sys.executable, "-m", "guidebuild.site.scaffold", "256", 'Disaster "recovery" strategies',
                          "--root", str(proj)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    stem = "256-disaster-recovery-strategies"
    for path in (f"docs/{stem}.md", f"quizzes/{stem}.md", "diagram_src/disaster-recovery-strategies.py"):
        assert (proj / path).is_file() and f"wrote {path}" in run.stdout
    files = _nav_files((proj / "mkdocs.yml").read_text())
    assert files.index(f"{stem}.md") == files.index("255-bastion-hosts.md") + 1, files
    assert f"({stem}.md)" in (proj / "docs" / "index.md").read_text()

    proc = subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                          cwd=proj, capture_output=True, text=True, timeout=600, env={**os.environ, "GUIDE_PDF": "false"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    html = (tmp_path / "site" / stem / "index.html").read_text()
    assert 'id="diagram-disaster-recovery-strategies"' in html and 'data-quiz="disaster-recovery-strategies"' in html
    assert 'id="disaster-recovery-strategies"' in html  # the pattern heading's anchor

    again = subprocess.run([sys.executable, "-m", "guidebuild.site.scaffold", "256", "Anything", "--root", str(proj)],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "section 256 exists already" in again.stderr
    same = subprocess.run([sys.executable, "-m", "guidebuild.site.scaffold", "257", 'Disaster "recovery" strategies',
                           "--root", str(proj)], capture_output=True, text=True, timeout=60)
    assert same.returncode == 1 and "already there: diagram_src/disaster-recovery-strategies.py" in same.stderr
