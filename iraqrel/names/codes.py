"""Countries named by a code with its scheme: `cow:645`, `gw:630`, `cow:FRN`, `iso:368`.

A bare number is never read as a country: "645" could be any scheme's. Codes are known for
the dataset's own countries only (Iraq, the country entities, the countries it mentions),
from their `codes`.
"""

from __future__ import annotations

import re

from iraqrel.records import Codes, Loaded

SCHEMES = ("cow", "gw", "iso")
# Compiled where used (re keeps it), and only for a query with a colon: most names have none.
_CODE = r"\s*(cow|gw|iso)\s*:\s*([0-9]{1,4}|[A-Za-z]{2,3})\s*"


def scheme_and_code(query: str) -> tuple[str, str] | None:
    """("cow", "645") for "COW: 645", ("iso", "4") for "iso:004"; None for anything else."""
    found = re.fullmatch(_CODE, query, re.IGNORECASE) if ":" in query else None
    if found is None:
        return None
    code = found[2].upper()
    return found[1].lower(), str(int(code)) if code.isdigit() else code


def _keys(ident: str, codes: Codes) -> list[tuple[str, str]]:
    written = [
        ("cow", codes.cown), ("cow", codes.cowc), ("gw", codes.gwn), ("gw", codes.gwc),
        ("iso", codes.iso3n), ("iso", ident),
    ]  # fmt: skip
    return [(scheme, str(code)) for scheme, code in written if code is not None]


def code_table(loaded: Loaded) -> dict[tuple[str, str], str]:
    """(scheme, code) -> the id of the dataset's country that carries it."""
    data = loaded.data
    coded = [(data.subject.id, data.subject.codes)]
    coded += [(e.id, e.codes) for e in data.entities]
    coded += [(x.id, x.codes) for x in data.exclusions if x.id]
    return {key: ident for ident, codes in coded if codes for key in _keys(ident, codes)}
