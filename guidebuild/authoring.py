"""What a diagram script imports: a ``Diagram`` that renders where the renderer asks, and holds
every diagram to the same teaching standard.

A script in ``diagram_src/<slug>.py`` looks like::

    from diagrams.aws.integration import SQS
    from guidebuild.authoring import Diagram, Edge, Step

    with Diagram("Title", steps=[Step("What happens first", nodes=["queue"], edges=["send"])]):
        queue = SQS("Queue", nodeid="queue", tooltip="Its role in this pattern.",
                    URL="250-event-processing.md#sqs-lambda-dlq")

Rules, each enforced here with an error that names the script line:

- every node has ``nodeid=`` (renders must be deterministic), ``tooltip=`` (its role in *this*
  pattern, one or two sentences) and ``URL=`` (``page.md#anchor``: where the notes explain it);
- a diagram with edges has ``steps=``, every step names nodes or edges that exist, and every
  edge is narrated by at least one step.

Nodes are drawn as a fixed-size icon above a label that Graphviz measures, so long labels never
overlap their neighbours (``diagrams`` draws labels in a fixed-size box and lets them spill).
"""
from __future__ import annotations

import html
import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import diagrams
from diagrams import Edge, Node  # noqa: F401  (re-exported for scripts)

from .diagrams import geometry
from .diagrams.services import service_name

from .diagrams.handoff import OUT_DIR_ENV, SLUG_ENV

#: Icon edge in points. Small icons leave the width to the labels, which must stay legible on a phone.
ICON_PT = 38
#: A tooltip is a hint, not a paragraph: the notes hold the explanation.
TOOLTIP_MAX = 240
URL_RE = re.compile(r"^[A-Za-z0-9_./-]+\.md#[A-Za-z0-9_-]+$")

FAIL = "#c0392b"  # failure paths; the site's stylesheet recolours it for the dark palette
MUTED = "#8a96a3"  # legacy or optional paths

GRAPH_ATTR = {
    "pad": "0.1",
    "nodesep": "0.3",
    "ranksep": "0.45",
    "fontname": "Helvetica",
    "fontsize": "11",
    "bgcolor": "transparent",
    "labelloc": "t",
    # diagrams defaults to ortho splines, which place edge labels far from their edges.
    "splines": "spline",
}
NODE_ATTR = {"fontname": "Helvetica", "fontsize": "11", "fixedsize": "false", "width": "0",
             "height": "0", "margin": "0"}
EDGE_ATTR = {"fontname": "Helvetica", "fontsize": "10"}
CLUSTER_ATTR = {"fontname": "Helvetica", "fontsize": "10", "margin": "8", "labeljust": "l",
                "style": "rounded", "pencolor": "#aeb6be"}
NARROW = {"LR": "TB", "RL": "BT"}
_RANDOM_ID = re.compile(r"^[0-9a-f]{32}$")
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class DiagramError(ValueError):
    """A rule of the authoring contract is broken; the message says which and how to fix it."""


def _script_line() -> int | None:
    """Line of the diagram script that is executing now (the caller of the caller...)."""
    script = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else None
    frame = sys._getframe(1)
    while frame is not None:
        if script and os.path.abspath(frame.f_code.co_filename) == script:
            return frame.f_lineno
        frame = frame.f_back
    return None


@dataclass
class Step:
    """One step of the flow: a narration line and the node/edge ids it highlights.

    ``text`` may use `backticks` for code; everything else is plain text."""

    text: str
    nodes: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.line is None:
            self.line = _script_line()


def Fail(label: str = "", **attrs) -> Edge:
    """An edge on the failure path: dashed, red in both palettes."""
    return Edge(label=label, style="dashed", color=FAIL, fontcolor=FAIL, **{"class": "gb-fail", **attrs})


def Muted(label: str = "", **attrs) -> Edge:
    """An optional, legacy or background path: dashed grey."""
    return Edge(label=label, style="dashed", color=MUTED, fontcolor=MUTED, **{"class": "gb-muted", **attrs})


#: Cluster tints from cheap (1, green) to expensive (5, red), recoloured for the dark palette by CSS.
TINTS = {1: "#e8f5e9", 2: "#f1f8e9", 3: "#fffde7", 4: "#fff3e0", 5: "#fdecea"}


class Box(Node):
    """A component with no AWS icon of its own (e.g. Lambda's internal event queue)."""

    _icon = None


class Cluster(diagrams.Cluster):
    """A VPC, subnet, Availability Zone or any grouping; nodes inside it are checked like any other."""

    def __init__(self, label: str = "cluster", direction: str = "LR", graph_attr: dict | None = None,
                 tint: int | None = None) -> None:
        extra = {"bgcolor": TINTS[tint], "class": f"gb-tint-{tint}"} if tint else {}
        super().__init__(label, direction, {**CLUSTER_ATTR, **extra, **(graph_attr or {})})

    def node(self, nodeid: str, label: str, **attrs) -> None:
        diagrams.getdiagram().add_node(self.dot, nodeid, label, attrs)

    def same_rank(self, *nodes: Node, wide_only: bool = False) -> None:
        """Line up nodes of this cluster across the flow (Graphviz ranks cannot span clusters).
        ``wide_only``: as Diagram.same_rank, not in the phone twin."""
        line = _same_rank(self.dot, nodes)
        if wide_only:
            diagrams.getdiagram()._wide_only.append(line)


def _same_rank(dot, nodes) -> str:
    ids = [n.nodeid for n in nodes]
    line = "\t{rank=same; " + " ".join(f'"{i}";' for i in ids) + "}\n"
    dot.body.append(line)
    return line


def _clusters() -> list[str]:
    chain, c = [], diagrams.getcluster()
    while c is not None:
        chain.append(c.label)
        c = c._parent
    return chain[::-1]


class Diagram(diagrams.Diagram):
    def __init__(self, title: str = "", *, steps: list[Step] | None = None, direction: str = "LR",
                 graph_attr: dict | None = None, node_attr: dict | None = None,
                 edge_attr: dict | None = None, **kwargs) -> None:
        out_dir = Path(os.environ.get(OUT_DIR_ENV, "."))
        self.slug = os.environ.get(SLUG_ENV) or Path(sys.argv[0]).stem
        self.out_dir = out_dir
        self.steps = list(steps or [])
        self.line = _script_line()
        self.nodes: dict[str, dict] = {}
        self.edges: dict[str, dict] = {}
        self._wide_only: list[str] = []  # layout lines left out of the phone twin
        self._twin_lines: dict[str, str] = {}  # wide drawing's line -> the phone twin's
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

    # -- nodes and edges -------------------------------------------------------------------
    def node(self, nodeid: str, label: str, **attrs) -> None:
        self.add_node(self.dot, nodeid, label, attrs)

    def add_node(self, dot, nodeid: str, label: str, attrs: dict) -> None:
        name = (label or nodeid).replace("\n", " ")
        if _RANDOM_ID.match(nodeid):
            raise DiagramError(f"node '{name}' has no nodeid=: pass a stable id, e.g. "
                               "SQS('Queue', nodeid='queue'), so renders are deterministic")
        if not _ID_RE.match(nodeid):
            raise DiagramError(f"nodeid '{nodeid}' must start with a letter and use only letters, digits, - and _")
        if nodeid in self.nodes:
            raise DiagramError(f"two nodes have nodeid '{nodeid}': ids must be unique within a diagram")
        tooltip = " ".join(str(attrs.get("tooltip", "")).split())
        if not tooltip:
            raise DiagramError(f"node '{nodeid}' has no tooltip=: say in a sentence what it does in this "
                               "pattern, e.g. tooltip='Holds messages until the consumer deletes them.'")
        if len(tooltip) > TOOLTIP_MAX:
            raise DiagramError(f"node '{nodeid}': tooltip is {len(tooltip)} characters (max {TOOLTIP_MAX}); "
                               "keep it to its role here and let URL= point to the explanation")
        url = str(attrs.get("URL", ""))
        if not URL_RE.match(url):
            raise DiagramError(f"node '{nodeid}' needs URL='page.md#anchor' naming the place in the notes that "
                               f"explains it (got {url!r})")
        icon = attrs.pop("image", "")
        service = attrs.pop("service", None) or (service_name(icon) if icon else "")
        for key in ("height", "width", "fixedsize", "imagescale", "labelloc", "shape"):
            attrs.pop(key, None)
        lines = (label or "").split("\n")
        self.nodes[nodeid] = {"id": nodeid, "label": " ".join(lines).strip(), "tooltip": tooltip, "url": url,
                              "service": service, "clusters": _clusters(), "line": _script_line()}
        attrs["tooltip"] = tooltip
        if icon:
            dot.node(nodeid, label=_html_label(lines, icon), shape="plain", **attrs)
        else:
            dot.node(nodeid, label=label, shape="box", style="rounded,filled", fillcolor="#eef1f4",
                     color="#aeb6be", margin="0.12,0.06", **attrs)

    def connect(self, node: Node, node2: Node, edge: Edge) -> None:
        attrs = dict(edge.attrs)
        # The label beside the edge (an xlabel) in the wide drawing, on it in the phone twin: for an
        # edge between two nodes of one rank, where a label is drawn across its own edge.
        beside_in_wide = str(attrs.pop("xlabel_in_wide", "")).lower() in ("true", "1")
        tail, head = node.nodeid, node2.nodeid
        direction = attrs.get("dir", "forward")
        if direction == "back":
            tail, head = head, tail
        eid = attrs.get("id") or f"{tail}-{head}"
        if not _ID_RE.match(eid):
            raise DiagramError(f"edge id '{eid}' must start with a letter and use only letters, digits, - and _")
        if eid in self.edges:
            if attrs.get("id"):
                raise DiagramError(f"two edges have id '{eid}': ids must be unique within a diagram")
            n = 2
            while f"{eid}-{n}" in self.edges:
                n += 1
            eid = f"{eid}-{n}"
        self.edges[eid] = {"id": eid, "from": tail, "to": head, "label": " ".join((attrs.get("label") or attrs.get("xlabel", "")).split()),
                           "both": direction == "both", "line": _script_line()}
        attrs["id"] = eid
        # A space either side of each line: Graphviz sets an edge's label flush against the edge by
        # its own font metrics, and the browser's text then touches it; the SVG drops the spaces.
        for key in ("label", "xlabel"):
            if attrs.get(key):
                attrs[key] = "\n".join(f" {line.strip()} " for line in str(attrs[key]).split("\n"))
        # diagrams' Edge carries its own font defaults; one typography for every diagram.
        attrs.update({k: v for k, v in EDGE_ATTR.items()})
        if beside_in_wide and attrs.get("label"):
            self.dot.edge(node.nodeid, node2.nodeid, **attrs)
            twin_line = self.dot.body.pop()
            attrs["xlabel"] = attrs.pop("label")
            self.dot.edge(node.nodeid, node2.nodeid, **attrs)
            self._twin_lines[self.dot.body[-1].strip()] = twin_line
        else:
            self.dot.edge(node.nodeid, node2.nodeid, **attrs)

    def same_rank(self, *nodes: Node, wide_only: bool = False) -> None:
        """Line these nodes up across the flow (one above the other in an LR diagram).
        ``wide_only``: not in the phone twin, where the same line would run side by side and
        widen the drawing that exists to be narrow."""
        line = _same_rank(self.dot, nodes)
        if wide_only:
            self._wide_only.append(line)

    def chain(self, *nodes: Node) -> None:
        """Order nodes along the flow with invisible edges: layout only, nothing to narrate or draw."""
        for a, b in zip(nodes, nodes[1:]):
            self.dot.edge(a.nodeid, b.nodeid, style="invis")

    # -- the flow ----------------------------------------------------------------------------
    def check(self) -> None:
        """The teaching contract: a title, and a narrated flow covering every edge."""
        if not self.title.strip():
            raise DiagramError("the diagram has no title: Diagram('What it shows', ...)")
        if self.edges and not self.steps:
            raise DiagramError(
                f"{len(self.edges)} edge(s) but no steps=: add "
                "steps=[Step('What happens first', nodes=[...], edges=[...]), ...] that walk through the flow")
        problems = []
        for i, step in enumerate(self.steps, 1):
            where = f"step {i}" + (f" (line {step.line})" if step.line else "")
            if not isinstance(step, Step):
                problems.append(f"{where}: not a Step(...)")
                continue
            if not step.text.strip():
                problems.append(f"{where}: no narration text")
            if not step.nodes and not step.edges:
                problems.append(f"{where}: highlights nothing; name its nodes= and/or edges=")
            problems += [f"{where}: unknown node '{n}'" for n in step.nodes if n not in self.nodes]
            problems += [f"{where}: unknown edge '{e}'" for e in step.edges if e not in self.edges]
        narrated = {e for s in self.steps if isinstance(s, Step) for e in s.edges}
        silent = [e for e in self.edges if e not in narrated]
        if silent:
            problems.append(f"edge(s) no step narrates: {', '.join(silent)}; add them to a step's edges=")
        if problems:
            raise DiagramError(
                "; ".join(problems)
                + f". Known nodes: {', '.join(self.nodes) or 'none'}; known edges: {', '.join(self.edges) or 'none'}")

    def render(self) -> None:
        """The wide drawing (diagrams' __exit__ calls this)."""
        self._render_untangled(self.dot.filename)

    def _render_untangled(self, filename: str) -> None:
        """Render, and where an edge runs through a cluster's title, move that title or widen the
        cluster (_TITLE_PLACES) and render again; the fewest crossings win. Edges enter a cluster
        where its nodes are, most often through the top of a top-to-bottom drawing, where the title
        is. What is left, guidebuild.diagrams.geometry.crossings still finds."""
        base, choice, best = list(self.dot.body), {}, None
        for _ in range(2 * len(_TITLE_PLACES)):
            self.dot.body = _placed_titles(base, choice)
            self.dot.render(filename=filename, format="svg", quiet=True)
            crossed = {c.owner for c in geometry.crossings(Path(f"{filename}.svg").read_text())}
            if best is None or len(crossed) < best[0]:
                best = (len(crossed), dict(choice))
            titles = [o[len("cluster '"):-1] for o in sorted(crossed) if o.startswith("cluster '")]
            todo = [t for t in titles if choice.get(t, 0) + 1 < len(_TITLE_PLACES)]
            if not todo:
                break
            for t in todo:
                choice[t] = choice.get(t, 0) + 1
        if best[1] != choice:
            self.dot.body = _placed_titles(base, best[1])
            self.dot.render(filename=filename, format="svg", quiet=True)
        self.dot.body = base

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is not None:
            return False
        self.check()
        super().__exit__(exc_type, exc_value, traceback)
        across = self.dot.graph_attr.get("rankdir", "LR")
        if across in NARROW:
            # A top-to-bottom twin for phones; the renderer keeps it only if it is much narrower.
            self.dot.graph_attr["rankdir"] = NARROW[across]
            # A cluster's lines reach the diagram's body indented once per level of nesting.
            wide_only = {line.strip() for line in self._wide_only}
            self.dot.body = [self._twin_lines.get(line.strip(), line) for line in self.dot.body
                             if line.strip() not in wide_only]
            self._render_untangled(str(self.out_dir / f"{self.slug}.narrow"))
        meta = {"title": self.title, "line": self.line, "steps": [asdict(s) for s in self.steps],
                "nodes": list(self.nodes.values()), "edges": list(self.edges.values())}
        (self.out_dir / f"{self.slug}.json").write_text(json.dumps(meta, indent=1, sort_keys=True))
        return False


#: Where a cluster's title may go, in the order tried: as written (top left), top right, top left with
#: more room either side of the nodes (an edge into a centred node then passes right of the title),
#: bottom left, bottom right.
_TITLE_PLACES = ("", "labeljust=r", 'margin="20,8"', 'margin="32,8"', "labelloc=b",
                 "labeljust=r labelloc=b")
_SUBGRAPH = re.compile(r'^\s*subgraph "?cluster_(.*?)"? \{$', re.S)


def _placed_titles(body: list[str], choice: dict[str, int]) -> list[str]:
    """The DOT body with each chosen cluster's title moved: a graph attribute line after its own."""
    out, pending = [], None
    for line in body:
        out.append(line)
        if pending is not None and line.lstrip().startswith("graph ["):
            out.append(line[: len(line) - len(line.lstrip())] + f"graph [{pending}]\n")
            pending = None
            continue
        m = _SUBGRAPH.match(line)
        if m and choice.get(m.group(1).split("\n")[0].strip()):
            pending = _TITLE_PLACES[choice[m.group(1).split("\n")[0].strip()]]
    return out


def _html_label(lines: list[str], icon: str) -> str:
    """A fixed-size icon over a measured label (Graphviz HTML-like label)."""
    text = "<BR/>".join(html.escape(line) for line in lines if line) or " "
    return (f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
            f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{ICON_PT}" HEIGHT="{ICON_PT}">'
            f'<IMG SCALE="TRUE" SRC="{html.escape(icon)}"/></TD></TR>'
            f'<TR><TD>{text}</TD></TR></TABLE>>')
