"""The site search finds the page (and the section) that teaches a term a student would type. Run in
Chromium against Material's own search, as a reader uses it: the index is tuned through headings
that name what a section teaches, and pages for authors left out of it, never by hiding content."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browsing import started

# query -> (page, the first section result's anchor, or None where any section of the page will do)
QUERIES = {
    "placement group": ("253-hpc/", "placement-groups"),
    "dead-letter": ("250-event-processing/", "sqs-lambda-dlq"),
    "EFA": ("253-hpc/", "efa"),
    "geo restriction": ("waf/", "geo-match"),
    "lifecycle hook": ("254-ec2-high-availability/", "ec2-ha-asg-ebs-snapshot"),
    "visibility timeout": ("250-event-processing/", "sqs-lambda-dlq"),
    "rate-based": ("waf/", "rate-based"),
    "Session Manager": ("255-bastion-hosts/", "session-manager"),
    "fan-out": ("250-event-processing/", "fanout-sns-sqs"),
    "FIFO": ("250-event-processing/", "sqs-fifo-lambda"),
    "ElastiCache": ("251-caching/", None),
    "NACL": ("252-blocking-an-ip/", "block-ip-ec2-nacl-sg"),
    "FSx for Lustre": ("253-hpc/", None),
    "DataSync": ("253-hpc/", "hpc-data-transfer"),
    "Snowball": ("253-hpc/", "hpc-data-transfer"),
    "S3 event notifications": ("250-event-processing/", "s3-event-destinations"),
    "partial batch": ("250-event-processing/", "sqs-lambda-dlq"),
    "Instance Connect": ("255-bastion-hosts/", "instance-connect-endpoint"),
    "Firewall Manager": ("waf/", "shield-fms"),
    "maxReceiveCount": ("250-event-processing/", "sqs-lambda-dlq"),
    "TTL": ("251-caching/", "ttl"),
    "EBS snapshot": ("254-ec2-high-availability/", "ec2-ha-asg-ebs-snapshot"),
}

RESULTS = """() => [...document.querySelectorAll('.md-search-result__item > a')].slice(0, 4).map(a => a.href)"""


@pytest.fixture(scope="module")
def search(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def run(query: str) -> list[str]:
        page.goto(served)  # a fresh page for each query, as a reader arriving with one
        started(page)
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.fill("")
        box.press_sequentially(query, delay=15)  # Material searches on key events, not on fill()
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        last, same = None, 0
        while same < 3:  # the worker answers as the query grows: read until the list settles
            page.wait_for_timeout(150)
            now = page.evaluate(RESULTS)
            same, last = (same + 1, now) if now == last else (0, now)
        return [urlsplit(h).path.lstrip("/") + ("#" + urlsplit(h).fragment if urlsplit(h).fragment else "")
                for h in last]

    yield run
    context.close()


@pytest.mark.parametrize("query", QUERIES)
def test_the_first_result_is_the_page_that_teaches_it(search, query):
    page, anchor = QUERIES[query]
    results = search(query)
    assert results and results[0].split("#")[0] == page, (query, results)
    if anchor:
        first_section = next((r for r in results if "#" in r), "")
        assert first_section == f"{page}#{anchor}", (query, results)


def test_pages_for_authors_are_not_in_the_students_search(search):
    assert not [r for r in search("diagram cache page weight") if r.startswith("how-this-site-is-built")]
