"""Problems found across pages once every page is converted: links to missing anchors (with the
line of the page or diagram script), unused diagram scripts and quizzes, paths shown from the
project folder."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.structure.files import Files

from ..core.errors import SourceProblem, line_of


log = logging.getLogger("mkdocs.plugins.guidebuild")


class Checks:
    """GuidePlugin's cross-page checks (a mixin: the state lives on the plugin)."""

    def _anchor_problems(self, files: Files) -> list[SourceProblem]:
        """Links to an anchor that its page does not have, found here rather than by MkDocs after the
        pages are written, so they come with the rest and with a line: a diagram node's at the line of
        its script that gives the URL, a Markdown link's at its line in the page."""
        anchors = {f.src_uri: set(f.page.present_anchor_ids or ()) for f in files.documentation_pages()
                   if f.page is not None and f.page.present_anchor_ids is not None}
        problems = []
        for slug in sorted(self.diagrams.used):
            rendered = self.store.get(slug)
            for node in rendered.meta.get("nodes", []) if rendered else []:
                page, _, anchor = str(node.get("url", "")).partition("#")
                if anchor and page in anchors and anchor not in anchors[page]:
                    problems.append(SourceProblem(
                        self.renderer.shown(self.src_dir / f"{slug}.py"), node.get("line"),
                        f"diagram '{slug}': node '{node['id']}' links to '{page}#{anchor}', but {page} has no "
                        f"anchor '#{anchor}'", f"use an anchor {page} has ({{#id}} of a heading, attrs: "
                        "{id: ...} of a block)"))
        for f in files.documentation_pages():
            page = f.page
            if page is None or not getattr(page, "links_to_anchors", None):
                continue
            source = page.file.content_string if page.file.abs_src_path else ""
            for target, wanted in page.links_to_anchors.items():
                have = anchors.get(target.src_uri)
                for anchor, original in sorted(wanted.items()):
                    line = line_of(source, original)
                    if have is None or anchor in have or line is None:
                        continue  # a line-less link (a diagram's text alternative) is checked above
                    problems.append(SourceProblem(
                        os.path.relpath(f.abs_src_path, self.root), line,
                        f"link '{original}': {target.src_uri} has no anchor '#{anchor}'",
                        "link a heading's {#anchor} (or a block's attrs: {id: ...}) of that page"))
        return problems

    def _from_root(self, problem: SourceProblem, config) -> SourceProblem:
        """A page's problem named as the README shows it: ``docs/<page>.md:<line>``, relative to the
        project (a page's own path is relative to docs_dir; snippet files are already project-relative)."""
        docs = Path(config.docs_dir)
        if (docs / problem.path).is_file() and not (self.root / problem.path).is_file():
            shown = os.path.relpath(docs / problem.path, self.root)
            return SourceProblem(shown, problem.line, problem.message, problem.fix)
        return problem

    def _warn_unused(self) -> None:
        """Scripts no page embeds and bank quizzes no page shows, once every page is converted,
        so they are reported in the same run as the pages' own problems."""
        unused = sorted(set(self.store) - self.diagrams.used)
        if unused:
            log.warning("diagram scripts no page embeds: %s. Embed each with '/// diagram | <slug>' "
                        "or delete the script.", ", ".join(f"{os.path.relpath(self.src_dir, self.root)}/{s}.py" for s in unused))
        for quiz in self.quizzes.bank.quizzes:
            shown_on = self.quizzes.embedded.get(quiz.id)
            if quiz.page and shown_on != quiz.page:
                where = f"is shown on {shown_on}" if shown_on else "is not shown on any page"
                log.warning("%s:%d: quiz '%s' %s. Add the line '--8<-- \"%s\"' under the '## Quiz {#quiz}' "
                            "heading of docs/%s (and nowhere else).", quiz.path, quiz.line, quiz.id, where,
                            quiz.path, quiz.page)
            elif not quiz.page and not quiz.exam_only:
                log.info("%s: no page docs/%s yet; its questions are in exam mode only.", quiz.path,
                         Path(quiz.path).name)
