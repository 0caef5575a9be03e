"""The study PDF: the built site printed as one book in Debian Chromium (``book``), finished with
pypdf (``finish``, ``update``: page furniture, bookmarks, reproducible bytes). No MkDocs imports:
the adapter hands over a ``Book`` (nav order, titles) and the built site."""
from .book import build_pdf, cache_key, edition_date, last_printed, placeholder_pdf, version_of
from .model import PAPERS, Book, Chapter, Layout, Paper, PdfError, Result


__all__ = ["PAPERS", "Book", "Chapter", "Layout", "Paper", "PdfError", "Result", "build_pdf", "cache_key",
           "edition_date", "last_printed", "placeholder_pdf", "version_of"]
