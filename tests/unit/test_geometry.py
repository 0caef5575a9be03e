"""The edge-through-label check (guidebuild.diagrams.geometry) on small drawings made by hand."""
from __future__ import annotations

import pytest

from guidebuild.diagrams import geometry

SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"><g class="graph">
<g class="cluster"><path d="M10,-190L290,-190L290,-10L10,-10Z"/>
<text text-anchor="middle" x="60" y="-178" font-size="10">AZ b: public subnet</text></g>
<g class="node" data-node="new"><text text-anchor="middle" x="150" y="-40" font-size="11">New bastion</text></g>
<g class="edge" data-edge="{name}"><path fill="none" stroke="#7b8894" d="{d}"/>{label}</g>
</g></svg>"""


def drawing(d: str, name: str = "associate", label: str = "") -> str:
    return SVG.format(d=d, name=name, label=label)


def test_an_edge_through_a_cluster_title_is_found():
    # A spline from above the cluster down through "AZ b: public subnet" (x 13..107, y -185.5..-175.8).
    found = geometry.crossings(drawing("M60,-199C60,-190 60,-170 60,-150"))
    assert [(c.edge, c.label, c.owner) for c in found] == [
        ("associate", "AZ b: public subnet", "cluster 'AZ b: public subnet'")]
    message = geometry.describe(found, "phone twin")
    assert message.startswith("edge 'associate' runs through the label 'AZ b: public subnet'")
    assert "phone twin" in message


def test_an_edge_beside_the_title_passes():
    # The same spline 10 pt to the right of the title's last letter, and one running just under it.
    assert geometry.crossings(drawing("M118,-199C118,-190 118,-170 118,-150")) == []
    assert geometry.crossings(drawing("M15,-170C40,-170 80,-170 110,-170")) == []


def test_a_curve_is_followed_between_its_ends():
    # Both ends are far from the node label; the curve bows through "New bastion" (y -48.3..-37.6).
    found = geometry.crossings(drawing("M100,-80C130,-10 170,-10 200,-80"))
    assert [c.label for c in found] == ["New bastion"]


def test_an_edge_through_its_own_label_is_found():
    # Graphviz placed "attach," left of the edge with its own font metrics: the browser's text touches it.
    label = '<text text-anchor="middle" x="676" y="-105" font-size="10">attach,</text>'
    found = geometry.crossings(drawing("M690.5,-123.7C690.5,-113.6 690.5,-101.7 690.5,-90.4", "attach", label))
    assert [(c.edge, c.label, c.owner) for c in found] == [("attach", "attach,", "edge 'attach'")]
    clear = geometry.crossings(drawing("M697,-123.7C697,-113.6 697,-101.7 697,-90.4", "attach", label))
    assert clear == []


@pytest.mark.parametrize("d, expected", [
    ("M0,0L10,0", [(0.0, 0.0), (10.0, 0.0)]),
    ("M0,0C0,0 10,0 10,0", [(0.0, 0.0), (10.0, 0.0)]),
])
def test_paths_are_sampled_to_their_ends(d, expected):
    points = geometry.path_points(d, step=1.0)
    assert points[0] == expected[0] and points[-1] == pytest.approx(expected[-1])
    assert all(abs(b[0] - a[0]) <= 1.0 + 1e-9 for a, b in zip(points, points[1:]))
