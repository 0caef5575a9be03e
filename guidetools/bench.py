"""The build benchmark: each ratio measured side by side, in one run, on this machine.

    scripts/bench [--runs 7] [--markdown FILE]          the site as it is
    scripts/bench --scale [--pages 30,300] [--markdown FILE]   synthetic sections

Everything runs in a temporary copy of the project (its own diagram cache and site folders);
the repository's ``.cache/`` and ``site/`` are never touched. Times are medians of ``--runs``
runs, the variants interleaved (A B, B A, ...) so that other work on the machine weighs on both
alike. Exit status 1 when a target is missed.

Hooks for steps other branches deliver:
* PDF: when ``guidebuild.pdf.book`` is importable, ``python -m guidebuild.pdf.book --site SITE --out FILE``
  is timed against the site build.
* Lighthouse: when ``scripts/lighthouse`` is executable, it runs as ``scripts/lighthouse SITE``
  and each line it prints is shown; a non-zero exit counts as a missed target.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .report import git_state, machine, markdown, table
from .scale import bench_scale
from .sitebench import bench_site
from .timing import CommandFailed
from guidebuild.diagrams.confine import usable_cpus


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--project", type=Path, default=Path("."), help="the project to copy (default: .)")
    ap.add_argument("--runs", type=int, help="runs per measure, medians reported (default: 7; 3 with --scale)")
    ap.add_argument("--scale", action="store_true", help="the scale run with synthetic sections instead")
    ap.add_argument("--pages", default="30,300", help="synthetic section counts for --scale (default: 30,300)")
    ap.add_argument("--markdown", type=Path, help="also write the results as Markdown (for the docs page)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = ap.parse_args(argv)
    root = args.project.resolve()
    if not (root / "mkdocs.yml").is_file():
        ap.error(f"{root} has no mkdocs.yml: run from the project root or pass --project")
    runs = args.runs or (3 if args.scale else 7)
    if runs < 1:
        ap.error("--runs must be at least 1")

    def say(text: str) -> None:
        print(f"  ... {text}", file=sys.stderr, flush=True)

    started = datetime.now(timezone.utc)
    load_before = os.getloadavg()[0]
    head = machine()
    print(f"{'Scale run' if args.scale else 'Benchmark'} of the study guide build, {started:%Y-%m-%d %H:%M} UTC")
    print(f"machine   {head['model']}, {head['hardware']}\nversions  {head['versions']}")
    print(f"project   {git_state(root)}; medians of {runs} runs, variants interleaved")
    work = Path(tempfile.mkdtemp(prefix="guide-bench-"))
    try:
        if args.scale:
            sizes = sorted({int(x) for x in args.pages.split(",") if x.strip()})
            report = bench_scale(root, work, sizes, runs, say)
        else:
            report = bench_site(root, work, runs, say)
    except CommandFailed as e:
        print(f"bench: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    load = f"load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end on {os.cpu_count()} CPUs"
    busy = max(load_before, os.getloadavg()[0]) > usable_cpus()
    print(f"load      {load}" + ("\nWARNING   the machine was busy with other work: wall times are noisy "
                                  "(CPU time ratios less so); rerun when it is idle" if busy else ""))
    print()
    print("\n".join(table(report.results)))
    for lines in (report.block, report.notes):
        if lines:
            print()
            print("\n".join(lines))
    if args.markdown:
        header = {"date": f"{started:%Y-%m-%d %H:%M} UTC", **head,
                  "load": load, "runs": f"medians of {runs} runs", "git": git_state(root)}
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(markdown(report, header))
    return 1 if any(r.ok is False for r in report.results) else 0


if __name__ == "__main__":
    sys.exit(main())
