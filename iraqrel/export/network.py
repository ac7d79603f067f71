"""The network: Iraq's actors and their counterparts as nodes, each relationship an edge.

Only Iraq's ties are edges: a tie between two third parties is outside the codebook's unit of
analysis, and an organization's parts are tied to it by their `part_of`, not by an edge.
"""

from __future__ import annotations

from typing import Any

import msgspec

from iraqrel.export.rows import codes_of
from iraqrel.records import Codes, Loaded, Relationship

ACTOR_KIND = "iraqi-actor"


class Node(msgspec.Struct, frozen=True):
    id: str
    label: str
    kind: str  # ACTOR_KIND, or the counterpart's kind
    part_of: str | None
    codes: Codes | None  # an Iraqi actor carries Iraq's; a counterpart that is no state, none

    def attributes(self) -> dict[str, Any]:
        """Its attributes by name, a missing one left out."""
        found = {"label": self.label, "kind": self.kind, "part_of": self.part_of}
        return {k: v for k, v in (found | codes_of(self.codes)).items() if v is not None}


class Edge(msgspec.Struct, frozen=True):
    """One relationship: the Iraqi actor, the counterpart, and what the record says."""

    id: str
    actor: str
    counterpart: str
    stance: str
    score: int
    period: str
    date: str | None
    date_method: str
    basis: str
    contested: bool
    rules: str
    domains: str
    document: str  # the source's id
    segment: str
    quote_id: str
    quote: str  # the first quote, the one that best supports the stance

    def attributes(self) -> dict[str, Any]:
        """Its attributes by name (not its end points), a missing one left out."""
        found = msgspec.structs.asdict(self)
        del found["actor"], found["counterpart"]
        return {k: v for k, v in found.items() if v is not None}


class Network(msgspec.Struct, frozen=True):
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    data_version: str
    title: str = "Iraq's relationships, from the iraqrel dataset"


NODE_ATTRIBUTES: dict[str, type] = {
    "label": str,
    "kind": str,
    "part_of": str,
    "cown": int,
    "cowc": str,
    "gwn": int,
    "gwc": str,
    "iso3n": int,
}
EDGE_ATTRIBUTES: dict[str, type] = {
    "id": str,
    "stance": str,
    "score": int,
    "period": str,
    "date": str,
    "date_method": str,
    "basis": str,
    "contested": bool,
    "rules": str,
    "domains": str,
    "document": str,
    "segment": str,
    "quote_id": str,
    "quote": str,
}


def edge(loaded: Loaded, rel: Relationship) -> Edge:
    date = loaded.segments[rel.segment].date
    first = rel.evidence[0]
    return Edge(
        id=rel.id,
        actor=rel.actor,
        counterpart=rel.entity,
        stance=rel.stance,
        score=rel.score,
        period=rel.period,
        date=date.value,
        date_method=date.method,
        basis=rel.basis,
        contested=rel.contested,
        rules=" ".join(rel.rules),
        domains=" ".join(rel.domains),
        document=loaded.segment_sources[rel.segment].id,
        segment=rel.segment,
        quote_id=first.id,
        quote=first.quote,
    )


def network(loaded: Loaded) -> Network:
    """Every Iraqi actor and every counterpart, and every relationship between them."""
    iraq = loaded.data.subject.codes
    actors = [Node(a.id, a.name, ACTOR_KIND, None, iraq) for a in loaded.data.actors]
    counterparts = [Node(e.id, e.name, e.kind, e.part_of, e.codes) for e in loaded.data.entities]
    edges = tuple(edge(loaded, rel) for rel in loaded.data.relationships)
    return Network((*actors, *counterparts), edges, loaded.data.data_version)
