"""Answers as Reports: one row spec per answer yields its table cells and its JSON records.

Every title, note and sentence a person reads is written here, or in `documents` for the
answers about one object. The fields and JSON pieces that several answers share come first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

import msgspec

from iraqrel.output.report import Field, Json, Report, aligned, columns_of, lines, tabulate
from iraqrel.queries.answers import (
    Allies,
    Appearing,
    Change,
    Counterpart,
    Hits,
    QuoteHit,
    Sources,
    SourceSummary,
)
from iraqrel.queries.readings import Answer, Provenance, Reading
from iraqrel.records import (
    Citation,
    Dating,
    Entity,
    Loaded,
    Quote,
    Relationship,
    Segment,
    Source,
)

if TYPE_CHECKING:
    from iraqrel.names.answer import Resolution
    from iraqrel.queries.profile import Subject

R = TypeVar("R", bound=Report)


# --- shared pieces --------------------------------------------------------------------------


def entity_json(entity: Entity | Subject) -> Json:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
        "codes": msgspec.to_builtins(entity.codes),
    }


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


def cited(quotes: list[Quote]) -> str:
    return "\n".join(f"“{q.quote}” [{q.source} {q.start}-{q.end}]" for q in quotes)


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


COUNTERPART: Field[Reading] = Field(
    header="counterpart",
    key="entity",
    value=lambda r: entity_json(r.entity),
    cell=lambda r: r.entity.name,
    names_row=True,
)
AS_OF: Field[Reading] = Field(
    header="as_of", key="as_of", value=lambda r: r.as_of, cell=lambda r: date_text(r.as_of)
)


def relationship_fields(
    detail_in_table: bool, actor_in_table: bool = True
) -> tuple[Field[Reading], ...]:
    """The fields of one relationship; `show` leaves domains, basis and source out of its table."""
    return (
        Field(key="id", value=lambda r: r.relationship.id),
        Field(
            header="actor",
            key="actor",
            value=lambda r: r.relationship.actor,
            in_table=actor_in_table,
        ),
        Field(
            header="stance",
            key="stance",
            value=lambda r: r.relationship.stance,
            cell=lambda r: stance_text(r.relationship),
            stance=True,
        ),
        Field(key="score", value=lambda r: r.relationship.score),
        Field(
            header="domains",
            key="domains",
            value=lambda r: r.relationship.domains,
            in_table=detail_in_table,
        ),
        Field(
            header="basis",
            key="basis",
            value=lambda r: r.relationship.basis,
            in_table=detail_in_table,
        ),
        Field(
            header="period",
            key="period",
            value=lambda r: r.relationship.period,
            in_table=not detail_in_table,
        ),
        Field(header="when", key="when", value=lambda r: r.relationship.when, in_table=False),
        Field(header="rules", key="rules", value=lambda r: r.relationship.rules, in_table=False),
        Field(key="contested", value=lambda r: r.relationship.contested),
        Field(
            key="other_reading", value=lambda r: msgspec.to_builtins(r.relationship.other_reading)
        ),
    )


def source_fields(in_table: bool) -> tuple[Field[Reading], ...]:
    return (
        Field(header="source", key="source", value=lambda r: r.source.id, in_table=in_table),
        Field(
            header="segment", key="segment", value=lambda r: r.relationship.segment, in_table=False
        ),
    )


def basis_line(provenance: Provenance) -> str:
    """What an answer rests on, in one line."""
    sources = ", ".join(provenance.sources) or "no source"
    latest = date_text(provenance.latest)
    line = f"rests on {len(provenance.sources)} source(s) ({sources}), latest dated {latest}"
    if provenance.as_of:
        line = f"as of {provenance.as_of}: {line}"
        if provenance.undated_left_out:
            line += f"; {provenance.undated_left_out} undated relationship(s) left out"
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


# --- relationships: who-allies and changes --new/--gone --------------------------------------

_READING_DETAIL: tuple[Field[Reading], ...] = (
    AS_OF,
    Field(header="recency", key="recency", value=lambda r: r.recency),
    Field(key="summary", value=lambda r: r.relationship.summary),
    Field(
        header="quote",
        key="evidence",
        value=lambda r: [quote_json(q) for q in r.relationship.evidence],
        cell=lambda r: r.relationship.evidence[0].quote,
        grow=True,
        key_words=True,
    ),
    *source_fields(in_table=True),
    Field(key="notes", value=lambda r: r.relationship.notes),
    Field(
        header="other reading", cell=lambda r: other_reading_text(r.relationship), in_table=False
    ),
)


def reading_row(actor_in_table: bool) -> tuple[Field[Reading], ...]:
    """who-allies' row; the table leaves the actor out when the title names the only one."""
    return (
        COUNTERPART,
        Field(header="id", value=lambda r: r.entity.id, in_table=False),
        *relationship_fields(detail_in_table=True, actor_in_table=actor_in_table),
        *_READING_DETAIL,
    )


def _readings(rows: tuple[Reading, ...], title: str) -> Report:
    several_actors = len({r.relationship.actor for r in rows}) > 1
    return tabulate(reading_row(actor_in_table=several_actors), rows, title=title)


WHAT_ALLY_MEANS = (
    "No formal alliance (treaty) of Iraq is described in these sources; ties are ranked by"
    " stance as the sources describe them (codebook S1 to S5)."
)


def _no_ally(rows: tuple[Reading, ...]) -> list[str]:
    """When no row is an ally, a line that says so plainly; none otherwise."""
    if any(r.relationship.stance == "ally" for r in rows):
        return []
    partners = any(r.relationship.stance == "partner" for r in rows)
    return [
        "No ally: no counterpart's latest stance here is ally, a committed and unqualified"
        " alliance (codebook S1)." + (" Partners follow." if partners else "")
    ]


def who_allies(answer: Allies) -> Report:
    """The ranked rows under a title, what the answer means by "ally", and, when no row is an
    ally, that plainly."""
    what = "every stance" if answer.floor == "adversary" else f"stance {answer.floor} or stronger"
    who = f"of {answer.whose}" if answer.whose else "of every Iraqi actor"
    title = [
        f"Counterparts {who}, latest {what}; {basis_line(answer.provenance)}",
        WHAT_ALLY_MEANS,
        *_no_ally(answer.rows),
    ]
    return dated(_readings(answer.rows, "\n".join(title)), answer.provenance)


def appearing(answer: Appearing) -> Report:
    which = "only in the latest source" if answer.new else "no longer in the latest source"
    title = f"Counterparts {which}; {basis_line(answer.provenance)}"
    return dated(_readings(answer.rows, title), answer.provenance)


# --- list ---------------------------------------------------------------------------------


def _latest_text(c: Counterpart) -> str:
    text = "; ".join(
        f"{r.relationship.actor}: {r.relationship.stance} ({date_text(r.as_of)})" for r in c.latest
    )
    return text or "no relationship of its own"


def _latest_json(c: Counterpart) -> list[Json]:
    return [
        {
            "id": r.relationship.id,
            "actor": r.relationship.actor,
            "stance": r.relationship.stance,
            "score": r.relationship.score,
            "as_of": r.as_of,
        }
        for r in c.latest
    ]


COUNTERPART_ROW: tuple[Field[Counterpart], ...] = (
    Field(
        header="counterpart",
        key="entity",
        value=lambda c: entity_json(c.entity),
        cell=lambda c: c.entity.name,
        names_row=True,
    ),
    Field(header="id", value=lambda c: c.entity.id),
    Field(header="kind", value=lambda c: c.entity.kind),
    Field(key="part_of", value=lambda c: c.entity.part_of),
    Field(header="latest stances", key="latest", value=_latest_json, cell=_latest_text, grow=True),
    Field(header="relationships", key="relationships", value=lambda c: c.relationships),
    Field(
        header="sources",
        key="sources",
        value=lambda c: list(c.sources),
        cell=lambda c: ",".join(c.sources),
    ),
)


def counterparts(answer: Answer[Counterpart]) -> Report:
    title = f"{len(answer.rows)} counterpart(s); {basis_line(answer.provenance)}"
    return dated(tabulate(COUNTERPART_ROW, answer.rows, title=title), answer.provenance)


# --- resolve --------------------------------------------------------------------------------


def _candidates_text(r: Resolution) -> str:
    return ", ".join(f"{c.name} ({c.id})" for c in r.candidates)


RESOLUTION_ROW: tuple[Field[Resolution], ...] = (
    Field(header="query", key="query", value=lambda r: r.query),
    Field(header="status", key="status", value=lambda r: r.status),
    Field(header="id", cell=lambda r: r.target.id if r.target else ""),
    Field(key="entity", value=lambda r: msgspec.to_builtins(r.target)),
    Field(header="name", cell=lambda r: r.target.name if r.target else ""),
    Field(header="method", key="method", value=lambda r: r.method),
    Field(header="score", key="score", value=lambda r: r.score),
    Field(
        header="candidates",
        key="candidates",
        value=lambda r: msgspec.to_builtins(list(r.candidates)),
        cell=_candidates_text,
        grow=True,
    ),
    # why a name known not to be a country is refused, or what place it is: free text
    Field(header="reason", key="reason", value=lambda r: r.reason, grow=True),
)


def resolutions(results: Iterable[Resolution], *, streamed: bool = False) -> Report:
    """What each name resolves to; `streamed`: each row as its name arrives."""
    if streamed:
        return Report(
            columns=columns_of(RESOLUTION_ROW),
            lines=lines(RESOLUTION_ROW, results),
            streamed=True,
        )
    return tabulate(RESOLUTION_ROW, results)


# --- search ----------------------------------------------------------------------------------

SEARCH_ROW: tuple[Field[QuoteHit], ...] = (
    Field(
        header="counterpart",
        key="entity",
        value=lambda h: entity_json(h.entity),
        cell=lambda h: h.entity.name,
        names_row=True,
    ),
    Field(header="id", value=lambda h: h.entity.id),
    Field(key="id", value=lambda h: h.quote.id),
    Field(key="relationship", value=lambda h: h.relationship.id),
    Field(header="actor", key="actor", value=lambda h: h.relationship.actor),
    Field(header="stance", key="stance", value=lambda h: h.relationship.stance, stance=True),
    Field(header="as_of", key="as_of", value=lambda h: h.as_of, cell=lambda h: date_text(h.as_of)),
    Field(header="quote", key="quote", value=lambda h: h.quote.quote, grow=True, key_words=True),
    Field(header="source", key="source", value=lambda h: h.quote.source),
    Field(header="position", cell=lambda h: f"{h.quote.start}-{h.quote.end}"),
    Field(key="start", value=lambda h: h.quote.start),
    Field(key="end", value=lambda h: h.quote.end),
    Field(header="segment", key="segment", value=lambda h: h.relationship.segment, in_table=False),
)


def search(answer: Hits) -> Report:
    title = f"{len(answer.rows)} quote(s) with the word(s) {answer.text!r}, by counterpart"
    words = tuple(answer.text.split())
    report = tabulate(SEARCH_ROW, answer.rows, title=title, highlight=words)
    return dated(report, answer.provenance)


# --- sources: each source, then its segments in the same columns ---------------------------


def date_json(date: Dating) -> Json:
    return {
        "value": date.value,
        "precision": date.precision,
        "method": date.method,
        "evidence": date.evidence,
    }


def _segments_json(s: SourceSummary) -> list[Json]:
    return [
        {
            "id": seg.id,
            "start": seg.start,
            "end": seg.end,
            "origin": seg.origin,
            "date": date_json(seg.date),
            "citation": msgspec.to_builtins(seg.citation),
        }
        for seg in s.source.segments
    ]


def citation_line(ident: str, title: str, date: Dating, language: str, cited: Citation) -> str:
    """A citation in one line, every field said, "not stated" where the document is silent."""
    return (
        f"{ident}: {cited.author} (author); {title}; {cited.publisher} (publisher); "
        f"{date_text(date.value)} ({date.method}); URL {cited.url}; retrieved "
        f"{cited.retrieved}; language {language}; translation: {cited.translation}"
    )


def citation_lines(source: Source) -> list[str]:
    """The source's citation, and each segment's that states more of itself."""
    title = f"“{source.title}”"
    lines = [citation_line(source.id, title, source.date, source.language, source.citation)]
    lines += [
        citation_line(g.id, f"title not stated ({g.origin})", g.date, source.language, g.citation)
        for g in source.segments
        if g.citation is not None
    ]
    return lines


def source_reference(source: Source) -> Json:
    """A source as an envelope names it: id, title, hash, date, language and citation."""
    return {
        "id": source.id,
        "title": source.title,
        "sha256": source.sha256,
        "date": date_json(source.date),
        "language": source.language,
        "citation": msgspec.to_builtins(source.citation),
    }


def envelope_head(loaded: Loaded, query: Json) -> Json:
    """What `--envelope` puts around an answer: the data version, the sources, the query."""
    return {
        "data_version": loaded.data.data_version,
        "sources": [source_reference(s) for s in loaded.data.sources],
        "query": query,
    }


_SOURCE_ID: Field[SourceSummary] = Field(header="id", key="id", value=lambda s: s.source.id)
_ORIGIN: Field[SourceSummary] = Field(
    header="origin", key="origin", value=lambda s: s.source.origin, grow=True
)
_DATE: Field[SourceSummary] = Field(
    header="date",
    key="date",
    value=lambda s: date_json(s.source.date),
    cell=lambda s: date_text(s.source.date.value),
)
_DATED_BY: Field[SourceSummary] = Field(header="dated by", value=lambda s: s.source.date.method)
_RANGE: Field[SourceSummary] = Field(header="range")  # a source is all of its text
SOURCE_ROW: tuple[Field[SourceSummary], ...] = (
    _SOURCE_ID,
    Field(key="file", value=lambda s: s.source.file),
    Field(header="title", key="title", value=lambda s: s.source.title, grow=True),
    _ORIGIN,
    Field(key="language", value=lambda s: s.source.language),
    Field(key="citation", value=lambda s: msgspec.to_builtins(s.source.citation)),
    _DATE,
    _DATED_BY,
    _RANGE,
    Field(key="segments", value=_segments_json),
    Field(header="quotes", key="quotes", value=lambda s: s.quotes),
    Field(header="sha256", key="sha256", value=lambda s: s.source.sha256, prefix=12),
    Field(key="notes", value=lambda s: s.source.notes),
)
SEGMENT_ROW: tuple[Field[Segment], ...] = aligned(  # its JSON is inside its source's
    SOURCE_ROW,
    {
        _SOURCE_ID: lambda g: g.id,
        _ORIGIN: lambda g: g.origin,
        _DATE: lambda g: date_text(g.date.value),
        _DATED_BY: lambda g: g.date.method,
        _RANGE: lambda g: f"{g.start}-{g.end}",
    },
)


def sources(answer: Sources) -> Report:
    """Each source document, and under it each of its segments; JSON nests the segments.
    The title gives the data version and how to cite each source."""
    rows = [
        line
        for s in answer.rows
        for line in ((SOURCE_ROW, s), *lines(SEGMENT_ROW, s.source.segments))
    ]
    title = [f"iraqrel data {answer.data_version}; cite the sources as:"]
    title += [line for s in answer.rows for line in citation_lines(s.source)]
    return Report(columns=columns_of(SOURCE_ROW), lines=tuple(rows), title="\n".join(title))


# --- changes ---------------------------------------------------------------------------------


def _side(r: Reading) -> Json:
    rel = r.relationship
    return {
        "id": rel.id,
        "stance": rel.stance,
        "score": rel.score,
        "as_of": r.as_of,
        "source": r.source.id,
        "segment": rel.segment,
        "quote": quote_json(rel.evidence[0]),
    }


def _best_quote(change: Change, side: str) -> str:
    reading = change.before if side == "from" else change.after
    return reading.relationship.evidence[0].quote


CHANGE_ROW: tuple[Field[Change], ...] = (
    Field(
        header="counterpart",
        key="entity",
        value=lambda c: entity_json(c.entity),
        cell=lambda c: c.entity.name,
        names_row=True,
    ),
    Field(header="id", value=lambda c: c.entity.id),
    Field(header="actor", key="actor", value=lambda c: c.actor),
    Field(
        header="from",
        key="from",
        value=lambda c: _side(c.before),
        cell=lambda c: c.before.relationship.stance,
    ),
    Field(
        header="to",
        key="to",
        value=lambda c: _side(c.after),
        cell=lambda c: c.after.relationship.stance,
    ),
    Field(
        header="described",
        key="described",
        value=lambda c: c.described,
        cell=lambda c: "yes" if c.described else "no",
    ),
    Field(header="from_date", value=lambda c: date_text(c.before.as_of)),
    Field(header="to_date", value=lambda c: date_text(c.after.as_of)),
    *(
        Field(
            header=f"{side}_quote",
            value=lambda c, s=side: _best_quote(c, s),
            grow=True,
            key_words=True,
        )
        for side in ("from", "to")
    ),
)


def changes(answer: Answer[Change]) -> Report:
    described = sum(1 for c in answer.rows if c.described)
    title = (
        f"{len(answer.rows)} difference(s) of current stance between dated sources, {described} of"
        f" them recounted by the later source itself (the rest are two readings that differ);"
        f" {basis_line(answer.provenance)}"
    )
    return dated(tabulate(CHANGE_ROW, answer.rows, title=title), answer.provenance)
