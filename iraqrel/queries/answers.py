"""The questions about many counterparts: who-allies, list, changes, new and gone, search, sources.

Each reads the dataset's relationships once and returns an Answer: its rows and provenance.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

import msgspec

from iraqrel.dates import sort_key
from iraqrel.queries.readings import (
    Answer,
    Filters,
    Reading,
    chronological,
    considered,
    in_force_as_of,
    latest_per_pair,
    provenance,
    strongest_first,
    with_recency,
)
from iraqrel.records import STANCE_SCORES, STANCES, Entity, Loaded, Quote, Relationship, Source

ALLIES = ("ally", "partner")  # what who-allies lists unless asked otherwise


def at_least(stance: str) -> tuple[str, ...]:
    """`stance` and every stronger one, strongest first."""
    return tuple(s for s in STANCES if STANCE_SCORES[s] >= STANCE_SCORES[stance])


class Allies(Answer[Reading]):
    """who-allies: the latest readings of some stances, strongest first."""

    whose: str | None  # the Iraqi actor's name, or None for every actor
    stances: tuple[str, ...]  # the stances listed, strongest first


def who_allies(
    loaded: Loaded,
    filters: Filters,
    stances: tuple[str, ...] = ALLIES,
    kind: str | None = None,
) -> Allies:
    """Counterparts (of one kind, if given) whose latest stance is one of `stances`."""
    seen = considered(loaded, filters)
    basis = provenance(loaded, filters.as_of, seen)
    rows = [
        r
        for r in latest_per_pair(in_force_as_of(seen, filters.as_of))
        if r.relationship.stance in stances and kind in (None, r.entity.kind)
    ]
    whose = loaded.actors[filters.actor].name if filters.actor else None
    ranked = with_recency(strongest_first(rows), basis.latest)
    listed = tuple(s for s in STANCES if s in stances)
    return Allies(tuple(ranked), basis, whose, listed)


class Counterpart(msgspec.Struct, frozen=True):
    entity: Entity
    latest: tuple[Reading, ...]  # latest reading per actor
    relationships: int
    sources: tuple[str, ...]


class Counterparts(Answer[Counterpart]):
    """list: every counterpart, or those whose latest stance for some actor is one of `stances`."""

    stances: tuple[str, ...] | None = None


def counterparts(
    loaded: Loaded,
    filters: Filters,
    kind: str | None = None,
    stances: tuple[str, ...] | None = None,
) -> Counterparts:
    """Every counterpart with its latest stance per actor, filtered, by name."""
    seen = considered(loaded, filters, every_period=True)
    used = in_force_as_of(seen, filters.as_of)
    latest: dict[str, list[Reading]] = defaultdict(list)
    for row in latest_per_pair(r for r in used if r.relationship.period == "current"):
        latest[row.entity.id].append(row)
    mine: dict[str, list[Reading]] = defaultdict(list)
    for row in used:
        mine[row.entity.id].append(row)
    narrowed = any(v is not None for v in (filters.actor, filters.domain, filters.source))
    out = []
    for entity in loaded.data.entities:
        rows = sorted(latest.get(entity.id, []), key=lambda r: r.relationship.actor)
        if kind is not None and entity.kind != kind:
            continue
        if stances is not None and all(r.relationship.stance not in stances for r in rows):
            continue
        if narrowed and not rows:
            continue
        own = mine.get(entity.id, [])
        sources = tuple(sorted({r.source.id for r in own}))
        out.append(Counterpart(entity, tuple(rows), len(own), sources))
    out.sort(key=lambda c: c.entity.name.casefold())
    listed = None if stances is None else tuple(s for s in STANCES if s in stances)
    return Counterparts(tuple(out), provenance(loaded, filters.as_of, seen), listed)


class Change(msgspec.Struct, frozen=True):
    entity: Entity
    actor: str
    before: Reading
    after: Reading

    @property
    def described(self) -> bool:
        """The later source itself recounts the change (codebook D1), not only the readings."""
        from iraqrel.codebook import DESCRIBED_CHANGE  # the codebook only for `changes`

        return DESCRIBED_CHANGE in self.after.relationship.rules


def changes(loaded: Loaded, filters: Filters) -> Answer[Change]:
    """Every dated change of stance, per counterpart and actor, in time order."""
    seen = considered(loaded, filters)
    out = []
    by_pair: dict[tuple[str, str], list[Reading]] = defaultdict(list)
    for row in in_force_as_of(seen, filters.as_of):
        if row.as_of:
            by_pair[row.entity.id, row.relationship.actor].append(row)
    for (_, actor), group in by_pair.items():
        for before, after in pairwise(chronological(group)):
            if before.relationship.stance != after.relationship.stance:
                out.append(Change(after.entity, actor, before, after))
    out.sort(key=lambda c: (c.entity.name.casefold(), c.actor, sort_key(c.after.as_of)))
    return Answer(tuple(out), provenance(loaded, filters.as_of, seen))


class Appearing(Answer[Reading]):
    """changes --new or --gone: counterparts described only at the latest date, or only before."""

    new: bool


def appearing(loaded: Loaded, filters: Filters, *, new: bool) -> Appearing:
    """Counterparts described only at the latest date (`new`) or only before it (gone)."""
    seen = considered(loaded, filters)
    basis = provenance(loaded, filters.as_of, seen)
    used = in_force_as_of(seen, filters.as_of)
    rows = [r for r in used if r.as_of]
    if not rows:
        return Appearing((), basis, new)
    latest = max(r.as_of for r in rows if r.as_of)
    dates: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        dates[row.entity.id].add(row.as_of or "")
    keep = {
        entity_id
        for entity_id, dated in dates.items()
        if (dated == {latest} if new else latest not in dated)
    }
    if all(r.as_of == latest for r in rows):  # one date in force: nothing new, nothing gone
        return Appearing((), basis, new)
    picked = [r for r in latest_per_pair(used) if r.entity.id in keep and r.as_of]
    return Appearing(tuple(with_recency(strongest_first(picked), latest)), basis, new)


class QuoteHit(msgspec.Struct, frozen=True):
    entity: Entity
    relationship: Relationship
    quote: Quote
    as_of: str | None


class Hits(Answer[QuoteHit]):
    """search: the quotes that contain every word of `text`."""

    text: str


def _terms(text: str) -> list[tuple[tuple[str, ...], bool]]:
    """Each whitespace-separated term as its folded words, and whether it ends in `*` (a prefix)."""
    from iraqrel.names.text import fold

    terms = []
    for raw in text.split():
        words = tuple(fold(raw).split())
        if words:
            terms.append((words, raw.endswith("*")))
    return terms


def _has_term(words: list[str], term: tuple[str, ...], prefix: bool) -> bool:
    """Whether `term`'s words occur in a row in `words`; its last one as a prefix if `prefix`."""
    n = len(term)
    for i in range(len(words) - n + 1):
        window = words[i : i + n]
        if window[:-1] == list(term[:-1]) and (
            window[-1].startswith(term[-1]) if prefix else window[-1] == term[-1]
        ):
            return True
    return False


def search(loaded: Loaded, text: str, filters: Filters | None = None) -> Hits:
    """Quotes containing every word of `text` as a whole word, ignoring case and accents.

    A term ending in `*` is a prefix (`ally*`). Hits are grouped by counterpart (by name),
    then in time order, actor and position in the source.
    """
    from iraqrel.names.text import fold

    filters = filters or Filters()
    seen = considered(loaded, filters, every_period=True)
    terms = _terms(text)
    hits = []
    for row in in_force_as_of(seen, filters.as_of):
        rel = row.relationship
        for quote in rel.evidence:
            words = fold(quote.quote).split()
            if terms and all(_has_term(words, t, p) for t, p in terms):
                hits.append(QuoteHit(row.entity, rel, quote, row.as_of))
    hits.sort(
        key=lambda h: (
            h.entity.name.casefold(),
            sort_key(h.as_of),
            h.relationship.actor,
            h.quote.source,
            h.quote.start,
        )
    )
    return Hits(tuple(hits), provenance(loaded, filters.as_of, seen), text)


class SourceSummary(msgspec.Struct, frozen=True):
    source: Source
    quotes: int


class Sources(Answer[SourceSummary]):
    """sources: the documents, and the version of the data drawn from them."""

    data_version: str


def sources(loaded: Loaded, only: str | None = None) -> Sources:
    """Every source document (or the one `only` names, by its id or a segment's) with the
    number of quotes drawn from it."""
    counts: dict[str, int] = defaultdict(int)
    for rel in loaded.data.relationships:
        for quote in rel.evidence:
            counts[quote.source] += 1
    chosen = loaded.data.sources
    if only is not None:
        chosen = [s for s in chosen if only in (s.id, *(g.id for g in s.segments))]
    rows = tuple(SourceSummary(s, counts[s.id]) for s in chosen)
    basis = provenance(loaded, None, considered(loaded, Filters()))
    return Sources(rows, basis, loaded.data.data_version)
