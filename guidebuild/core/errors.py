"""Errors that say what failed, where, and how to fix it."""
from __future__ import annotations

from dataclasses import dataclass


class GuideError(Exception):
    """Base class: the message is meant to be shown to an author as it is."""


class DotNotFound(GuideError):
    def __init__(self) -> None:
        super().__init__(
            "Graphviz 'dot' not found on PATH. Install Graphviz: apt-get install graphviz "
            "(or run 'make setup', which installs it when run as root)."
        )


@dataclass
class SourceProblem:
    """One problem in one author file. ``line`` is 1-based, None when unknown."""

    path: str
    line: int | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text}\n  fix: {self.fix}" if self.fix else text


class ContentError(GuideError):
    """One or more problems in author content, all reported together."""

    def __init__(self, problems: list[SourceProblem], what: str = "content") -> None:
        self.problems = problems
        noun = "problem" if len(problems) == 1 else "problems"
        body = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} {what} {noun}:\n{body}")


def line_of(text: str, needle: str, start: int = 0) -> int | None:
    """1-based line number of the first ``needle`` in ``text`` at or after character ``start``."""
    at = text.find(needle, start)
    return None if at < 0 else text.count("\n", 0, at) + 1
