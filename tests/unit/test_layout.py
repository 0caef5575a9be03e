"""The package's architecture holds (guidebuild/deps.py): layers, no cycle, module sizes, the README."""
from __future__ import annotations

import subprocess
import sys

import pytest

from guidebuild import deps

from conftest import ROOT


def test_the_real_package_passes_its_own_architecture_check():
    proc = subprocess.run([sys.executable, "-m", "guidebuild.deps"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "mkdocs -> cards, core, diagrams, markdown, pdf, quiz, site" in proc.stdout
    assert "cards -> core, markdown, quiz" in proc.stdout


def _fake_package(tmp_path, monkeypatch, files: dict[str, str]):
    pkg = tmp_path / "guidebuild"
    for rel, text in {"__init__.py": '"""Top."""\n', **files}.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text)
    for sub in {p.parent for p in pkg.rglob("*.py")}:
        if not (sub / "__init__.py").exists():
            (sub / "__init__.py").write_text(f'"""{sub.name} package."""\n')
    monkeypatch.setattr(deps, "PACKAGE", pkg)
    monkeypatch.setattr(deps, "ROOT", tmp_path)
    mods = deps.modules()
    return deps.problems(mods, deps.imports(mods))


@pytest.mark.parametrize("files, expected", [
    ({"core/a.py": "from ..quiz import b\n", "quiz/b.py": ""},
     "guidebuild/core/a.py:1: 'core' imports guidebuild.quiz.b ('quiz'); it may import nothing of guidebuild"),
    ({"quiz/a.py": "from ..mkdocs import plugin\n", "mkdocs/plugin.py": ""},
     "'quiz' imports guidebuild.mkdocs.plugin ('mkdocs'); it may import core"),
    ({"site/a.py": "import mkdocs.plugins\n"}, "guidebuild/site/a.py:1: imports mkdocs.plugins; only guidebuild/mkdocs/"),
    ({"quiz/a.py": "from . import b\n", "quiz/b.py": "from . import a\n"},
     "import cycle: guidebuild.quiz.a -> guidebuild.quiz.b -> guidebuild.quiz.a"),
    ({"quiz/a.py": "x = 1\n" * (deps.MAX_LINES + 1)}, f"guidebuild/quiz/a.py: {deps.MAX_LINES + 1} lines, over"),
    ({"newfeature/a.py": "from ..core import b\n", "core/b.py": ""}, "package 'newfeature' is not in guidebuild/deps.py"),
])
def test_each_kind_of_violation_is_named_with_its_place_and_fix(tmp_path, monkeypatch, files, expected):
    found = _fake_package(tmp_path, monkeypatch, files)
    assert any(expected in p for p in found), found


def test_type_checking_imports_and_allowed_layers_pass(tmp_path, monkeypatch):
    found = _fake_package(tmp_path, monkeypatch, {
        "quiz/a.py": "from typing import TYPE_CHECKING\nfrom ..core import b\nif TYPE_CHECKING:\n    from . import c\n",
        "quiz/c.py": "from . import a\n", "core/b.py": "",
        "mkdocs/plugin.py": "import mkdocs.plugins\nfrom ..quiz import a\n"})
    assert found == []


def test_the_readme_layout_is_checked_against_the_docstrings(tmp_path):
    readme = tmp_path / "README.md"
    expected = deps.layout(deps.modules())
    readme.write_text(f"# x\n\n{expected}\n")
    assert deps.readme_problem(readme, expected) is None
    readme.write_text(f"# x\n\n{expected.replace('Writes that never', 'Writes that always')}\n")
    assert "python -m guidebuild.deps --write" in deps.readme_problem(readme, expected)
