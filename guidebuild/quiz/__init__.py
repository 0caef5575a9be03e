"""Quizzes."""
