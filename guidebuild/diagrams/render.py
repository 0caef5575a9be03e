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

from ..core import atomic
from ..core.errors import ContentError, DotNotFound, SourceProblem, line_of
from . import geometry, svg
from .confine import default_jobs, read_tail, run_confined, stopped_cleanly
from .icons import IconStore


#: Bump to force a re-render of every diagram; the code of this package counts too (see key()).
RENDERER_VERSION = "3"
#: A drawing wider than this (about 9 cm) is unreadable on a phone at full width; above it, a
#: top-to-bottom twin is kept for narrow screens.
NARROW_FROM_PT = 420
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# What a rendered SVG depends on besides its script (paths under guidebuild/).
_CODE_FILES = ("authoring.py", "diagrams/svg.py", "diagrams/icons.py", "diagrams/render.py", "diagrams/services.py",
               "diagrams/geometry.py")


@dataclass
class Rendered:
    slug: str
    #: The drawing as written (left to right for most).
    svg: str
    meta: dict
    icons: list[str]
    from_cache: bool = False
    #: The script itself, shown next to the diagram (read from the file, never copied by hand).
    source: str = ""
    key: str = ""
    #: Its top-to-bottom twin for phones, when the drawing is too wide for one ("" if none).
    twin: str = ""


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


def diagrams_version() -> str:
    return metadata.version("diagrams")


@cache
def _code_digest() -> str:
    here = Path(__file__).parents[1]
    h = hashlib.sha256()
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    return h.hexdigest()


class Renderer:
    def __init__(self, src_dir: Path | str, cache_dir: Path | str, *, timeout: float = 60.0,
                 jobs: int | None = None, renderer_version: str = RENDERER_VERSION,
                 root: Path | str | None = None) -> None:
        self.src_dir = Path(src_dir)
        self.root = Path(root) if root is not None else None  # error paths are shown relative to it
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout
        self.jobs = jobs or default_jobs()
        self.renderer_version = renderer_version
        self.stats = Stats()
        self.icons = IconStore(self.icon_dir())
        self._dot: str | None = None
        self._diagrams_version = diagrams_version()
        self._sidecars: dict[str, list[Path]] | None = None  # filled by scripts()
        self._helpers = ""
        self._cached: set[str] = set()  # file names in cache_dir and icons/, listed once per run

    # -- discovery -------------------------------------------------------------------------
    def scripts(self) -> dict[str, Path]:
        """Every ``<slug>.py`` in the source folder; ``_helpers.py`` style files are not diagrams."""
        found: dict[str, Path] = {}
        sidecars: dict[str, list[Path]] = {}
        helpers = hashlib.sha256()
        # One listing for scripts, sidecars and helpers: a glob per slug reads the folder N times.
        for p in sorted(self.src_dir.iterdir()) if self.src_dir.is_dir() else []:
            if p.name.startswith(".") or not p.is_file():
                continue
            if p.name.startswith("_"):
                if p.suffix == ".py":  # a helper any script may import: part of every key
                    helpers.update(p.name.encode() + b"\0" + p.read_bytes())
            elif p.suffix == ".py":
                found[p.stem] = p
            else:
                sidecars.setdefault(p.name.split(".")[0], []).append(p)
        self._sidecars = sidecars
        self._helpers = helpers.hexdigest()
        return found

    def key(self, slug: str, script: Path, data: bytes | None = None) -> str:
        if self._dot is None:
            self._dot = dot_version()
        if self._sidecars is None:
            self.scripts()
        h = hashlib.sha256()
        for part in (self.renderer_version, _code_digest(), self._diagrams_version, self._dot,
                     f"{sys.version_info[0]}.{sys.version_info[1]}", self._helpers):
            h.update(part.encode() + b"\0")
        h.update(script.read_bytes() if data is None else data)
        for side in self._sidecars.get(slug, []):
            h.update(side.name.encode() + b"\0" + side.read_bytes())
        return h.hexdigest()[:20]

    def shown(self, path: Path) -> str:
        """A script's path as an author reads it: relative to the project when it is inside."""
        if self.root is not None and path.resolve().is_relative_to(self.root.resolve()):
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        return str(path)

    def icon_dir(self) -> Path:
        return self.cache_dir / "icons"

    # -- rendering -------------------------------------------------------------------------
    def render(self, slugs: list[str] | None = None, *, strict: bool = True) -> dict[str, Rendered]:
        """Render (or fetch from cache) the given slugs, all of them by default.

        Raises ContentError listing every diagram that failed, after all have been tried; with
        ``strict=False`` returns the others and leaves the problems in ``self.problems`` (and the
        slugs in ``self.failed``), so a build can go on to find the pages' problems too.
        """
        self.problems: list[SourceProblem] = []
        self.failed: set[str] = set()
        scripts = self.scripts()
        problems: list[SourceProblem] = []
        wanted = sorted(scripts) if slugs is None else sorted(slugs)
        for slug in wanted:
            if slug not in scripts:
                problems.append(SourceProblem(self.shown(self.src_dir / f"{slug}.py"), None,
                                              f"no diagram script for slug '{slug}'",
                                              f"create {self.shown(self.src_dir / (slug + '.py'))}"))
            elif not SLUG_RE.match(slug):
                problems.append(SourceProblem(self.shown(scripts[slug]), None,
                                              f"'{slug}' is not a valid slug",
                                              "rename the script to lowercase words joined by '-'"))
        if problems:
            raise ContentError(problems, "diagram")
        self._dot = dot_version()  # once per run; also fails fast when Graphviz is missing
        self._cached = _listing(self.cache_dir) | {f"icons/{n}" for n in _listing(self.icon_dir())}

        results: dict[str, Rendered] = {}
        missing: dict[str, str] = {}
        # Cache lookups stay in this thread: handing hundreds of small reads to a pool only makes
        # threads queue for the GIL, which on a busy machine costs more than the reads.
        sources: dict[str, str] = {}
        for slug in wanted:
            data = scripts[slug].read_bytes()  # once: for the key and for the source tab
            sources[slug] = data.decode()
            key = self.key(slug, scripts[slug], data)
            found = self._lookup(slug, key, sources[slug])
            if found:
                self.stats.hits.append(slug)
                results[slug] = found
            else:
                self.stats.misses.append(slug)
                missing[slug] = key
        if missing:
            with stopped_cleanly(), ThreadPoolExecutor(max_workers=min(self.jobs, len(missing))) as pool:
                futures = {slug: pool.submit(self._one, slug, scripts[slug], key, sources[slug])
                           for slug, key in missing.items()}
                for slug, fut in futures.items():
                    outcome = fut.result()
                    if isinstance(outcome, SourceProblem):
                        problems.append(outcome)
                        self.failed.add(slug)
                    else:
                        results[slug] = outcome
        results = {slug: results[slug] for slug in wanted if slug in results}
        self.stats.hits.sort()
        self.stats.misses.sort()
        self._prune({slug: r.key for slug, r in results.items() if not r.from_cache})
        self.problems = problems
        if problems and strict:
            raise ContentError(problems, "diagram")
        return results

    def _paths(self, slug: str, key: str) -> tuple[Path, Path]:
        return self.cache_dir / f"{slug}.{key}.svg", self.cache_dir / f"{slug}.{key}.json"

    def _lookup(self, slug: str, key: str, source: str) -> Rendered | None:
        """The cached render, if every file of it is intact (checked against its checksum; an
        icon against the hash in its name); a damaged entry is discarded and rendered again."""
        svg_path, meta_path = self._paths(slug, key)
        if svg_path.name not in self._cached or meta_path.name not in self._cached:
            return None
        raw_meta, raw_svg = atomic.load(meta_path), atomic.load(svg_path)
        if raw_meta is None or raw_svg is None:
            return None
        try:
            meta = json.loads(raw_meta)
            icons = list(meta["icons"])
        except (ValueError, KeyError, TypeError) as e:
            atomic.discard(meta_path, f"not a diagram's metadata: {e}")
            return None
        for name in icons:
            if f"icons/{name}" not in self._cached or not self.icons.intact(name):
                return None
        # One file holds both drawings, the twin from character twin_at on.
        text, at = raw_svg.decode(), meta.get("twin_at")
        wide, twin = (text[:at], text[at:]) if isinstance(at, int) and 0 < at <= len(text) else (text, "")
        return Rendered(slug, wide, meta, icons, from_cache=True, source=source, key=key, twin=twin)

    def _one(self, slug: str, script: Path, key: str, source: str) -> Rendered | SourceProblem:
        svg_path, meta_path = self._paths(slug, key)
        try:
            raw_svg, meta, raw_narrow = self._run(slug, script)
            done = svg.process(raw_svg, slug, self.icons, nodes=meta.get("nodes"))
            narrow = (svg.process(raw_narrow, slug, self.icons, nodes=meta.get("nodes"), variant="narrow")
                      if raw_narrow else None)
        except _ScriptFailed as e:
            return e.problem
        except svg.LinkError as e:
            return SourceProblem(self.shown(script), _url_line(source, e.url), f"diagram '{slug}': {e}", e.fix)
        except ValueError as e:
            return SourceProblem(self.shown(script), None, f"diagram '{slug}': {e}")
        problem = _check_steps(slug, self.shown(script), meta, done)
        if problem:
            return problem
        meta = {**meta, "icons": [i.name for i in done.icons], "width_pt": done.width_pt,
                "height_pt": done.height_pt, "fit": done.fit}
        twin = ""
        if narrow is not None and done.width_pt > NARROW_FROM_PT and narrow.width_pt < done.width_pt * 0.75:
            # Phones get the top-to-bottom twin (the page's script picks one); both answer to the same node ids.
            twin = narrow.svg
            meta.update(narrow_width_pt=narrow.width_pt, narrow_height_pt=narrow.height_pt, narrow_fit=narrow.fit,
                        twin_at=len(done.svg))
        problem = _check_crossings(slug, self.shown(script), meta, done.svg, twin)
        if problem:
            return problem
        # The SVG goes last: an entry counts only once both files are there. A cache that cannot
        # be written (read-only, full) costs the next build a render, never this one's result.
        try:
            atomic.store(meta_path, json.dumps(meta, indent=1, sort_keys=True).encode())
            atomic.store(svg_path, (done.svg + twin).encode())
        except OSError as e:
            atomic.log.warning("cache: could not keep the render of '%s' (%s)", slug, e)
        return Rendered(slug, done.svg, meta, meta["icons"], source=source, key=key, twin=twin)

    def _prune(self, fresh: dict[str, str]) -> None:
        """Delete the entries that fresh renders replaced (same slug, older key)."""
        if not fresh:
            return
        for name in _listing(self.cache_dir):
            parts = name.removesuffix(atomic.SUM).split(".")
            if len(parts) == 3 and parts[0] in fresh and parts[1] != fresh[parts[0]] and parts[2] in ("svg", "json"):
                try:
                    (self.cache_dir / name).unlink(missing_ok=True)
                except OSError:
                    pass  # a read-only cache keeps its old entries

    def _run(self, slug: str, script: Path) -> tuple[str, dict, str]:
        with tempfile.TemporaryDirectory(prefix=f"diagram-{slug}-") as work:
            out = Path(work, "out")
            out.mkdir()
            log_path = Path(work, "stderr.log")
            try:
                code = run_confined(script.resolve(), out, slug, log_path, self.timeout)
            except subprocess.TimeoutExpired:
                tail = _tail(read_tail(log_path))
                raise _ScriptFailed(SourceProblem(
                    self.shown(script), None,
                    f"diagram '{slug}' timed out after {self.timeout:g} s" + (f"\n{tail}" if tail else ""),
                    "look for an endless loop or a very large graph; raise 'timeout' of guidebuild.diagrams in mkdocs.yml if it is legitimately slow"))
            stderr = read_tail(log_path)
            broken_rule = _contract_error(stderr) if code != 0 else None
            if broken_rule:
                raise _ScriptFailed(SourceProblem(
                    self.shown(script), _error_line(stderr, script), f"diagram '{slug}': {broken_rule}",
                    "see 'Add a diagram' in README.md for the rules every diagram follows"))
            if code != 0:
                raise _ScriptFailed(SourceProblem(
                    self.shown(script), _error_line(stderr, script),
                    f"diagram '{slug}' failed (exit {code}):\n{_tail(stderr)}",
                    f"run it alone to debug: python {self.shown(script)}"))
            out_svg = out / f"{slug}.svg"
            out_meta = out / f"{slug}.json"
            out_narrow = out / f"{slug}.narrow.svg"
            if not out_svg.is_file() or not out_meta.is_file():
                raise _ScriptFailed(SourceProblem(
                    self.shown(script), None, f"diagram '{slug}' wrote no {slug}.svg",
                    "use 'with Diagram(...)' from guidebuild.authoring, which renders where the build expects"))
            return (out_svg.read_text(), json.loads(out_meta.read_text()),
                    out_narrow.read_text() if out_narrow.is_file() else "")


def _listing(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder))
    except FileNotFoundError:
        return set()


class _ScriptFailed(Exception):
    def __init__(self, problem: SourceProblem) -> None:
        self.problem = problem


def _tail(text: str, lines: int = 8, width: int = 300) -> str:
    """The last lines of a script's error output, each cut to ``width`` characters."""
    kept = [ln for ln in text.strip().splitlines() if ln.strip()][-lines:]
    return "\n".join("    " + (ln if len(ln) <= width else ln[:width] + f" ... ({len(ln) - width} more)")
                      for ln in kept)


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


def _url_line(source: str, url: str) -> int | None:
    """The script line that gives a node, edge or cluster this URL (as a string literal)."""
    for quoted in (repr(url), f'"{url}"', url.strip()):
        line = line_of(source, quoted)
        if line:
            return line
    return None


def _check_steps(slug: str, shown: str, meta: dict, done: svg.Processed) -> SourceProblem | None:
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
    return SourceProblem(shown, meta.get("line"), f"diagram '{slug}': " + "; ".join(bad),
                         f"known nodes: {', '.join(done.nodes)}; known edges: {', '.join(done.edges)}")


def _check_crossings(slug: str, shown: str, meta: dict, wide: str, twin: str) -> SourceProblem | None:
    """No edge may run through a label (a node's, a cluster's title, another edge's or its own), in
    either drawing a reader can get: the wide one and, when kept, the phone twin (geometry.py)."""
    found = [(c, "wide drawing") for c in geometry.crossings(wide)]
    if twin:
        found += [(c, "phone twin") for c in geometry.crossings(twin)]
    if not found:
        return None
    lines = {e["id"]: e.get("line") for e in meta.get("edges", [])}
    text = "; ".join(
        f"edge '{c.edge}'" + (f" (line {lines[c.edge]})" if lines.get(c.edge) else "")
        + f" runs through the label '{c.label}' ({c.owner}, at x={c.at[0]:g}, y={c.at[1]:g}) in the {kind}"
        for c, kind in found)
    return SourceProblem(shown, lines.get(found[0][0].edge) or meta.get("line"), f"diagram '{slug}': {text}",
                         geometry.FIX)
