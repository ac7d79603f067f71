"""The question about one name (`show`): its relationships as a timeline, its parts, mentions."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import msgspec

from iraqrel.queries.readings import (
    Answer,
    Filters,
    Reading,
    chronological,
    in_force_as_of,
    provenance,
    reading,
)
from iraqrel.records import (
    Actor,
    Codes,
    Entity,
    Exclusion,
    Loaded,
    Quote,
    Relationship,
    mention_id,
)

if TYPE_CHECKING:
    from iraqrel.names.answer import Resolution
    from iraqrel.names.resolver import Resolver


def timeline(loaded: Loaded, entity_ids: set[str], actor: str | None = None) -> list[Reading]:
    """Relationships of these entities (or of one actor) oldest first, every period.

    A current stance that differs from the pair's previous current one is marked changed.
    """
    rows = chronological(
        reading(loaded, r)
        for r in loaded.data.relationships
        if (r.entity in entity_ids or r.actor == actor)
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
    codes: Codes | None = None  # a country's codes


class Profile(Answer[Reading], kw_only=True):
    """Everything `show` answers about one resolved name; its rows are its timeline."""

    resolution: Resolution  # what was typed, and how it was matched
    subject: Subject
    parts: tuple[Entity, ...] = ()
    mentions: tuple[Exclusion, ...] = ()  # where the sources name it without a relationship
    evidence: tuple[Quote, ...] = ()  # an Iraqi actor's own quotes

    @property
    def status(self) -> str:
        """documented, actor, mentioned, no-data or subject."""
        return self.resolution.status


def _entity_subject(entity: Entity) -> Subject:
    return Subject(
        entity.id, entity.name, entity.kind, tuple(entity.aliases), entity.notes, entity.codes
    )


class _Found(NamedTuple):
    subject: Subject
    timeline: list[Reading]  # every period, uncut by the filters
    parts: tuple[Entity, ...] = ()
    mentions: tuple[Exclusion, ...] = ()
    evidence: tuple[Quote, ...] = ()


def _found(loaded: Loaded, resolution: Resolution) -> _Found:
    """The subject a resolution names, with its whole timeline, parts, mentions and quotes."""
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
        return _Found(_entity_subject(entity), rows, parts, mentions)
    if status == "actor":
        actor = loaded.actors[target.id]
        subject = Subject(actor.id, actor.name, target.kind, tuple(actor.aliases), actor.notes)
        rows = timeline(loaded, set(), actor=actor.id)
        return _Found(subject, rows, evidence=tuple(actor.evidence))
    if status == "subject":
        return _Found(_entity_subject(loaded.data.subject), [], mentions=mentions)
    aliases = tuple(a for m in mentions if m.id is None for a in m.aliases)
    codes = next((m.codes for m in mentions if m.codes), None)  # a mentioned country's
    subject = Subject(target.id, target.name, target.kind, aliases, codes=codes)
    return _Found(subject, [], mentions=mentions)


def profile(loaded: Loaded, resolution: Resolution, filters: Filters | None = None) -> Profile:
    """The name a resolution found, its timeline cut to the filters' actor and date."""
    filters = filters or Filters()
    found = _found(loaded, resolution)
    seen = [r for r in found.timeline if filters.actor in (None, r.relationship.actor)]
    return Profile(
        rows=tuple(in_force_as_of(seen, filters.as_of)),
        provenance=provenance(loaded, filters.as_of, seen),
        resolution=resolution,
        subject=found.subject,
        parts=found.parts,
        mentions=found.mentions,
        evidence=found.evidence,
    )


def _holder(loaded: Loaded, ident: str) -> Relationship | Exclusion | Actor | None:
    """The record with the stable id `ident`, or the one that holds the quote `ident`."""
    for rel in loaded.data.relationships:
        if ident == rel.id or any(q.id == ident for q in rel.evidence):
            return rel
    for mention in loaded.data.exclusions:
        if ident == mention.record_id or any(q.id == ident for q in mention.evidence):
            return mention
    return next((a for a in loaded.data.actors if any(q.id == ident for q in a.evidence)), None)


def record_profile(loaded: Loaded, ident: str, resolver: Resolver) -> Profile | None:
    """`show ID`: the relationship, mention or quote with this stable id, as `show` answers a
    name, with only that record; None when no record has the id."""
    held = _holder(loaded, ident)
    if held is None:
        return None
    if isinstance(held, Relationship):
        named = resolver.resolve(held.entity)
    elif isinstance(held, Exclusion):
        named = resolver.resolve(held.id or mention_id(held.name))
    else:
        named = resolver.resolve(held.id)
    resolution = msgspec.structs.replace(named, query=ident, method="record id")
    found = profile(loaded, resolution)
    if isinstance(held, Relationship):
        rows = tuple(r for r in found.rows if r.relationship.id == held.id)
        return msgspec.structs.replace(found, rows=rows, mentions=())
    if isinstance(held, Exclusion):
        return msgspec.structs.replace(found, rows=(), mentions=(held,))
    quotes = tuple(q for q in held.evidence if q.id == ident)
    return msgspec.structs.replace(found, rows=(), evidence=quotes)
