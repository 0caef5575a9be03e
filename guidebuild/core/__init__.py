"""Shared by every feature."""
