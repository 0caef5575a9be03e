"""The guide's extensions alone: made by name with their options, they load nothing until used
(MkDocs makes every listed extension just to validate mkdocs.yml), then load what they need."""
from __future__ import annotations

import markdown
import pytest

from guidebuild.core.errors import ContentError, GuideError


def test_a_diagram_extension_renders_at_its_first_diagram_not_when_made(tmp_path):
    (tmp_path / "diagram_src").mkdir()
    (tmp_path / "diagram_src" / "bad.py").write_text("from guidebuild.authoring import Diagram\nx = 1 / 0\n")
    options = {"guidebuild.diagrams": {"root": str(tmp_path), "timeout": 20}}
    md = markdown.Markdown(extensions=["guidebuild.diagrams"], extension_configs=options)
    assert md.convert("No diagram here.") == "<p>No diagram here.</p>"
    assert not (tmp_path / ".cache").exists(), "nothing rendered before a diagram is used"
    with pytest.raises(ContentError, match=r"diagram_src/bad.py:2: diagram 'bad' failed"):
        md.convert("/// diagram | bad\n///\n")


def test_the_glossary_reads_its_file_at_first_use_and_names_a_bad_line(tmp_path):
    (tmp_path / "abbr.md").write_text("*[SQS]: Simple Queue Service\nnot an abbreviation line\n")
    options = {"guidebuild.markdown.glossary": {"root": str(tmp_path), "abbreviations": "abbr.md"}}
    md = markdown.Markdown(extensions=["guidebuild.markdown.glossary"], extension_configs=options)
    with pytest.raises(GuideError, match="abbr.md:2"):
        md.convert("Text.")


def test_the_quiz_bank_is_read_at_first_use(tmp_path):
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "x.md").write_text("/// quiz | Broken\n    id: x\n\nQ: one\nNo options.\n///\n")
    options = {"guidebuild.quiz": {"root": str(tmp_path)}}
    md = markdown.Markdown(extensions=["guidebuild.quiz"], extension_configs=options)
    assert md.convert("Text.") == "<p>Text.</p>"
    with pytest.raises(ContentError, match="quizzes/x.md:4"):
        md.convert("/// quiz-progress\n///\n")
