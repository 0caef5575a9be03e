"""The benchmark's results and how they are shown: a table on the terminal, Markdown for the docs."""
from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from guidebuild.diagrams.confine import usable_cpus
from guidebuild.diagrams.render import dot_version


KB = 1024


@dataclass
class Report:
    results: list[Result]
    notes: list[str] = field(default_factory=list)  # shown as a list
    block: list[str] = field(default_factory=list)  # shown as preformatted text


@dataclass
class Result:
    measure: str
    target: str
    measured: str
    ok: bool | None  # None: not measured here
    detail: str = ""

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "n/a"}[self.ok]


def ratio(name: str, value: float, limit: float, detail: str) -> Result:
    return Result(name, f"<= {limit:.2f}", f"{value:.2f}", value <= limit, detail)


def machine() -> dict[str, str]:
    """CPU model, the rest of the hardware, and the versions that shape a build."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    versions = ", ".join(f"{name} {_version(name)}" for name in
                         ("mkdocs", "mkdocs-material", "pymdown-extensions", "diagrams", "Pillow"))
    return {"model": model,
            "hardware": f"{os.cpu_count()} CPUs ({usable_cpus()} usable){mem}, {platform.system()} {platform.release()}",
            "versions": f"Python {platform.python_version()}, {versions}, {dot_version()}"}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def git_state(root: Path) -> str:
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        branch = subprocess.run(["git", "-C", str(root), "rev-parse", "--abbrev-ref", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return f"{branch} @ {head}{' + uncommitted changes' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"


def table(results: list[Result]) -> list[str]:
    w = max(len(r.measure) for r in results)
    lines = [f"{'measure':<{w}}  {'target':<18} {'measured':<10} result  detail"]
    lines += [f"{r.measure:<{w}}  {r.target:<18} {r.measured:<10} {r.verdict:<6}  {r.detail}" for r in results]
    return lines


def markdown(report: Report, header: dict) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("<= ", "≤ ")

    out = [f"Measured {header['date']} on `{header['model']}`, {header['hardware']}; {header['load']}; "
           f"{header['runs']}; commit `{header['git']}`.", "",
           "| Measure | Target | Measured | Detail |", "| --- | --- | --- | --- |"]
    out += [f"| {cell(r.measure)} | {cell(r.target)} | **{cell(r.measured)}** `{r.verdict}` | {cell(r.detail)} |"
            for r in report.results]
    if report.block:
        out += ["", "```text", *report.block, "```"]
    if report.notes:
        out += [""] + [f"- {n}" for n in report.notes]
    return "\n".join(out) + "\n"


def theme_dir() -> Path:
    """Material's own files: what "theme assets" means in the page weights."""
    spec = importlib.util.find_spec("material")
    return Path(next(iter(spec.submodule_search_locations))) / "templates"
