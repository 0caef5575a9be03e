"""The quiz syntax, the question bank and their build errors (file, line and fix)."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import markdown
import pytest

from guidebuild.core.context import PageContext
from guidebuild.core.errors import ContentError
from guidebuild.quiz.extension import QuizExtension
from guidebuild.quiz.bank import Bank
from guidebuild.quiz.model import first_sentence
from guidebuild.quiz.parse import parse_file

from conftest import ROOT, mkdocs_build

GOOD = """\
/// quiz | Demo
    id: demo

Q: one
Domain: 2
Which one?

- [ ] Wrong.
    Because.
- [x] Right.
    Since.

Explanation: It is right. See [notes](index.md#top) and [AWS docs](https://docs.aws.amazon.com/x).
///
"""
LINKS = "See [notes](index.md#top) and [AWS docs](https://docs.aws.amazon.com/x)."


def problems(text: str, path: str = "quizzes/x.md") -> list[str]:
    found: list = []
    parse_file(text, path, found)
    return [str(p) for p in found]


def test_a_good_quiz_parses():
    found: list = []
    quizzes, links = parse_file(GOOD, "quizzes/x.md", found)
    assert not found
    (quiz,) = quizzes
    assert (quiz.id, quiz.title, quiz.line) == ("demo", "Demo", 1)
    (q,) = quiz.questions
    assert (q.id, q.line, q.answer, q.multi) == ("one", 4, ["B"], False)
    assert [o.feedback for o in q.options] == ["Because.", "Since."]
    assert q.domain == 2 and not q.fixed
    assert [link.url for link in links] == ["index.md#top", "https://docs.aws.amazon.com/x"]


@pytest.mark.parametrize("edit, where, message, fix", [
    (("- [x] Right.", "- [ ] Right."), 4, "question 'one' has no correct option", "mark the right option"),
    (("- [ ] Wrong.", "- [y] Wrong."), 8, "malformed option '- [y] Wrong.'", "'- [ ] text'"),
    (("- [ ] Wrong.", "* [ ] Wrong."), 8, "malformed option", "'- [x] text'"),
    (("Explanation: It is right. " + LINKS, ""), 4, "has no explanation", "Explanation:"),
    ((LINKS, "No link."), 13, "has no link", "link the exact anchor"),
    (("[notes](index.md#top)", "[notes](#top)"), 13, "link '#top' has no page", "exam mode"),
    (("[notes](index.md#top)", "[x](javascript:alert(1))"), 13, "uses the scheme 'javascript:'", "https://"),
    (("[notes](index.md#top)", "[notes](index.md)"), 13, "links no anchor of the notes", "link the exact anchor"),
    (("[AWS docs](https://docs.aws.amazon.com/x)", "[blog](https://example.com/x)"), 13,
     "cites no AWS documentation", "https://docs.aws.amazon.com/"),
    (("Domain: 2\n", ""), 4, "question 'one' has no domain", "'Domain: N'"),
    (("Domain: 2", "Domain: 5"), 5, "has the domain '5'", "N from 1 to 4"),
    (("Domain: 2", "Domain: 2\nOrder: random"), 6, "has the order 'random'", "'Order: fixed'"),
    (("    Since.\n", ""), 10, "option 'Right.' of 'one' has no feedback", "indented by 4 spaces"),
    (("It is right.", "It is right " + "and right " * 16 + "again."), 13, "the answer key's line for 'one'", "one short sentence"),
    (("Which one?", "Is option B right?"), 4, "names an option by its position ('option B')", "shuffled"),
    (("    Because.", "    Unlike all of the above."), 8, "names an option by its position", "'Order: fixed'"),
    (("Q: one", "Q: One_1"), 4, "invalid question id 'One_1'", "lower-case"),
    (("    id: demo", "    idd: demo"), 1, "unknown quiz option(s): idd", "'id: <quiz-id>'"),
    (("\n///\n", "\n"), 1, "the quiz block is never closed", "add a line '///'"),
    (("Which one?", "Which one? (Choose two.)"), 4, "says how many options to choose", "adds 'Choose two.'"),
    (("Which one?", "```\ncode\n```"), 6, "a fenced code block inside a quiz", "inline code"),
    (("    Because.", "Because."), 9, "unexpected text after the options", "indent an option's feedback"),
    (("Q: one\n", "Stray text.\n\nQ: one\n"), 4, "text before the first question", "'Q: <question-id>'"),
])
def test_bad_markup_names_line_message_and_fix(edit, where, message, fix):
    old, new = edit
    assert old in GOOD
    found = problems(GOOD.replace(old, new, 1))
    hit = [p for p in found if message in p]
    assert hit, found
    assert hit[0].startswith(f"quizzes/x.md:{where}: "), hit[0]
    assert fix in hit[0]


def test_order_fixed_allows_positional_options():
    found: list = []
    text = GOOD.replace("Domain: 2", "Domain: 2\nOrder: fixed").replace("Right.", "All of the above.")
    quizzes, _ = parse_file(text, "quizzes/x.md", found)
    assert not found, found
    assert quizzes[0].questions[0].fixed


def test_every_option_correct_is_an_error():
    found = problems(GOOD.replace("- [ ] Wrong.", "- [x] Wrong."))
    assert any("marks every option correct" in p for p in found)


def _bank(tmp_path: Path, files: dict[str, str], docs: dict[str, str] | None = None) -> Bank:
    folder = tmp_path / "quizzes"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    docs_dir = None
    if docs is not None:
        docs_dir = tmp_path / "docs"
        docs_dir.mkdir()
        for name, text in docs.items():
            (docs_dir / name).write_text(text)
    return Bank.load(folder, tmp_path, docs_dir)


def test_duplicate_ids_across_files_name_both_places(tmp_path):
    zero = GOOD[GOOD.index("Q: one"):GOOD.rindex("///")].replace("Q: one", "Q: zero")
    other = GOOD.replace("id: demo", "id: other").replace("Q: one", zero + "\nQ: one")
    with pytest.raises(ContentError) as e:
        _bank(tmp_path / "q", {"a.md": GOOD, "b.md": other})
    assert "quizzes/b.md:15: duplicate question id 'one' (also quizzes/a.md:4)" in str(e.value)
    with pytest.raises(ContentError) as e:
        _bank(tmp_path / "quiz", {"a.md": GOOD, "b.md": GOOD.replace("Q: one", "Q: two")})
    assert "quizzes/b.md:1: duplicate quiz id 'demo' (also quizzes/a.md:1)" in str(e.value)


def test_links_must_name_existing_pages_and_anchors(tmp_path):
    text = GOOD.replace("[notes](index.md#top)", "[a](missing.md#x) [b](index.md#nope) [c](index.md#top)")
    with pytest.raises(ContentError) as e:
        _bank(tmp_path, {"x.md": text}, {"index.md": "# Home {#top}\n"})
    msg = str(e.value)
    assert "quizzes/x.md:13: link to 'missing.md', which is not a page of the site" in msg
    assert "quizzes/x.md:13: link to 'index.md#nope': 'index.md' has no anchor '#nope'" in msg
    assert "index.md#top" not in msg.replace("index.md#nope", "")


def test_bank_page_follows_the_file_name(tmp_path):
    bank = _bank(tmp_path, {"index.md": GOOD, "waf.md": GOOD.replace("demo", "waf").replace("Q: one", "Q: w")},
                 {"index.md": "# Home {#top}\n"})
    assert [(q.id, q.page) for q in bank.quizzes] == [("demo", "index.md"), ("waf", None)]


def test_first_sentence_is_the_answer_key_reason():
    assert first_sentence("Six times, e.g. 12 min. Then more.") == "Six times, e.g. 12 min."
    assert first_sentence("See [the notes. Really](a.md#b) now. More") == "See the notes. Really now."
    assert first_sentence("Use `a. b` here. x") == "Use `a. b` here."
    assert first_sentence("No full stop") == "No full stop"
    assert first_sentence("Short clause; then the rest. More.") == "Short clause."


def _convert(source: str, bank: Bank | None = None) -> str:
    ctx = PageContext()
    ctx.source = source
    ctx.source_path = "page.md"
    return markdown.markdown(source, extensions=["attr_list", QuizExtension(bank=bank or Bank([]), context=ctx)])


def test_inline_quiz_problems_point_at_the_page_line():
    page = "# Page\n\nIntro.\n\n" + GOOD.replace("- [x] Right.", "- [ ] Right.")
    with pytest.raises(ContentError) as e:
        _convert(page)
    assert "page.md:8: question 'one' has no correct option" in str(e.value)


def test_quiz_in_a_snippet_is_blamed_on_the_snippet_file(tmp_path):
    (tmp_path / "bank.md").write_text("\n\n" + GOOD.replace("- [ ] Wrong.", "- [y] Wrong."))
    ctx = PageContext()
    ctx.source = '# Page\n\n--8<-- "bank.md"\n'
    ctx.source_path = "page.md"
    ctx.snippet_bases = (tmp_path,)
    with pytest.raises(ContentError) as e:
        markdown.markdown(ctx.source, extensions=[
            "attr_list", "pymdownx.snippets", QuizExtension(bank=Bank([]), context=ctx)],
            extension_configs={"pymdownx.snippets": {"base_path": [str(tmp_path)]}})
    assert "bank.md:10: malformed option '- [y] Wrong.'" in str(e.value)


def test_a_header_with_broken_options_is_not_silently_dropped():
    page = GOOD.replace("    id: demo", "    id: [demo")
    with pytest.raises(ContentError) as e:
        _convert(page)
    assert "page.md:1: '/// quiz' block not recognised" in str(e.value)


def test_same_question_id_on_two_pages_is_an_error():
    ext = QuizExtension(bank=Bank([]))
    for page in ("a.md", "b.md"):
        ctx = PageContext()
        ctx.source, ctx.source_path = GOOD.replace("id: demo", f"id: demo-{page[0]}"), page
        ext.context = ctx
        if page == "a.md":
            markdown.markdown(ctx.source, extensions=[ext])
        else:
            with pytest.raises(ContentError) as e:
                markdown.markdown(ctx.source, extensions=[ext])
            assert "duplicate question id 'one' (also on a.md)" in str(e.value)


SECTIONS = ("event-processing", "caching", "blocking-an-ip", "hpc", "ec2-high-availability", "bastion-hosts", "waf")


def test_the_real_bank_is_valid_deep_and_balanced():
    """Issue 15's targets: 15+ questions per section quiz, 30+ exam-only spread over every page,
    half scenarios, a fifth choose-two, a domain on every question, and the bank check passes."""
    from guidebuild.quiz import check as quizcheck

    bank = Bank.load(ROOT / "quizzes", ROOT, ROOT / "docs")
    counts = {q.id: len(q.questions) for q in bank.quizzes}
    for quiz_id in SECTIONS:
        assert counts.get(quiz_id, 0) >= 15, counts
        assert counts.get(f"{quiz_id}-exam", 0) >= 1, counts
        assert bank.get(f"{quiz_id}-exam").exam_only and bank.get(f"{quiz_id}-exam").section == quiz_id
    assert sum(len(q.questions) for q in bank.quizzes if q.exam_only) >= 30
    assert sum(len(q.questions) for q in bank.quizzes if not q.exam_only) >= 105
    figures, problems = quizcheck.check(bank, ROOT / "docs", ROOT)
    assert not problems, "\n".join(map(str, problems))
    assert figures.scenarios * 2 >= figures.questions, figures.line()
    assert figures.multi * 5 >= figures.questions, figures.line()
    assert figures.questions >= 75  # the official exam draws 75 without repeating one
    for quiz in bank.quizzes:
        for q in quiz.questions:
            assert q.domain in (1, 2, 3, 4), (q.path, q.line)
            assert 4 <= len(q.options) <= 5, (q.path, q.line)
            assert len(q.reason) <= 160, (q.path, q.line, "the key wants one line: shorten the first sentence")


# Build-level: the strict MkDocs build stops with file, line and fix.

def _project(tmp_path: Path, pages: dict[str, str], bank: dict[str, str]) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "diagram_src").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: t
        plugins:
          - guidebuild
        markdown_extensions:
          - attr_list
          - pymdownx.snippets:
              base_path: ["."]
              check_paths: true
        validation:
          anchors: warn
    """))
    for name, text in pages.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text)
    for name, text in bank.items():
        (tmp_path / "quizzes" / name).write_text(text)
    return tmp_path


def test_build_fails_on_a_bank_error_with_file_line_and_fix(tmp_path):
    bad = GOOD.replace("- [x] Right.", "- [ ] Right.")
    proj = _project(tmp_path, {"index.md": '# Home {#top}\n\n--8<-- "quizzes/index.md"\n'}, {"index.md": bad})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "quizzes/index.md:4: question 'one' has no correct option" in proc.stderr
    assert "fix: mark the right option(s) with '- [x]'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_build_fails_when_a_page_does_not_include_its_bank_quiz(tmp_path):
    proj = _project(tmp_path, {"index.md": "# Home {#top}\n"}, {"index.md": GOOD})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "quizzes/index.md:1: quiz 'demo' is not shown on any page" in proc.stderr
    assert "--8<-- \"quizzes/index.md\"" in proc.stderr


def test_build_fails_on_a_broken_anchor_in_an_inline_quiz(tmp_path):
    page = "# Home {#top}\n\n" + GOOD.replace("index.md#top", "index.md#nowhere")
    proj = _project(tmp_path, {"index.md": page}, {})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "nowhere" in proc.stderr


@pytest.mark.parametrize("url, from_page, to_page, expected", [
    ("#quiz-q-a", "250-event-processing/", "exam/", "../250-event-processing/#quiz-q-a"),
    ("../251-caching/#ttl", "250-event-processing/", "exam/", "../251-caching/#ttl"),
    ("../251-caching/", "sections/250/", "exam/", "../sections/251-caching/"),
    ("#x", "250-event-processing.html", "exam.html", "250-event-processing.html#x"),
    ("251-caching.html#ttl", "250-event-processing.html", "exam.html", "251-caching.html#ttl"),
    ("../exam/#top", "250-event-processing/", "exam/", "./#top"),
    ("https://docs.aws.amazon.com/x.html#y", "250-event-processing/", "exam/", "https://docs.aws.amazon.com/x.html#y"),
    ("mailto:a@b.c", "250-event-processing/", "exam/", "mailto:a@b.c"),
])
def test_exam_links_are_rebased_onto_the_exam_page(url, from_page, to_page, expected):
    """The exam page shows each quiz as its own page rendered it: links must point where they did."""
    from guidebuild.quiz.exam import rebase
    assert rebase(url, from_page, to_page) == expected


def test_exam_pool_has_every_quiz_once_including_one_whose_page_is_not_written_yet(tmp_path):
    """Quizzes shown on pages are copied into the exam as their page rendered them (links rebased
    from the section to the exam page); a bank quiz without a page yet is rendered by the exam."""
    shown = GOOD
    later = GOOD.replace("id: demo", "id: later").replace("Q: one", "Q: later-one").replace("Q: two", "Q: later-two")
    proj = _project(tmp_path, {
        "index.md": '# Home {#top}\n\n--8<-- "quizzes/index.md"\n',
        "exam.md": "# Exam\n\n/// exam\n    questions: 2\nPractise.\n///\n",
    }, {"index.md": shown, "later.md": later})
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "site" / "exam" / "index.html").read_text()
    pool = html[html.index('class="gb-exam__pool"'):]
    pool = pool[:pool.index("<!--/gb-search-skip-->")]
    qids = re.findall(r'<li class="gb-quiz__q"[^>]*data-qid="([^"]+)"', pool)
    assert sorted(qids) == sorted(re.findall(r"^Q: (\S+)", shown + later, re.M)), qids
    # The shown quiz links back to its page and question, and its own links still work from here.
    assert 'href="../#quiz-q-one"' in pool
    assert 'href="../#top"' in pool and 'href="#top"' not in pool
    assert 'id="quiz-q-' not in pool, "question anchors stay on the quiz's own page"


def test_exam_only_pool_is_drawn_by_the_exam_and_shown_on_no_page(tmp_path):
    pool_quiz = GOOD.replace("id: demo", "id: demo-exam").replace("Q: one", "Q: unseen-one")
    pages = {"index.md": '# Home {#top}\n\n--8<-- "quizzes/index.md"\n',
             "exam.md": "# Exam\n\n/// exam\n    questions: 2\nPractise.\n///\n"}
    proj = _project(tmp_path, pages, {"index.md": GOOD})
    (proj / "quizzes" / "exam-only").mkdir()
    (proj / "quizzes" / "exam-only" / "index.md").write_text(pool_quiz)
    proc = mkdocs_build(proj, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    home = (tmp_path / "site" / "index.html").read_text()
    exam = (tmp_path / "site" / "exam" / "index.html").read_text()
    assert 'data-qid="one"' in home and "unseen-one" not in home
    assert re.search(r'<ol class="gb-quiz__list" data-exam-only="true" data-quiz="demo-exam"[^>]*'
                     r'data-section="demo"', exam)
    assert 'data-qid="unseen-one"' in exam and "in exam mode only" not in proc.stderr

    # Including it on a page is an error: a student would meet it before the exam.
    (proj / "docs" / "index.md").write_text(pages["index.md"] + '\n--8<-- "quizzes/exam-only/index.md"\n')
    proc = mkdocs_build(proj, tmp_path / "site2")
    assert proc.returncode != 0
    assert "quiz 'demo-exam' is exam-only (quizzes/exam-only/index.md) but shown on index.md" in proc.stderr


def test_no_section_page_shows_an_exam_only_question(site):
    bank = Bank.load(ROOT / "quizzes", ROOT, ROOT / "docs")
    unseen = {q.id for quiz in bank.quizzes if quiz.exam_only for q in quiz.questions}
    assert len(unseen) >= 30
    exam = (site / "exam" / "index.html").read_text()
    assert all(f'data-qid="{qid}"' in exam for qid in unseen)
    for html in site.rglob("*.html"):
        if html.parent.name == "exam":
            continue
        text = html.read_text()
        shown = {qid for qid in unseen if f'data-qid="{qid}"' in text or f"quiz-q-{qid}" in text}
        assert not shown, (html.relative_to(site), sorted(shown))


def test_quiz_links_may_target_a_correction_block_anchor():
    from guidebuild.quiz.bank import anchors_of

    page = "# T {#top}\n\n## Pattern {#pat}\n\n/// precisely | Precisely: x\n    attrs: {id: prc-x}\n\nText.\n///\n"
    assert {"top", "pat", "prc-x"} <= anchors_of(page)


def test_a_page_renders_the_quiz_the_bank_parsed_without_parsing_it_again(tmp_path, monkeypatch):
    """One parse per quiz: the block of a page that includes a bank file takes the bank's quiz."""
    import guidebuild.quiz.extension as extension

    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "index.md").write_text(GOOD)
    bank = Bank.load(tmp_path / "quizzes", tmp_path)
    page = '# Home {#top}\n\n--8<-- "quizzes/index.md"\n'
    ctx = PageContext()
    ctx.source, ctx.source_path, ctx.snippet_bases = page, "index.md", (tmp_path,)

    def convert() -> str:
        md = markdown.Markdown(extensions=["pymdownx.snippets", QuizExtension(bank=bank, context=ctx)],
                               extension_configs={"pymdownx.snippets": {"base_path": [str(tmp_path)]}})
        return md.convert(page)

    expected = convert()
    assert 'data-qid="one"' in expected

    def no_second_parse(*args, **kwargs):
        raise AssertionError("the quiz was parsed again")

    monkeypatch.setattr(extension, "parse_questions", no_second_parse)
    assert convert() == expected
    # A quiz written in the page itself (not from the bank) is still parsed by the block.
    with pytest.raises(AssertionError, match="parsed again"):
        markdown.Markdown(extensions=[QuizExtension(bank=bank, context=ctx)]).convert(
            GOOD.replace("id: demo", "id: inline").replace("Q: one", "Q: inline-one"))
