"""The review page in Chromium (guidebuild/cards, review.js, review-due.js): Space shows the answer,
1-4 rate, the schedule FSRS gives is stored and survives a reload, the section filter, the home
page's count of cards due; the card links and the deck of the built site."""
from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from urllib.parse import urlsplit

import pytest

from guidebuild.cards.extension import DECK

from browsing import page_errors as _errors, started

pytestmark = pytest.mark.browser

STORE = "/.gb-review"


def _card_data(site) -> dict:
    script = (site / "assets/review/cards.js").read_text()
    return json.loads(re.search(r"window\.gb\.cardData = (\{.*\});", script, re.S)[1])


def _stored(page) -> dict:
    return page.evaluate(f"() => JSON.parse(localStorage.getItem({STORE!r}) || 'null')")


def _open(page, served):
    page.goto(served + "review/", wait_until="networkidle")
    started(page)
    page.wait_for_selector(".gb-review[data-gb-ready]", state="attached")


def test_every_card_links_an_anchor_of_the_built_site(site):
    data = _card_data(site)
    assert len(data["cards"]) >= 250
    ids: dict[str, set[str]] = {}
    for card in data["cards"]:
        path, _, frag = card["u"].partition("#")
        assert frag, card
        if path not in ids:
            html = (site / path / "index.html").read_text()
            ids[path] = set(re.findall(r'\bid="([^"]+)"', html))
        assert frag in ids[path], f"card {card['id']} links {card['u']}: no such anchor"


def test_the_deck_of_the_site_holds_the_cards_with_links_to_the_site(site, tmp_path):
    data = _card_data(site)
    with zipfile.ZipFile(io.BytesIO((site / DECK).read_bytes())) as zf:
        (tmp_path / "c.anki2").write_bytes(zf.read("collection.anki2"))
    conn = sqlite3.connect(tmp_path / "c.anki2")
    try:
        rows = [r[0].split("\x1f") for r in conn.execute("select flds from notes")]
        assert conn.execute("select count(*) from cards").fetchone()[0] == len(data["cards"])
    finally:
        conn.close()
    by_id = {c["id"]: c for c in data["cards"]}
    assert {r[5] for r in rows} == set(by_id)
    for front, back, link, source, section, card_id in rows:
        assert urlsplit(link).scheme == "https" and link.endswith(by_id[card_id]["u"])
        assert (front, back, source) == (by_id[card_id]["f"], by_id[card_id]["b"], by_id[card_id]["src"])


def test_space_shows_the_answer_and_a_rating_is_stored_and_survives_a_reload(page, served, site):
    errors = _errors(page)
    total = len(_card_data(site)["cards"])
    _open(page, served)
    assert page.locator(".gb-review__due").inner_text().startswith(f"{total} cards due today ({total} new)")
    card = page.locator(".gb-review__card")
    first = card.get_attribute("data-card")
    assert page.locator(".gb-review__back").is_hidden()
    page.keyboard.press("3")  # rating before the answer is shown does nothing
    assert _stored(page) is None and card.get_attribute("data-card") == first
    page.keyboard.press(" ")
    assert page.locator(".gb-review__back").is_visible()
    assert page.locator(".gb-review__back a", has_text="Where the guide teaches it").count() == 1
    before = page.evaluate("Date.now()")
    page.keyboard.press("4")  # Easy: a new card goes days ahead
    stored = _stored(page)
    rec = stored["cards"][first]
    assert rec["due"] > before + 24 * 3600 * 1000 and rec["r"] == 1 and rec["st"] == 2
    assert card.get_attribute("data-card") != first and page.locator(".gb-review__back").is_hidden()
    second = card.get_attribute("data-card")
    page.keyboard.press(" ")
    page.keyboard.press("1")  # Again: back within minutes, still due today
    again = _stored(page)["cards"][second]
    assert again["due"] < before + 3600 * 1000 and again["l"] == 0 and again["st"] == 1
    page.reload(wait_until="networkidle")
    page.wait_for_selector(".gb-review[data-gb-ready]", state="attached")
    assert _stored(page)["cards"][first] == rec
    assert page.locator(".gb-review__due").inner_text().startswith(f"{total - 1} cards due today ({total - 2} new)")
    assert page.locator(".gb-review__card").get_attribute("data-card") != first
    page.goto(served, wait_until="networkidle")  # the home page counts the same, without ts-fsrs
    page.wait_for_selector(".gb-review-due[data-gb-due]", state="attached")
    assert page.locator(".gb-review-due").get_attribute("data-gb-due") == str(total - 1)
    assert page.locator(".gb-review-due__count").inner_text().startswith(f"{total - 1} cards due today")
    assert page.evaluate("typeof window.FSRS") == "undefined"
    page.evaluate("localStorage.clear()")
    assert not errors, errors


def test_the_section_filter_shows_only_that_sections_cards(page, served, site):
    errors = _errors(page)
    data = _card_data(site)
    _open(page, served)
    section = "252-blocking-an-ip.md"
    mine = {c["id"] for c in data["cards"] if c["sec"] == section}
    page.select_option(".gb-review__filter", section)
    assert page.locator(".gb-review__due").inner_text().endswith(f"of {len(mine)} in this selection.")
    for _ in range(3):
        assert page.locator(".gb-review__card").get_attribute("data-card") in mine
        assert page.locator(".gb-review__meta").inner_text().endswith(data["titles"][section])
        page.keyboard.press(" ")
        page.keyboard.press("3")
    assert set(_stored(page)["cards"]) <= mine and len(_stored(page)["cards"]) == 3
    page.evaluate("localStorage.clear()")
    assert not errors, errors


def test_a_bad_stored_schedule_is_set_aside_and_a_full_storage_reported(page, served):
    errors = _errors(page)
    page.goto(served + "review/", wait_until="networkidle")
    page.evaluate(f"""() => localStorage.setItem({STORE!r}, JSON.stringify({{v: 1, cards: {{
        "000000000000": {{due: "soon"}}, "zzz": 1}}}}))""")
    _open(page, served)
    notice = page.locator(".gb-store-notice")
    assert notice.count() == 1 and "(2 entries)" in notice.inner_text()
    page.evaluate("""() => { let i = 0;
        for (const size of [512 * 1024, 16 * 1024, 256, 1]) { const chunk = 'x'.repeat(size);
          try { for (let n = 0; n < 100000; n++, i++) localStorage.setItem('filler-' + i, chunk); } catch (e) {} } }""")
    page.keyboard.press(" ")
    page.keyboard.press("3")
    assert page.locator(".gb-store-notice", has_text="could not be saved").count() == 1
    page.evaluate("localStorage.clear()")
    assert not errors, errors


def test_the_review_page_loads_the_cards_of_this_build(site):
    """The cards keep one name (a hashed one would change every page's cache key at every quiz
    edit); the page asks for this build's version, filled in after conversion like the count."""
    import hashlib

    html = (site / "review" / "index.html").read_text()
    version = hashlib.sha256((site / "assets/review/cards.js").read_bytes()).hexdigest()[:8]
    assert f'src="../assets/review/cards.js?v={version}"' in html
    total = len(_card_data(site)["cards"])
    assert f'data-gb-total="{total}"' in html and f'data-gb-total="{total}"' in (site / "index.html").read_text()
    assert "gb-cards-total" not in html
