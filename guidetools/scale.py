"""The scale run: synthetic sections added to a copy of the site, 30 then 300 of them; how cold
and warm builds grow, and how warm builds compare with plain MkDocs at the largest size."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from . import pageweight, sandbox
from .report import KB, Report, Result, ratio, theme_dir
from .timing import Run, Series, build_env, expect_converted, expect_rendered, interleaved, mkdocs_build, run


@dataclass
class ScalePoint:
    sections: int
    pages: int
    diagrams: int
    cold: Run
    warm: Series
    plain: Series
    page_edit: Series  # one page edited before each build, the others from the page cache
    heaviest_kb: float  # the heaviest page with a diagram, theme assets excluded


def bench_scale(root: Path, work: Path, sizes: list[int], runs: int, say) -> Report:
    quiz = sandbox.quiz_available()
    env = build_env()
    points: list[ScalePoint] = []
    for n in sizes:
        project = sandbox.copy_project(root, work / f"scale-{n}")
        sandbox.synthesize(project, n, quiz)
        plain_config = sandbox.make_plain(project)
        pages = sum(1 for _ in (project / "docs").rglob("*.md"))
        diagrams = sum(1 for p in (project / "diagram_src").glob("*.py") if not p.name.startswith("_"))
        say(f"{n} synthetic sections ({pages} pages, {diagrams} diagrams): cold build")
        cold = run(mkdocs_build(project, work / "site-cold"), project, env=env)
        expect_rendered(cold, diagrams, "the cold build")
        # The plain baseline is not strict: links to files only the plugin makes (the PDF) would fail it.
        run(mkdocs_build(project, work / "site-plain", plain_config.name, strict=False), project, env=env)  # warm-up
        say(f"{n} synthetic sections: warm, plain and one-page-edit builds, {runs} each")
        series = {"warm": Series(), "plain": Series(), "page-edit": Series()}
        editor = sandbox.PageEditor(project, work / f"scale-{n}-edit")

        def edit_and_build() -> Run:  # the edit loop of `mkdocs serve`, which reuses the last study PDF
            edited = editor.edit()
            return run(mkdocs_build(edited, work / "site-edit"), edited, env={**env, "GUIDE_PDF": "false"})

        edit_and_build()  # warm-up: the copy lives in another folder, so its pages are converted once
        for _, kind in interleaved(runs, "plain", "warm", "page-edit"):
            if kind == "plain":
                r = run(mkdocs_build(project, work / "site-plain", plain_config.name, strict=False), project, env=env)
            elif kind == "warm":
                r = run(mkdocs_build(project, work / "site-warm"), project, env=env)
            else:
                r = edit_and_build()
            if kind != "plain":
                expect_rendered(r, 0, "a warm build")
                expect_converted(r, 1 if kind == "page-edit" else 0, f"a {kind} build")
            series[kind].runs.append(r)
        theme = pageweight.theme_files(theme_dir())
        heaviest = max(pageweight.page_weight(work / "site-warm", page, theme).total
                       for page in pageweight.pattern_pages(work / "site-warm"))
        points.append(ScalePoint(n, pages, diagrams, cold, series["warm"], series["plain"], series["page-edit"],
                                 heaviest / KB))
        shutil.rmtree(project, ignore_errors=True)
        shutil.rmtree(editor.dest, ignore_errors=True)

    notes = [f"Synthetic sections: prose, a table, a tip, a diagram of 4-6 nodes, {sandbox.describe_quiz(quiz)}; "
             "the real pages are built alongside."]
    block = [f"{'sections':>8} {'pages':>6} {'diagrams':>8} {'cold s':>8} {'warm s':>8} {'plain s':>8} "
             f"{'warm CPU':>8} {'plain CPU':>9} {'CPU ratio':>9} {'edit CPU':>8} {'ratio':>6} {'page KB':>8}"]
    for p in points:
        block.append(f"{p.sections:>8} {p.pages:>6} {p.diagrams:>8} {p.cold.wall:>8.2f} {p.warm.median():>8.2f} "
                     f"{p.plain.median():>8.2f} {p.warm.median('cpu'):>8.2f} {p.plain.median('cpu'):>9.2f} "
                     f"{p.warm.over(p.plain, 'cpu'):>9.2f} {p.page_edit.median('cpu'):>8.2f} "
                     f"{p.page_edit.over(p.plain, 'cpu'):>6.2f} {p.heaviest_kb:>8.1f}")
    last = points[-1]
    results = [
        ratio(f"warm build / plain MkDocs build at {last.sections} sections (CPU time)",
              last.warm.over(last.plain, "cpu"), 1.15,
              f"{last.warm.median('cpu'):.2f} s vs {last.plain.median('cpu'):.2f} s; wall {last.warm.median():.2f} s "
              f"vs {last.plain.median():.2f} s ({last.warm.over(last.plain):.2f}); in-process "
              f"{last.warm.over(last.plain, 'built_in'):.2f}; every page from the page cache"),
        ratio(f"rebuild after editing one page / plain MkDocs build at {last.sections} sections (CPU time)",
              last.page_edit.over(last.plain, "cpu"), 1.15,
              f"{last.page_edit.median('cpu'):.2f} s vs {last.plain.median('cpu'):.2f} s; wall "
              f"{last.page_edit.over(last.plain):.2f}; in-process {last.page_edit.over(last.plain, 'built_in'):.2f}"),
    ]
    if len(points) >= 2:
        first = points[0]
        pages = last.pages / first.pages
        for label, a, b in (("cold build", first.cold.wall, last.cold.wall),
                            ("warm build (CPU time)", first.warm.median("cpu"), last.warm.median("cpu")),
                            ("rebuild after a page edit (CPU time)", first.page_edit.median("cpu"),
                             last.page_edit.median("cpu"))):
            growth = b / a
            results.append(Result(f"{label} growth, {first.sections} -> {last.sections} sections", f"<= {pages:.1f}x (linear)",
                                  f"{growth:.1f}x", growth <= pages,
                                  f"{a:.2f} s -> {b:.2f} s; pages x{pages:.1f}; "
                                  f"{1000 * (b - a) / (last.pages - first.pages):.0f} ms per added page"))
        plain_growth = last.plain.median("cpu") / first.plain.median("cpu")
        notes.append(f"For comparison, the plain MkDocs build grows {plain_growth:.1f}x (CPU time) for x{pages:.1f} pages.")
    return Report(results, notes, block)
