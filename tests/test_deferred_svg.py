"""Diagrams held out of the HTML that search indexes, then put back unchanged."""
from __future__ import annotations

import markdown

from guidebuild.deferred_svg import DeferredSvgExtension
from guidebuild.diagram import DiagramExtension
from guidebuild.render import Rendered

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" class="gb-svg" role="group">'
       '<g id="{slug}--q" class="node"><a href="x.md#q"><title>Queue tooltip</title></a></g></svg>')
STORE = {slug: Rendered(slug, SVG.format(slug=slug), {"title": slug}, []) for slug in ("one", "two")}
PAGE = "Intro.\n\n/// diagram | one\nFirst.\n///\n\nMiddle.\n\n/// diagram | two\n///\n"


def _convert(text: str, deferred: DeferredSvgExtension | None) -> str:
    extensions = [DiagramExtension(store=STORE)] + ([deferred] if deferred else [])
    return markdown.markdown(text, extensions=extensions)


def test_page_html_has_placeholders_and_the_finished_page_the_svgs():
    current = ["a.md"]
    deferred = DeferredSvgExtension(page_of=lambda: current[0])
    held = _convert(PAGE, deferred)
    assert "<svg" not in held and "Queue tooltip" not in held
    assert held.count("<gb-svg data-n=") == 2
    current[0] = "b.md"
    other = _convert("/// diagram | one\n///\n", deferred)

    restored, lost = deferred.restore(held, "a.md")
    assert lost == []
    assert restored == _convert(PAGE, None), "byte for byte what an inline render gives"
    assert deferred.restore(other, "b.md")[0] == _convert("/// diagram | one\n///\n", None)
    assert deferred.held == {} and deferred.pages == {}, "nothing kept once every page is done"


def test_a_dropped_placeholder_is_reported_by_slug():
    deferred = DeferredSvgExtension(page_of=lambda: "a.md")
    held = _convert(PAGE, deferred)
    without_second = held[:held.rindex("<gb-svg")] + held[held.rindex("</gb-svg>") + len("</gb-svg>"):]
    restored, lost = deferred.restore(without_second, "a.md")
    assert lost == ["two"]
    assert restored.count('class="gb-svg"') == 1


def test_pages_without_diagrams_pass_through():
    deferred = DeferredSvgExtension(page_of=lambda: "c.md")
    html = _convert("Just *text*.\n", deferred)
    assert deferred.restore(html, "c.md") == (html, [])
