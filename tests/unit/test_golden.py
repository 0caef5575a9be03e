"""Golden tests for the Markdown extensions: tests/golden/<extension>/<case>.md -> <case>.html.

Regenerate after an intended change: GOLDEN_UPDATE=1 make test PYTEST_ARGS=tests/unit/test_golden.py
"""
from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from conftest import TESTS

from guidebuild.core.context import PageContext
from guidebuild.diagrams.extension import DiagramExtension
from guidebuild.diagrams.render import Rendered
from guidebuild.markdown.abbreviations import Abbreviations
from guidebuild.markdown.glossary import GlossaryExtension
from guidebuild.markdown.linkform import LinkFormExtension
from guidebuild.markdown.offscreen import OffscreenExtension
from guidebuild.quiz.bank import Bank
from guidebuild.quiz.extension import QuizExtension


GOLDEN = TESTS / "golden"
FAKE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" class="gb-svg" role="group">'
            '<g id="demo--q" class="node" data-node="q"><a xlink:href="250-event-processing.md#q" aria-label="Queue">'
            '<title>Holds & keeps</title><image xlink:href="assets/diagrams/icons/sqs-0.png" /></a></g>'
            '<g id="demo--e--poll" class="edge" data-edge="poll" data-from="q" data-to="fn"><path d="M0,0" /></g>'
            '</svg>')
META = {
    "title": "Demo & co",
    "nodes": [
        {"id": "q", "label": "Queue", "service": "Amazon SQS queue", "tooltip": "Holds & keeps <messages>.",
         "url": "250-event-processing.md#q", "clusters": ["VPC", "Private subnet"]},
        {"id": "fn", "label": "Consumer", "service": "", "tooltip": "Polls.", "url": "251-caching.md#fn",
         "clusters": []},
    ],
    "edges": [{"id": "poll", "from": "q", "to": "fn", "label": "poll batch", "both": False}],
    "steps": [{"text": "Lambda polls with `ReceiveMessage` & co.", "nodes": ["fn"], "edges": ["poll"]}],
}
SOURCE = 'with Diagram("Demo"):\n    SQS("Queue", nodeid="q")  # <source>\n'
STILL = {"title": "One bucket", "steps": [], "edges": [],
         "nodes": [{"id": "b", "label": "Bucket", "service": "Amazon S3 bucket", "tooltip": "Holds *objects*.",
                    "url": "253-hpc.md#hpc-storage", "clusters": []}]}
# A wide drawing with its phone twin, as the renderer caches them: one after the other.
WIDE_SVG = FAKE_SVG.replace('viewBox="0 0 10 10"', 'viewBox="0 0 600 150"')
TWIN_SVG = FAKE_SVG.replace('class="gb-svg"', 'class="gb-svg gb-svg--narrow"').replace('id="demo--', 'id="demo--narrow--')
TWIN_META = {**META, "width_pt": 600.0, "height_pt": 150.0, "narrow_width_pt": 240.0, "narrow_height_pt": 400.0}
STORE = {"demo": Rendered("demo", FAKE_SVG, META, ["sqs-0.png"], source=SOURCE),
         "wide": Rendered("wide", WIDE_SVG, TWIN_META, ["sqs-0.png"], source=SOURCE, twin=TWIN_SVG),
         "still": Rendered("still", '<svg class="gb-svg" role="group"></svg>', STILL, [], source="pass\n")}
ABBREVIATIONS = TESTS / "fixtures" / "glossary" / "abbreviations.md"


BANK = TESTS / "fixtures" / "quizbank"


def _extensions(kind: str, source: str):
    if kind == "diagram":  # the hosted site: each script is a file of its own, fetched on demand
        return ["attr_list", "pymdownx.highlight", DiagramExtension(store=STORE, source_files=True)]
    if kind == "diagram-offline":  # the offline copy (file://, no fetch): the script in the page
        return ["attr_list", "pymdownx.highlight", DiagramExtension(store=STORE)]
    if kind == "glossary":
        # The site's wiring: the file is auto-appended to the page for abbr, and read by the glossary.
        return ["abbr", GlossaryExtension(Abbreviations.load(ABBREVIATIONS)), "pymdownx.snippets"], {
            "pymdownx.snippets": {"base_path": [str(ABBREVIATIONS.parent)], "auto_append": [ABBREVIATIONS.name],
                                  "check_paths": True}}
    if kind == "linkform":
        return [LinkFormExtension()]
    if kind == "offscreen":  # the site's block extensions, this one last as in mkdocs.yml
        return ["attr_list", "md_in_html", "tables", "toc", "pymdownx.blocks.admonition", "pymdownx.blocks.details",
                OffscreenExtension()]
    if kind == "quiz":
        ctx = PageContext()
        ctx.source = source
        return ["attr_list", "md_in_html", QuizExtension(bank=Bank.load(BANK, BANK.parent), context=ctx)]
    raise KeyError(kind)


def _exam_page(text: str, extensions: list) -> str:
    """As in the site: the bank's quiz page is converted first (its quiz is captured as shown
    there), then the exam page, whose pool is filled once both are converted."""
    quiz_ext = next(e for e in extensions if isinstance(e, QuizExtension))
    ctx = quiz_ext.context
    ctx.source_path, ctx.source = "demo.md", (BANK / "demo.md").read_text()
    markdown.markdown(ctx.source, extensions=extensions)
    ctx.source_path, ctx.source = "practice/exam.md", text
    html = markdown.markdown(text, extensions=extensions)
    return quiz_ext.fill_exam_pool(html, {"demo.md": "demo/"}.get, "practice/exam/")


CASES = sorted(GOLDEN.glob("*/*.md"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.name}/{c.stem}" for c in CASES])
def test_golden(case: Path):
    text = case.read_text()
    extensions = _extensions(case.parent.name, text)
    extensions, configs = extensions if isinstance(extensions, tuple) else (extensions, {})
    if "/// exam" in text:
        html = _exam_page(text, extensions)
    else:
        html = markdown.markdown(text, extensions=extensions, extension_configs=configs)
    expected = case.with_suffix(".html")
    if os.environ.get("GOLDEN_UPDATE"):
        expected.write_text(html + "\n")
    assert html + "\n" == expected.read_text()
