"""`mkdocs serve`: editing a diagram script re-renders it and rebuilds once, with no rebuild loop."""
from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request

from projects import GOOD, diagram_project as _project

from guidetools import generator


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return ""


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_script_edit_rerenders_without_loop(tmp_path):
    proj = _project(tmp_path, "# T\n\n/// diagram | good\n///\n", {"good": GOOD})
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    # sys.executable is the venv's real interpreter, so proc.pid is the server itself.
    proc = subprocess.Popen([*generator.command(), "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                            cwd=proj, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(lambda: ">fn<" in _get(url), 60), (tmp_path / "serve.log").read_text()
        script = proj / "diagram_src" / "good.py"
        script.write_text(script.read_text().replace('Lambda("fn"', 'Lambda("renamed"'))
        assert _wait_for(lambda: ">renamed<" in _get(url), 60), (tmp_path / "serve.log").read_text()
        log_text = lambda: (tmp_path / "serve.log").read_text()  # noqa: E731
        starts = lambda: len(re.findall(r"Building documentation", log_text()))  # noqa: E731
        # The watcher may fold the edit into a build already under way, or see it once more; either
        # way the builds must stop. A render loop would keep starting builds in this window.
        time.sleep(3)
        builds = starts()
        time.sleep(4)
        assert starts() == builds and 2 <= builds <= 3, log_text()
        assert not list((proj / "docs").rglob("*.svg")), "no generated files in docs/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_stylesheet_edit_rebuilds_the_bundle(tmp_path):
    """Authors edit the sources; the page then loads a new bundle (a new name: no stale cache)."""
    proj = _project(tmp_path, "# T\n\nText.\n", {})
    (proj / "docs" / "css").mkdir()
    (proj / "docs" / "css" / "a.css").write_text(".a { color: red; }\n")
    (proj / "docs" / "css" / "b.css").write_text(".b { color: blue; }\n")
    with (proj / "mkdocs.yml").open("a") as f:
        f.write("extra_css: [css/a.css, css/b.css]\n")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([*generator.command(), "serve", "--strict", "-a", f"127.0.0.1:{port}"],
                            cwd=proj, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"

    def bundle() -> str:
        m = re.search(r'href="(css/guide\.[0-9a-f]{8}\.min\.css)"', _get(url))
        return _get(url + m.group(1)) if m else ""

    try:
        assert _wait_for(lambda: ".b{color:blue}" in bundle(), 60), (tmp_path / "serve.log").read_text()
        (proj / "docs" / "css" / "b.css").write_text(".b { color: green; }\n")
        assert _wait_for(lambda: bundle() == ".a{color:red}\n.b{color:green}\n", 60), (tmp_path / "serve.log").read_text()
        assert sorted(p.name for p in (proj / "docs").rglob("*")) == ["a.css", "b.css", "css", "index.md"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
