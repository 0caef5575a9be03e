"""MkDocs adapter."""
