"""Command line for the renderer: ``python -m guidebuild.diagrams.cli [slug ...]``."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..core.errors import GuideError
from .render import Renderer


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Render diagram scripts into the diagram cache.")
    ap.add_argument("slugs", nargs="*", help="only these diagrams (default: all)")
    ap.add_argument("--src", default="diagram_src", type=Path)
    ap.add_argument("--cache", default=".cache/diagrams", type=Path)
    ap.add_argument("--jobs", type=int, default=None, help="parallel renders (default: usable CPUs + 1)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per script")
    ap.add_argument("--out", type=Path, help="also copy each SVG here as <slug>.svg, for a quick look")
    args = ap.parse_args(argv)
    renderer = Renderer(args.src, args.cache, timeout=args.timeout, jobs=args.jobs, root=Path.cwd())
    start = time.perf_counter()
    try:
        done = renderer.render(args.slugs or None)
    except GuideError as e:
        print(f"render: {e}", file=sys.stderr)
        return 1
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for slug, r in done.items():
            (args.out / f"{slug}.svg").write_text(r.svg)
    s = renderer.stats
    print(f"render: {len(done)} diagrams, {len(s.misses)} rendered, {len(s.hits)} from cache, "
          f"{time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
