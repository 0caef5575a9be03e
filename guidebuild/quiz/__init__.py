"""Quizzes: the format parsed once into the bank, its balance checked, the /// quiz, /// exam and /// quiz-progress blocks."""
