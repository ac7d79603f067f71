"""The network as GraphML (igraph, Cytoscape), GEXF (Gephi), DOT (Graphviz) and Mermaid.

GraphML and GEXF are written with the standard library's xml.etree, so nothing heavy loads.
Edges are undirected: a relationship is the tie between an Iraqi actor and a counterpart,
not one side's act toward the other. Several records of one pair are parallel edges.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET

from iraqrel.export.network import EDGE_ATTRIBUTES, NODE_ATTRIBUTES, Network

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
# The colours of the stances in DOT and Mermaid (and the README's picture).
STANCE_COLORS = {
    "ally": "#1a7f37",
    "partner": "#2da44e",
    "mixed": "#8c959f",
    "strained": "#d4a72c",
    "adversary": "#cf222e",
}


def _xml(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _text(value: Any) -> str:
    """A value as XML text: booleans as "true" and "false"."""
    return str(value).lower() if isinstance(value, bool) else str(value)


GRAPHML_TYPES = {str: "string", int: "int", bool: "boolean"}


def graphml(net: Network) -> str:
    """GraphML, every attribute declared with its type by a <key>."""
    root = ET.Element("graphml", xmlns=GRAPHML_NS)
    ET.SubElement(
        root,
        "key",
        {"id": "data_version", "for": "graph", "attr.name": "data_version", "attr.type": "string"},
    )
    for scope, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        for name, kind in attributes.items():
            ET.SubElement(
                root,
                "key",
                {
                    "id": f"{scope}.{name}",
                    "for": scope,
                    "attr.name": name,
                    "attr.type": GRAPHML_TYPES[kind],
                },
            )
    graph = ET.SubElement(root, "graph", id="iraqrel", edgedefault="undirected")
    ET.SubElement(graph, "data", key="data_version").text = net.data_version
    for node in net.nodes:
        element = ET.SubElement(graph, "node", id=node.id)
        for name, value in node.attributes().items():
            ET.SubElement(element, "data", key=f"node.{name}").text = _text(value)
    for edge in net.edges:
        element = ET.SubElement(
            graph, "edge", id=edge.id, source=edge.actor, target=edge.counterpart
        )
        for name, value in edge.attributes().items():
            ET.SubElement(element, "data", key=f"edge.{name}").text = _text(value)
    return _xml(root)


GEXF_TYPES = {str: "string", int: "integer", bool: "boolean"}


def gexf(net: Network) -> str:
    """GEXF 1.3: a node's label and an edge's id and label are its own XML attributes."""
    root = ET.Element("gexf", xmlns=GEXF_NS, version="1.3")
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "iraqrel"
    ET.SubElement(meta, "description").text = f"{net.title}; data version {net.data_version}"
    graph = ET.SubElement(root, "graph", defaultedgetype="undirected", mode="static")
    own = {"node": {"label"}, "edge": {"id"}}
    for scope, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        declared = ET.SubElement(graph, "attributes", {"class": scope, "mode": "static"})
        for name, kind in attributes.items():
            if name not in own[scope]:
                ET.SubElement(declared, "attribute", id=name, title=name, type=GEXF_TYPES[kind])
    nodes, edges = ET.SubElement(graph, "nodes"), ET.SubElement(graph, "edges")
    for node in net.nodes:
        element = ET.SubElement(nodes, "node", id=node.id, label=node.label)
        _attvalues(element, node.attributes(), own["node"])
    for edge in net.edges:
        element = ET.SubElement(
            edges, "edge", id=edge.id, source=edge.actor, target=edge.counterpart, label=edge.stance
        )
        _attvalues(element, edge.attributes(), own["edge"])
    return _xml(root)


def _attvalues(element: ET.Element, values: dict[str, Any], own: set[str]) -> None:
    holder = ET.SubElement(element, "attvalues")
    for name, value in values.items():
        if name not in own:
            ET.SubElement(holder, "attvalue", {"for": name, "value": _text(value)})


def _dot_value(value: Any) -> str:
    """A DOT ID: a number as is, anything else double-quoted with `"` and `\\` escaped."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = _text(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", "\\r").replace("\n", "\\n") + '"'


def _dot_list(attributes: dict[str, Any]) -> str:
    return ", ".join(f"{name}={_dot_value(value)}" for name, value in attributes.items())


def dot(net: Network) -> Iterator[str]:
    """DOT for Graphviz (`dot -Tsvg`): counterparts coloured by their edges' stances."""
    yield "graph iraqrel {\n"
    yield f"  graph [{_dot_list({'label': net.title, 'data_version': net.data_version})}];\n"
    yield '  graph [rankdir="LR", fontname="Helvetica"];\n'
    yield '  node [shape="box", style="rounded", fontname="Helvetica"];\n'
    for node in net.nodes:
        shape = {"shape": "ellipse"} if node.kind == "iraqi-actor" else {}
        yield f"  {_dot_value(node.id)} [{_dot_list(node.attributes() | shape)}];\n"
    for edge in net.edges:
        look = {"color": STANCE_COLORS[edge.stance]}
        if edge.period != "current":
            look["style"] = "dashed"
        attributes = {"label": edge.stance} | edge.attributes() | look
        ends = f"{_dot_value(edge.actor)} -- {_dot_value(edge.counterpart)}"
        yield f"  {ends} [{_dot_list(attributes)}];\n"
    yield "}\n"


def mermaid_id(node_id: str) -> str:
    """A Mermaid node id: letters, digits and underscores only ("SYR-REBELS" is SYR_REBELS)."""
    return "n_" + re.sub(r"[^A-Za-z0-9]", "_", node_id)


def _mermaid_label(text: str) -> str:
    """A label inside Mermaid's double quotes: its own `"` and `#` written as entities."""
    return text.replace("#", "#35;").replace('"', "#quot;").replace("\n", " ")


def mermaid(net: Network) -> Iterator[str]:
    """A Mermaid flowchart (code hosts draw it): each edge labelled with its stance, period,
    date and id, coloured by stance; past and outlook ties dotted."""
    yield f"%% {net.title}; data version {net.data_version}\n"
    yield "flowchart LR\n"
    for node in net.nodes:
        label = _mermaid_label(node.label)
        shape = f'(["{label}"])' if node.kind == "iraqi-actor" else f'["{label}"]'
        yield f"  {mermaid_id(node.id)}{shape}\n"
    by_stance: dict[str, list[int]] = {}
    for n, edge in enumerate(net.edges):
        link = "---" if edge.period == "current" else "-.-"
        label = _mermaid_label(f"{edge.stance}, {edge.period}, {edge.date or 'undated'}, {edge.id}")
        yield f'  {mermaid_id(edge.actor)} {link}|"{label}"| {mermaid_id(edge.counterpart)}\n'
        by_stance.setdefault(edge.stance, []).append(n)
    for stance, numbers in by_stance.items():
        yield f"  linkStyle {','.join(map(str, numbers))} stroke:{STANCE_COLORS[stance]}\n"
