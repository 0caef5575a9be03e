"""Cards for spaced repetition (guidebuild/cards): made from the glossary, the cheat sheet, the
corrections and the quiz bank; stable ids; links to anchors the notes define; a reproducible deck."""
from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from collections import Counter

import pytest

from guidebuild.cards import deck
from guidebuild.cards.model import SOURCES, stable_id
from guidebuild.cards.sources import all_cards, cheatsheet_cards, correction_cards
from guidebuild.markdown.abbreviations import Abbreviations
from guidebuild.quiz.bank import Bank, anchors_of

from conftest import ROOT


@pytest.fixture(scope="module")
def bank():
    return Bank.load(ROOT / "quizzes", ROOT, ROOT / "docs")


@pytest.fixture(scope="module")
def cards(bank):
    found, problems = all_cards(ROOT, ROOT / "docs", ROOT / "includes/abbreviations.md", bank)
    assert problems == []
    return found


def test_every_source_gives_cards_and_there_are_at_least_250(cards, bank):
    counts = Counter(c.source for c in cards)
    assert set(counts) == set(SOURCES)
    assert sum(counts.values()) >= 250
    terms = Abbreviations.load(ROOT / "includes/abbreviations.md").terms
    assert counts["glossary"] == len(terms)
    assert counts["quiz"] == sum(len(q.questions) for q in bank.quizzes)
    sheet = (ROOT / "docs/cheat-sheet.md").read_text()
    lines = [ln for ln in sheet.splitlines() if ln.startswith("- ")]
    rows = [ln for ln in sheet.splitlines() if ln.startswith("|") and not re.fullmatch(r"[|:\- ]+", ln)]
    tables = len(re.findall(r"\n\n\|", sheet))  # a header row per table
    assert counts["cheatsheet"] == len(lines) + len(rows) - tables
    corrections = sum(len(re.findall(r"^/// (?:updated|precisely) \|", p.read_text(), re.M))
                      for p in (ROOT / "docs").glob("*.md") if p.name != "index.md")
    assert counts["correction"] == corrections


def test_ids_are_unique_and_stable(cards, bank):
    assert len({c.id for c in cards}) == len(cards)
    again, _ = all_cards(ROOT, ROOT / "docs", ROOT / "includes/abbreviations.md", bank)
    assert [c.id for c in again] == [c.id for c in cards]
    q = bank.quizzes[0].questions[0]
    assert any(c.id == stable_id("quiz", q.id) for c in cards)  # a question's card keeps its id while its id stays
    assert any(c.id == stable_id("glossary", "SQS") for c in cards)


def test_every_card_links_an_anchor_its_page_defines(cards):
    anchors = {}
    for c in cards:
        page, _, frag = c.link.partition("#")
        assert frag, f"{c.path}:{c.line}: card links {c.link}, no anchor"
        if page not in anchors:
            anchors[page] = anchors_of((ROOT / "docs" / page).read_text())
        if page == "glossary.md":
            continue  # the /// glossary block makes one anchor per term: checked in the built site
        assert frag in anchors[page], f"{c.path}:{c.line}: {c.link} is not an anchor of docs/{page}"


def test_a_quiz_card_shows_the_options_and_answers_with_the_explanation(cards, bank):
    q = next(q for quiz in bank.quizzes for q in quiz.questions if q.multi)
    card = next(c for c in cards if c.id == stable_id("quiz", q.id))
    assert card.front.count("<li>") == len(q.options) and "Choose two." in card.front
    assert f"Answer: {', '.join(q.answer)}" in card.back
    assert "Answer" not in card.front


def test_cheat_sheet_lines_and_rows_link_their_heading(tmp_path):
    text = ("## [Caching](251-caching.md) {#cs-caching}\n\n- **DAX:** microseconds.\n- plain line here\n\n"
            "### [SG vs NACL](252-blocking-an-ip.md#nacl-vs-sg)\n\n| | SG | NACL |\n| --- | --- | --- |\n"
            "| State | stateful | stateless |\n")
    found = cheatsheet_cards(text, "docs/cheat-sheet.md")
    assert [(c.link, c.section, c.line) for c in found] == [
        ("cheat-sheet.md#cs-caching", "251-caching.md", 3), ("cheat-sheet.md#cs-caching", "251-caching.md", 4),
        ("252-blocking-an-ip.md#nacl-vs-sg", "252-blocking-an-ip.md", 10)]
    assert "<strong>DAX</strong>" in found[0].front and "microseconds" not in found[0].front
    assert "stateless" in found[2].back and "stateless" not in found[2].front


def test_a_correction_without_an_id_is_reported_at_its_line(tmp_path):
    (tmp_path / "p.md").write_text("# P\n\n/// updated | Updated: x\nbody\n///\n")
    problems = []
    assert correction_cards(tmp_path, tmp_path, problems) == []
    assert [(p.path, p.line) for p in problems] == [("p.md", 3)] and "attrs: {id: upd-" in problems[0].fix


def test_the_deck_is_reproducible_and_holds_every_card(cards, monkeypatch, tmp_path):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    url = lambda link: "https://example.org/guide/" + link  # noqa: E731
    first = deck.build(cards, url)
    assert deck.build(cards, url) == first
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.namelist() == ["collection.anki2", "media"]
        assert {i.date_time for i in zf.infolist()} == {deck.ZIP_TIME}
        db = zf.read("collection.anki2")
    path = tmp_path / "collection.anki2"
    path.write_bytes(db)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("select count(*) from cards").fetchone()[0] == len(cards)
        notes = conn.execute("select guid, flds, mod from notes").fetchall()
        models = json.loads(conn.execute("select models from col").fetchone()[0])
    finally:
        conn.close()
    assert [f["name"] for f in next(iter(models.values()))["flds"]] == deck.FIELDS
    assert {mod for _, _, mod in notes} == {deck.DEFAULT_EPOCH}
    by_id = {c.id: c for c in cards}
    for guid, flds, _ in notes:
        front, back, link, source, section, card_id = flds.split("\x1f")
        card = by_id[card_id]
        assert (front, back, source, section) == (card.front, card.back, card.source, card.section)
        assert link == url(card.link)
    assert len({g for g, _, _ in notes}) == len(cards)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert deck.build(cards, url) != first  # the timestamp is the one input besides the cards
