"""A new course section that builds at once: ``scripts/new-section 256 "Disaster recovery strategies"``.

Creates the page (meta description, one pattern heading with its anchor and diagram, the quiz
heading), its question bank with one question that follows every rule of the bank, a diagram
script that follows every authoring rule, the ``nav:`` entry in course order and a row in the
home page's table of sections. Every placeholder says what to write instead; the strict build
passes right after, so an author starts from a working page. No MkDocs imports.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path


PAGE = '''---
description: "{title_yaml} for the SAP-C02 exam: replace this with one sentence on what the section teaches."
---

# {number}. {title}

Replace this paragraph with what the section is about and when an architect meets it. Keep every point
of the course notes, in your own words, and link the AWS documentation that confirms each fact.

## First pattern {{#{slug}}}

/// diagram | {slug}
One sentence of caption: what the diagram shows.
///

- Replace these bullets with the pattern: the components, the flow and the trade-offs.
- Rename the heading; keep its anchor (`{slug}`) or rename it everywhere: page, diagram script and quiz.

## Quiz {{#quiz}}

--8<-- "quizzes/{stem}.md"
'''

BANK = '''/// quiz | {title}
    id: {quiz_id}

Q: {slug}-first
Domain: 2
Replace this question with an exam-style scenario (see "Add a quiz" in the readme): a company, what runs
today, two or more constraints, and a qualifier such as the LEAST operational overhead.

- [ ] A wrong option: a real AWS design that breaks one constraint.
    Say which constraint it breaks.
- [x] The right option.
    Say why it is right.
- [ ] Another wrong option.
    Say which constraint it breaks.
- [ ] A third wrong option.
    Say which constraint it breaks.

Explanation: The deciding fact, in one sentence. Then the detail, with the anchor in the notes that
teaches it, [First pattern]({stem}.md#{slug}), and [AWS docs: the page that confirms it](https://docs.aws.amazon.com/).
///
'''

SCRIPT = '''"""{title_doc}: replace with what the diagram shows."""
from diagrams.aws.compute import Lambda
from diagrams.aws.integration import SQS

from guidebuild.authoring import Diagram, Edge, Step

PAGE = "{stem}.md"

with Diagram({title_py}, steps=[
    Step("Replace with the first step of the flow; narrate every edge.", edges=["flow"]),
]):
    source = SQS("Source", nodeid="source", URL=f"{{PAGE}}#{slug}",
                 tooltip="Replace with this component's role in the pattern.")
    target = Lambda("Target", nodeid="target", URL=f"{{PAGE}}#{slug}",
                    tooltip="Replace with this component's role in the pattern.")
    source >> Edge(label="flow", id="flow") >> target
'''

_NAV_ITEM = re.compile(r"^(?P<indent>\s*)- (?P<number>\d+)\. .*?: (?P<file>\S+\.md)\s*$")
_HOME_ROW = re.compile(r"^\| \[(?P<number>\d+)\. [^\]]*\]\([^)]*\) \|.*\|\s*$")


class ScaffoldError(Exception):
    pass


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def insert_sorted(lines: list[str], pattern: re.Pattern, number: int, make) -> list[str] | None:
    """``lines`` with ``make(match)`` inserted after the last numbered line below ``number``."""
    found = [(i, m) for i, line in enumerate(lines) if (m := pattern.match(line))]
    if not found:
        return None
    for i, m in found:
        if int(m["number"]) == number:
            raise ScaffoldError(f"section {number} exists already: {lines[i].strip()}")
    before = [(i, m) for i, m in found if int(m["number"]) < number]
    at, like = (before[-1] if before else (found[0][0] - 1, found[0][1]))
    return lines[:at + 1] + [make(like)] + lines[at + 1:]


def create(root: Path, number: int, title: str) -> list[Path]:
    """Writes the new section's files; refuses to overwrite anything."""
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"the title {title!r} has no letters or digits to make a file name from")
    stem = f"{number}-{slug}"
    files = {root / "docs" / f"{stem}.md": PAGE, root / "quizzes" / f"{stem}.md": BANK,
             root / "diagram_src" / f"{slug}.py": SCRIPT}
    existing = [p for p in files if p.exists()]
    if existing:
        raise ScaffoldError("already there: " + ", ".join(str(p.relative_to(root)) for p in existing))
    values = {"number": number, "title": title, "slug": slug, "stem": stem, "quiz_id": slug,
              "title_yaml": title.replace("\\", "\\\\").replace('"', '\\"'), "title_py": repr(title),
              "title_doc": title.replace('"', "'")}

    config = root / "mkdocs.yml"
    nav = insert_sorted(config.read_text().split("\n"), _NAV_ITEM, number,
                        lambda m: f"{m['indent']}- {number}. {title}: {stem}.md")
    if nav is None:
        raise ScaffoldError("mkdocs.yml: no numbered section under nav: ('- 250. Title: 250-page.md') to "
                        "place the new one after; add its line by hand")
    home = root / "docs" / "index.md"
    rows = insert_sorted(home.read_text().split("\n"), _HOME_ROW, number,
                         lambda m: f"| [{number}. {title}]({stem}.md) | Replace with what the section teaches. |"
                         ) if home.is_file() else None

    for path, template in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(**values))
    config.write_text("\n".join(nav))
    written = list(files) + [config]
    if rows is not None:
        home.write_text("\n".join(rows))
        written.append(home)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="scripts/new-section", description=__doc__.split("\n\n")[0])
    ap.add_argument("number", type=int, help="the course section's number, e.g. 256")
    ap.add_argument("title", help='its title, e.g. "Disaster recovery strategies"')
    ap.add_argument("--root", type=Path, default=Path.cwd(), help="the project (default: here)")
    args = ap.parse_args(argv)
    try:
        written = create(args.root.resolve(), args.number, args.title.strip())
    except ScaffoldError as e:
        print(f"new-section: {e}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(args.root.resolve())}")
    print("next: make serve, then replace every placeholder (README.md: 'Add a page', 'Add a diagram', 'Add a quiz')")
    return 0


if __name__ == "__main__":
    sys.exit(main())
