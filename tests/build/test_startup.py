"""The theme's start-up after the first paint (guidebuild/site/startup.py): Material's script tag becomes
a preload and a loader, the site's own scripts stay as written; what the loader cannot run the same
way is a build error; every built page is made so. tests/browser/test_browser.py watches it run."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from guidebuild.site import startup
from guidebuild.core.errors import GuideError
from sitepages import built_pages, page_file

MATERIAL_BLOCK = """
      <script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>
        <script src="../assets/guide/guide.0123abcd.min.js"></script>
"""


def _loader_list(html: str) -> list[str]:
    m = re.search(r"<script>(.*)\((\[.*?\])\)</script>$", html, re.S)
    assert m, html
    return json.loads(m.group(2))


SITE = ["assets/guide/guide.0123abcd.min.js"]


def test_theme_scripts_become_preloads_and_the_loader_and_the_site_scripts_stay():
    out = str(startup.after_first_paint(MATERIAL_BLOCK, SITE))
    bundle = "../assets/javascripts/bundle.a5f9d56c.min.js"
    assert re.findall(r'<link rel="preload" as="script" href="([^"]+)">', out) == [bundle]
    assert _loader_list(out) == [bundle]
    # The site's script is the tag as written, before the loader: it still runs before the first paint.
    assert re.findall(r"<script\b[^>]*\bsrc=[^>]*>", out) == ['<script src="../assets/guide/guide.0123abcd.min.js">']
    assert out.index("guide.0123abcd") < out.index("<link") < out.index("<script>(")
    assert startup.loader_js() in out


def test_without_site_scripts_every_tag_is_deferred():
    out = str(startup.after_first_paint(MATERIAL_BLOCK))
    assert _loader_list(out) == ["../assets/javascripts/bundle.a5f9d56c.min.js", "../assets/guide/guide.0123abcd.min.js"]
    assert "<script src" not in out


def test_a_site_path_matches_whatever_the_page_depth():
    block = '<script src="../../assets/guide/x.js"></script><script src="assets/guide/x.js"></script>'
    assert _loader_list(str(startup.after_first_paint(block, ["assets/guide/x.js"]))) == []
    assert _loader_list(str(startup.after_first_paint(block, ["guide/x.js"]))) == []
    assert len(_loader_list(str(startup.after_first_paint(block, ["other/x.js"])))) == 2


def test_timing_attributes_are_dropped_and_a_closing_tag_cannot_end_the_loader():
    out = str(startup.after_first_paint('<script defer src="a.js"></script><script async src="x</script>.js"></script>'))
    assert _loader_list(out.replace("<\\/", "</")) == ["a.js", "x</script>.js"]
    assert out.count("</script>") == 1, "the URL's '</' is escaped inside the inline script"
    assert 'href="x&lt;/script&gt;.js"' in out


@pytest.mark.parametrize("block, named", [
    ("<script>window.x = 1</script>", "an inline script"),
    ('<script type="module" src="m.js"></script>', "the module script m.js"),
    ('<script src="a.js" integrity="sha384-x"></script>', "the script a.js with integrity"),
    ('<noscript>no</noscript>', "a <noscript> tag"),
])
def test_what_the_loader_cannot_run_the_same_way_is_an_error(block, named):
    with pytest.raises(GuideError) as e:
        startup.after_first_paint(block)
    message = str(e.value)
    assert named in message and "classic <script src>" in message and "extra_javascript" in message, message


def test_a_site_script_is_kept_whatever_it_is():
    block = '<script type="module" src="../assets/m.js"></script>'
    assert str(startup.after_first_paint(block, ["assets/m.js"])).startswith(block)


@pytest.mark.skipif(not shutil.which("node"), reason="node checks the loader's syntax (make test installs it)")
def test_the_inlined_loader_is_valid_javascript(tmp_path):
    out = str(startup.after_first_paint(MATERIAL_BLOCK))
    script = tmp_path / "loader.js"
    script.write_text(re.search(r"<script>(.*)</script>$", out, re.S).group(1))
    proc = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_built_page_starts_the_theme_after_the_first_paint(site):
    for path in built_pages(site):
        html = page_file(site, path).read_text()
        tail = html[html.rindex("<script>("):]
        assert startup.loader_js() in tail and tail.rstrip().endswith("</html>"), path
        deferred = _loader_list(tail[: tail.index("</script>") + len("</script>")])
        assert len(deferred) == 1 and "assets/javascripts/bundle." in deferred[0], (path, deferred)
        assert f'<link rel="preload" as="script" href="{deferred[0]}">' in html, path
        scripts = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', html)
        site_bundle = [s for s in scripts if re.search(r"assets/guide/guide\.[0-9a-f]{8}\.min\.js$", s)]
        assert len(site_bundle) == 1, (path, scripts)
        assert not any("javascripts/bundle." in s for s in scripts), f"{path}: Material's bundle runs before the first paint"
        exam = [s for s in scripts if re.search(r"/exam\.[0-9a-f]{8}\.min\.js$", s)]
        assert len(exam) == (path == "exam/"), (path, scripts)
