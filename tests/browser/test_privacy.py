"""Zero third-party requests: Chromium visits every page of the built site, reads it as a person
would (scrolls, hovers, searches) and no request may leave the site's origin."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browsing import Traffic, exercise, started
from sitepages import built_pages, origin_of, palette_script

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def visit(browser, served):
    """Opens a page of the served site in a fresh context that records (and blocks) traffic."""
    contexts = []

    def go(path: str, scheme: str = "default", context=None):
        traffic = Traffic(origin_of(served))
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        traffic.attach(context)
        context.add_init_script(palette_script(scheme))
        page = context.new_page()
        response = page.goto(served + path, wait_until="load")
        started(page)
        assert response and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        traffic.settle(page)
        return page, traffic

    yield go
    for c in contexts:
        c.close()


def test_every_page_stays_on_the_site(site, browser, served):
    """One tab reads every page; test_a11y.py records the dark palette's traffic on every page too."""
    traffic = Traffic(origin_of(served))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    traffic.attach(context)
    page = context.new_page()
    report = []
    try:
        for path in built_pages(site):
            traffic.outside.clear()
            traffic.failed.clear()
            seen = len(traffic.seen)
            response = page.goto(served + path, wait_until="load")
            started(page)
            assert response and response.ok, f"{path}: HTTP {response.status if response else '?'}"
            traffic.settle(page)
            exercise(page)
            traffic.settle(page)
            if traffic.outside:
                report.append(f"{path or '/'}:\n  " + "\n  ".join(sorted(set(traffic.outside))))
            if traffic.failed:
                report.append(f"{path or '/'}: failed on its own origin:\n  " + "\n  ".join(traffic.failed))
            assert len(traffic.seen) > seen, f"{path}: no request recorded at all: is the recorder attached?"
    finally:
        context.close()
    assert not report, "requests that left the site (or failed):\n" + "\n".join(report)


def test_recorder_sees_a_third_party_request(visit):
    """The recorder itself works: a request to another origin is caught (and blocked)."""
    page, traffic = visit("")
    page.evaluate("""() => { const i = new Image(); i.src = 'https://fonts.example.com/x.png';
                            document.body.append(i); fetch('//cdn.example.net/x.js').catch(() => {}); }""")
    traffic.settle(page)
    hosts = {urlsplit(u.split(" ")[1]).hostname for u in traffic.outside}
    assert hosts == {"fonts.example.com", "cdn.example.net"}, traffic.outside


def test_search_worker_requests_are_recorded(visit):
    """Requests of the search worker are seen too (the index is fetched from inside the worker)."""
    page, traffic = visit("")
    exercise(page)
    traffic.settle(page)
    assert any(u.endswith("/search/search_index.json") for u in traffic.seen), traffic.seen
