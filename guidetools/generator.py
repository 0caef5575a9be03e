"""The site generator every test and tool runs: ``mkdocs``, or ``properdocs`` (the maintained fork,
pinned beside it). One setting, the ``GENERATOR`` environment variable, which the Makefile sets
(``make test GENERATOR=properdocs`` runs the whole suite under ProperDocs)."""
from __future__ import annotations

import os
import sys

GENERATORS = ("mkdocs", "properdocs")
NAME = os.environ.get("GENERATOR") or "mkdocs"
if NAME not in GENERATORS:
    raise SystemExit(f"GENERATOR={NAME!r}: use one of {', '.join(GENERATORS)} (Makefile: GENERATOR ?= mkdocs)")


def command(*args: str, name: str = NAME) -> list[str]:
    """``python -m <generator> <args>`` with this interpreter (the project's venv)."""
    return [sys.executable, "-m", name, *args]
