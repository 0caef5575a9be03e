"""Quizzes: the format parsed once into the bank, its balance checked, the /// quiz, /// exam and /// quiz-progress blocks.

``guidebuild.quiz`` is also the Markdown extension's name (see ``extension``)."""
from .extension import QuizExtension, makeExtension

__all__ = ["QuizExtension", "makeExtension"]
