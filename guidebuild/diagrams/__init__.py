"""Diagrams: scripts run confined and cached, Graphviz's SVG made portable, the /// diagram block."""
