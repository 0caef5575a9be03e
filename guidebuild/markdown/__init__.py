"""Prose extensions: abbreviations and the glossary, link form, off-screen boxes for prose."""
