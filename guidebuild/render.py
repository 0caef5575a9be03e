"""Renders ``diagram_src/<slug>.py`` scripts into a content-addressed cache.

Each script runs in its own subprocess (this interpreter, a fresh working directory, a timeout),
several at once. A render is keyed on everything that can change its output: the script and its
sidecar files, the ``diagrams`` version, ``dot -V``, and this renderer's own code. Writes are atomic,
so an interrupted build never leaves a half-written entry behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

from . import authoring, svg
from .errors import ContentError, DotNotFound, SourceProblem

#: Bump to force a re-render of every diagram; the code of this package counts too (see key()).
RENDERER_VERSION = "2"
#: A drawing wider than this (about 9 cm) is unreadable on a phone at full width; above it, a
#: top-to-bottom twin is kept for narrow screens.
NARROW_FROM_PT = 420
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE_FILES = ("authoring.py", "svg.py", "render.py", "services.py")


@dataclass
class Rendered:
    slug: str
    svg: str
    meta: dict
    icons: list[str]
    from_cache: bool = False
    #: The script itself, shown next to the diagram (read from the file, never copied by hand).
    source: str = ""


@dataclass
class Stats:
    hits: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def dot_version() -> str:
    dot = shutil.which("dot")
    if not dot:
        raise DotNotFound()
    proc = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=30)
    return (proc.stderr or proc.stdout).strip()


@cache
def _code_digest() -> str:
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the file from a web server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Renderer:
    def __init__(self, src_dir: Path | str, cache_dir: Path | str, *, timeout: float = 60.0,
                 jobs: int | None = None, renderer_version: str = RENDERER_VERSION) -> None:
        self.src_dir = Path(src_dir)
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout
        self.jobs = jobs or os.cpu_count() or 1
        self.renderer_version = renderer_version
        self.stats = Stats()
        self._dot: str | None = None
        self._diagrams_version = metadata.version("diagrams")

    # -- discovery -------------------------------------------------------------------------
    def scripts(self) -> dict[str, Path]:
        """Every ``<slug>.py`` in the source folder; ``_helpers.py`` style files are not diagrams."""
        if not self.src_dir.is_dir():
            return {}
        found = {}
        for p in sorted(self.src_dir.glob("*.py")):
            if p.name.startswith("_"):
                continue
            found[p.stem] = p
        return found

    def key(self, slug: str, script: Path) -> str:
        if self._dot is None:
            self._dot = dot_version()
        h = hashlib.sha256()
        for part in (self.renderer_version, _code_digest(), self._diagrams_version, self._dot,
                     f"{sys.version_info[0]}.{sys.version_info[1]}"):
            h.update(part.encode() + b"\0")
        h.update(script.read_bytes())
        for side in sorted(self.src_dir.glob(f"{slug}.*")):
            if side.suffix != ".py":
                h.update(side.name.encode() + b"\0" + side.read_bytes())
        return h.hexdigest()[:20]

    def icon_dir(self) -> Path:
        return self.cache_dir / "icons"

    # -- rendering -------------------------------------------------------------------------
    def render(self, slugs: list[str] | None = None) -> dict[str, Rendered]:
        """Render (or fetch from cache) the given slugs, all of them by default.

        Raises ContentError listing every diagram that failed, after all have been tried.
        """
        scripts = self.scripts()
        problems: list[SourceProblem] = []
        wanted = sorted(scripts) if slugs is None else sorted(slugs)
        for slug in wanted:
            if slug not in scripts:
                problems.append(SourceProblem(str(self.src_dir / f"{slug}.py"), None,
                                              f"no diagram script for slug '{slug}'",
                                              f"create {self.src_dir / (slug + '.py')}"))
            elif not SLUG_RE.match(slug):
                problems.append(SourceProblem(str(scripts[slug]), None,
                                              f"'{slug}' is not a valid slug",
                                              "rename the script to lowercase words joined by '-'"))
        if problems:
            raise ContentError(problems, "diagram")
        self._dot = dot_version()  # once per run; also fails fast when Graphviz is missing

        results: dict[str, Rendered] = {}
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = {slug: pool.submit(self._one, slug, scripts[slug]) for slug in wanted}
            for slug, fut in futures.items():
                outcome = fut.result()
                if isinstance(outcome, SourceProblem):
                    problems.append(outcome)
                else:
                    results[slug] = outcome
        if problems:
            raise ContentError(problems, "diagram")
        return results

    def _paths(self, slug: str, key: str) -> tuple[Path, Path]:
        return self.cache_dir / f"{slug}.{key}.svg", self.cache_dir / f"{slug}.{key}.json"

    def _one(self, slug: str, script: Path) -> Rendered | SourceProblem:
        key = self.key(slug, script)
        svg_path, meta_path = self._paths(slug, key)
        if svg_path.is_file() and meta_path.is_file():
            meta = json.loads(meta_path.read_text())
            if all((self.icon_dir() / n).is_file() for n in meta["icons"]):
                self.stats.hits.append(slug)
                return Rendered(slug, svg_path.read_text(), meta, meta["icons"], from_cache=True,
                                source=script.read_text())
        self.stats.misses.append(slug)
        try:
            raw_svg, meta, raw_narrow = self._run(slug, script)
            done = svg.process(raw_svg, slug, nodes=meta.get("nodes"))
            narrow = svg.process(raw_narrow, slug, nodes=meta.get("nodes"), variant="narrow") if raw_narrow else None
        except _ScriptFailed as e:
            return e.problem
        except ValueError as e:
            return SourceProblem(str(script), None, f"diagram '{slug}': {e}")
        problem = _check_steps(slug, script, meta, done)
        if problem:
            return problem
        for icon in done.icons:
            target = self.icon_dir() / icon.name
            if not target.is_file():
                atomic_write(target, icon.data)
        meta = {**meta, "icons": [i.name for i in done.icons], "width_pt": done.width_pt,
                "height_pt": done.height_pt}
        if narrow is not None and done.width_pt > NARROW_FROM_PT and narrow.width_pt < done.width_pt * 0.75:
            # Phones get the top-to-bottom twin (CSS picks one); both answer to the same node ids.
            done.svg += "\n" + narrow.svg
            meta.update(narrow_width_pt=narrow.width_pt, narrow_height_pt=narrow.height_pt)
        # The SVG goes last: an entry counts only once both files are there.
        atomic_write(meta_path, json.dumps(meta, indent=1, sort_keys=True).encode())
        atomic_write(svg_path, done.svg.encode())
        self._prune(slug, key)
        return Rendered(slug, done.svg, meta, meta["icons"], source=script.read_text())

    def _prune(self, slug: str, key: str) -> None:
        for old in self.cache_dir.glob(f"{slug}.*"):
            parts = old.name.split(".")
            if len(parts) == 3 and parts[1] != key and parts[2] in ("svg", "json"):
                old.unlink(missing_ok=True)

    def _run(self, slug: str, script: Path) -> tuple[str, dict, str]:
        with tempfile.TemporaryDirectory(prefix=f"diagram-{slug}-") as work:
            env = {**os.environ, authoring.OUT_DIR_ENV: work, authoring.SLUG_ENV: slug,
                   "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
            try:
                proc = subprocess.run([sys.executable, str(script.resolve())], cwd=work, env=env,
                                      capture_output=True, text=True, timeout=self.timeout)
            except subprocess.TimeoutExpired as e:
                tail = _tail((e.stderr or b"").decode() if isinstance(e.stderr, bytes) else (e.stderr or ""))
                raise _ScriptFailed(SourceProblem(
                    str(script), None,
                    f"diagram '{slug}' timed out after {self.timeout:g} s" + (f"\n{tail}" if tail else ""),
                    "look for an endless loop or a very large graph; raise the plugin's 'timeout' if it is legitimately slow"))
            broken_rule = _contract_error(proc.stderr) if proc.returncode != 0 else None
            if broken_rule:
                raise _ScriptFailed(SourceProblem(
                    str(script), _error_line(proc.stderr, script), f"diagram '{slug}': {broken_rule}",
                    "see 'Add a diagram' in README.md for the rules every diagram follows"))
            if proc.returncode != 0:
                raise _ScriptFailed(SourceProblem(
                    str(script), _error_line(proc.stderr, script),
                    f"diagram '{slug}' failed (exit {proc.returncode}):\n{_tail(proc.stderr)}",
                    f"run it alone to debug: python {script}"))
            out_svg = Path(work, f"{slug}.svg")
            out_meta = Path(work, f"{slug}.json")
            out_narrow = Path(work, f"{slug}.narrow.svg")
            if not out_svg.is_file() or not out_meta.is_file():
                raise _ScriptFailed(SourceProblem(
                    str(script), None, f"diagram '{slug}' wrote no {slug}.svg",
                    "use 'with Diagram(...)' from guidebuild.authoring, which renders where the build expects"))
            return (out_svg.read_text(), json.loads(out_meta.read_text()),
                    out_narrow.read_text() if out_narrow.is_file() else "")


class _ScriptFailed(Exception):
    def __init__(self, problem: SourceProblem) -> None:
        self.problem = problem


def _tail(text: str, lines: int = 8) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return "\n".join("    " + ln for ln in kept)


def _contract_error(stderr: str) -> str | None:
    """The message of an authoring-rule violation, which needs no traceback to be understood."""
    lines = stderr.strip().splitlines()
    prefix = "guidebuild.authoring.DiagramError: "
    if lines and lines[-1].startswith(prefix):
        return lines[-1][len(prefix):]
    return None


def _error_line(stderr: str, script: Path) -> int | None:
    """The deepest traceback line that points into the script itself."""
    name = re.escape(str(script.resolve()))
    found = re.findall(rf'File "{name}", line (\d+)', stderr)
    return int(found[-1]) if found else None


def _check_steps(slug: str, script: Path, meta: dict, done: svg.Processed) -> SourceProblem | None:
    """What the script declared must be what Graphviz drew: the page's step-through relies on it."""
    bad = []
    declared_nodes = [n["id"] for n in meta.get("nodes", [])]
    declared_edges = [e["id"] for e in meta.get("edges", [])]
    for i, step in enumerate(meta.get("steps", []), 1):
        bad += [f"step {i}: unknown node '{n}'" for n in step.get("nodes", []) if n not in done.nodes]
        bad += [f"step {i}: unknown edge '{e}'" for e in step.get("edges", []) if e not in done.edges]
    if sorted(declared_nodes) != sorted(done.nodes) or sorted(declared_edges) != sorted(done.edges):
        bad.append(f"the drawing has nodes {sorted(done.nodes)} and edges {sorted(done.edges)}, the script "
                   f"declared {sorted(declared_nodes)} and {sorted(declared_edges)}")
    if not bad:
        return None
    return SourceProblem(str(script), meta.get("line"), f"diagram '{slug}': " + "; ".join(bad),
                         f"known nodes: {', '.join(done.nodes)}; known edges: {', '.join(done.edges)}")
