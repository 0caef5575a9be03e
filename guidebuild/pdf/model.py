"""What a study PDF is made of: papers, the layout, the book's chapters, the result, and the one
error type of the PDF package (shared by the printer and the finishing step)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import GuideError


class PdfError(GuideError):
    """The book cannot be printed, or would be wrong: the message says why and what to do."""


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float


PAPERS = {"a4": Paper("a4", 210.0, 297.0), "letter": Paper("letter", 215.9, 279.4)}


@dataclass(frozen=True)
class Layout:
    """The one page Chromium prints: fits inside every paper, which then centre it."""

    width_mm: float
    height_mm: float
    margin_x_mm: float = 20.0
    margin_y_mm: float = 20.0

    @classmethod
    def for_papers(cls, papers: list[Paper]) -> "Layout":
        return cls(min(p.width_mm for p in papers), min(p.height_mm for p in papers))


@dataclass
class Chapter:
    url: str            # site-relative URL of the built page: "" for home, "250-event-processing/"
    title: str          # nav title; the book uses the page's h1 except for the home page
    part: str | None = None  # top-level nav section, printed as a part label in the contents
    home: bool = False  # the site's home page: its h1 becomes the cover title
    source: str = ""    # where problems are reported: the page's Markdown file


@dataclass
class Book:
    title: str
    subtitle: str
    version: str
    date: str
    chapters: list[Chapter] = field(default_factory=list)
    site_url: str | None = None
    note: str = ""
    root: str = ""      # project folder: problems are reported at their line in root/<chapter.source>

    def file_of(self, site_dir: Path, chapter: Chapter) -> Path:
        url = chapter.url
        return site_dir / (url + "index.html" if url == "" or url.endswith("/") else url)


@dataclass
class Result:
    files: dict[str, Path]
    pages: int
    seconds: float
    cached: bool
    steps: dict[str, float] = field(default_factory=dict)
