"""Minting ids for new records of a dataset in its JSON form: `add` at run time, and the
curator's tool tests/mint_ids.py after a hand edit.

A relationship or quote without an `id`, and a mention (exclusion) without a `record_id`,
gets the next id of its kind from the dataset's `next_ids`, which then rises. Ids already
given are never changed, and a counter is never lowered, so the id of a record that was
removed is never given again (see the `ids` module).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from iraqrel.ids import PREFIXES, format_id, parse_id

Json = dict[str, Any]
ID_KEY = {"relationship": "id", "quote": "id", "mention": "record_id"}


def records(raw: Json) -> Iterator[tuple[str, Json, list[Json], int]]:
    """Each record that takes an id, in file order: its kind, itself, the list that holds it
    and its place there (so that a new id can be written first among its keys)."""
    for actor in raw.get("actors", []):
        for m, quote in enumerate(actor.get("evidence", [])):
            yield "quote", quote, actor["evidence"], m
    for collection, kind in (("relationships", "relationship"), ("exclusions", "mention")):
        for n, record in enumerate(raw.get(collection, [])):
            yield kind, record, raw[collection], n
            for m, quote in enumerate(record.get("evidence", [])):
                yield "quote", quote, record["evidence"], m


def _highest(raw: Json) -> dict[str, int]:
    """The highest number of each kind the records carry (0 for none)."""
    highest = dict.fromkeys(PREFIXES, 0)
    for kind, record, _, _ in records(raw):
        parsed = parse_id(str(record.get(ID_KEY[kind]) or ""))
        if parsed and parsed[0] == kind:
            highest[kind] = max(highest[kind], parsed[1])
    return highest


def mint(raw: Json) -> list[str]:
    """Give every record without an id the next one of its kind; the ids given, in order.

    A dataset without `next_ids` starts each kind after the highest id it already carries.
    """
    highest = _highest(raw)
    counters = raw.get("next_ids") or {kind: n + 1 for kind, n in highest.items()}
    counters = {kind: max(counters[kind], highest[kind] + 1) for kind in PREFIXES}
    given = []
    for kind, record, holder, place in list(records(raw)):
        key = ID_KEY[kind]
        if record.get(key):
            continue
        new = format_id(kind, counters[kind])
        counters[kind] += 1
        holder[place] = {key: new, **{k: v for k, v in record.items() if k != key}}
        given.append(new)
    _set_next_ids(raw, counters)
    return given


def renumber_copies(raw: Json) -> list[str]:
    """Take the id off every copy of a record: the first in file order keeps it, and `mint`
    gives the others new ones. The ids taken off, in order."""
    seen: set[tuple[str, str]] = set()
    taken = []
    for kind, record, holder, place in list(records(raw)):
        key = ID_KEY[kind]
        ident = record.get(key)
        if not ident:
            continue
        if (kind, ident) in seen:
            holder[place] = {k: v for k, v in record.items() if k != key}
            taken.append(ident)
        seen.add((kind, ident))
    return taken


def _set_next_ids(raw: Json, counters: dict[str, int]) -> None:
    """`next_ids` set to `counters`, placed after `data_version` when the file has none yet."""
    if "next_ids" in raw:
        raw["next_ids"] = counters
        return
    items = list(raw.items())
    after = next((i + 1 for i, (k, _) in enumerate(items) if k == "data_version"), 1)
    items.insert(after, ("next_ids", counters))
    raw.clear()
    raw.update(items)
