"""Throw-away copies of the project for measuring builds: never the real ``.cache/`` or ``site/``.

* ``copy_project``: the sources, without virtualenvs, caches or build output; ``node_modules`` is
  linked, not copied (the build vendors ts-fsrs from it for the review page).
* ``make_plain``: the baseline a diagram build is compared with: the same pages built by plain
  MkDocs, with the ``guidebuild`` plugin removed and every ``/// diagram`` block replaced by an
  empty ``<figure>`` that keeps the block's caption and id (so anchors to it still resolve).
* ``without_diagrams``: the same site with its plugin but no diagrams, the second baseline.
* ``synthesize``: N more sections, each with prose, a diagram and (when the quiz extension is
  installed) a quiz, for the scale run.
"""
from __future__ import annotations

import importlib.util
import random
import re
import shutil
from pathlib import Path


#: Never copied: environments, caches, build output, VCS data, node packages.
SKIP = {".git", ".venv", ".lock-venv", ".cache", "site", "node_modules", "__pycache__", ".pytest_cache",
        "build", "dist", "test-results"}
PLAIN_CONFIG = "mkdocs-plain.yml"
PLAIN_DOCS = "docs-plain"
DIAGRAM_BLOCK = re.compile(r"^(?P<fence>/{3,}) *diagram *\| *(?P<slug>[a-z0-9-]+) *$", re.M)


class SandboxError(Exception):
    pass


def copy_project(root: Path, dest: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in SKIP or n.endswith(".egg-info")}

    shutil.copytree(root, dest, ignore=ignore, symlinks=True)
    if (root / "node_modules").is_dir():
        (dest / "node_modules").symlink_to((root / "node_modules").resolve(), target_is_directory=True)
    return dest


class PageEditor:
    """A copy of ``project`` (with its .cache/, so diagrams and pages stay cached) in which each
    ``edit()`` appends a sentence to one page, a different page each time; the page cache then
    converts that page again. A copy, because edits in the project itself would change the site
    between its warm builds, and each of those would print the study PDF again."""

    def __init__(self, project: Path, dest: Path) -> None:
        self.project, self.dest = project, dest
        self.edits = 0

    def edit(self) -> Path:
        """Edits one page; returns the copy to build."""
        if not self.dest.exists():
            copy_project(self.project, self.dest)
            if (self.project / ".cache").is_dir():
                shutil.copytree(self.project / ".cache", self.dest / ".cache")
        pages = sorted((self.dest / _docs_dir((self.dest / "mkdocs.yml").read_text())).rglob("*.md"))
        with pages[(self.edits * 7919) % len(pages)].open("a") as f:
            f.write(f"\n\nEdited for the benchmark, run {self.edits}.\n")
        self.edits += 1
        return self.dest


def remove_plugin(config: str, name: str = "guidebuild") -> str:
    """mkdocs.yml text without one plugin entry (with its options). Text, not YAML: the file
    holds ``!!python/name`` tags a safe loader rejects, and comments should survive."""
    lines = config.splitlines(keepends=True)
    out, skipping_deeper_than = [], None
    found = False
    for line in lines:
        if skipping_deeper_than is not None:
            indent = len(line) - len(line.lstrip())
            if line.strip() and indent <= skipping_deeper_than:
                skipping_deeper_than = None
            else:
                continue
        m = re.match(rf"^(\s*)- +{re.escape(name)}\s*(:.*)?$", line.rstrip("\n"))
        if m:
            found = True
            skipping_deeper_than = len(m.group(1))
            continue
        out.append(line)
    text = "".join(out)
    inline = re.compile(rf"^(plugins:\s*\[)([^\]]*)\]", re.M)
    if not found and inline.search(text):
        def drop(m: re.Match) -> str:
            items = [i.strip() for i in m.group(2).split(",") if i.strip() and i.strip() != name]
            return f"{m.group(1)}{', '.join(items)}]"
        text, count = inline.subn(drop, text)
        found = count > 0 and text != config
    if not found:
        raise SandboxError(f"mkdocs.yml has no '- {name}' plugin entry to remove")
    return text


def plain_markdown(text: str) -> str:
    """Diagram blocks become empty figures: same caption, same id, no SVG."""
    return DIAGRAM_BLOCK.sub(lambda m: f"{m['fence']} html | figure#diagram-{m['slug']}.gb-diagram", text)


def without_own_extensions(config: str, package: str = "guidebuild") -> str:
    """mkdocs.yml text without the Markdown extensions of our package (``- guidebuild.diagrams:`` and
    its indented options, ``- guidebuild.markdown.offscreen``): the baseline is MkDocs, Material and
    pymdown-extensions alone, so all of our work is measured."""
    out, deeper_than = [], None
    for line in config.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if deeper_than is not None:
            if not line.strip() or indent > deeper_than:
                continue
            deeper_than = None
        m = re.match(rf"^([ \t]*)- +{re.escape(package)}\.[\w.]+[ \t]*(?::[^\n]*)?(?:#[^\n]*)?$", line.rstrip("\n"))
        if m:
            deeper_than = len(m.group(1))
            continue
        out.append(line)
    return "".join(out)


def make_plain(project: Path) -> Path:
    """Write the plain-MkDocs twin of ``project`` next to it; returns its config file."""
    config = (project / "mkdocs.yml").read_text()
    if "pymdownx.blocks.html" not in config:
        raise SandboxError("the plain baseline needs pymdownx.blocks.html in mkdocs.yml (for placeholder figures)")
    docs = project / _docs_dir(config)
    plain_docs = project / PLAIN_DOCS
    shutil.rmtree(plain_docs, ignore_errors=True)
    shutil.copytree(docs, plain_docs)
    for md in plain_docs.rglob("*.md"):
        text = md.read_text()
        if DIAGRAM_BLOCK.search(text):
            md.write_text(plain_markdown(text))
        # The plugin registers the study PDFs the home page links to; the plain twin gets empty
        # stand-ins so that its strict build judges the same links.
        for pdf in set(re.findall(r"\]\(([\w.-]+\.pdf)\)", text)):
            (md.parent / pdf).write_bytes(b"")
    plain = without_own_extensions(remove_plugin(config))
    plain = re.sub(r"^docs_dir:.*\n?", "", plain, flags=re.M)
    target = project / PLAIN_CONFIG
    target.write_text(f"docs_dir: {PLAIN_DOCS}\n" + plain)
    return target


def without_diagrams(project: Path, dest: Path) -> Path:
    """A copy of ``project`` with the plugin kept but no diagrams: every diagram block an empty
    figure, no scripts. Against it, a build shows what the diagrams alone cost."""
    bare = copy_project(project, dest)
    for md in (bare / _docs_dir((bare / "mkdocs.yml").read_text())).rglob("*.md"):
        text = md.read_text()
        if DIAGRAM_BLOCK.search(text):
            md.write_text(plain_markdown(text))
    for script in (bare / "diagram_src").glob("*.py"):
        script.unlink()
    return bare


def _docs_dir(config: str) -> str:
    m = re.search(r"^docs_dir:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(#.*)?$", config, re.M)
    return m.group(1) if m else "docs"


def quiz_available() -> bool:
    return importlib.util.find_spec("guidebuild.quiz.extension") is not None


# -- synthetic sections ---------------------------------------------------------------------

#: (module, class, role) picked from to draw varied, realistic diagrams that share icons.
NODES = [
    ("diagrams.onprem.client", "Client", "Client"),
    ("diagrams.aws.network", "CloudFront", "CDN"),
    ("diagrams.aws.security", "WAF", "Web ACL"),
    ("diagrams.aws.network", "APIGateway", "API"),
    ("diagrams.aws.network", "ELB", "Load balancer"),
    ("diagrams.aws.compute", "EC2", "Instances"),
    ("diagrams.aws.compute", "Lambda", "Function"),
    ("diagrams.aws.integration", "SQS", "Queue"),
    ("diagrams.aws.integration", "SNS", "Topic"),
    ("diagrams.aws.database", "ElastiCache", "Cache"),
    ("diagrams.aws.database", "Dynamodb", "Table"),
    ("diagrams.aws.database", "RDS", "Database"),
    ("diagrams.aws.storage", "S3", "Bucket"),
    ("diagrams.aws.management", "Cloudwatch", "Alarm"),
]
WORDS = ("queue message consumer producer retry visibility timeout batch window partition latency "
         "throughput replica failover subnet zone instance snapshot volume policy role principal "
         "endpoint origin cache invalidation TTL listener target health check scaling group "
         "capacity reservation placement bandwidth encryption key rotation audit log metric alarm "
         "threshold budget quota limit region account boundary").split()
#: A quiz in the syntax of guidebuild.quiz.extension (branch quiz, issue 4): two questions, one of them
#: "choose two". Links are docs-relative, as in the question bank.
QUIZ_TEMPLATE = """\
/// quiz | Synthetic section {n}
    id: synth-{n:03d}

Q: synth-{n:03d}-retry
Which option keeps a failing {a} of pattern {n} from blocking the {b}?

- [ ] Add a second {c} in another zone.
    More capacity does not stop the same {a} from failing again.
- [x] Send the {a} to a dead-letter {d} after a few receives.
    The {d} keeps it for inspection and redrive.
- [ ] Raise the {b} to its maximum.
- [ ] Turn off retries on the {c}.

Explanation: A dead-letter {d} takes the failing {a} out of the way. See [the pattern](synth-{n:03d}.md#synth-{n:03d}-pattern).

Q: synth-{n:03d}-pair
Which two settings decide when the {a} moves aside?

- [x] The maximum receive count.
- [x] The visibility timeout.
- [ ] The {c} instance type.
- [ ] The {b} region.

Explanation: Receives are counted each time the {a} reappears. See [the variants](synth-{n:03d}.md#synth-{n:03d}-variants).
///
"""


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    return picked[0].capitalize() + " " + " ".join(picked[1:]) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def synthetic_page(n: int, quiz: bool, quiz_include: str | None = None) -> str:
    """A section page; its quiz inline, or included from the question bank (``quiz_include``)."""
    rng = random.Random(n)
    # Every page of the site needs a description (the plugin's page-description check).
    parts = [f'---\ndescription: "Synthetic section {n} for the scale run: a pattern, a diagram and a quiz."\n---\n',
             f"# S{n:03d}. Synthetic section {n}\n", _paragraph(rng), _paragraph(rng),
             f"## Pattern {n}: {rng.choice(WORDS)} to {rng.choice(WORDS)} {{#synth-{n:03d}-pattern}}\n",
             _paragraph(rng),
             "\n".join(f"- **{rng.choice(WORDS)}**: {_sentence(rng, 10)}" for _ in range(5)),
             f"/// diagram | synth-{n:03d}\nHow pattern {n} moves a request from the {rng.choice(WORDS)} "
             f"to the {rng.choice(WORDS)}.\n///",
             _paragraph(rng),
             "| Option | When | Cost |\n|---|---|---|\n" + "\n".join(
                 f"| {rng.choice(WORDS)} | {_sentence(rng, 6)} | {rng.randint(1, 99)} units |" for _ in range(4)),
             f"/// tip | Exam tip\n{_sentence(rng, 14)}\n///",
             f"## Variants {{#synth-{n:03d}-variants}}\n", _paragraph(rng), _paragraph(rng),
             "## Quiz {#quiz}\n"]
    if quiz_include:
        parts.append(f'--8<-- "{quiz_include}"')
    elif quiz:
        parts.append(synthetic_quiz(n))
    else:
        parts.append("The quiz extension (guidebuild.quiz.extension) is not installed: no quiz here yet.")
    return "\n\n".join(parts) + "\n"


def synthetic_quiz(n: int) -> str:
    rng = random.Random(20_000 + n)
    a, b, c, d = (rng.choice(WORDS) for _ in range(4))
    return QUIZ_TEMPLATE.format(n=n, a=a, b=b, c=c, d=d)


def synthetic_script(n: int, page: str) -> str:
    rng = random.Random(10_000 + n)
    picked = rng.sample(NODES, rng.randint(4, 6))
    imports = sorted({f"from {mod} import {cls}" for mod, cls, _ in picked})
    url = f"{page}#synth-{n:03d}-pattern"
    nodes = [f'    n{i} = {cls}("{role} {n}", nodeid="n{i}", tooltip="The {role.lower()} of pattern {n}.", URL="{url}")'
             for i, (_, cls, role) in enumerate(picked)]
    edges = [f'    n{i} >> Edge(label="{rng.choice(WORDS)}", id="e{i}") >> n{i + 1}' for i in range(len(picked) - 1)]
    cluster_from = rng.randint(1, len(picked) - 2)
    body = nodes[:cluster_from] + ["    with Cluster(\"VPC\"):"] + ["    " + line for line in nodes[cluster_from:]]
    steps = ", ".join(f'Step("Step {i + 1} of pattern {n}.", nodes=["n{i}", "n{i + 1}"], edges=["e{i}"])'
                      for i in range(len(picked) - 1))
    return "\n".join([f'"""Synthetic diagram {n} for the scale run."""', *imports,
                      "from guidebuild.authoring import Cluster, Diagram, Edge, Step", "",
                      f'with Diagram("Synthetic pattern {n}", steps=[{steps}]):', *body, *edges, ""])


def synthesize(project: Path, count: int, quiz: bool | None = None) -> list[str]:
    """Add ``count`` synthetic sections (pages, diagram scripts, nav entries) to a project copy.

    Pages are ``docs/synth-NNN.md``, next to the real sections. With a question bank folder
    (``quizzes/``, as on branch quiz), each quiz goes there and the page includes it.
    """
    quiz = quiz_available() if quiz is None else quiz
    config_path = project / "mkdocs.yml"
    config = config_path.read_text()
    docs = project / _docs_dir(config)
    bank = project / "quizzes"
    (project / "diagram_src").mkdir(exist_ok=True)
    pages = []
    for n in range(1, count + 1):
        page = f"synth-{n:03d}.md"
        include = None
        if quiz and bank.is_dir():
            include = f"quizzes/{page}"
            (bank / page).write_text(synthetic_quiz(n))
        (docs / page).write_text(synthetic_page(n, quiz, include))
        (project / "diagram_src" / f"synth-{n:03d}.py").write_text(synthetic_script(n, page))
        pages.append(page)
    config_path.write_text(add_to_nav(config, "Synthetic sections", [(f"S{n:03d}", p) for n, p in enumerate(pages, 1)]))
    return pages


def add_to_nav(config: str, title: str, entries: list[tuple[str, str]]) -> str:
    """Append a nav section at the end of ``nav:``; without a nav, MkDocs lists every page anyway."""
    lines = config.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^nav:\s*$", line)), None)
    if start is None:
        return config
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-#"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    items = [line for line in lines[start + 1:end] if line.lstrip().startswith("- ")]
    pad = " " * (len(items[0]) - len(items[0].lstrip())) if items else "  "
    block = f"{pad}- {title}:\n" + "".join(f'{pad}    - "{name}": {path}\n' for name, path in entries)
    return "".join(lines[:end]) + block + "".join(lines[end:])


def describe_quiz(quiz: bool) -> str:
    return ("each with a quiz" if quiz else
            "without quizzes: guidebuild.quiz.extension is not installed (the quiz extension is not merged yet)")
