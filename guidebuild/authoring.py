"""What a diagram script imports: a ``Diagram`` that renders where the renderer asks.

A script in ``diagram_src/<slug>.py`` looks like::

    from diagrams.aws.integration import SQS
    from guidebuild.authoring import Diagram, Edge, Step

    with Diagram("Title", steps=[Step("What happens first", nodes=["queue"])]):
        queue = SQS("Queue", nodeid="queue", tooltip="...", URL="250-event-processing.md#sqs-lambda-dlq")

Every node needs ``nodeid=``: without it ``diagrams`` picks a random id and the output would
change on every render. ``URL`` may name a docs page (``page.md#anchor``); the page embedding
the diagram turns it into a link relative to itself.
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import diagrams
from diagrams import Cluster, Edge, Node  # noqa: F401  (re-exported for scripts)

from .handoff import OUT_DIR_ENV, SLUG_ENV

# Compact, web-friendly defaults; a script can override any of them.
GRAPH_ATTR = {
    "pad": "0.15",
    "nodesep": "0.55",
    "ranksep": "0.75",
    "fontname": "Helvetica",
    "fontsize": "14",
    "bgcolor": "transparent",
    "labelloc": "t",
    # diagrams defaults to ortho splines, which place edge labels far from their edges.
    "splines": "spline",
}
NODE_ATTR = {"fontname": "Helvetica", "fontsize": "12"}
EDGE_ATTR = {"fontname": "Helvetica", "fontsize": "11"}

_RANDOM_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Step:
    """One step of the flow: a narration line and the node/edge ids it highlights."""

    text: str
    nodes: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)


class Diagram(diagrams.Diagram):
    def __init__(self, title: str = "", *, steps: list[Step] | None = None, direction: str = "LR",
                 graph_attr: dict | None = None, node_attr: dict | None = None,
                 edge_attr: dict | None = None, **kwargs) -> None:
        out_dir = Path(os.environ.get(OUT_DIR_ENV, "."))
        self.slug = os.environ.get(SLUG_ENV) or Path(sys.argv[0]).stem
        self.out_dir = out_dir
        self.steps = list(steps or [])
        super().__init__(
            # The title is shown by the page's caption, not inside the picture.
            name="",
            filename=str(out_dir / self.slug),
            outformat="svg",
            show=False,
            direction=direction,
            graph_attr={**GRAPH_ATTR, **(graph_attr or {}), "label": ""},
            node_attr={**NODE_ATTR, **(node_attr or {})},
            edge_attr={**EDGE_ATTR, **(edge_attr or {})},
            **kwargs,
        )
        self.title = title

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is not None:
            return False
        self._check_ids()
        super().__exit__(exc_type, exc_value, traceback)
        meta = {"title": self.title, "steps": [asdict(s) for s in self.steps]}
        (self.out_dir / f"{self.slug}.json").write_text(json.dumps(meta, indent=1, sort_keys=True))
        return False

    def _check_ids(self) -> None:
        source = self.dot.source
        # Node statements start a line with the quoted or bare node id.
        random_ids = set(re.findall(r"\b([0-9a-f]{32})\b", source))
        if random_ids:
            raise ValueError(
                f"{len(random_ids)} node(s) have no nodeid=: pass a stable id, "
                "e.g. SQS('Queue', nodeid='queue'), so renders are deterministic"
            )
