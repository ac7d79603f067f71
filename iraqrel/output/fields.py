"""JSON pieces and row-spec fields that several views share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iraqrel.output.report import Field, Json
from iraqrel.queries import Stance, Subject
from iraqrel.records import Entity, OtherReading, Quote, Relationship

if TYPE_CHECKING:
    from iraqrel.names.resolver import Target


def entity_json(entity: Entity | Subject) -> Json:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
    }


def target_json(target: Target | None) -> Json | None:
    return None if target is None else {"id": target.id, "name": target.name, "kind": target.kind}


def quote_json(quote: Quote) -> Json:
    return {"source": quote.source, "quote": quote.quote, "start": quote.start, "end": quote.end}


def date_text(value: str | None) -> str:
    return value or "undated"


def cited(quotes: list[Quote]) -> str:
    return "\n".join(f"“{q.quote}” [{q.source} {q.start}-{q.end}]" for q in quotes)


def other_reading_json(other: OtherReading | None) -> Json | None:
    if other is None:
        return None
    return {
        "stance": other.stance,
        "period": other.period,
        "rules": list(other.rules),
        "why": other.why,
        "by": other.by,
    }


def stance_text(rel: Relationship) -> str:
    """The stance, then the other reading of a contested record: "partner · contested: ally"."""
    other = rel.other_reading
    if other is None:
        return rel.stance
    said = other.stance or "no record"
    if other.stance and other.period != rel.period:
        said += f" ({other.period})"
    return f"{rel.stance} · contested: {said}"


def other_reading_text(rel: Relationship) -> str:
    """The other reading of a contested record in one line; "" for an uncontested one."""
    other = rel.other_reading
    if other is None:
        return ""
    said = f"{other.stance}, {other.period}" if other.stance else "no record"
    return f"{other.by}: {said} ({', '.join(other.rules)}). {other.why}"


AS_OF: Field[Stance] = Field("as_of", "as_of", lambda s: s.as_of, lambda s: date_text(s.as_of))


def relationship_fields(
    detail_in_table: bool, actor_in_table: bool = True
) -> tuple[Field[Stance], ...]:
    """The fields of one relationship; `show` leaves domains, basis and source out of its table."""
    return (
        Field("actor", "actor", lambda s: s.relationship.actor, in_table=actor_in_table),
        Field(
            "stance",
            "stance",
            lambda s: s.relationship.stance,
            lambda s: stance_text(s.relationship),
            stance=True,
        ),
        Field(None, "score", lambda s: s.relationship.score),
        Field("domains", "domains", lambda s: s.relationship.domains, in_table=detail_in_table),
        Field("basis", "basis", lambda s: s.relationship.basis, in_table=detail_in_table),
        Field("period", "period", lambda s: s.relationship.period, in_table=not detail_in_table),
        Field("when", "when", lambda s: s.relationship.when, in_table=False),
        Field("rules", "rules", lambda s: s.relationship.rules, in_table=False),
        Field(None, "contested", lambda s: s.relationship.contested),
        Field(None, "other_reading", lambda s: other_reading_json(s.relationship.other_reading)),
    )


def source_fields(in_table: bool) -> tuple[Field[Stance], ...]:
    return (
        Field("source", "source", lambda s: s.source.id, in_table=in_table),
        Field("segment", "segment", lambda s: s.relationship.segment, in_table=False),
    )
