"""The COW, Gleditsch-Ward and ISO numeric codes of the dataset's countries, from countrycode.

    python tests/country_codes.py          # write them into data/iraqrel.json
    python tests/country_codes.py --check  # exit 1 naming every country whose codes differ

countrycode's code list (a development dependency: GPL, never imported by the package) is the
maintained crosswalk. Every country in the dataset, by its ISO alpha-3 id, gets its `codes`:
Iraq, each entity of kind "country", and each mention that names a country. Nothing here is
typed by hand.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mint_ids import dumped

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "data" / "iraqrel.json"
SCHEMES = ("cown", "cowc", "gwn", "gwc", "iso3n")  # countrycode's own names for them

Json = dict[str, Any]


def crosswalk() -> dict[str, Json]:
    """countrycode's code list by ISO alpha-3: each country's codes in SCHEMES."""
    import countrycode

    pickled = Path(countrycode.__file__).parent / "data" / "codelist.pickle"
    with pickled.open("rb") as file:
        table = pickle.load(file)  # countrycode's own file, shipped in its wheel
    return {
        iso3c: {scheme: _plain(table[scheme][row]) for scheme in SCHEMES}
        for row, iso3c in enumerate(table["iso3c"])
        if iso3c
    }


def _plain(value: Any) -> Any:
    """A code as JSON holds it: whole numbers as int, missing ones (None, NaN) as None."""
    if value is None or value != value:  # NaN
        return None
    return int(value) if isinstance(value, float) else value


def countries(raw: Json) -> Iterator[Json]:
    """Every record of the dataset that is a country: Iraq, country entities, country mentions."""
    yield raw["subject"]
    yield from (e for e in raw["entities"] if e["kind"] == "country")
    yield from (x for x in raw["exclusions"] if x.get("id"))


def with_codes(record: Json, codes: Json) -> Json:
    """The record with `codes`, placed after `part_of` or `aliases` when it had none."""
    if "codes" in record:
        return {**record, "codes": codes}
    out: Json = {}
    for key, value in record.items():
        out[key] = value
        if key == ("part_of" if "part_of" in record else "aliases"):
            out["codes"] = codes
    return out if "codes" in out else {**out, "codes": codes}


def coded(raw: Json) -> tuple[Json, list[str]]:
    """The dataset with every country's codes from the crosswalk, and the ids that changed."""
    table = crosswalk()
    changed = []

    def fixed(record: Json) -> Json:
        codes = table[record["id"]]
        if record.get("codes") != codes:
            changed.append(record["id"])
        return with_codes(record, codes)

    raw = {**raw, "subject": fixed(raw["subject"])}
    raw["entities"] = [fixed(e) if e["kind"] == "country" else e for e in raw["entities"]]
    raw["exclusions"] = [fixed(x) if x.get("id") else x for x in raw["exclusions"]]
    return raw, changed


def main() -> int:
    import json

    raw = json.loads(DATASET.read_text(encoding="utf-8"))
    new, changed = coded(raw)
    if "--check" in sys.argv[1:]:
        for ident in changed:
            print(f"codes differ from countrycode's: {ident}", file=sys.stderr)
        return int(bool(changed))
    DATASET.write_text(dumped(new), encoding="utf-8")
    print(f"codes written for {len(changed)} country(ies)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
