"""Lighthouse scores of a pattern page, served on loopback the way GitHub Pages serves it.

    python -m guidetools.lighthouse [--site DIR] [--page 250-event-processing/] [--preset desktop]

Builds the site (unless --site is given), serves it on 127.0.0.1 with gzip and a 10-minute cache
like GitHub Pages, runs npm's Lighthouse with Debian's Chromium, and prints each score against its
target with PASS/FAIL. Exit status 0 only if all pass.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import generator
from guidebuild.core import browser


TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95}
DEFAULT_PAGE = "250-event-processing/"
CHROME = os.environ.get("CHROME_PATH", browser.CHROMIUM)
# Lighthouse launches Chromium itself: the shared flags, headless and no /dev/shm limit.
CHROME_FLAGS = ["--headless=new", "--disable-dev-shm-usage", *browser.CHROMIUM_ARGS]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: gzip for text, ``Cache-Control: max-age=600``."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the URL with a slash
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() \
                or path.suffix not in COMPRESSIBLE:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    return browser.serve(site, _PagesLikeHandler)


def lighthouse_cli(root: Path) -> Path:
    cli = root / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        raise SystemExit(f"lighthouse: {cli} not found. Install the npm tools: npm ci (or make node)")
    if not shutil.which("node"):
        raise SystemExit("lighthouse: node not found. Install it: apt-get install nodejs npm")
    if not Path(CHROME).exists():
        raise SystemExit(f"lighthouse: {CHROME} not found. Install it: apt-get install chromium")
    return cli


def build(root: Path, out: Path) -> None:
    proc = subprocess.run([*generator.command(), "build", "--strict", "--site-dir", str(out)],
                          cwd=root, capture_output=True, text=True, env={**os.environ, "GUIDE_PDF": "false"})
    if proc.returncode:
        raise SystemExit(f"lighthouse: the strict build failed:\n{proc.stderr[-3000:]}")


def run(cli: Path, url: str, report: Path, preset: str | None) -> dict:
    cmd = ["node", str(cli), url, "--output=json", f"--output-path={report}", "--quiet",
           "--only-categories=" + ",".join(TARGETS), f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    if preset:
        cmd.append(f"--preset={preset}")
    env = {**os.environ, "CHROME_PATH": CHROME}
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # On a shared machine the neighbours' load would be measured too (Lighthouse multiplies
        # main-thread time by 4): Lighthouse and its Chromium get the CPU first.
        cmd = ["nice", "-n", "-10", *cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode or not report.is_file():
        raise SystemExit(f"lighthouse: run failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(report.read_text())


def findings(lhr: dict, category: str, limit: int = 6) -> list[str]:
    """The audits that cost points in a category, worst first."""
    out = []
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"].get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            value = audit.get("displayValue", "")
            out.append((ref["weight"] * (1 - score), f"{audit.get('title', ref['id'])}"
                        + (f" ({value})" if value else "") + f": score {score:.2f}"))
    return [text for _, text in sorted(out, reverse=True)[:limit]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path.cwd(), help="the project (where mkdocs.yml is)")
    ap.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    ap.add_argument("--page", default=DEFAULT_PAGE, help=f"page to measure (default {DEFAULT_PAGE})")
    ap.add_argument("--preset", choices=["desktop", "perf", "experimental"],
                    help="Lighthouse preset (default: its mobile emulation with simulated throttling)")
    ap.add_argument("--runs", type=int, default=5,
                    help="runs to take the median of (Lighthouse varies from run to run; default 5)")
    ap.add_argument("--json", type=Path, help="also keep the median run's full JSON report here")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    cli = lighthouse_cli(root)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(root, site)
        if not (site / args.page.rstrip("/") / "index.html").is_file() and not (site / args.page).is_file():
            raise SystemExit(f"lighthouse: no page {args.page} in {site}")
        server, base = serve(site)
        try:
            reports = [run(cli, base + args.page, Path(tmp) / f"report-{i}.json", args.preset)
                       for i in range(max(1, args.runs))]
        finally:
            server.shutdown()
        # The run with the median performance score stands for all (its other scores barely vary).
        reports.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
        lhr = reports[len(reports) // 2]
        if args.json:
            args.json.write_text(json.dumps(lhr))
    ok = True
    mode = args.preset or "mobile"
    perf_runs = [round((r["categories"]["performance"]["score"] or 0) * 100) for r in reports]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Lighthouse {lhr.get('lighthouseVersion')} on /{args.page} ({mode}, Chromium "
          f"{lhr.get('environment', {}).get('hostUserAgent', '').split('Chrome/')[-1].split(' ')[0]}); "
          f"median of {len(reports)} runs (performance {perf_runs}), load average {load:.1f} on {os.cpu_count()} cores")
    for key, target in TARGETS.items():
        cat = lhr["categories"][key]
        score = round((cat["score"] or 0) * 100)
        passed = score >= target
        ok &= passed
        print(f"  {cat['title']:<15} {score:>3}  target >= {target:<3}  {'PASS' if passed else 'FAIL'}")
        if not passed or key != "performance":
            for line in findings(lhr, key):
                print(f"      - {line}")
    if "performance" in lhr["categories"]:
        metrics = {a: lhr["audits"][a].get("displayValue", "") for a in
                   ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                    "cumulative-layout-shift", "speed-index") if a in lhr["audits"]}
        print("  metrics: " + ", ".join(f"{k.replace('-', ' ')} {v}" for k, v in metrics.items()))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
