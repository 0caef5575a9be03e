"""The site's own stylesheets and scripts as one minified file each (no MkDocs imports).

Every stylesheet is a render-blocking request and every file a round trip on a slow phone link,
so the sources an author edits (docs/assets/guide/*.css, *.js) ship as one ``<name>.<hash>.min.css``
and one ``<name>.<hash>.min.js``. The hash of the content is in the name: a host's cache (GitHub
Pages keeps files 10 minutes) can never pair a new page with old code.

A concatenation fails as a whole: a stray ``}`` in one stylesheet swallows the rules of the next,
a syntax error in one script stops every script of the bundle. So each source is checked before
it is bundled, and a problem names its file and line.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

from ..core.atomic import atomic_write
from ..core.errors import ContentError, GuideError, SourceProblem


KINDS = ("css", "js")
# Content-addressed bundles left in the cache for builds that still run (a serve next to a build).
KEEP = 5
# rcssmin and rjsmin are part of the output: another version may minify differently.
MINIFIERS = f"rcssmin {rcssmin.__version__}, rjsmin {rjsmin.__version__}"


@dataclass(frozen=True)
class Source:
    url: str    # site path, as listed in mkdocs.yml: assets/guide/quiz.css
    path: Path  # the file an author edits
    shown_as: str = ""  # how errors name it: docs/assets/guide/quiz.css

    @property
    def name(self) -> str:
        return self.shown_as or str(self.path)


@dataclass(frozen=True)
class Bundle:
    url: str                  # site path of the built file: assets/guide/guide.1a2b3c4d.min.css
    data: bytes
    sources: tuple[str, ...]  # site paths of its sources, in order
    file: Path | None = None  # where write() put it


def kind_of(url: str) -> str:
    ext = posixpath.splitext(url)[1].lstrip(".").lower()
    if ext not in KINDS:
        raise GuideError(f"{url}: only .css and .js files can be bundled")
    return ext


def minify(kind: str, text: str) -> str:
    return (rcssmin.cssmin(text) if kind == "css" else rjsmin.jsmin(text)).strip()


def build(sources: list[Source], name: str, directory: str | None = None) -> Bundle:
    """One minified file from ``sources`` (all .css or all .js), in their order, named
    ``<directory>/<name>.<hash>.min.<ext>``; ``directory`` defaults to the sources' common folder."""
    if not sources:
        raise GuideError(f"bundle '{name}' has no sources")
    kinds = {kind_of(s.url) for s in sources}
    if len(kinds) != 1:
        raise GuideError(f"bundle '{name}' mixes CSS and JavaScript: {', '.join(s.url for s in sources)}")
    kind = kinds.pop()
    if directory is None:
        directory = posixpath.commonpath([posixpath.dirname(s.url) for s in sources])
    texts = [s.path.read_text(encoding="utf-8-sig") for s in sources]
    problems = [p for s, text in zip(sources, texts) for p in (css_problems(s, text) if kind == "css" else [])]
    if problems:
        raise ContentError(problems, "stylesheet")
    pieces = []
    for s, text in zip(sources, texts):
        if kind == "css":
            text = _rebase_urls(text, posixpath.dirname(s.url), directory)
        pieces.append(minify(kind, text))
    # Every script is a complete program; a ';' between them keeps one that ends without a
    # semicolon from running into the next one's opening parenthesis.
    data = ((";\n" if kind == "js" else "\n").join(pieces) + "\n").encode()
    digest = hashlib.sha256(data).hexdigest()[:8]
    url = posixpath.join(directory, f"{name}.{digest}.min.{kind}") if directory else f"{name}.{digest}.min.{kind}"
    return Bundle(url, data, tuple(s.url for s in sources))


def write(bundle: Bundle, out_dir: Path) -> Bundle:
    """Writes the bundle under ``out_dir`` at its site path, atomically; an identical file is left
    as it is. Older bundles of the same name beyond the newest ``KEEP`` are removed."""
    target = out_dir / bundle.url
    if not (target.is_file() and target.read_bytes() == bundle.data):
        atomic_write(target, bundle.data)
    else:
        try:
            os.utime(target)  # most recently used, for the pruning below
        except OSError:
            pass  # a folder it cannot touch: the order of pruning is all that is lost
    stem = posixpath.basename(bundle.url).split(".", 1)[0]
    ext = posixpath.splitext(bundle.url)[1]
    siblings = sorted((p for p in target.parent.glob(f"{stem}.*.min{ext}") if p != target),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    for old in siblings[KEEP - 1:]:
        old.unlink(missing_ok=True)
    return Bundle(bundle.url, bundle.data, bundle.sources, target)


# -- checks --------------------------------------------------------------------------------
_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")


def _rebase_urls(css: str, source_dir: str, bundle_dir: str) -> str:
    """Relative url(...)s resolve against the stylesheet's own folder: keep them pointing at the
    same file from the bundle's folder."""
    if source_dir == bundle_dir:
        return css

    def fix(m: re.Match) -> str:
        quote, ref = m.group(1), m.group(2)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", ref, re.I):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(source_dir, ref))
        return f"url({quote}{posixpath.relpath(target, bundle_dir or '.')}{quote})"

    return _URL.sub(fix, css)


def css_problems(source: Source, css: str) -> list[SourceProblem]:
    """Unbalanced braces, unclosed comments and strings, and ``@import`` (which only works at the
    top of a stylesheet, so in a bundle it would silently do nothing)."""
    problems: list[SourceProblem] = []
    opened: list[int] = []
    line, i, n = 1, 0, len(css)
    while i < n:
        ch = css[i]
        if ch == "\n":
            line += 1
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            if end < 0:
                problems.append(SourceProblem(source.name, line, "comment '/*' is never closed", "close it with '*/'"))
                break
            line += css.count("\n", i, end)
            i = end + 2
            continue
        elif ch in "\"'":
            j = i + 1
            while j < n and css[j] != ch and css[j] != "\n":
                j += 2 if css[j] == "\\" else 1
            if j >= n or css[j] != ch:
                problems.append(SourceProblem(source.name, line, f"string opened with {ch} is not closed on its line",
                                              f"add the closing {ch}"))
            i = j + 1
            continue
        elif ch == "{":
            opened.append(line)
        elif ch == "}":
            if not opened:
                problems.append(SourceProblem(source.name, line, "'}' closes nothing",
                                              "remove it, or add the '{' it belongs to"))
            else:
                opened.pop()
        elif ch == "@" and css.startswith("@import", i):
            problems.append(SourceProblem(source.name, line, "@import does not work inside the bundled stylesheet",
                                          "list the imported file under extra_css in mkdocs.yml instead"))
        i += 1
    for at in opened:
        problems.append(SourceProblem(source.name, at, "'{' is never closed",
                                      "add the '}' (the rules after it would land in the next stylesheet)"))
    return problems


_NODE_CHECK = r"""
const fs = require("fs"), vm = require("vm");
const out = [];
for (const [file, shown] of JSON.parse(process.argv[1])) {
  try { new vm.Script(fs.readFileSync(file, "utf8"), { filename: shown }); }
  catch (e) {
    const at = /^[^\n]*:(\d+)\n/.exec(e.stack || "");
    out.push({ file: shown, line: at ? Number(at[1]) : null, message: String(e.message) });
  }
}
process.stdout.write(JSON.stringify(out));
"""


def js_problems(sources: list[Source], cache_dir: Path, node: str | None = None) -> list[SourceProblem] | None:
    """Syntax errors of the scripts, parsed by Node (what browsers parse); None without Node.
    A source that parsed once is remembered by its content's hash, so unchanged builds skip Node."""
    node = node or shutil.which("node")
    if not node:
        return None
    checked = cache_dir / "parsed"
    todo = []
    for s in sources:
        digest = hashlib.sha256(s.path.read_bytes()).hexdigest()
        if not (checked / digest).is_file():
            todo.append((s, digest))
    if not todo:
        return []
    try:
        proc = subprocess.run([node, "-e", _NODE_CHECK, json.dumps([[str(s.path), s.name] for s, _ in todo])],
                              capture_output=True, text=True, timeout=60)
        found = json.loads(proc.stdout)
    except (OSError, subprocess.TimeoutExpired, ValueError) as e:
        raise GuideError(f"could not check the scripts' syntax with {node}: {e}. "
                         "Reinstall Node.js (scripts/system-deps node), or set bundle_assets: false") from None
    problems = [SourceProblem(p["file"], p["line"], f"JavaScript syntax error: {p['message']}",
                              "fix the script: in the bundle, one syntax error stops every script of the site")
                for p in found]
    bad = {p["file"] for p in found}
    for s, digest in todo:
        if s.name not in bad:
            atomic_write(checked / digest, b"")
    return problems
