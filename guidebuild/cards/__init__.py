"""Spaced repetition: cards made at build time from what the site teaches (glossary, cheat sheet,
corrections, quiz bank), the Anki deck of them, and the ``/// review`` and ``/// review-due`` blocks."""
from .extension import CardsExtension, makeExtension  # noqa: F401
