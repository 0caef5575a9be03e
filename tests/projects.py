"""Small projects the build tests make: a page, diagram scripts, the plugin and the diagram extension."""
from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import ROOT

#: Every diagram of the real site.
SLUGS = sorted(p.stem for p in (ROOT / "diagram_src").glob("*.py") if not p.name.startswith("_"))


def diagram_project(tmp_path: Path, page: str, scripts: dict[str, str]) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "diagram_src").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - guidebuild\n"
                                         "markdown_extensions:\n  - guidebuild.diagrams:\n      timeout: 5\n")
    (tmp_path / "docs" / "index.md").write_text(textwrap.dedent(page))
    for slug, code in scripts.items():
        (tmp_path / "diagram_src" / f"{slug}.py").write_text(textwrap.dedent(code))
    return tmp_path


GOOD = """
    from diagrams.aws.compute import Lambda
    from guidebuild.authoring import Diagram
    with Diagram("Good"):
        Lambda("fn", nodeid="fn", tooltip="Runs the code.", URL="index.md#top")
"""
