"""Stable record ids: "r0001" a relationship, "q0001" a quote, "x0001" a mention.

An id is minted once from the dataset's `next_ids` and never derived from what a record says,
so re-coding a record's stance, period or segment keeps its id. The counters are never
lowered, so the id of a removed record is never given again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

PREFIXES: dict[str, str] = {"relationship": "r", "quote": "q", "mention": "x"}
KINDS_OF_ID: dict[str, str] = {prefix: kind for kind, prefix in PREFIXES.items()}
_ID = re.compile(r"([rqx])([0-9]{4,})")
WIDTH = 4  # digits, zero-padded; more once a kind passes 9999


def format_id(kind: str, number: int) -> str:
    """The id numbered `number` of `kind` ("relationship", "quote", "mention")."""
    return f"{PREFIXES[kind]}{number:0{WIDTH}d}"


def parse_id(text: str) -> tuple[str, int] | None:
    """The kind and number of a well-formed id, or None: "r0007" is ("relationship", 7)."""
    found = _ID.fullmatch(text)
    if found is None:
        return None
    kind, number = KINDS_OF_ID[found[1]], int(found[2])
    return (kind, number) if number > 0 and format_id(kind, number) == text else None


def id_problems(ids: Mapping[str, Iterable[str]], next_ids: Mapping[str, int]) -> list[str]:
    """Ids that are malformed, of the wrong kind, given twice, or not yet minted.

    `ids` maps each kind to every id the dataset gives records of that kind; `next_ids` is
    the number each kind's next id takes.
    """
    problems = []
    for kind, given in ids.items():
        given = list(given)
        for text in given:
            parsed = parse_id(text)
            if parsed is None or parsed[0] != kind:
                example = format_id(kind, 1)
                problems.append(f"{kind} id {text!r} is not of the form {example!r}")
            elif parsed[1] >= next_ids[kind]:
                problems.append(
                    f"{kind} id {text!r} was never minted: next_ids.{kind} is {next_ids[kind]}"
                )
        problems += [
            f"{kind} id {text!r} is given to {count} records"
            for text, count in sorted(Counter(given).items())
            if count > 1
        ]
    return problems
