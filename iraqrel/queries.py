"""Questions asked of a loaded dataset; pure functions returning typed results."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING

import msgspec

from iraqrel.codebook import DESCRIBED_CHANGE
from iraqrel.dates import in_force, sort_key
from iraqrel.records import (
    PERIODS,
    STANCE_SCORES,
    Entity,
    Exclusion,
    Loaded,
    Quote,
    Relationship,
    Source,
    mention_id,
)

if TYPE_CHECKING:
    from iraqrel.names.resolver import Resolution


class Stance(msgspec.Struct, frozen=True):
    """One relationship with the entity and dates it needs to be read alone."""

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


class Basis(msgspec.Struct, frozen=True):
    """What an answer rests on: the sources in force and their latest date."""

    sources: tuple[str, ...]
    latest: str | None
    undated_left_out: int


class Counterpart(msgspec.Struct, frozen=True):
    entity: Entity
    latest: tuple[Stance, ...]  # latest stance per actor
    relationships: int
    sources: tuple[str, ...]


class QuoteHit(msgspec.Struct, frozen=True):
    entity: Entity
    relationship: Relationship
    quote: Quote
    as_of: str | None


class Change(msgspec.Struct, frozen=True):
    entity: Entity
    actor: str
    before: Stance
    after: Stance

    @property
    def described(self) -> bool:
        """The later source itself recounts the change (codebook D1), not only the readings."""
        return DESCRIBED_CHANGE in self.after.relationship.rules


class SourceSummary(msgspec.Struct, frozen=True):
    source: Source
    quotes: int


def _stance(loaded: Loaded, rel: Relationship) -> Stance:
    return Stance(
        entity=loaded.entities[rel.entity],
        relationship=rel,
        as_of=loaded.segments[rel.segment].date.value,
        source=loaded.segment_sources[rel.segment],
    )


PERIOD_ORDER = {period: n for n, period in enumerate(PERIODS)}  # past, current, outlook


def _chronological(stances: list[Stance]) -> list[Stance]:
    """By date; within one source, what it recounts, then what holds, then its outlook."""
    return sorted(
        stances,
        key=lambda s: (
            sort_key(s.as_of),
            s.relationship.segment,
            PERIOD_ORDER[s.relationship.period],
        ),
    )


def stances(loaded: Loaded, filters: Filters, *, every_period: bool = False) -> list[Stance]:
    """Relationships that pass the filters, in dataset order.

    Only what holds when each source was written (period "current"), unless `every_period`:
    a source's account of the past and its outlook are not stances as of its date.
    """
    out = []
    for rel in loaded.data.relationships:
        stance = _stance(loaded, rel)
        if (
            (every_period or rel.period == "current")
            and in_force(stance.as_of, filters.as_of)
            and filters.actor in (None, rel.actor)
            and (filters.domain is None or filters.domain in rel.domains)
            and filters.source in (None, stance.source.id)
        ):
            out.append(stance)
    return out


def latest_stances(loaded: Loaded, filters: Filters) -> list[Stance]:
    """Each counterpart's latest stance per Iraqi actor, among the filtered evidence."""
    by_pair: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for stance in stances(loaded, filters):
        by_pair[stance.entity.id, stance.relationship.actor].append(stance)
    return [_chronological(group)[-1] for group in by_pair.values()]


def strongest_first(rows: list[Stance]) -> list[Stance]:
    """The codebook's ranking: stance, uncontested first, date (newer first), basis (stated first).

    Ties are broken by name and actor; the number of quotes never counts.
    """
    by_name = sorted(rows, key=lambda s: (s.entity.name.casefold(), s.relationship.actor))
    by_basis = sorted(by_name, key=lambda s: s.relationship.basis != "stated")
    by_date = sorted(by_basis, key=lambda s: sort_key(s.as_of), reverse=True)
    return sorted(by_date, key=lambda s: (-s.relationship.score, s.relationship.contested))


def with_recency(rows: list[Stance], latest: str | None) -> list[Stance]:
    """Mark each row as described in the latest source in force, an earlier one, or undated."""

    def recency(row: Stance) -> str:
        if row.as_of is None:
            return "undated"
        return "latest" if row.as_of == latest else "earlier"

    return [msgspec.structs.replace(r, recency=recency(r)) for r in rows]


def who_allies(loaded: Loaded, filters: Filters, min_stance: str = "partner") -> list[Stance]:
    """Counterparts whose latest stance is at least `min_stance`, strongest first."""
    floor = STANCE_SCORES[min_stance]
    rows = [s for s in latest_stances(loaded, filters) if s.relationship.score >= floor]
    return with_recency(strongest_first(rows), basis(loaded, filters).latest)


def basis(loaded: Loaded, filters: Filters) -> Basis:
    """Which sources an answer under `filters` rests on."""
    used = stances(loaded, filters)
    dated = [s.as_of for s in used if s.as_of]
    undated = 0
    if filters.as_of is not None:  # undated evidence the other filters would have kept
        others = msgspec.structs.replace(filters, as_of=None)
        undated = sum(1 for s in stances(loaded, others) if s.as_of is None)
    return Basis(
        sources=tuple(sorted({s.source.id for s in used})),
        latest=max(dated) if dated else None,
        undated_left_out=undated,
    )


def counterparts(
    loaded: Loaded, filters: Filters, kind: str | None = None, stance: str | None = None
) -> list[Counterpart]:
    """Every counterpart with its latest stance per actor, filtered, by name."""
    latest: dict[str, list[Stance]] = defaultdict(list)
    for row in latest_stances(loaded, filters):
        latest[row.entity.id].append(row)
    used: dict[str, list[Stance]] = defaultdict(list)
    for row in stances(loaded, filters, every_period=True):
        used[row.entity.id].append(row)
    narrowed = any(v is not None for v in (filters.actor, filters.domain, filters.source))
    out = []
    for entity in loaded.data.entities:
        rows = sorted(latest.get(entity.id, []), key=lambda s: s.relationship.actor)
        if kind is not None and entity.kind != kind:
            continue
        if stance is not None and all(r.relationship.stance != stance for r in rows):
            continue
        if narrowed and not rows:
            continue
        mine = used.get(entity.id, [])
        out.append(
            Counterpart(
                entity=entity,
                latest=tuple(rows),
                relationships=len(mine),
                sources=tuple(sorted({s.source.id for s in mine})),
            )
        )
    return sorted(out, key=lambda c: c.entity.name.casefold())


def timeline(loaded: Loaded, entity_ids: set[str], actor: str | None = None) -> list[Stance]:
    """Relationships of these entities (or of one actor) oldest first, every period.

    A current stance that differs from the pair's previous current one is marked changed.
    """
    rows = _chronological(
        [
            _stance(loaded, r)
            for r in loaded.data.relationships
            if (r.entity in entity_ids or r.actor == actor)
        ]
    )
    previous: dict[tuple[str, str], str] = {}
    out = []
    for row in rows:
        rel = row.relationship
        pair = (rel.entity, rel.actor)
        before = previous.get(pair)
        current = rel.period == "current" and row.as_of is not None
        changed = before if current and before is not None and before != rel.stance else None
        out.append(msgspec.structs.replace(row, changed_from=changed))
        if current:
            previous[pair] = rel.stance
    return out


def parts_of(loaded: Loaded, entity_id: str) -> list[Entity]:
    return [e for e in loaded.data.entities if e.part_of == entity_id]


class Subject(msgspec.Struct, frozen=True):
    """What a profile is about: a counterpart, Iraq, one of Iraq's actors, or a mere mention."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    notes: str = ""


class Profile(msgspec.Struct, frozen=True):
    """Everything `show` prints about one resolved name."""

    subject: Subject
    status: str  # documented, actor, mentioned, no-data or subject
    timeline: tuple[Stance, ...] = ()  # its own relationships and its parts', every period
    parts: tuple[Entity, ...] = ()
    mentions: tuple[Exclusion, ...] = ()  # where the sources name it without a relationship
    evidence: tuple[Quote, ...] = ()  # an Iraqi actor's own quotes


def _entity_subject(entity: Entity) -> Subject:
    return Subject(entity.id, entity.name, entity.kind, tuple(entity.aliases), entity.notes)


def profile(loaded: Loaded, resolution: Resolution) -> Profile:
    """The subject a resolution names, with its timeline, parts and mentions."""
    target = resolution.target
    if target is None:
        raise ValueError(f"{resolution.query!r} resolved to nothing")
    mentions = tuple(
        ex for ex in loaded.data.exclusions if target.id in (ex.id, mention_id(ex.name))
    )
    status = resolution.status
    if status == "documented":
        entity = loaded.entities[target.id]
        parts = tuple(parts_of(loaded, entity.id))
        rows = timeline(loaded, {entity.id, *(p.id for p in parts)})
        return Profile(_entity_subject(entity), status, tuple(rows), parts, mentions)
    if status == "actor":
        actor = loaded.actors[target.id]
        subject = Subject(actor.id, actor.name, target.kind, tuple(actor.aliases), actor.notes)
        rows = timeline(loaded, set(), actor=actor.id)
        return Profile(subject, status, tuple(rows), evidence=tuple(actor.evidence))
    if status == "subject":
        return Profile(_entity_subject(loaded.data.subject), status, mentions=mentions)
    aliases = tuple(a for m in mentions if m.id is None for a in m.aliases)
    return Profile(Subject(target.id, target.name, target.kind, aliases), status, mentions=mentions)


def narrowed(profile: Profile, filters: Filters) -> Profile:
    """A profile's timeline cut to the filters' actor and date."""
    kept = tuple(
        s
        for s in profile.timeline
        if filters.actor in (None, s.relationship.actor) and in_force(s.as_of, filters.as_of)
    )
    return msgspec.structs.replace(profile, timeline=kept)


def earliest_date(loaded: Loaded) -> str | None:
    """The date of the earliest dated segment."""
    return min((s.date.value for s in loaded.segments.values() if s.date.value), default=None)


def changes(loaded: Loaded, filters: Filters) -> list[Change]:
    """Every dated change of stance, per counterpart and actor, in time order."""
    out = []
    by_pair: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for row in stances(loaded, filters):
        if row.as_of:
            by_pair[row.entity.id, row.relationship.actor].append(row)
    for (_, actor), group in by_pair.items():
        ordered = _chronological(group)
        for before, after in pairwise(ordered):
            if before.relationship.stance != after.relationship.stance:
                out.append(Change(after.entity, actor, before, after))
    return sorted(out, key=lambda c: (c.entity.name.casefold(), c.actor, sort_key(c.after.as_of)))


def appearing(loaded: Loaded, filters: Filters, *, new: bool) -> list[Stance]:
    """Counterparts described only at the latest date (`new`) or only before it (gone)."""
    rows = [s for s in stances(loaded, filters) if s.as_of]
    if not rows:
        return []
    latest = max(s.as_of for s in rows if s.as_of)
    dates: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        dates[row.entity.id].add(row.as_of or "")
    keep = {
        entity_id
        for entity_id, seen in dates.items()
        if (seen == {latest} if new else latest not in seen)
    }
    has_earlier = any(s.as_of != latest for s in rows)
    picked = [s for s in latest_stances(loaded, filters) if s.entity.id in keep and s.as_of]
    return with_recency(strongest_first(picked), latest) if has_earlier else []


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


def search(loaded: Loaded, text: str, filters: Filters | None = None) -> list[QuoteHit]:
    """Quotes containing every word of `text` as a whole word, ignoring case and accents.

    A term ending in `*` is a prefix (`ally*`). Hits are grouped by counterpart (by name),
    then in time order, actor and position in the source.
    """
    from iraqrel.names.text import fold

    terms = _terms(text)
    hits = []
    for stance in stances(loaded, filters or Filters(), every_period=True):
        rel = stance.relationship
        for quote in rel.evidence:
            words = fold(quote.quote).split()
            if terms and all(_has_term(words, t, p) for t, p in terms):
                hits.append(QuoteHit(stance.entity, rel, quote, stance.as_of))
    return sorted(
        hits,
        key=lambda h: (
            h.entity.name.casefold(),
            sort_key(h.as_of),
            h.relationship.actor,
            h.quote.source,
            h.quote.start,
        ),
    )


def source_summaries(loaded: Loaded) -> list[SourceSummary]:
    counts: dict[str, int] = defaultdict(int)
    for rel in loaded.data.relationships:
        for quote in rel.evidence:
            counts[quote.source] += 1
    return [SourceSummary(s, counts[s.id]) for s in loaded.data.sources]
