"""What every question shares: readings of relationships, filters, provenance and ranking."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

import msgspec

from iraqrel.dates import in_force, sort_key
from iraqrel.records import PERIODS, Entity, Loaded, Relationship, Source

T = TypeVar("T")


class Reading(msgspec.Struct, frozen=True):
    """One relationship with the entity, date and source it needs to be read alone."""

    entity: Entity
    relationship: Relationship
    as_of: str | None
    source: Source
    changed_from: str | None = None  # the actor's previous stance, when this one differs
    recency: str = ""  # who-allies: "latest" source in force, an "earlier" one, or "undated"


class Filters(msgspec.Struct, frozen=True):
    as_of: str | None = None
    actor: str | None = None
    domain: str | None = None
    source: str | None = None


class Provenance(msgspec.Struct, frozen=True):
    """What an answer rests on: the sources in force and their latest date, the undated
    evidence `--as-of` left out, and the earliest date of any source."""

    as_of: str | None
    sources: tuple[str, ...]
    latest: str | None
    undated_left_out: int
    earliest: str | None

    @property
    def before_every_source(self) -> bool:
        """Whether `--as-of` is earlier than every dated source: nothing can be in force."""
        if self.as_of is None or self.earliest is None:
            return False
        return not in_force(self.earliest, self.as_of)


class Answer(msgspec.Struct, Generic[T], frozen=True):
    """What a question answers: its rows, and what they rest on."""

    rows: tuple[T, ...]
    provenance: Provenance


def reading(loaded: Loaded, rel: Relationship) -> Reading:
    return Reading(
        entity=loaded.entities[rel.entity],
        relationship=rel,
        as_of=loaded.segments[rel.segment].date.value,
        source=loaded.segment_sources[rel.segment],
    )


def considered(loaded: Loaded, filters: Filters, *, every_period: bool = False) -> list[Reading]:
    """The relationships the filters keep before `--as-of` is applied, in dataset order.

    Only what holds when each source was written (period "current"), unless `every_period`:
    a source's account of the past and its outlook are not stances as of its date.
    """
    return [
        reading(loaded, rel)
        for rel in loaded.data.relationships
        if (every_period or rel.period == "current")
        and filters.actor in (None, rel.actor)
        and (filters.domain is None or filters.domain in rel.domains)
        and filters.source in (None, loaded.segment_sources[rel.segment].id)
    ]


def in_force_as_of(rows: Iterable[Reading], as_of: str | None) -> list[Reading]:
    return [r for r in rows if in_force(r.as_of, as_of)]


def provenance(loaded: Loaded, as_of: str | None, rows: Iterable[Reading]) -> Provenance:
    """What an answer drawn from `rows` (read before `--as-of`) rests on as of `as_of`.

    Only current readings count: the sources in force and their latest date, and the undated
    ones `--as-of` leaves out.
    """
    current = [r for r in rows if r.relationship.period == "current"]
    used = in_force_as_of(current, as_of)
    dated = [r.as_of for r in used if r.as_of]
    segment_dates = [s.date.value for s in loaded.segments.values() if s.date.value]
    return Provenance(
        as_of=as_of,
        sources=tuple(sorted({r.source.id for r in used})),
        latest=max(dated) if dated else None,
        undated_left_out=sum(1 for r in current if r.as_of is None) if as_of else 0,
        earliest=min(segment_dates, default=None),
    )


PERIOD_ORDER = {period: n for n, period in enumerate(PERIODS)}  # past, current, outlook


def chronological(rows: Iterable[Reading]) -> list[Reading]:
    """By date; within one source, what it recounts, then what holds, then its outlook."""
    return sorted(
        rows,
        key=lambda r: (
            sort_key(r.as_of),
            r.relationship.segment,
            PERIOD_ORDER[r.relationship.period],
        ),
    )


def latest_per_pair(rows: Iterable[Reading]) -> list[Reading]:
    """Each counterpart's latest reading per Iraqi actor, in the order pairs first appear."""
    by_pair: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for row in rows:
        by_pair[row.entity.id, row.relationship.actor].append(row)
    return [chronological(group)[-1] for group in by_pair.values()]


def strongest_first(rows: list[Reading]) -> list[Reading]:
    """The codebook's ranking: stance, uncontested first, date (newer first), basis (stated first).

    Ties are broken by name and actor; the number of quotes never counts.
    """
    by_name = sorted(rows, key=lambda r: (r.entity.name.casefold(), r.relationship.actor))
    by_basis = sorted(by_name, key=lambda r: r.relationship.basis != "stated")
    by_date = sorted(by_basis, key=lambda r: sort_key(r.as_of), reverse=True)
    return sorted(by_date, key=lambda r: (-r.relationship.score, r.relationship.contested))


def with_recency(rows: list[Reading], latest: str | None) -> list[Reading]:
    """Mark each row as described in the latest source in force, an earlier one, or undated."""

    def recency(row: Reading) -> str:
        if row.as_of is None:
            return "undated"
        return "latest" if row.as_of == latest else "earlier"

    return [msgspec.structs.replace(r, recency=recency(r)) for r in rows]
