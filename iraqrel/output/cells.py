"""The pieces of Reports that several answers share: words, an entity, a quote and its
citation, a stance with its marks, a relationship's keys, and the line that says what an
answer rests on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from iraqrel.output.report import Field, Json, Report
from iraqrel.queries.readings import Provenance, Reading
from iraqrel.records import STANCES, Codes, Entity, Quote, Relationship

if TYPE_CHECKING:
    from iraqrel.queries.profile import Subject

R = TypeVar("R", bound=Report)

# --- words ------------------------------------------------------------------------------------

_PLURALS = {"ally": "allies", "adversary": "adversaries", "mixed": "mixed", "strained": "strained"}


def counted(n: int, word: str) -> str:
    """`n` and `word`, plural unless `n` is 1: "1 source", "2 sources", "0 allies"."""
    return f"{n} {word if n == 1 else _PLURALS.get(word, word + 's')}"


def stances_text(stances: tuple[str, ...]) -> str:
    """Which stances an answer lists, in words: "any stance", "partner or stronger"."""
    if stances == STANCES:
        return "any stance"
    if len(stances) > 1 and stances == STANCES[: len(stances)]:
        return f"{stances[-1]} or stronger"
    return " or ".join(stances)


# --- JSON pieces and cells that several answers share ------------------------------------------

ENTITY_KEYS = ("id", "name", "kind", "aliases", *(f"codes.{k}" for k in Codes.__struct_fields__))
QUOTE_KEYS = ("id", "source", "quote", "start", "end")
OTHER_READING_KEYS = ("stance", "period", "rules", "why", "by")
OTHER_READING_FIELDS = tuple(f"other_reading.{k}" for k in OTHER_READING_KEYS)
DATE_KEYS = ("value", "precision", "method", "evidence")


def entity_json(entity: Entity | Subject) -> Json:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
        "codes": msgspec.to_builtins(entity.codes),
    }


def table_name(entity: Entity) -> str:
    """The name a table shows: the dataset's short name when the full name is long."""
    return entity.short_name or entity.name


def quote_json(quote: Quote) -> Json:
    return {
        "id": quote.id,
        "source": quote.source,
        "quote": quote.quote,
        "start": quote.start,
        "end": quote.end,
    }


def date_text(value: str | None) -> str:
    return value or "undated"


def citation(quote: Quote) -> str:
    """Where a quote stands, as `iraqrel context` takes it: `[s000:1245-1289]`, one word."""
    return f"[{quote.source}:{quote.start}-{quote.end}]"


def cited(quotes: Iterable[Quote]) -> str:
    return "\n".join(f"“{q.quote}” {citation(q)}" for q in quotes)


def other_stance(rel: Relationship) -> str:
    """What the other coding read, in a few words: "ally", "partner (past)", "no record"."""
    other = rel.other_reading
    if other is None:
        return ""
    said = other.stance or "no record"
    if other.stance and other.period != rel.period:
        said += f" ({other.period})"
    return said


def marks(rel: Relationship) -> list[str]:
    """What a screen says beside a stance: read by the curator, contested by another coding."""
    said = ["curator's reading"] if rel.basis == "curator" else []
    if rel.other_reading is not None:
        said.append(f"contested: {other_stance(rel)}")
    return said


def stance_cell(rel: Relationship) -> str:
    """The stance, and under it its marks."""
    return "\n".join([rel.stance, *marks(rel)])


def other_reading_text(rel: Relationship) -> str:
    """The other reading of a contested record in one line; "" for an uncontested one."""
    other = rel.other_reading
    if other is None:
        return ""
    said = f"{other.stance}, {other.period}" if other.stance else "no record"
    return f"{other.by}: {said} ({', '.join(other.rules)}). {other.why}"


# Every row that names a counterpart (a reading, a latest stance, a quote hit, a change) has
# an `entity`: one column for all of them.
COUNTERPART: Field[Any] = Field(
    header="counterpart",
    key="entity",
    value=lambda row: entity_json(row.entity),
    cell=lambda row: table_name(row.entity),
    keys=ENTITY_KEYS,
    names_row=True,
)
AS_OF: Field[Reading] = Field(
    header="as of", key="as_of", value=lambda r: r.as_of, cell=lambda r: date_text(r.as_of)
)
ACTOR_COLUMN: Field[Reading] = Field(header="actor", cell=lambda r: r.relationship.actor)
STANCE_COLUMN: Field[Reading] = Field(
    header="stance", cell=lambda r: stance_cell(r.relationship), stance=True
)


def relationship_keys() -> tuple[Field[Reading], ...]:
    """The JSON fields of one relationship, in the contract's order."""
    return (
        Field(key="id", value=lambda r: r.relationship.id),
        Field(key="actor", value=lambda r: r.relationship.actor),
        Field(key="stance", value=lambda r: r.relationship.stance),
        Field(key="score", value=lambda r: r.relationship.score),
        Field(key="domains", value=lambda r: r.relationship.domains),
        Field(key="basis", value=lambda r: r.relationship.basis),
        Field(key="period", value=lambda r: r.relationship.period),
        Field(key="when", value=lambda r: r.relationship.when),
        Field(key="rules", value=lambda r: r.relationship.rules),
        Field(key="contested", value=lambda r: r.relationship.contested),
        Field(
            key="other_reading",
            value=lambda r: msgspec.to_builtins(r.relationship.other_reading),
            keys=OTHER_READING_KEYS,
        ),
    )


def source_keys() -> tuple[Field[Reading], ...]:
    return (
        Field(key="source", value=lambda r: r.source.id),
        Field(key="segment", value=lambda r: r.relationship.segment),
    )


def evidence_json(r: Reading) -> list[Json]:
    return [quote_json(q) for q in r.relationship.evidence]


def basis_line(provenance: Provenance) -> str:
    """What an answer rests on, in one line."""
    sources = ", ".join(provenance.sources) or "no source"
    latest = date_text(provenance.latest)
    line = (
        f"rests on {counted(len(provenance.sources), 'source')} ({sources}), latest dated {latest}"
    )
    if provenance.as_of:
        line = f"as of {provenance.as_of}: {line}"
        if provenance.undated_left_out:
            left = counted(provenance.undated_left_out, "undated relationship")
            line += f"; {left} left out"
    return line


def dated(report: R, provenance: Provenance) -> R:
    """The report, said in one sentence when `--as-of` is before every dated source."""
    if not provenance.before_every_source:
        return report
    note = (
        f"No source is dated {provenance.as_of} or earlier: the earliest evidence is dated "
        f"{provenance.earliest}; give a later --as-of."
    )
    return msgspec.structs.replace(report, title="", note=note, lines=())
