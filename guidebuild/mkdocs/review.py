"""The review page's files: the cards as a script, ts-fsrs vendored from node_modules and the Anki
deck, all generated into ``.cache/`` and added with ``File.generated``; the number of cards filled
into the pages that show it."""
from __future__ import annotations

import hashlib
import re
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

from ..cards import deck
from ..cards.extension import CARDS_SCRIPT, DECK, FSRS_SCRIPT, TOTAL_MARKER
from ..cards.model import cards_json
from ..cards.sources import all_cards
from ..core import atomic
from ..core.errors import GuideError
from ..site import assets, social


log = logging.getLogger("mkdocs.plugins.guidebuild")

# ts-fsrs is vendored, not bundled into the site's script: only the review page loads it. Its UMD
# build defines window.FSRS and runs as a classic deferred script, so it works from file:// too.
FSRS_SRC = Path("node_modules/ts-fsrs/dist/index.umd.js")
FSRS_LICENSE = Path("node_modules/ts-fsrs/LICENSE")
FSRS_LICENSE_URL = "assets/vendor/ts-fsrs/LICENSE.txt"


class ReviewFiles:
    """GuidePlugin's spaced-repetition files (a mixin: the state lives on the plugin)."""

    def _review_files(self, files: Files, config) -> None:
        self.review_cards = []
        self.cards_version = ""
        if not self.review_on:
            return
        docs = Path(config.docs_dir)
        if self.abbreviations_file is None:
            raise PluginError("guidebuild.cards: the cards need the glossary's abbreviations file (guidebuild.markdown.glossary).")
        try:
            cards, problems = all_cards(self.root, docs, self.abbreviations_file, self.quizzes.bank)
        except GuideError as e:
            raise PluginError(str(e)) from None
        self.problems += problems
        self.review_cards = cards
        pages = {f.src_uri: f.url for f in files.documentation_pages()}

        def site_url(link: str) -> str:  # relative to the site's root; unknown pages fail the anchor test
            page, _, frag = link.partition("#")
            url = pages.get(page, page)
            return f"{url}#{frag}" if frag else url

        out = self.root / self.config.assets_cache_dir
        titles = {}
        for f in files.documentation_pages():
            if f.src_uri in {c.section for c in cards}:
                body, meta = get_data(Path(f.abs_src_path).read_text(encoding="utf-8-sig"))
                titles[f.src_uri] = str(meta.get("title") or social.first_heading(body) or f.src_uri)
        data = ('(() => {\n  "use strict";\n  window.gb.cardData = {"cards":' + cards_json(cards, site_url) +
                ',"titles":' + _json(titles) + "};\n})();\n").encode()
        # A stable name, versioned by a query the review page gets after conversion (``_fill_review``):
        # a hashed name would change the site's file list, and with it every page's cache key, at
        # every edit of a quiz, a term or a cheat-sheet line.
        self.cards_version = hashlib.sha256(data).hexdigest()[:8]
        written = assets.write(assets.Bundle(CARDS_SCRIPT, data, (CARDS_SCRIPT,)), out)
        files.append(File.generated(config, CARDS_SCRIPT, abs_src_path=str(written.file)))
        root = self.root
        if not (root / FSRS_SRC).is_file():
            raise PluginError(f"guidebuild.cards: {FSRS_SRC} not found. The review page serves ts-fsrs from the site; "
                              "install it with 'npm ci' (make node).")
        try:
            fsrs = assets.write(assets.build([assets.Source(FSRS_SCRIPT, root / FSRS_SRC, str(FSRS_SRC))], "ts-fsrs"), out)
        except GuideError as e:
            raise PluginError(str(e)) from None
        files.append(File.generated(config, fsrs.url, abs_src_path=str(fsrs.file)))
        self.built_assets[FSRS_SCRIPT] = fsrs.url
        files.append(File.generated(config, FSRS_LICENSE_URL, abs_src_path=str(root / FSRS_LICENSE)))
        base = (config.site_url or "").rstrip("/") + "/"
        apkg = deck.build(cards, lambda link: base + site_url(link))
        target = out / DECK
        if atomic.load(target) != apkg:
            atomic.store(target, apkg)
        files.append(File.generated(config, DECK, abs_src_path=str(target)))
        counts = {}
        for c in cards:
            counts[c.source] = counts.get(c.source, 0) + 1
        log.info("cards: %d (%s), deck %d bytes", len(cards), ", ".join(f"{k} {v}" for k, v in counts.items()), len(apkg))

    def _fill_review(self, page) -> None:
        """The number of cards, and the cards' version, into a converted page (cached or not)."""
        if page.content and TOTAL_MARKER in page.content:
            page.content = page.content.replace(f'"{TOTAL_MARKER}"', f'"{len(self.review_cards)}"')
            page.content = re.sub(r'(src="[^"]*' + re.escape(CARDS_SCRIPT) + ')"',
                                  rf'\1?v={self.cards_version}"', page.content)


def _json(value) -> str:
    import json
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
