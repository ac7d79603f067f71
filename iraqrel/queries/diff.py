"""What changed between two datasets, record by record, by id (`iraqrel diff`, and `add`'s report).

Records are matched by their ids: sources, entities and actors by `id`; relationships by
their stable `r` ids, mentions by their `x` ids, quotes by their `q` ids (see iraqrel/ids.py).
A record is added, removed, or changed in named fields; a quote added to or removed from a
record both datasets hold is a row of its own, and a quote of an added or removed record is
inside that record's row. `next_ids` is bookkeeping, not data, and is not compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

import msgspec

from iraqrel.records import Loaded, Quote

Edit = Literal["added", "removed", "changed"]  # what became of a record
# The fields compared, per kind of record, in the order they are listed.
FIELDS: dict[str, tuple[str, ...]] = {
    "dataset": ("format_version", "data_version", "codebook", "agreement", "subject"),
    "source": (
        "file", "sha256", "title", "origin", "language", "date", "citation", "segments", "notes",
    ),
    "entity": ("kind", "name", "aliases", "part_of", "codes", "notes"),
    "actor": ("name", "description", "aliases", "notes"),
    "relationship": (
        "entity", "actor", "segment", "stance", "basis", "domains", "summary", "rules",
        "period", "when", "contested", "other_reading", "notes",
    ),
    "mention": ("name", "id", "reason", "aliases", "codes"),
    "quote": ("holder", "source", "start", "end", "quote"),
}  # fmt: skip
KINDS = tuple(FIELDS)


class Difference(msgspec.Struct, frozen=True):
    """One difference: a record added or removed (old or new is the record), or one field of
    a record changed (old and new are the field's values)."""

    change: Edit
    kind: str  # dataset, source, entity, actor, relationship, mention, quote
    id: str
    field: str | None
    old: Any
    new: Any
    entity: str | None = None  # a relationship's counterpart, or a quote's holder's
    actor: str | None = None


class Side(msgspec.Struct, frozen=True):
    """One of the two datasets compared."""

    path: str
    data_version: str


class DatasetDiff(msgspec.Struct, frozen=True):
    """The differences of `new` from `old`, in a stable order."""

    old: Side
    new: Side
    rows: tuple[Difference, ...]

    @property
    def same(self) -> bool:
        return not self.rows


class _Record(msgspec.Struct, frozen=True):
    """A record as compared: its fields as JSON values, and whom it concerns."""

    fields: dict[str, Any]
    entity: str | None = None
    actor: str | None = None


def _builtins(value: Any) -> Any:
    return msgspec.to_builtins(value)


def _quotes(loaded: Loaded) -> dict[str, _Record]:
    """Every quote, by id, with the record that holds it."""
    holders: list[tuple[str, list[Quote], str | None, str | None]] = [
        *((a.id, a.evidence, None, a.id) for a in loaded.data.actors),
        *((r.id, r.evidence, r.entity, r.actor) for r in loaded.data.relationships),
        *((x.record_id, x.evidence, x.id, None) for x in loaded.data.exclusions),
    ]
    return {
        q.id: _Record({"holder": holder, **_builtins(q)}, entity, actor)
        for holder, quotes, entity, actor in holders
        for q in quotes
    }


def _records(loaded: Loaded) -> dict[str, dict[str, _Record]]:
    """Each kind's records by id, their fields as JSON values (evidence left to the quotes)."""
    data = loaded.data
    whole = {k: getattr(data, k) for k in FIELDS["dataset"]}
    return {
        "dataset": {"dataset": _Record(_builtins(whole))},
        "source": {s.id: _Record(_builtins(s)) for s in data.sources},
        "entity": {e.id: _Record(_builtins(e), e.id) for e in data.entities},
        "actor": {a.id: _Record(_builtins(a), None, a.id) for a in data.actors},
        "relationship": {
            r.id: _Record(_builtins(r), r.entity, r.actor) for r in data.relationships
        },
        "mention": {x.record_id: _Record(_builtins(x), x.id or x.name) for x in data.exclusions},
        "quote": _quotes(loaded),
    }


def _changed(kind: str, ident: str, old: _Record, new: _Record) -> Iterator[Difference]:
    for name in FIELDS[kind]:
        before, after = old.fields.get(name), new.fields.get(name)
        if before != after:
            yield Difference("changed", kind, ident, name, before, after, new.entity, new.actor)


def _kind_rows(
    kind: str, old: dict[str, _Record], new: dict[str, _Record], holders: set[str]
) -> Iterator[Difference]:
    """Rows of one kind; a quote only where both datasets hold its record (`holders`)."""
    for ident in sorted(old.keys() | new.keys()):
        before, after = old.get(ident), new.get(ident)
        if before is None and after is not None:
            if kind != "quote" or after.fields["holder"] in holders:
                yield Difference(
                    "added", kind, ident, None, None, after.fields, after.entity, after.actor
                )
        elif after is None and before is not None:
            if kind != "quote" or before.fields["holder"] in holders:
                yield Difference(
                    "removed", kind, ident, None, before.fields, None, before.entity, before.actor
                )
        elif before is not None and after is not None:
            yield from _changed(kind, ident, before, after)


def compare(old: Loaded, new: Loaded) -> DatasetDiff:
    """Every difference of `new` from `old`, kind by kind, by id."""
    olds, news = _records(old), _records(new)
    holders = {
        ident
        for kind in ("actor", "relationship", "mention")
        for ident in olds[kind].keys() & news[kind].keys()
    }
    rows: list[Difference] = []
    for kind in KINDS:
        rows += _kind_rows(kind, olds[kind], news[kind], holders)
    return DatasetDiff(
        Side(str(old.path), old.data.data_version),
        Side(str(new.path), new.data.data_version),
        tuple(rows),
    )


def counts(rows: Iterable[Difference]) -> dict[tuple[str, str], int]:
    """How many rows of each (change, kind)."""
    found: dict[tuple[str, str], int] = {}
    for row in rows:
        found[row.change, row.kind] = found.get((row.change, row.kind), 0) + 1
    return found
