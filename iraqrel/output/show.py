"""The view of one name (`show`): a Profile as a Report, its title and its note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iraqrel.output.fields import (
    AS_OF,
    cited,
    entity_json,
    other_reading_text,
    quote_json,
    relationship_fields,
    source_fields,
)
from iraqrel.output.report import Field, Json, Report, cells_of, columns_of, record_of
from iraqrel.output.safe import visible
from iraqrel.queries import Profile, Stance
from iraqrel.records import Exclusion

if TYPE_CHECKING:
    from iraqrel.names.resolver import Resolution


def _summary_cell(row: Stance) -> str:
    """The summary, and under it the other reading of a contested record."""
    summary, other = row.relationship.summary, other_reading_text(row.relationship)
    return f"{summary}\nOther reading, {other}" if other else summary


TIMELINE_ROW: tuple[Field[Stance], ...] = (
    AS_OF,
    Field("counterpart", "entity", lambda s: entity_json(s.entity), lambda s: s.entity.name),
    *relationship_fields(detail_in_table=False),
    Field(
        "change",
        "changed_from",
        lambda s: s.changed_from,
        lambda s: f"{s.changed_from} -> {s.relationship.stance}" if s.changed_from else "",
    ),
    Field("summary", "summary", lambda s: s.relationship.summary, _summary_cell, grow=True),
    Field(
        "evidence",
        "evidence",
        lambda s: [quote_json(q) for q in s.relationship.evidence],
        lambda s: cited(s.relationship.evidence),
        grow=True,
    ),
    *source_fields(in_table=False),
    Field(None, "notes", lambda s: s.relationship.notes),
)
MENTION_ROW: tuple[Field[Exclusion], ...] = (
    Field(None, "name", lambda m: m.name),
    Field(
        "summary", "reason", lambda m: m.reason, lambda m: f"mentioned, no relationship: {m.reason}"
    ),
    Field(
        "evidence",
        "evidence",
        lambda m: [quote_json(q) for q in m.evidence],
        lambda m: cited(m.evidence),
    ),
)


def _mention_cells(mention: Exclusion) -> tuple[str, ...]:
    by_header = dict(
        zip(
            (c.header for c in columns_of(MENTION_ROW)), cells_of(MENTION_ROW, mention), strict=True
        )
    )
    return tuple(by_header.get(c.header, "") for c in columns_of(TIMELINE_ROW))


def match_json(resolution: Resolution) -> Json:
    return {"method": resolution.method, "score": resolution.score}


def show_note(profile: Profile) -> str:
    """The sentence that explains an answer with no relationship rows."""
    subject = profile.subject
    if profile.status == "subject":
        return "Iraq is the subject of this dataset; run 'iraqrel who-allies' for its relations."
    if profile.status == "mentioned":
        reasons = "; ".join(m.reason for m in profile.mentions)
        return f"{subject.name} is mentioned in the sources, with no relationship: {reasons}"
    if profile.status == "no-data":
        name = subject.name
        return f"{name} is a country, but the sources describe no relationship of Iraq with it."
    return ""


def show_title(profile: Profile) -> str:
    subject = profile.subject
    aliases = ", ".join(subject.aliases) or "none"
    lines = [f"{subject.name} ({subject.kind}, {subject.id}); aliases: {aliases}"]
    if profile.status == "actor":
        lines.append("One of Iraq's own actors: its relationships, oldest first.")
    if subject.kind == "aggregate":
        lines.append("An aggregate: the sources speak of it as one, beside its members.")
    if profile.parts:
        parts = ", ".join(f"{p.name} ({p.id})" for p in profile.parts)
        lines.append(f"Parts, whose relationships are listed with their own name: {parts}")
    if subject.notes:
        lines.append(f"Note: {subject.notes}")
    lines += [f"Evidence: “{q.quote}” [{q.source} {q.start}-{q.end}]" for q in profile.evidence]
    return "\n".join(visible(line) for line in lines)  # a line break in the data stays visible


def show_report(resolution: Resolution, profile: Profile) -> Report:
    """One name: its timeline of relationships, oldest first, changes marked."""
    note = show_note(profile)
    record: Json = {
        "query": resolution.query,
        "status": resolution.status,
        "match": match_json(resolution),
        "entity": entity_json(profile.subject),
        "notes": profile.subject.notes,
        "note": note,
        "relationships": [record_of(TIMELINE_ROW, r) for r in profile.timeline],
        "parts": [entity_json(p) for p in profile.parts],
        "mentions": [record_of(MENTION_ROW, m) for m in profile.mentions],
        "evidence": [quote_json(q) for q in profile.evidence],
    }
    rows = [cells_of(TIMELINE_ROW, r) for r in profile.timeline]
    rows += [_mention_cells(m) for m in profile.mentions]
    return Report(
        columns=columns_of(TIMELINE_ROW),
        rows=tuple(rows),
        records=record,
        title=show_title(profile),
        note=note,
    )
