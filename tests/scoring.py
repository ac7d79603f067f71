"""Scoring the name resolver on a name set; shared by the tests and tests/bench.py.

A name set is a TSV file: query, expected id ("" = must match nothing), then free columns.
`tests/data/country-names.tsv` is a byte-for-byte copy of the peers' set
(`../shared/external/`, see `tests/data/README.md` for its origin and licence).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from iraqrel.names.resolver import Resolver

HERE = Path(__file__).resolve().parent
OWN = HERE / "names.tsv"
PEERS = HERE / "data" / "country-names.tsv"
REFUSALS = ("ambiguous", "unknown")
# A place ("Texas", "Colombo") is in a country but is not one: it matches no country name.
NO_COUNTRY = (*REFUSALS, "place")


class Score(NamedTuple):
    correct: int
    wrong: list[str]  # one line per wrong answer: query, answer, expected
    refused: int
    total: int


def read_rows(path: Path) -> list[tuple[str, ...]]:
    """The rows of a name set, comments and blank lines left out."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def answer(resolver: Resolver, query: str) -> str:
    """The id a query resolves to, or its status when it names no country or entity.

    A place answers "place": the country it is in is not what the name means.
    """
    result = resolver.resolve(query)
    return result.target.id if result.target and result.status != "place" else result.status


def score(resolver: Resolver, rows: list[tuple[str, ...]]) -> Score:
    """Correct, wrong and refused answers. An expected "" or "unknown" must match no country;
    a place matches none, and is a refusal where a country is expected."""
    correct, wrong, refused = 0, [], 0
    for query, expected, *_ in rows:
        got = answer(resolver, query)
        if got == expected or (expected in ("", "unknown") and got in NO_COUNTRY):
            correct += 1
        elif got in NO_COUNTRY:
            refused += 1
        else:
            wrong.append(f"{query!r} -> {got}, expected {expected or 'nothing'}")
    return Score(correct, wrong, refused, len(rows))
