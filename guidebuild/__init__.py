"""Build machinery of the study guide.

The engine modules (render, svg, diagram, linkcheck, errors) import nothing from MkDocs, so the
content features survive a move to another Python-Markdown based site generator. Only
``mkdocs_plugin`` knows about MkDocs.
"""
