"""The strict build of the real site, its links (SVG links included), and build-time errors."""
from __future__ import annotations

import re
import textwrap

import yaml

from guidebuild.site.linkcheck import SiteLinks, check_online, site_url_of

from conftest import ROOT, mkdocs_build
from projects import GOOD, SLUGS, diagram_project as _project


def test_strict_build_passes(site):
    assert (site / "index.html").is_file()
    assert (site / "250-event-processing" / "index.html").is_file()


def test_validation_is_strict():
    text = (ROOT / "mkdocs.yml").read_text()
    block = yaml.safe_load(text[text.index("\nvalidation:"):])["validation"]
    for key in ("omitted_files", "not_found", "absolute_links", "unrecognized_links", "anchors"):
        assert block.get(key) == "warn", key


def test_every_link_resolves(site, request):
    checker = SiteLinks(site, site_url_of(ROOT / "mkdocs.yml"))
    problems, external = checker.check()
    assert not problems, "\n".join(map(str, problems))
    svg_links = [l for l in checker.links if l.attr == "href" and "gb-" not in l.url]
    assert len(checker.links) > 100 and svg_links
    if request.config.getoption("--online"):
        online = check_online(external)
        assert not online, "\n".join(map(str, online))


def test_diagram_links_and_icons_are_checked(site):
    """The SVG's own links are in the checker's view, page-relative."""
    checker = SiteLinks(site)
    page = "250-event-processing/index.html"
    mine = [l.url for l in checker.links if l.file == page]
    assert any(u.startswith("../assets/diagrams/icons/") for u in mine)
    assert any(u.startswith("#sqs-lambda-dlq") or u.endswith("/#sqs-lambda-dlq") for u in mine)


def test_every_script_is_embedded():
    embedded = set()
    for md in (ROOT / "docs").rglob("*.md"):
        embedded |= set(re.findall(r"^/{3,} *diagram *\| *([a-z0-9-]+)", md.read_text(), re.M))
    unused = sorted(set(SLUGS) - embedded)
    assert not unused, f"diagram scripts no page embeds: {unused}"


def test_no_generated_files_in_docs():
    assert not list((ROOT / "docs").rglob("*.svg")), "rendered diagrams live in .cache/, never in docs/"


def test_build_fails_on_a_broken_diagram(tmp_path):
    proj = _project(tmp_path, "# T\n\n/// diagram | bad\n///\n", {"bad": """
        from guidebuild.authoring import Diagram
        with Diagram("Bad"):
            1 / 0
    """})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "diagram_src/bad.py:4" in proc.stderr and "ZeroDivisionError" in proc.stderr
    assert not (tmp_path / "site" / "index.html").exists(), "nothing half-built"


def test_build_fails_on_an_unknown_slug(tmp_path):
    proj = _project(tmp_path, "# T\n\nIntro.\n\n/// diagram | nope\n///\n", {"good": GOOD})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "index.md:5: unknown diagram 'nope'" in proc.stderr
    assert "good" in proc.stderr  # the fix lists the known slugs


def test_build_fails_on_a_diagram_link_to_no_page(tmp_path):
    proj = _project(tmp_path, "# T\n\n/// diagram | good\n///\n",
                    {"good": GOOD.replace("index.md#top", "missing.md#x")})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0 and "links to 'missing.md#x'" in proc.stderr


def test_unused_script_fails_strict_build(tmp_path):
    proj = _project(tmp_path, "# T\n", {"good": GOOD})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0 and "diagram_src/good.py" in proc.stderr


def test_build_without_dot_says_how_to_install(tmp_path, monkeypatch):
    proj = _project(tmp_path, "# T\n\n/// diagram | good\n///\n", {"good": GOOD})
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "Install Graphviz: apt-get install graphviz" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_build_fails_on_a_node_without_tooltip(tmp_path):
    proj = _project(tmp_path, "# T\n\n/// diagram | good\n///\n",
                    {"good": GOOD.replace('tooltip="Runs the code.", ', "")})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "diagram_src/good.py:5: diagram 'good': node 'fn' has no tooltip=" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_build_fails_on_a_flow_without_steps(tmp_path):
    proj = _project(tmp_path, "# T\n\n/// diagram | flow\n///\n", {"flow": """
        from diagrams.aws.compute import Lambda
        from diagrams.aws.integration import SQS
        from guidebuild.authoring import Diagram, Edge
        with Diagram("Flow"):
            q = SQS("Queue", nodeid="q", tooltip="Holds messages.", URL="index.md#top")
            fn = Lambda("fn", nodeid="fn", tooltip="Runs the code.", URL="index.md#top")
            q >> Edge(label="poll", id="poll") >> fn
    """})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "diagram_src/flow.py:5: diagram 'flow': 1 edge(s) but no steps=" in proc.stderr


def test_build_fails_on_a_diagram_link_to_a_missing_anchor(tmp_path):
    """The text alternative's links are ordinary Markdown links: MkDocs checks their anchors."""
    proj = _project(tmp_path, "# Top\n\n/// diagram | good\n///\n", {"good": GOOD})
    with (proj / "mkdocs.yml").open("a") as f:
        f.write("validation:\n  anchors: warn\n")
    assert mkdocs_build(proj, tmp_path / "ok").returncode == 0, "#top exists: the build passes"
    (proj / "diagram_src" / "good.py").write_text(textwrap.dedent(GOOD.replace("#top", "#no-such-anchor")))
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0 and "#no-such-anchor" in proc.stderr


def test_search_index_has_the_text_alternative_not_the_drawing(site):
    import json
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    section = next(d for d in docs if d["location"] == "250-event-processing/#sqs-lambda-dlq")
    assert "Diagram as text" in section["text"] and "Dead-letter queue (Amazon SQS queue)" in section["text"]
    assert "maxReceiveCount" in section["text"]
    everything = " ".join(d["text"] for d in docs)
    assert "guidebuild.authoring" not in everything, "the scripts' source is not for the search"
    assert "gb-svg" not in everything and "poll batch" not in section["text"].split("Diagram as text")[0]


def test_search_never_gives_a_quiz_answer_away(site):
    """Quizzes, their print answer keys and the exam's question pool stay out of the index; the
    Quiz heading itself stays findable."""
    import json

    from guidebuild.quiz import bank as quizbank
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    everything = " ".join(d["title"] + " " + d["text"] for d in docs)
    bank = quizbank.Bank.load(ROOT / "quizzes", ROOT)
    assert len(bank.questions) > 40, "the quiz bank is (nearly) empty: nothing to check"
    prose = " ".join(" ".join(re.sub(r"[*_`]", "", p.read_text()).split()) for p in (ROOT / "docs").rglob("*.md"))
    probes = 0
    for qid, (_, q) in bank.questions.items():
        # Six plain words in a row (no Markdown in them) that only the explanation says.
        words = q.explanation.split()
        for i in range(len(words) - 5):
            probe = " ".join(words[i:i + 6])
            if all(re.fullmatch(r"[A-Za-z-]+,?", w) for w in words[i:i + 6]) and probe not in prose:
                probes += 1
                assert probe not in everything, f"the search index shows the explanation of {qid}: {probe!r}"
                break
    assert probes > 30
    assert "Answer key" not in everything
    assert any(d["location"] == "250-event-processing/#quiz" for d in docs)
    exam = [d for d in docs if d["location"].startswith("exam/")]
    assert exam and "Practise under exam conditions" in " ".join(d["text"] for d in exam)


def test_page_weight(site):
    """Pages with all their diagrams stay small (another engineer benchmarks <= 80 KB gzipped)."""
    import gzip
    for page in sorted(site.glob("25*/index.html")):
        assert len(gzip.compress(page.read_bytes(), 9)) < 80_000, page


FRONT = '---\ndescription: "A page with front matter, which shifts every line of its Markdown by four."\n---\n\n'


def test_page_problems_name_the_file_line_with_front_matter_counted(tmp_path):
    proj = _project(tmp_path, FRONT + "# T\n\nA [broken][nope] link.\n", {})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/index.md:7: reference link [nope] has no definition" in proc.stderr, proc.stderr


def test_an_unclosed_block_fails_at_the_line_that_opened_it(tmp_path):
    page = FRONT + "# T\n\n/// details | Never closed\nText.\n\n```\n///\n```\n\n## Swallowed {#s}\n\nMore.\n"
    proc = mkdocs_build(_project(tmp_path, page, {}), tmp_path / "site")
    assert proc.returncode != 0
    assert ("docs/index.md:7: the block '/// details | Never closed' is never closed, so it takes the rest of "
            "the page with it") in proc.stderr, proc.stderr
    assert "fix: add a line '///' where the block ends" in proc.stderr


def test_problems_of_every_phase_are_reported_in_one_run(tmp_path):
    """A failing diagram, a bank quiz error, and three page problems: five problems, one build."""
    page = FRONT + ("# T {#top}\n\n/// diagram | nope\n///\n\nA [broken][nope] link and [bad](htps://x.example.com).\n\n"
                    "/// diagram | bad\nCaption.\n///\n\n--8<-- \"quizzes/index.md\"\n")
    proj = _project(tmp_path, page, {"bad": "from guidebuild.authoring import Diagram\nx = 1 / 0\n"})
    (proj / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - guidebuild:\n      pdf: false\n"
                                     "markdown_extensions:\n  - guidebuild.diagrams:\n      timeout: 20\n  - attr_list\n  - pymdownx.blocks.admonition\n"
                                     "  - pymdownx.snippets:\n      base_path: ['.']\n")
    (proj / "quizzes").mkdir()
    (proj / "quizzes" / "index.md").write_text(
        "/// quiz | Q\n    id: q\n\nQ: one\nDomain: 2\nWhich?\n\n- [ ] A.\n    No.\n- [ ] B.\n    No.\n\n"
        "Explanation: X. [n](index.md#top) [d](https://docs.aws.amazon.com/x).\n///\n")
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    err = proc.stderr
    for expected in ("diagram_src/bad.py:2: diagram 'bad' failed", "docs/index.md:7: unknown diagram 'nope'",
                     "docs/index.md:10: reference link [nope]", "docs/index.md:10: link 'htps://x.example.com'",
                     "quizzes/index.md:4: question 'one' has no correct option"):
        assert expected in err, (expected, err[-3000:])
    assert "5 content problems" in err, err[-3000:]
    assert "unknown diagram 'bad'" not in err  # its script's failure is reported once
    report = err[err.index("content problems"):]
    assert str(tmp_path) not in report.split("Traceback")[0], "paths are relative to the project"


def test_links_to_missing_pages_and_anchors_name_their_line(tmp_path):
    """A diagram's at the line of its script that gives the node its URL; a page's at its own line."""
    proj = _project(tmp_path, FRONT + "# T {#top}\n\nSee [other](other.md#nowhere) and [gone](missing.md).\n\n"
                    "/// diagram | d\nCaption.\n///\n", {"d": """
        from diagrams.aws.compute import Lambda
        from guidebuild.authoring import Diagram

        with Diagram("D"):
            Lambda("fn", nodeid="fn", tooltip="Runs.",
                   URL="other.md#absent")
    """})
    (proj / "docs" / "other.md").write_text("# Other {#o}\n")
    (proj / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions:\n  - attr_list\n"
                                     "plugins:\n  - guidebuild:\n      pdf: false\n"
                                     "validation:\n  links:\n    anchors: warn\n")
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    err = proc.stderr
    assert "diagram_src/d.py:6: diagram 'd': node 'fn' links to 'other.md#absent', but other.md has no anchor" in err, err
    assert "docs/index.md:7: link 'missing.md': there is no page 'missing.md'" in err
    assert "docs/index.md:7: link 'other.md#nowhere': other.md has no anchor '#nowhere'" in err
