"""Screenshots of a built site in Debian Chromium, for looking at what we made.

    python -m guidetools.shots site 250-event-processing/ out.png [--dark] [--selector CSS] [--width 1280]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from guidebuild.core.browser import chromium, serve
from guidebuild.site.startup import STARTED_ATTR


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("path")
    ap.add_argument("out", type=Path)
    ap.add_argument("--dark", action="store_true")
    ap.add_argument("--selector", help="screenshot only the n-th match of this CSS selector")
    ap.add_argument("--nth", type=int, default=0)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--full", action="store_true", help="the whole page, not the viewport")
    args = ap.parse_args(argv)
    server, base = serve(args.site)
    try:
        with chromium() as browser:
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            scheme = "slate" if args.dark else "default"
            page.add_init_script(
                "localStorage.setItem('/.__palette', JSON.stringify({index: %d, color: {scheme: '%s'}}))"
                % (1 if args.dark else 0, scheme))
            page.goto(base + args.path, wait_until="networkidle")
            # The page's scripts run after its first paint (startup.py): shoot the page they made.
            page.wait_for_selector(f"html[{STARTED_ATTR}]", state="attached")
            if args.selector:
                page.locator(args.selector).nth(args.nth).screenshot(path=str(args.out))
            else:
                page.screenshot(path=str(args.out), full_page=args.full)
    finally:
        server.shutdown()
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
