"""The flat tables: one row per relationship, per quote, per dyad; and the flattening rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, NamedTuple

import msgspec

from iraqrel import __version__
from iraqrel.flat import dotted
from iraqrel.records import Codes, Entity, Loaded, Quote, Relationship, Segment, Source

Row = dict[str, Any]
SCHEMES = ("cown", "cowc", "gwn", "gwc", "iso3n")


def about(loaded: Loaded) -> Row:
    """What every export states of the data it holds: its version, the package's, its sources."""
    return {
        "data_version": loaded.data.data_version,
        "package_version": __version__,
        "sources": [
            {"id": s.id, "title": s.title, "sha256": s.sha256, "date": s.date.value}
            for s in loaded.data.sources
        ],
    }


def flatten(record: Row) -> Row:
    """One record as flat columns: a nested object's keys joined with "." (`codes.cown`, the
    walk `--fields` shares, iraqrel/flat.py), a list of plain values joined with "; ", a list
    of objects as JSON text; None stays None."""
    return dotted(record, "", _cell)


def _cell(value: Any, name: str) -> Row:
    """A value that is not an object, as export's flat tables write it."""
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return {name: json.dumps(value, ensure_ascii=False)}
    if isinstance(value, list):
        return {name: "; ".join(str(v) for v in value)}
    return {name: value}


def codes_of(codes: Codes | None) -> Row:
    """A country's codes, every scheme present (None where it has none or is no country)."""
    return dict.fromkeys(SCHEMES) if codes is None else msgspec.structs.asdict(codes)


def quote_record(quote: Quote) -> Row:
    """A quote's fields, in the dataset's order (id, source, start, end, quote)."""
    return msgspec.structs.asdict(quote)


def relationship(loaded: Loaded, rel: Relationship) -> Row:
    """One relationship with every field, its counterpart's name, kind and codes, its date and
    how that date is known, and all its quotes."""
    entity = loaded.entities[rel.entity]
    segment = loaded.segments[rel.segment]
    return {
        "id": rel.id,
        "entity": entity.id,
        "entity_name": entity.name,
        "entity_kind": entity.kind,
        "part_of": entity.part_of,
        "codes": codes_of(entity.codes),
        "actor": rel.actor,
        "stance": rel.stance,
        "score": rel.score,
        "basis": rel.basis,
        "period": rel.period,
        "when": rel.when,
        "as_of": segment.date.value,
        "date_method": segment.date.method,
        "domains": list(rel.domains),
        "rules": list(rel.rules),
        "source": loaded.segment_sources[rel.segment].id,
        "segment": rel.segment,
        "summary": rel.summary,
        "notes": rel.notes,
        "contested": rel.contested,
        "other_reading": other_reading(rel),
        "evidence": [quote_record(q) for q in rel.evidence],
        "data_version": loaded.data.data_version,
    }


OTHER_READING = ("stance", "period", "rules", "why", "by")


def other_reading(rel: Relationship) -> Row:
    """The other coding's reading of a contested record; every field None for one that is not,
    so that each row has the same columns."""
    if rel.other_reading is None:
        return dict.fromkeys(OTHER_READING)
    return msgspec.to_builtins(rel.other_reading)


def relationships(loaded: Loaded) -> Iterator[Row]:
    return (relationship(loaded, rel) for rel in loaded.data.relationships)


def segment_at(source: Source, offset: int) -> Segment | None:
    return next((s for s in source.segments if s.start <= offset < s.end), None)


def evidence(loaded: Loaded) -> Iterator[Row]:
    """One row per quote: the record it backs (a relationship, a mention, or one of Iraq's
    actors), its source, segment and offsets, and the quote itself."""
    held: list[tuple[str, str, list[Quote]]] = [
        ("actor", a.id, a.evidence) for a in loaded.data.actors
    ]
    held += [("relationship", r.id, r.evidence) for r in loaded.data.relationships]
    held += [("mention", x.record_id, x.evidence) for x in loaded.data.exclusions]
    for kind, record, quotes in held:
        for quote in quotes:
            segment = segment_at(loaded.sources[quote.source], quote.start)
            yield {
                "id": quote.id,
                "record": record,
                "record_kind": kind,
                "source": quote.source,
                "segment": segment.id if segment else None,
                "start": quote.start,
                "end": quote.end,
                "quote": quote.quote,
                "data_version": loaded.data.data_version,
            }


class Dyads(NamedTuple):
    """The dyad rows, and the current records left out because their evidence is undated."""

    rows: list[Row]
    undated: list[Relationship]


def _sides(number: str, codes: Codes | None) -> Row:
    return {f"{scheme}{number}": value for scheme, value in codes_of(codes).items()}


def dyad(loaded: Loaded, rel: Relationship) -> Row:
    """One current record as a dyad row: the Iraqi actor (side 1, Iraq's codes), the
    counterpart (side 2, its codes if it is a state), the source's year and how it is known."""
    entity: Entity = loaded.entities[rel.entity]
    date = loaded.segments[rel.segment].date
    return {
        "id": rel.id,
        "actor": rel.actor,
        "actor_name": loaded.actors[rel.actor].name,
        **_sides("1", loaded.data.subject.codes),
        "counterpart": entity.id,
        "counterpart_name": entity.name,
        "counterpart_kind": entity.kind,
        **_sides("2", entity.codes),
        "year": int(date.value[:4]) if date.value else None,
        "date": date.value,
        "date_method": date.method,
        "stance": rel.stance,
        "score": rel.score,
        "source": loaded.segment_sources[rel.segment].id,
        "segment": rel.segment,
        "data_version": loaded.data.data_version,
    }


def dyads(loaded: Loaded, actor: str | None = "baghdad") -> Dyads:
    """The current records of `actor` (None: every Iraqi actor) as dyad rows, in dataset
    order; a record whose source gives no year is left out, never given one."""
    current = [
        r for r in loaded.data.relationships if r.period == "current" and actor in (None, r.actor)
    ]
    dated = [r for r in current if loaded.segments[r.segment].date.value]
    undated = [r for r in current if not loaded.segments[r.segment].date.value]
    return Dyads([dyad(loaded, r) for r in dated], undated)
