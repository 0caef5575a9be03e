"""The offline copy: a zip of the site that works from ``file://``, search included.

    python -m guidebuild.site.offline [--out dist/aws-sap-study-guide-offline.zip]

It builds the site with ``GUIDE_OFFLINE=true``, which turns on Material's offline plugin (page links
end in ``.html``, the search index is inlined into a script). Browsers refuse Web Workers from
``file://``, so search needs the iframe-worker polyfill; Material would load it from a CDN, this
build serves the copy that ``npm ci`` put in node_modules/ from the site itself.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..core.errors import GuideError


ENV = "GUIDE_OFFLINE"
SHIM_SRC = Path("node_modules/iframe-worker/shim/index.js")
LICENSE_SRC = Path("node_modules/iframe-worker/LICENSE")
SHIM_URL = "assets/vendor/iframe-worker/shim.js"
LICENSE_URL = "assets/vendor/iframe-worker/LICENSE.txt"
TOP_DIR = "aws-sap-study-guide"
# Meaningful on a web server only: 404.html links root-absolute, the sitemap and social cards name
# hosted URLs, file:// search reads search_index.js (not .json), source maps serve developer tools.
SERVER_ONLY = {"404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"}
SERVER_ONLY_DIRS = ("assets/social/",)
SERVER_ONLY_SUFFIXES = (".map",)


def _ships(rel: str) -> bool:
    return rel not in SERVER_ONLY and not rel.startswith(SERVER_ONLY_DIRS) and not rel.endswith(SERVER_ONLY_SUFFIXES)
# Fixed timestamps make the zip reproducible: the same site gives the same bytes.
ZIP_TIME = (2026, 1, 1, 0, 0, 0)


class ShimMissing(GuideError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"offline build: {path} not found. The offline copy serves the iframe-worker polyfill "
                         "from the site; install it with 'npm ci' (make offline does this).")


def enabled() -> bool:
    return os.environ.get(ENV, "").lower() in ("1", "true", "yes")


def vendored_files(root: Path) -> dict[str, Path]:
    """Site path -> source file of the polyfill (and its licence) the offline copy serves."""
    files = {SHIM_URL: root / SHIM_SRC, LICENSE_URL: root / LICENSE_SRC}
    for path in files.values():
        if not path.is_file():
            raise ShimMissing(path)
    return files


def zip_site(site: Path, out: Path) -> int:
    """Zip ``site`` under a top-level folder; returns the number of files."""
    out.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in site.rglob("*") if p.is_file() and _ships(p.relative_to(site).as_posix()))
    tmp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{TOP_DIR}/{path.relative_to(site).as_posix()}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, out)
    return len(files)


def build(root: Path, site: Path) -> None:
    vendored_files(root)  # fail before a long build, with the fix
    # The study PDF is not printed again for the copy: it takes the last one printed (make pdf), or
    # a one-page notice saying how to print it.
    env = {**os.environ, ENV: "true", "GUIDE_PDF": "false"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)],
                          cwd=root, env=env, text=True, capture_output=True)
    if proc.returncode:
        raise GuideError(f"offline build failed:\n{proc.stderr[-4000:]}")
    missing = [p for p in ("index.html", "search/search_index.js", SHIM_URL) if not (site / p).is_file()]
    if missing:
        raise GuideError(f"offline build is incomplete, missing {', '.join(missing)}: is the 'offline' plugin "
                         f"in mkdocs.yml enabled by {ENV}?")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=Path.cwd(), help="the project (where mkdocs.yml is)")
    ap.add_argument("--out", type=Path, default=Path("dist/aws-sap-study-guide-offline.zip"))
    args = ap.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="offline-site-") as tmp:
            site = Path(tmp) / "site"
            build(args.root.resolve(), site)
            count = zip_site(site, args.out)
    except GuideError as e:
        print(e, file=sys.stderr)
        return 1
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {count} files, {size:.1f} MB. Unzip it and open {TOP_DIR}/index.html in a browser.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
