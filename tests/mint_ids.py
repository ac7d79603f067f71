"""Give the dataset's new records their stable ids: the curator's tool, run after an edit.

    python tests/mint_ids.py [DATASET]   # default: data/iraqrel.json

A relationship or quote without an `id`, and a mention (exclusion) without a `record_id`,
gets the next id of its kind from the dataset's `next_ids`, which then rises. Ids already
given are never changed, and a counter is never lowered, so the id of a record that was
removed is never given again (see iraqrel/ids.py). The file is written as the house writes
it: json.dumps(indent=2, ensure_ascii=False) and a newline. A record copied with its id
keeps the id in its first place in the file; the copies get new ones.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iraqrel.ids import PREFIXES, format_id, parse_id  # noqa: E402

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


def dumped(raw: Json) -> str:
    return json.dumps(raw, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "iraqrel.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    copies = renumber_copies(raw)
    given = mint(raw)
    path.write_text(dumped(raw), encoding="utf-8")
    if copies:
        print(f"copies of {', '.join(copies)} get new ids", file=sys.stderr)
    print(f"minted {len(given)} id(s): {', '.join(given) or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
