"""Timed runs of build commands, for the benchmark. Each run records wall time, the CPU time of the
command and its children (steadier than wall time when other work shares the machine), and what
MkDocs and the guidebuild plugin said about the build."""
from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import generator


_BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")
_RENDERED = re.compile(r"diagrams: (\d+) rendered(?: \(([^)]*)\))?, (\d+) from cache")
_CONVERTED = re.compile(r"pages: (\d+) converted(?: \([^)]*\))?, (\d+) from the page cache")
_RENDER_CLI = re.compile(r"render: \d+ diagrams, (\d+) rendered, (\d+) from cache, ([0-9.]+) s")


class CommandFailed(Exception):
    pass


@dataclass
class Run:
    wall: float  # seconds, the whole command
    cpu: float  # user + system seconds of the command and everything it waited for
    output: str  # stderr and stdout
    built_in: float | None = None  # the tool's own measure, without interpreter start-up and imports
    rendered: list[str] | None = None  # diagrams the plugin rendered (None: it said nothing)
    from_cache: int | None = None
    converted: int | None = None  # pages converted, not taken from the page cache (None: no page cache)


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str = "wall") -> float:
        values = [getattr(r, attr) for r in self.runs if getattr(r, attr) is not None]
        return statistics.median(values) if values else float("nan")

    def over(self, base: Series, attr: str = "wall") -> float:
        """Median of this series over the median of ``base``."""
        return self.median(attr) / base.median(attr)


def run(cmd: list[str], cwd: Path, *, env: dict | None = None, timeout: float = 3600) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CommandFailed(f"{' '.join(map(str, cmd))}: no result after {timeout:g} s") from None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = proc.stderr + proc.stdout
    if proc.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise CommandFailed(f"{' '.join(map(str, cmd))} failed (exit {proc.returncode}) in {cwd}:\n{tail}")
    result = Run(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), output)
    if m := _BUILT_IN.search(output):
        result.built_in = float(m.group(1))
    elif m := _RENDER_CLI.search(output):  # scripts/render-diagrams: its own time, without start-up
        result.built_in = float(m.group(3))
        result.rendered = [f"#{i}" for i in range(int(m.group(1)))]
        result.from_cache = int(m.group(2))
        return result
    if m := _CONVERTED.search(output):
        result.converted = int(m.group(1))
    if m := _RENDERED.search(output):
        result.rendered = [s.strip() for s in (m.group(2) or "").split(",") if s.strip()]
        if len(result.rendered) != int(m.group(1)):
            result.rendered = [f"?{i}" for i in range(int(m.group(1)))]
        result.from_cache = int(m.group(3))
    return result


# Burns 0.2 s of CPU time, however long that takes on a busy machine.
_SPIN = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.2: pass\n"


def parallelism(cpus: int) -> float:
    """How many CPUs' worth of work ``cpus`` processes get right now: ``cpus`` on an idle
    machine, less when other work takes its share. Parallel speed-ups mean little below that."""
    def spin(n: int) -> float:
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-S", "-c", _SPIN]) for _ in range(n)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - start

    one = spin(1)
    return cpus * one / spin(cpus)


def mkdocs_build(project: Path, site: Path, config: str = "mkdocs.yml", *, strict: bool = True) -> list[str]:
    return [*generator.command(), "build", *(["--strict"] if strict else []), "--clean",
            "-f", config, "--site-dir", str(site)]


def build_env() -> dict:
    # Material 9.8 prints an end-of-life banner on every build (see the Makefile). Bytecode is
    # written as on an author's machine, so the warm-up builds compile it once; with
    # PYTHONDONTWRITEBYTECODE set, every build would compile the guidebuild package again.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def interleaved(rounds: int, *labels: str):
    """(round, label) pairs, the order reversed every other round, so that a slow spell of the
    machine falls on every variant alike instead of on whichever happens to run then."""
    for i in range(rounds):
        for label in (labels if i % 2 == 0 else labels[::-1]):
            yield i, label


def expect_converted(r: Run, count: int, what: str) -> None:
    if r.converted != count:
        said = "printed no 'pages: N converted' line" if r.converted is None else f"converted {r.converted} pages"
        raise CommandFailed(f"{what} {said}, expected {count}: is the page cache on (page_cache in mkdocs.yml)?")


def expect_rendered(r: Run, count: int, what: str) -> None:
    if r.rendered is None:
        raise CommandFailed(f"{what} printed no 'diagrams: N rendered' line: is the guidebuild plugin enabled?")
    if len(r.rendered) != count:
        raise CommandFailed(f"{what} rendered {len(r.rendered)} diagrams ({', '.join(r.rendered)}), "
                            f"expected {count}: the cache is not doing its job")
