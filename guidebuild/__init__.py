"""The build machinery of the study guide: one package per feature, one thin MkDocs adapter.

Features (``diagrams``, ``quiz``, ``markdown``, ``pdf``, ``site``) import only ``core`` and
never MkDocs, so the content features survive a move to another Python-Markdown based
generator; ``mkdocs`` is the adapter and the only package that knows the generator.
``python -m guidebuild.deps`` checks the layers and writes the README's Layout section.
"""
