"""Diagrams: scripts run confined and cached, Graphviz's SVG made portable, the /// diagram block.

``guidebuild.diagrams`` is also the Markdown extension's name (see ``extension``)."""
from .extension import DiagramExtension, makeExtension

__all__ = ["DiagramExtension", "makeExtension"]
