"""Answers as Reports: one row spec per answer yields its table cells and its JSON records.

Every title, note and sentence a person reads is written here, or in `documents` for the
answers about one object. A spec's fields with a header are the table's columns, in their
order; its fields with a key are the JSON record, in theirs; a field may be both. Plain,
csv and markdown write each report's `fields`: the wide table's columns as JSON fields, in
the same order, then the rest of the record the table shows inside its cells or leaves to
`show`. The pieces that several answers share come first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from iraqrel.output.report import (
    Field,
    Json,
    Report,
    aligned,
    columns_of,
    lines,
    names_of,
    tabulate,
)
from iraqrel.queries.answers import (
    Allies,
    Appearing,
    Change,
    Counterpart,
    Counterparts,
    Hits,
    QuoteHit,
    Sources,
    SourceSummary,
)
from iraqrel.queries.readings import Answer, Provenance, Reading
from iraqrel.records import (
    STANCES,
    Citation,
    Codes,
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
    from iraqrel.queries.passage import Passage
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


# --- relationships: who-allies and changes --new/--gone --------------------------------------


def _as_of_cell(r: Reading) -> str:
    """The date, marked when an earlier source than the latest in force describes the row."""
    return date_text(r.as_of) + ("\n(earlier)" if r.recency == "earlier" else "")


def reading_row(actor_in_table: bool) -> tuple[Field[Reading], ...]:
    """who-allies' row: counterpart, actor (when several), stance with its marks, date, domains
    (the first column to give way on a narrow screen) and the first quote, cited."""
    return (
        COUNTERPART,
        *((ACTOR_COLUMN,) if actor_in_table else ()),
        STANCE_COLUMN,
        Field(header="as of", cell=_as_of_cell),
        Field(header="domains", cell=lambda r: ", ".join(r.relationship.domains), drop=1),
        *relationship_keys(),
        Field(key="as_of", value=lambda r: r.as_of),
        Field(key="recency", value=lambda r: r.recency),
        Field(key="summary", value=lambda r: r.relationship.summary),
        Field(
            header="evidence",
            key="evidence",
            value=evidence_json,
            cell=lambda r: cited(r.relationship.evidence[:1]),
            keys=QUOTE_KEYS,
            grow=True,
            key_words=True,
        ),
        *source_keys(),
        Field(key="notes", value=lambda r: r.relationship.notes),
    )


READING_FIELDS = (
    "entity.name",
    "actor",
    "stance",
    "as_of",
    "domains",
    "evidence.quote",
    "entity.id",
    "basis",
    "recency",
    "contested",
    *OTHER_READING_FIELDS,
    "period",
    "when",
    "rules",
    "summary",
    "notes",
    "evidence.source",
    "evidence.start",
    "evidence.end",
    "segment",
    "id",
    "evidence.id",
)


def _readings(rows: tuple[Reading, ...], title: str) -> Report:
    several_actors = len({r.relationship.actor for r in rows}) > 1
    spec = reading_row(actor_in_table=several_actors)
    return tabulate(spec, rows, title=title, fields=READING_FIELDS)


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


def _allies_title(answer: Allies) -> str:
    """Whose ties these are, and which: "Federal government (Baghdad): its allies and ..."."""
    whose, its = (answer.whose, "its") if answer.whose else ("Every Iraqi actor", "their")
    if answer.stances == ("ally", "partner"):
        return f"{whose}: {its} allies and partners, strongest first"
    if answer.stances == ("ally",):
        return f"{whose}: {its} allies"
    if answer.stances == STANCES:
        return f"{whose}: every counterpart by stance, strongest first"
    return f"{whose}: counterparts whose latest stance is {stances_text(answer.stances)}"


def allies_summary(answer: Allies) -> str:
    """How many of each stance asked for, how many contested, as of which date, from which sources:
    "0 allies, 15 partners (2 contested) as of 2024-06-19; sources s000, s002"."""
    counts = Counter(r.relationship.stance for r in answer.rows)
    said = ", ".join(counted(counts[s], s) for s in answer.stances)
    contested = sum(1 for r in answer.rows if r.relationship.contested)
    if contested:
        said += f" ({contested} contested)"
    basis = answer.provenance
    when = date_text(basis.latest)
    if basis.as_of:
        when = f"{basis.as_of} (latest evidence {when})"
    said += f" as of {when}; sources {', '.join(basis.sources) or 'none'}"
    if basis.undated_left_out:
        said += f"; {counted(basis.undated_left_out, 'undated relationship')} left out"
    return said


def who_allies(answer: Allies) -> Report:
    """A title, the summary line, what the answer means by "ally", and, when no row is an ally,
    that plainly; then the ranked rows."""
    title = [_allies_title(answer), allies_summary(answer), WHAT_ALLY_MEANS, *_no_ally(answer.rows)]
    return dated(_readings(answer.rows, "\n".join(title)), answer.provenance)


def appearing(answer: Appearing) -> Report:
    which = "only in the latest source" if answer.new else "no longer in the latest source"
    title = f"Counterparts {which}; {basis_line(answer.provenance)}"
    return dated(_readings(answer.rows, title), answer.provenance)


# --- list ---------------------------------------------------------------------------------


def _latest_text(c: Counterpart) -> str:
    """Per actor, its latest stance, with its date and marks: "militias: adversary (2024-06-19)"."""
    text = "\n".join(
        f"{r.relationship.actor}: {r.relationship.stance} "
        f"({', '.join([date_text(r.as_of), *marks(r.relationship)])})"
        for r in c.latest
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
    COUNTERPART,
    Field(header="id", cell=lambda c: c.entity.id),
    Field(header="kind", cell=lambda c: c.entity.kind),
    Field(key="part_of", value=lambda c: c.entity.part_of),
    Field(
        header="latest stances",
        key="latest",
        value=_latest_json,
        cell=_latest_text,
        keys=("id", "actor", "stance", "score", "as_of"),
        grow=True,
    ),
    Field(header="relationships", key="relationships", value=lambda c: c.relationships),
    Field(
        header="sources",
        key="sources",
        value=lambda c: list(c.sources),
        cell=lambda c: ", ".join(c.sources),
    ),
)
COUNTERPART_FIELDS = (
    "entity.name",
    "entity.id",
    "entity.kind",
    "latest.actor",
    "latest.stance",
    "latest.as_of",
    "relationships",
    "sources",
    "part_of",
    "latest.id",
)


def counterparts(answer: Counterparts) -> Report:
    which = ""
    if answer.stances is not None:
        which = f" whose latest stance, for an Iraqi actor, is {stances_text(answer.stances)}"
    title = f"{counted(len(answer.rows), 'counterpart')}{which}; {basis_line(answer.provenance)}"
    report = tabulate(COUNTERPART_ROW, answer.rows, title=title, fields=COUNTERPART_FIELDS)
    return dated(report, answer.provenance)


# --- resolve --------------------------------------------------------------------------------

TARGET_KEYS = ("id", "name", "kind")


def _candidates_text(r: Resolution) -> str:
    return ", ".join(f"{c.name} ({c.id})" for c in r.candidates)


RESOLUTION_ROW: tuple[Field[Resolution], ...] = (
    Field(header="query", key="query", value=lambda r: r.query),
    Field(header="status", key="status", value=lambda r: r.status),
    Field(header="id", cell=lambda r: r.target.id if r.target else ""),
    Field(key="entity", value=lambda r: msgspec.to_builtins(r.target), keys=TARGET_KEYS),
    Field(header="name", cell=lambda r: r.target.name if r.target else ""),
    Field(header="method", key="method", value=lambda r: r.method),
    Field(header="score", key="score", value=lambda r: r.score),
    Field(
        header="candidates",
        key="candidates",
        value=lambda r: msgspec.to_builtins(list(r.candidates)),
        cell=_candidates_text,
        keys=TARGET_KEYS,
        grow=True,
    ),
    # why a name known not to be a country is refused, or what place it is: free text
    Field(header="reason", key="reason", value=lambda r: r.reason, grow=True),
)
RESOLUTION_FIELDS = (
    "query",
    "status",
    "entity.id",
    "entity.name",
    "method",
    "score",
    "candidates.name",
    "candidates.id",
    "entity.kind",
    "candidates.kind",
)


def resolutions(results: Iterable[Resolution], *, streamed: bool = False) -> Report:
    """What each name resolves to; `streamed`: each row as its name arrives."""
    if streamed:
        return Report(
            columns=columns_of(RESOLUTION_ROW),
            lines=lines(RESOLUTION_ROW, results),
            streamed=True,
            names=names_of(RESOLUTION_ROW),
            fields=RESOLUTION_FIELDS,
        )
    return tabulate(RESOLUTION_ROW, results, fields=RESOLUTION_FIELDS)


# --- search ----------------------------------------------------------------------------------

SEARCH_ROW: tuple[Field[QuoteHit], ...] = (
    COUNTERPART,
    Field(key="id", value=lambda h: h.quote.id),
    Field(key="relationship", value=lambda h: h.relationship.id),
    Field(header="actor", key="actor", value=lambda h: h.relationship.actor),
    Field(
        header="stance",
        key="stance",
        value=lambda h: h.relationship.stance,
        cell=lambda h: stance_cell(h.relationship),
        stance=True,
    ),
    Field(header="as of", key="as_of", value=lambda h: h.as_of, cell=lambda h: date_text(h.as_of)),
    Field(
        header="quote",
        key="quote",
        value=lambda h: h.quote.quote,
        cell=lambda h: cited([h.quote]),
        grow=True,
        key_words=True,
    ),
    Field(key="source", value=lambda h: h.quote.source),
    Field(key="start", value=lambda h: h.quote.start),
    Field(key="end", value=lambda h: h.quote.end),
    Field(key="segment", value=lambda h: h.relationship.segment),
)
SEARCH_FIELDS = (
    "entity.name",
    "actor",
    "stance",
    "as_of",
    "quote",
    "source",
    "start",
    "end",
    "entity.id",
    "segment",
    "id",
    "relationship",
)


def search(answer: Hits) -> Report:
    words = "the word" if len(answer.text.split()) == 1 else "the words"
    title = f"{counted(len(answer.rows), 'quote')} with {words} {answer.text!r}, by counterpart"
    note = "" if answer.rows else f"No quote has every word of {answer.text!r}."
    report = tabulate(
        SEARCH_ROW,
        answer.rows,
        title=title,
        note=note,
        highlight=tuple(answer.text.split()),
        fields=SEARCH_FIELDS,
    )
    return dated(report, answer.provenance)


# --- sources: each source, then its segments in the same columns ---------------------------


def date_json(date: Dating) -> Json:
    return {
        "value": date.value,
        "precision": date.precision,
        "method": date.method,
        "evidence": date.evidence,
    }


def how_dated(date: Dating) -> str:
    """How a date was determined, and why: "inferred: <the reasoning>"."""
    return f"{date.method}: {date.evidence}"


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
    keys=DATE_KEYS,
)
_HOW_DATED: Field[SourceSummary] = Field(
    header="how dated", cell=lambda s: how_dated(s.source.date), grow=True
)
_RANGE: Field[SourceSummary] = Field(header="range")  # a source is all of its text
SOURCE_ROW: tuple[Field[SourceSummary], ...] = (
    _SOURCE_ID,
    Field(key="file", value=lambda s: s.source.file),
    Field(header="title", key="title", value=lambda s: s.source.title, grow=True),
    _ORIGIN,
    Field(key="language", value=lambda s: s.source.language),
    Field(
        key="citation",
        value=lambda s: msgspec.to_builtins(s.source.citation),
        keys=Citation.__struct_fields__,
    ),
    _DATE,
    _HOW_DATED,
    _RANGE,
    Field(
        key="segments",
        value=_segments_json,
        keys=("id", "start", "end", "origin", *(f"date.{k}" for k in DATE_KEYS)),
    ),
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
        _HOW_DATED: lambda g: how_dated(g.date),
        _RANGE: lambda g: f"{g.start}-{g.end}",
    },
)
SOURCE_FIELDS = (
    "id",
    "title",
    "origin",
    "date.value",
    "date.method",
    "date.evidence",
    "quotes",
    "sha256",
    "file",
    "language",
    "date.precision",
    "notes",
    *(f"segments.{k}" for k in ("id", "start", "end", "origin")),
    *(f"segments.date.{k}" for k in DATE_KEYS),
    *(f"citation.{k}" for k in Citation.__struct_fields__),
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
    return Report(
        columns=columns_of(SOURCE_ROW),
        lines=tuple(rows),
        title="\n".join(title),
        names=names_of(SOURCE_ROW),
        fields=SOURCE_FIELDS,
    )


# --- changes ---------------------------------------------------------------------------------

SIDE_KEYS = (
    "id",
    "stance",
    "score",
    "as_of",
    "source",
    "segment",
    *(f"quote.{k}" for k in QUOTE_KEYS),
)


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


CHANGE_ROW: tuple[Field[Change], ...] = (
    COUNTERPART,
    Field(header="actor", key="actor", value=lambda c: c.actor),
    Field(
        header="change",
        cell=lambda c: f"{c.before.relationship.stance} -> {c.after.relationship.stance}",
    ),
    Field(
        header="dates", cell=lambda c: f"{date_text(c.before.as_of)} -> {date_text(c.after.as_of)}"
    ),
    Field(key="from", value=lambda c: _side(c.before), keys=SIDE_KEYS),
    Field(key="to", value=lambda c: _side(c.after), keys=SIDE_KEYS),
    Field(
        header="how known",
        key="described",
        value=lambda c: c.described,
        cell=lambda c: "the later source recounts it" if c.described else "two readings differ",
    ),
    *(
        Field(
            header=f"quote {when}",
            cell=lambda c, s=side: cited(
                (c.before if s == "from" else c.after).relationship.evidence[:1]
            ),
            grow=True,
            key_words=True,
        )
        for side, when in (("from", "before"), ("to", "after"))
    ),
)
CHANGE_FIELDS = (
    "entity.name",
    "actor",
    "from.stance",
    "to.stance",
    "from.as_of",
    "to.as_of",
    "described",
    "from.quote.quote",
    "to.quote.quote",
    "entity.id",
    *(f"{side}.{k}" for side in ("from", "to") for k in ("source", "segment")),
    *(f"{side}.quote.{k}" for side in ("from", "to") for k in ("start", "end")),
    *(f"{side}.{k}" for k in ("id", "quote.id") for side in ("from", "to")),
)


def changes(answer: Answer[Change]) -> Report:
    described = sum(1 for c in answer.rows if c.described)
    title = (
        f"{counted(len(answer.rows), 'difference')} of current stance between dated sources,"
        f" {described} of them recounted by the later source itself (the rest are two readings"
        f" that differ); {basis_line(answer.provenance)}"
    )
    report = tabulate(CHANGE_ROW, answer.rows, title=title, fields=CHANGE_FIELDS)
    return dated(report, answer.provenance)


# --- context: a quote in its paragraph -------------------------------------------------------

MARKS = ("[[", "]]")  # around the quote in its paragraph; the table also highlights it


def marked(p: Passage) -> str:
    """The paragraph with the quote marked [[thus]], and "…" where it was cut."""
    text = p.paragraph
    at, to = p.start - p.paragraph_start, p.end - p.paragraph_start
    shown = f"{text[:at]}{MARKS[0]}{text[at:to]}{MARKS[1]}{text[to:]}"
    return ("… " if p.cut_before else "") + shown + (" …" if p.cut_after else "")


def _where(p: Passage) -> str:
    segment = p.segment.id if p.segment else p.source.id
    date = p.segment.date.value if p.segment else p.source.date.value
    return f"[{p.source.id}:{p.start}-{p.end}]\n{segment}\n{date_text(date)}"


PASSAGE_ROW: tuple[Field[Passage], ...] = (
    Field(header="citation", cell=_where),
    Field(key="source", value=lambda p: p.source.id),
    Field(key="start", value=lambda p: p.start),
    Field(key="end", value=lambda p: p.end),
    Field(key="quote", value=lambda p: p.quote),
    Field(key="segment", value=lambda p: p.segment.id if p.segment else None),
    Field(key="as_of", value=lambda p: p.segment.date.value if p.segment else None),
    Field(
        header="in its paragraph",
        key="paragraph",
        value=lambda p: {
            "start": p.paragraph_start,
            "end": p.paragraph_end,
            "text": p.paragraph,
        },
        cell=marked,
        keys=("start", "end", "text"),
        grow=True,
        marked=True,
    ),
)
PASSAGE_FIELDS = ("source", "start", "end", "quote", "paragraph.text", "segment", "as_of")


def passages(found: Iterable[Passage]) -> Report:
    """Each quote in its paragraph, marked."""
    rows = tuple(found)
    title = f"The paragraph around {counted(len(rows), 'quote')}, each quote marked [[thus]]"
    return tabulate(PASSAGE_ROW, rows, title=title, fields=PASSAGE_FIELDS)
