"""The benchmark's parts: page weights, the plain baseline, synthetic sections, run parsing, and one
short end-to-end run. Counts and bytes only: nothing here asserts a time."""
from __future__ import annotations

import gzip
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from guidetools import pageweight, sandbox
from guidetools.timing import CommandFailed, interleaved, run

from conftest import ROOT, mkdocs_build


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


# -- page weight -------------------------------------------------------------------------------

def test_page_weight_counts_the_page_its_icons_and_own_assets_but_not_the_theme(tmp_path):
    site = tmp_path
    svg = '<svg class="gb-svg"><image href="../assets/diagrams/icons/a.png" /><image href="../assets/diagrams/icons/a.png" /></svg>'
    html = (f'<html><head><link rel="stylesheet" href="../assets/stylesheets/main.css">'
            f'<link href="../assets/guide/guide.css" rel="stylesheet"><link rel="canonical" href="../other/">'
            f'<script src="../assets/guide/quiz.js"></script><script src="https://example.com/x.js"></script></head>'
            f'<body><figure class="gb-diagram" data-diagram="demo" id="diagram-demo">'
            f'<div class="gb-diagram__canvas">{svg}</div></figure><a href="../assets/guide/big.pdf">pdf</a></body></html>')
    files = {
        "page/index.html": html.encode(),
        "assets/stylesheets/main.css": b"body{}" * 500,
        "assets/guide/guide.css": b".x{background:url('../img/bg.png')}" * 10,
        "assets/img/bg.png": b"\x89PNG" + b"\x01" * 300,
        "assets/guide/quiz.js": b"console.log(1);" * 50,
        "assets/guide/big.pdf": b"%PDF" * 1000,
        "assets/diagrams/icons/a.png": b"\x89PNG" + b"\x02" * 1200,
    }
    for path, data in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)

    weight = pageweight.page_weight(site, "page/index.html", {"assets/stylesheets/main.css"})
    assert weight.html_gzip == _gz(html.encode())
    assert weight.assets == {
        "assets/guide/guide.css": _gz(files["assets/guide/guide.css"]),
        "assets/img/bg.png": len(files["assets/img/bg.png"]),  # images as stored
        "assets/guide/quiz.js": _gz(files["assets/guide/quiz.js"]),
        "assets/diagrams/icons/a.png": len(files["assets/diagrams/icons/a.png"]),  # once, though used twice
    }
    assert weight.diagrams == 1
    assert weight.total == weight.html_gzip + sum(weight.assets.values())

    (diagram,) = pageweight.diagram_weights(site).values()
    assert diagram.slug == "demo" and diagram.page == "page/index.html"
    assert diagram.svg_gzip == _gz(svg.encode())
    assert diagram.icons == {"assets/diagrams/icons/a.png": 1204}
    assert pageweight.pattern_pages(site) == ["page/index.html"]


def test_urls_resolve_inside_the_site_only():
    site = Path("/site")
    assert pageweight.resolve(site, "a/index.html", "../assets/x.png") == "assets/x.png"
    assert pageweight.resolve(site, "index.html", "assets/x%20y.png?v=1#z") == "assets/x y.png"
    assert pageweight.resolve(site, "index.html", "../../etc/passwd") is None
    assert pageweight.resolve(site, "index.html", "https://example.com/x.png") is None
    assert pageweight.resolve(site, "index.html", "#top") is None


# -- the plain baseline ------------------------------------------------------------------------

CONFIG = textwrap.dedent("""\
    site_name: t
    plugins:
      - search
      - guidebuild:
          timeout: 5
          jobs: 2
      - other
    markdown_extensions:
      - pymdownx.blocks.html
""")


def test_remove_plugin_takes_its_options_along():
    plain = sandbox.remove_plugin(CONFIG)
    assert yaml.safe_load(plain)["plugins"] == ["search", "other"]
    assert sandbox.remove_plugin("plugins:\n  - search\n  - guidebuild\n") == "plugins:\n  - search\n"
    assert yaml.safe_load(sandbox.remove_plugin("plugins: [search, guidebuild]\n")) == {"plugins": ["search"]}
    with pytest.raises(sandbox.SandboxError, match="no '- guidebuild'"):
        sandbox.remove_plugin("plugins:\n  - search\n")


def test_the_plain_baseline_has_none_of_our_markdown_extensions():
    config = CONFIG + ("  - guidebuild.diagrams:   # a comment\n      source_dir: diagram_src\n"
                       "      # options of its own\n      cache_dir: .cache/diagrams\n"
                       "  - guidebuild.markdown.offscreen\n  - pymdownx.mark\n")
    plain = yaml.safe_load(sandbox.without_own_extensions(config))
    assert plain["markdown_extensions"] == ["pymdownx.blocks.html", "pymdownx.mark"]
    assert "guidebuild.markdown.offscreen" in (ROOT / "mkdocs.yml").read_text(), "the site uses one: keep this test meaningful"


def test_plain_markdown_keeps_caption_and_anchor():
    text = "Intro.\n\n//// diagram | sqs-lambda-dlq\nThe *caption*.\n////\n\n/// note | Kept\nx\n///\n"
    out = sandbox.plain_markdown(text)
    assert "//// html | figure#diagram-sqs-lambda-dlq.gb-diagram\nThe *caption*.\n////" in out
    assert "/// note | Kept" in out and "diagram |" not in out


def test_the_site_without_diagrams_keeps_the_plugin(tmp_path):
    project = sandbox.copy_project(ROOT, tmp_path / "project")
    bare = sandbox.without_diagrams(project, tmp_path / "bare")
    assert "guidebuild" in (bare / "mkdocs.yml").read_text()
    assert not list((bare / "diagram_src").glob("*.py"))
    page = (bare / "docs" / "250-event-processing.md").read_text()
    assert "/// diagram |" not in page and "html | figure#diagram-sqs-lambda-dlq.gb-diagram" in page
    assert "/// diagram |" in (project / "docs" / "250-event-processing.md").read_text(), "the original is untouched"


@pytest.mark.parametrize("indent", ["  ", ""])
def test_synthetic_sections_go_at_the_end_of_the_nav(indent):
    config = f"site_name: t\nnav:\n{indent}- Home: index.md\n{indent}- Sections:\n{indent}    - A: a.md\n\ntheme:\n  name: material\n"
    out = sandbox.add_to_nav(config, "Synthetic sections", [("S001", "synthetic/s001.md")])
    parsed = yaml.safe_load(out)
    assert parsed["nav"][-1] == {"Synthetic sections": [{"S001": "synthetic/s001.md"}]}
    assert parsed["nav"][:2] == [{"Home": "index.md"}, {"Sections": [{"A": "a.md"}]}]
    assert parsed["theme"] == {"name": "material"}


def test_synthetic_sections_build_strictly_with_and_without_the_plugin(tmp_path):
    project = sandbox.copy_project(ROOT, tmp_path / "project")
    assert not (project / ".venv").exists() and not (project / ".cache").exists()
    pages = sandbox.synthesize(project, 2, quiz=False)
    assert pages == ["synth-001.md", "synth-002.md"]
    plain = sandbox.make_plain(project)

    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr[-3000:]
    real = len(list((ROOT / "diagram_src").glob("[!_]*.py")))
    assert f"diagrams: {real + 2} rendered" in built.stderr
    page = (tmp_path / "site" / "synth-002" / "index.html").read_text()
    assert 'data-diagram="synth-002"' in page and "<svg" in page and 'id="synth-002-pattern"' in page

    assert "guidebuild." not in plain.read_text(), "the baseline runs none of our Markdown extensions"
    baseline = mkdocs_build(project, tmp_path / "plain", "-f", plain.name)
    assert baseline.returncode == 0, baseline.stderr[-3000:]
    assert "diagrams:" not in baseline.stderr, "the plugin is off"
    page = (tmp_path / "plain" / "synth-002" / "index.html").read_text()
    assert 'id="diagram-synth-002"' in page and "<svg" not in page.split('id="diagram-synth-002"')[1].split("</figure>")[0]
    assert not (tmp_path / "plain" / "assets" / "diagrams").exists()


def test_synthetic_pages_and_scripts_are_deterministic():
    assert sandbox.synthetic_page(7, quiz=True) == sandbox.synthetic_page(7, quiz=True)
    assert "/// quiz | Synthetic section 7\n    id: synth-007\n" in sandbox.synthetic_page(7, quiz=True)
    assert "/// quiz" not in sandbox.synthetic_page(7, quiz=False)
    assert sandbox.synthetic_page(7, True, "quizzes/synth-007.md").count('--8<-- "quizzes/synth-007.md"') == 1
    script = sandbox.synthetic_script(7, "synth-007.md")
    compile(script, "synth-007.py", "exec")
    assert 'URL="synth-007.md#synth-007-pattern"' in script


def test_quizzes_go_to_the_question_bank_when_there_is_one(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nnav:\n  - Home: index.md\n")
    sandbox.synthesize(tmp_path, 2, quiz=True)
    assert (tmp_path / "quizzes" / "synth-002.md").read_text().startswith("/// quiz | Synthetic section 2")
    assert '--8<-- "quizzes/synth-002.md"' in (tmp_path / "docs" / "synth-002.md").read_text()


# -- runs --------------------------------------------------------------------------------------

def test_run_reads_what_the_build_said(tmp_path):
    said = ("INFO - diagrams: 2 rendered (a, b), 5 from cache\\n"
            "INFO - pages: 1 converted (index.md), 12 from the page cache\\n"
            "INFO - Documentation built in 1.25 seconds\\n")
    r = run([sys.executable, "-c", f"import sys; sys.stderr.write('{said}')"], tmp_path)
    assert r.rendered == ["a", "b"] and r.from_cache == 5 and r.built_in == 1.25 and r.converted == 1
    assert r.wall > 0 and r.cpu >= 0
    cli = run([sys.executable, "-c", "print('render: 3 diagrams, 3 rendered, 0 from cache, 0.42 s')"], tmp_path)
    assert cli.built_in == 0.42 and len(cli.rendered) == 3
    with pytest.raises(CommandFailed, match="exit 3"):
        run([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], tmp_path)


def test_variants_alternate_order():
    assert list(interleaved(3, "a", "b")) == [(0, "a"), (0, "b"), (1, "b"), (1, "a"), (2, "a"), (2, "b")]


def test_a_short_bench_reports_every_measure(tmp_path):
    """One run of each step, end to end (the numbers themselves are for scripts/bench to judge)."""
    out = tmp_path / "results.md"
    cache = ROOT / ".cache" / "diagrams"
    before = sorted(p.name for p in cache.rglob("*")) if cache.exists() else []
    proc = subprocess.run([sys.executable, "-m", "guidetools.bench", "--runs", "1", "--markdown", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    for measure in ("warm build / plain MkDocs build (CPU time)", "without diagrams (CPU time)",
                    "rebuild after editing one page / plain MkDocs build",
                    "cold render of all diagrams, parallel / serial", "PDF time / site build time",
                    "median gzipped bytes per diagram", "heaviest pattern page"):
        assert measure in proc.stdout, measure
    assert re.search(r"diagrams re-rendered after editing one script += 1 +1 +PASS", proc.stdout), proc.stdout
    assert re.search(r"^machine +\S.*CPUs", proc.stdout, re.M) and "versions  Python" in proc.stdout
    table = out.read_text()
    assert table.count("\n| ") >= 8 and "Measured 20" in table
    after = sorted(p.name for p in cache.rglob("*")) if cache.exists() else []
    assert after == before, "the bench works in a temporary copy, never in the repository's cache"
