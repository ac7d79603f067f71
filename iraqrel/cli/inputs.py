"""What a person gives the commands, checked: argv text, NAME, TEXT, filters, stdin's names.

The limits here are the command line's: how long a NAME or a search TEXT may be, and how
much of a line of stdin is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, BinaryIO, TextIO

from iraqrel.dates import DateError, parse_partial
from iraqrel.errors import UsageError
from iraqrel.queries.readings import Filters

if TYPE_CHECKING:
    from iraqrel.records import Loaded

# The longest NAME: real names stay under about 120 characters (the longest standard country
# name has 52). A longer one is refused (in `resolve`, answered as unknown), not matched.
MAX_NAME_LENGTH = 200
# The longest search TEXT: above the longest quote a search could ever match.
MAX_SEARCH_LENGTH = 1000
MAX_CITATIONS_LENGTH = 100_000  # thousands of citations: every quote of the dataset at once
MAX_LINE_BYTES = 4096  # a line of stdin longer than any name; the rest of it is skipped
MAX_LINE_RUN = 64 * 1024 * 1024  # a "line" of stdin this long is not a name: stop reading


def clean_text(text: str) -> str:
    """argv as UTF-8 even under a C locale; undecodable bytes made visible, not fatal."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _within(text: str, limit: int, what: str) -> None:
    if len(text) > limit:
        raise UsageError(f"{what} is {len(text)} characters long; the limit is {limit}")


def require_name(name: str) -> str:
    """NAME, within its limit and with a letter or a digit."""
    from iraqrel.names.text import fold

    _within(name, MAX_NAME_LENGTH, "NAME")
    if not fold(name):
        raise UsageError(
            "NAME has no letters or digits; give a country, organization or group "
            "name, e.g. 'iraqrel show russia'"
        )
    return name


def search_text(words: list[str]) -> str:
    """WORDS as one search text, within its limit and with a letter or a digit."""
    from iraqrel.names.text import fold

    text = clean_text(" ".join(words))
    _within(text, MAX_SEARCH_LENGTH, "TEXT")
    if not fold(text):
        raise UsageError("WORDS have no letters or digits; e.g. 'iraqrel search alliance'")
    return text


def query_filters(
    loaded: Loaded,
    as_of: str | None,
    actor: str | None,
    domain: Enum | None,
    source: str | None = None,
) -> Filters:
    """The query filters, each value checked against the data; a bad one names its option."""
    if source is not None and source not in loaded.sources:
        raise UsageError(
            f"--source {source!r} is not a source id; use one of: {', '.join(loaded.sources)}"
        )
    if actor is not None:
        actor = next((a for a in loaded.actors if a.casefold() == actor.casefold()), actor)
    if actor is not None and actor not in loaded.actors:
        raise UsageError(
            f"--actor {actor!r} is not an Iraqi actor in the dataset; "
            f"use one of: {', '.join(loaded.actors)}"
        )
    try:
        date = parse_partial(as_of) if as_of is not None else None
    except DateError as exc:
        raise UsageError(f"--as-of {exc}") from None
    return Filters(as_of=date, actor=actor, domain=domain.value if domain else None, source=source)


# A citation as tables print it: `[s000:1245-1289]`; brackets optional, `s000 1245-1289` too.
# Compiled where used (re keeps it): only `context` reads citations.
_CITATION = r"\[?\s*([A-Za-z][\w.-]*?)\s*[:\s]\s*(\d+)\s*-\s*(\d+)\s*\]?"


def citations(words: list[str]) -> list[tuple[str, int, int]]:
    """Each citation in WORDS as (source, start, end); anything else is a usage error."""
    text = clean_text(" ".join(words))
    _within(text, MAX_CITATIONS_LENGTH, "CITATIONS")
    found, at = [], 0
    for match in re.finditer(_CITATION, text):
        if text[at : match.start()].strip():
            break  # words between citations that are none
        found.append((match[1], int(match[2]), int(match[3])))
        at = match.end()
    if not found or text[at:].strip():
        raise UsageError(
            f"{text!r} is not a citation; give one as tables print it, e.g. s000:1245-1289"
        )
    return found


def stances_asked(
    stance: Enum | None,
    min_stance: Enum | None,
    every: bool = False,
    default: tuple[str, ...] | None = None,
) -> tuple[str, ...] | None:
    """The stances --stance (that one), --min-stance (it and stronger) or --all ask for, or
    `default`; two of them at once is a usage error."""
    from iraqrel.queries.answers import at_least
    from iraqrel.records import STANCES

    given = [
        n for n, v in (("--stance", stance), ("--min-stance", min_stance), ("--all", every)) if v
    ]
    if len(given) > 1:
        raise UsageError(f"{given[0]} and {given[1]} ask different questions; give one of them")
    if stance is not None:
        return (stance.value,)
    if min_stance is not None:
        return at_least(min_stance.value)
    return STANCES if every else default


def stdin_names(stdin: TextIO | None) -> Iterator[str]:
    """Each non-blank line of stdin as it arrives, at most MAX_LINE_BYTES of it; memory stays
    flat however long the input. A closed stdin is a usage error."""
    stream = getattr(stdin, "buffer", None)
    if stream is None:
        raise UsageError("stdin is closed; pipe names into 'iraqrel resolve -', one per line")
    try:
        while line := stream.readline(MAX_LINE_BYTES):
            text = line.decode("utf-8", "replace")
            if not line.endswith(b"\n") and len(line) >= MAX_LINE_BYTES:
                _skip_rest_of_line(stream)
                yield text.strip() or text  # overlong, even if blank so far: an unknown row
            elif text.strip():
                yield text.strip()
    except OSError as exc:
        raise UsageError(f"cannot read stdin: {exc.strerror or exc}") from None


def _skip_rest_of_line(stream: BinaryIO) -> None:
    """Skip to the next newline in bounded pieces; a line that never ends is a usage error."""
    skipped = 0
    while rest := stream.readline(MAX_LINE_BYTES):
        skipped += len(rest)
        if rest.endswith(b"\n"):
            return
        if skipped > MAX_LINE_RUN:
            raise UsageError(
                f"a line of stdin runs on for more than {MAX_LINE_RUN // 2**20} MiB "
                "without a newline; send one name per line"
            )
