"""Blocks (``/// name``) that are opened and never closed.

pymdownx Blocks does not complain about a missing closing ``///``: the block silently takes the
rest of the page with it (every heading, diagram and quiz after it ends up inside an admonition).
This finds each block still open at the end of a page and where it was opened.
"""
from __future__ import annotations

import re


_OPEN = re.compile(r"^[ \t]*(/{3,})[ \t]*([A-Za-z][\w-]*)\b.*$")
_CLOSE = re.compile(r"^[ \t]*(/{3,})[ \t]*$")
_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def unclosed(text: str) -> list[tuple[int, str, str]]:
    """(line, fence, header) of every block opened in ``text`` and never closed, outermost first.

    A closing fence closes the innermost open block with a fence of the same length, as
    pymdownx does; fenced code is skipped."""
    stack: list[tuple[int, str, str]] = []  # (line, fence, header)
    code: str | None = None
    for n, line in enumerate(text.split("\n"), 1):
        m = _CODE.match(line)
        if m:
            if code is None:
                code = m.group(1)
            elif m.group(1).startswith(code[0] * len(code)) and line.strip() == m.group(1):
                code = None
            continue
        if code is not None:
            continue
        m = _CLOSE.match(line)
        if m:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][1] == m.group(1):
                    del stack[i:]
                    break
            continue
        m = _OPEN.match(line)
        if m:
            stack.append((n, m.group(1), line.strip()))
    return stack
