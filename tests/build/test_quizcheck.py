"""The bank check (guidebuild/quiz/check.py) on synthetic banks: biased ones fail with the file, the
figures and the fix; balanced ones pass; small banks fall under the documented minimum size."""
from __future__ import annotations

from pathlib import Path

import pytest

from guidebuild.quiz import check as quizcheck
from guidebuild.quiz.bank import Bank
from guidebuild.quiz.model import EXAM_ONLY

from conftest import mkdocs_build

# Of equal length, so that only ``long_right`` makes an option the longest.
OPTIONS = ["Use a queue with a redrive policy", "Use a topic with a backoff policy",
           "Use a stream with a consumer role", "Use a rule with an archive policy",
           "Use a bucket with a notifier rule"]
SCENARIO = ("A company runs an order service on EC2 instances behind a load balancer. Orders arrive in bursts "
            "during sales, and the finance team needs every order exactly once in the ledger. The operations "
            "team is small and the budget is tight. Which solution meets these requirements with the LEAST "
            "operational overhead?")


def question(qid: str, right: str | tuple[str, ...], *, n: int = 4, long_right: bool = False,
             scenario: bool = False, domain: int = 2, link: str = "page.md#top") -> str:
    rights = (right,) if isinstance(right, str) else right
    lines = [f"Q: {qid}", f"Domain: {domain}", SCENARIO if scenario else "Which one?", ""]
    for i, text in enumerate(OPTIONS[:n]):
        letter = "ABCDE"[i]
        mark = "x" if letter in rights else " "
        if long_right and letter in rights:
            text += " and keep every message for replay in a second Region for fourteen days"
        lines += [f"- [{mark}] {text}.", "    Because."]
    lines += ["", f"Explanation: It is. See [notes]({link}) and [docs](https://docs.aws.amazon.com/x).", ""]
    return "\n".join(lines)


def bank_file(quiz_id: str, questions: list[str]) -> str:
    return f"/// quiz | {quiz_id}\n    id: {quiz_id}\n\n" + "\n".join(questions) + "///\n"


def balanced(prefix: str, singles: int = 12, multis: int = 5, **kw) -> list[str]:
    pairs = [("A", "D"), ("B", "E"), ("C", "E"), ("A", "C"), ("B", "D")]
    qs = [question(f"{prefix}s{i}", "ABCD"[i % 4], **kw) for i in range(singles)]
    return qs + [question(f"{prefix}m{i}", pairs[i % 5], n=5, **kw) for i in range(multis)]


def load(tmp_path: Path, files: dict[str, str], docs: dict[str, str] | None = None) -> Bank:
    for name, text in files.items():
        (tmp_path / "quizzes" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "quizzes" / name).write_text(text)
    docs_dir = tmp_path / "docs"
    docs_dir.mkdir(exist_ok=True)
    for name, text in (docs or {"page.md": "# Page {#top}\n"}).items():
        (docs_dir / name).write_text(text)
    return Bank.load(tmp_path / "quizzes", tmp_path, docs_dir)


def problems(tmp_path: Path, files: dict[str, str], docs: dict[str, str] | None = None) -> list[str]:
    bank = load(tmp_path, files, docs)
    return [str(p) for p in quizcheck.check(bank, tmp_path / "docs", tmp_path)[1]]


def test_a_balanced_bank_passes(tmp_path):
    assert problems(tmp_path, {"page.md": bank_file("page", balanced("q", scenario=True))}) == []


def test_always_b_fails_with_the_file_the_figures_and_the_fix(tmp_path):
    qs = [question(f"s{i}", "B" if i < 9 else "ACD"[i % 3], scenario=True) for i in range(12)]
    found = problems(tmp_path, {"page.md": bank_file("page", qs + balanced("m", 0, 5, scenario=True))})
    hit = [p for p in found if "have the right answer at B" in p]
    assert hit and hit[0].startswith("quizzes/page.md: quizzes/page.md: 9 of 12 single-answer questions (75%)")
    assert "right answers now: A 1, B 9, C 1, D 1" in hit[0]
    assert "move some right options away from B, e.g. in s0 (quizzes/page.md:4)" in hit[0]
    # A and D are offered by every question but hold 1 of 12 (8%) each: under the floor.
    assert any("only 1 of 12 single-answer questions (8%) have the right answer at A" in p for p in found)


@pytest.mark.parametrize("right_at, fails", [("AAAABBBBCCCC", True),   # D offered by all, never right
                                            ("AAAABBBBCCCD", True),    # D at 8%
                                            ("AAABBBCCCDDD", False),   # 25% each
                                            ("AAAAABBBCCDD", True)])   # A at 42%
def test_position_shares(tmp_path, right_at, fails):
    qs = [question(f"s{i}", k, scenario=True) for i, k in enumerate(right_at)]
    found = problems(tmp_path, {"page.md": bank_file("page", qs + balanced("m", 0, 5, scenario=True))})
    assert bool([p for p in found if "have the right answer at" in p]) == fails, found


def test_a_position_few_questions_offer_has_no_floor(tmp_path):
    # E exists only in the five-option questions (fewer than half): no minimum share for it.
    qs = [question(f"s{i}", "ABCD"[i % 4], scenario=True) for i in range(12)]
    qs += [question("five", "A", n=5, scenario=True)]
    assert not [p for p in problems(tmp_path, {"page.md": bank_file("page", qs)}) if " at E" in p]


def test_longest_right_option_fails(tmp_path):
    qs = [question(f"s{i}", "ABCD"[i % 4], long_right=i < 5, scenario=True) for i in range(12)]
    found = problems(tmp_path, {"page.md": bank_file("page", qs + balanced("m", 0, 5, scenario=True))})
    assert any("the right option is the longest in 5 of 12 single-answer questions (42%)" in p for p in found)
    # 4 of 12 (33%) is within the rule.
    qs = [question(f"s{i}", "ABCD"[i % 4], long_right=i < 4, scenario=True) for i in range(12)]
    found = problems(tmp_path / "b", {"page.md": bank_file("page", qs + balanced("m", 0, 5, scenario=True))})
    assert not [p for p in found if "is the longest" in p], found


def test_systematically_more_detailed_right_options_fail(tmp_path):
    qs = [question(f"s{i}", "ABCD"[i % 4], long_right=True, scenario=True) for i in range(12)]
    found = problems(tmp_path, {"page.md": bank_file("page", qs + balanced("m", 0, 5, scenario=True))})
    assert any("right options are on average" in p and "times as long as the wrong ones" in p for p in found)
    assert any("the right option is the most detailed" in p for p in found)


def test_one_combination_for_most_choose_two_questions_fails(tmp_path):
    multis = [question(f"m{i}", ("A", "B") if i < 3 else ("C", "E"), n=5, scenario=True) for i in range(5)]
    found = problems(tmp_path, {"page.md": bank_file("page", balanced("s", 12, 0, scenario=True) + multis)})
    assert any("3 of 5 several-answer questions (60%) have their right options at A+B" in p for p in found)


def test_small_banks_fall_under_the_minimum_size(tmp_path):
    # 7 single-answer questions, all at B: below MIN_SINGLE, so no share rule applies to this page...
    qs = [question(f"s{i}", "B", scenario=True) for i in range(quizcheck.MIN_SINGLE - 1)]
    bank = load(tmp_path, {"page.md": bank_file("page", qs)})
    per_page = quizcheck.check(bank, tmp_path / "docs", tmp_path, pages={"page.md"})[1]
    assert per_page == []
    # ...but the whole bank is one bank of the same 7: equally exempt; at 8 it is not.
    qs.append(question("s8", "B", scenario=True))
    found = problems(tmp_path / "b", {"page.md": bank_file("page", qs)})
    assert any("8 of 8 single-answer questions (100%) have the right answer at B" in p for p in found)


def test_the_whole_bank_is_checked_across_pages(tmp_path):
    # Each page has 7 single-answer questions at B (under the minimum); together 14: biased.
    files = {f"p{n}.md": bank_file(f"p{n}", [question(f"p{n}s{i}", "B", scenario=True, link=f"p{n}.md#top")
                                              for i in range(7)]) for n in (1, 2)}
    found = problems(tmp_path, files, {"p1.md": "# P1 {#top}\n", "p2.md": "# P2 {#top}\n"})
    assert any(p.startswith("quizzes/: the whole bank: 14 of 14") for p in found), found


def test_scenarios_and_choose_two_shares_of_the_whole_bank(tmp_path):
    found = problems(tmp_path, {"page.md": bank_file("page", balanced("q", 12, 2, scenario=False))})
    assert any("0 of 14 questions are exam-style scenarios; at least 50% must be" in p for p in found)
    assert any("2 of 14 questions ask for several answers; at least 20% must" in p for p in found)


def test_every_pattern_heading_is_tested(tmp_path):
    docs = {"page.md": "# Page {#top}\n\n## First pattern {#first}\n\nText.\n\n## Exam tips {#exam-tips}\n\n"
                       "## Second {#second}\n"}
    qs = balanced("q", scenario=True, link="page.md#first")
    found = problems(tmp_path, {"page.md": bank_file("page", qs)}, docs)
    assert found == ["docs/page.md:9: the pattern '#second' is tested by no question\n"
                     "  fix: add a question to quizzes/page.md whose explanation links page.md#second"]


def test_exam_only_pool_counts_with_its_page_and_under_its_section(tmp_path):
    # Section quiz: 8 singles at A; exam pool: 8 at B: each half biased alone, balanced only together?
    # No: both at two positions is still 50% each. Rotate so only the union is balanced.
    section = [question(f"s{i}", "AB"[i % 2], scenario=True) for i in range(8)]
    pool = [question(f"x{i}", "CD"[i % 2], scenario=True) for i in range(8)]
    multis = balanced("m", 0, 5, scenario=True)
    bank = load(tmp_path, {"page.md": bank_file("page", section + multis),
                           f"{EXAM_ONLY}/page.md": bank_file("page-exam", pool)})
    (sec, exam) = bank.quizzes
    assert (sec.exam_only, sec.page, sec.section) == (False, "page.md", "page")
    assert (exam.exam_only, exam.page, exam.topic, exam.section) == (True, None, "page.md", "page")
    figures, found = quizcheck.check(bank, tmp_path / "docs", tmp_path)
    assert found == [], found
    assert figures.exam_only == 8 and figures.questions == 21


def test_figures_line():
    f = quizcheck.Figures(questions=4, exam_only=1, single=3, multi=1, scenarios=2)
    f.positions.update("ABC")
    f.offered.update("ABCD" * 3)
    f.domains.update([1, 2, 2, 3])
    line = f.line()
    assert line.startswith("4 questions (1 exam-only), right answers at A 33% B 33% C 33% D 0%;")
    assert "scenarios 50%, choose-two 25%; domains 1:25% 2:50% 3:25% 4:0%" in line


def test_a_biased_bank_stops_the_build(tmp_path):
    """The build itself (not only a test) measures the bank and stops with the file and the figures."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - guidebuild:\n      pdf: false\n"
                                         "markdown_extensions:\n  - attr_list\n")
    (tmp_path / "docs" / "page.md").write_text("# Page {#top}\n")
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    qs = [question(f"s{i}", "B", scenario=True) for i in range(12)] + balanced("m", 0, 5, scenario=True)
    (tmp_path / "quizzes" / "page.md").write_text(bank_file("page", qs))
    result = mkdocs_build(tmp_path, tmp_path / "site")
    assert result.returncode != 0
    assert ("quizzes/page.md: quizzes/page.md: 12 of 12 single-answer questions (100%) have the right answer at B"
            in result.stderr), result.stderr[-3000:]
    assert "see README.md, 'Add a quiz': balance rules" in result.stderr
