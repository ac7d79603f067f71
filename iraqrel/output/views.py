"""Answers as Reports: one row spec per answer yields its table cells and its JSON records.

Every title and note a person reads is written here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iraqrel.output.report import Field, Json, Report, cells_of, columns_of, record_of, tabulate
from iraqrel.queries import Basis, Change, Counterpart, Profile, QuoteHit, SourceSummary, Stance
from iraqrel.records import Dating, Entity, Exclusion, Quote

if TYPE_CHECKING:
    from iraqrel.checks import Report as VerifyReport
    from iraqrel.names.resolver import Resolution, Target


def entity_json(entity: Entity) -> Json:
    return {"id": entity.id, "name": entity.name, "kind": entity.kind, "aliases": entity.aliases}


def target_json(target: Target | None) -> Json | None:
    return None if target is None else {"id": target.id, "name": target.name, "kind": target.kind}


def quote_json(quote: Quote) -> Json:
    return {"source": quote.source, "quote": quote.quote, "start": quote.start, "end": quote.end}


def _date(value: str | None) -> str:
    return value or "undated"


def _cited(quotes: list[Quote]) -> str:
    return "\n".join(f"“{q.quote}” [{q.source} {q.start}-{q.end}]" for q in quotes)


def basis_line(basis: Basis, as_of: str | None) -> str:
    sources = ", ".join(basis.sources) or "no source"
    line = (
        f"rests on {len(basis.sources)} source(s) ({sources}), latest dated {_date(basis.latest)}"
    )
    if as_of:
        line = f"as of {as_of}: {line}"
        if basis.undated_left_out:
            line += f"; {basis.undated_left_out} undated relationship(s) left out"
    return line


def too_early_note(as_of: str, earliest: str) -> str:
    return (
        f"No source is dated {as_of} or earlier: the earliest evidence is dated {earliest}; "
        "give a later --as-of."
    )


# --- relationships: who-allies, changes --new/--gone, and the rows of show ----------------

_AS_OF: Field[Stance] = Field("as_of", "as_of", lambda s: s.as_of, lambda s: _date(s.as_of))


def _relationship(detail_in_table: bool) -> tuple[Field[Stance], ...]:
    """The fields of one relationship; `show` leaves domains, basis and source out of its table."""
    return (
        Field("actor", "actor", lambda s: s.relationship.actor),
        Field("stance", "stance", lambda s: s.relationship.stance, stance=True),
        Field(None, "score", lambda s: s.relationship.score),
        Field("domains", "domains", lambda s: s.relationship.domains, in_table=detail_in_table),
        Field("basis", "basis", lambda s: s.relationship.basis, in_table=detail_in_table),
    )


def _source(in_table: bool) -> tuple[Field[Stance], ...]:
    return (
        Field("source", "source", lambda s: s.source.id, in_table=in_table),
        Field("segment", "segment", lambda s: s.relationship.segment, in_table=False),
    )


STANCE_ROW: tuple[Field[Stance], ...] = (
    Field("counterpart", "entity", lambda s: entity_json(s.entity), lambda s: s.entity.name),
    Field("id", None, lambda s: s.entity.id, in_table=False),
    *_relationship(detail_in_table=True),
    _AS_OF,
    Field(None, "summary", lambda s: s.relationship.summary),
    Field(
        "quote",
        "evidence",
        lambda s: [quote_json(q) for q in s.relationship.evidence],
        lambda s: s.relationship.evidence[0].quote,
        grow=True,
        key_words=True,
    ),
    *_source(in_table=True),
    Field(None, "notes", lambda s: s.relationship.notes),
)


def stances_report(rows: list[Stance], title: str) -> Report:
    return tabulate(STANCE_ROW, rows, title)


# --- list ---------------------------------------------------------------------------------


def _latest_text(c: Counterpart) -> str:
    text = "; ".join(
        f"{s.relationship.actor}: {s.relationship.stance} ({_date(s.as_of)})" for s in c.latest
    )
    return text or "no relationship of its own"


def _latest_json(c: Counterpart) -> list[Json]:
    return [
        {
            "actor": s.relationship.actor,
            "stance": s.relationship.stance,
            "score": s.relationship.score,
            "as_of": s.as_of,
        }
        for s in c.latest
    ]


COUNTERPART_ROW: tuple[Field[Counterpart], ...] = (
    Field("counterpart", "entity", lambda c: entity_json(c.entity), lambda c: c.entity.name),
    Field("id", None, lambda c: c.entity.id),
    Field("kind", None, lambda c: c.entity.kind),
    Field(None, "part_of", lambda c: c.entity.part_of),
    Field("latest stances", "latest", _latest_json, _latest_text, grow=True),
    Field("relationships", "relationships", lambda c: c.relationships),
    Field("sources", "sources", lambda c: list(c.sources), lambda c: ",".join(c.sources)),
)


def counterparts_report(rows: list[Counterpart], title: str) -> Report:
    return tabulate(COUNTERPART_ROW, rows, title)


# --- show -----------------------------------------------------------------------------------

TIMELINE_ROW: tuple[Field[Stance], ...] = (
    _AS_OF,
    *_relationship(detail_in_table=False),
    Field(
        "change",
        "changed_from",
        lambda s: s.changed_from,
        lambda s: f"{s.changed_from} -> {s.relationship.stance}" if s.changed_from else "",
    ),
    Field("summary", "summary", lambda s: s.relationship.summary, grow=True),
    Field(
        "evidence",
        "evidence",
        lambda s: [quote_json(q) for q in s.relationship.evidence],
        lambda s: _cited(s.relationship.evidence),
        grow=True,
    ),
    *_source(in_table=False),
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
        lambda m: _cited(m.evidence),
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
    if profile.status == "subject":
        return "Iraq is the subject of this dataset; run 'iraqrel who-allies' for its relations."
    if profile.status == "no-data":
        name = profile.entity.name
        return f"{name} is a country, but the sources describe no relationship of Iraq with it."
    latest = max((r.as_of for r in profile.timeline if r.as_of), default=None)
    return f"as of {latest}, the latest source date" if latest else ""


def show_report(resolution: Resolution, profile: Profile) -> Report:
    """One counterpart: its timeline of relationships, oldest first, changes marked."""
    entity = profile.entity
    aliases = ", ".join(entity.aliases) or "none"
    title = f"{entity.name} ({entity.kind}, {entity.id}); aliases: {aliases}"
    if profile.parts:
        title += "; parts: " + ", ".join(f"{p.name} ({p.id})" for p in profile.parts)
    note = show_note(profile)
    if profile.timeline:
        title += f"\n{note}"
    record: Json = {
        "query": resolution.query,
        "status": resolution.status,
        "match": match_json(resolution),
        "entity": entity_json(entity),
        "note": note,
        "relationships": [record_of(TIMELINE_ROW, r) for r in profile.timeline],
        "parts": [entity_json(p) for p in profile.parts],
        "mentions": [record_of(MENTION_ROW, m) for m in profile.mentions],
    }
    rows = [cells_of(TIMELINE_ROW, r) for r in profile.timeline]
    rows += [_mention_cells(m) for m in profile.mentions]
    return Report(
        columns=columns_of(TIMELINE_ROW),
        rows=tuple(rows),
        records=record,
        title=title,
        note="" if profile.timeline else note,
    )


# --- resolve, search, sources, changes, verify ----------------------------------------------


def _candidates_text(r: Resolution) -> str:
    return ", ".join(f"{c.name} ({c.id})" for c in r.candidates)


RESOLUTION_ROW: tuple[Field[Resolution], ...] = (
    Field("query", "query", lambda r: r.query),
    Field("status", "status", lambda r: r.status),
    Field("id", None, lambda r: r.target.id if r.target else ""),
    Field(None, "entity", lambda r: target_json(r.target)),
    Field("name", None, lambda r: r.target.name if r.target else ""),
    Field("method", "method", lambda r: r.method),
    Field("score", "score", lambda r: r.score),
    Field(
        "candidates",
        "candidates",
        lambda r: [target_json(c) for c in r.candidates],
        _candidates_text,
        grow=True,
    ),
)


def resolutions_report(results: list[Resolution]) -> Report:
    return tabulate(RESOLUTION_ROW, results)


SEARCH_ROW: tuple[Field[QuoteHit], ...] = (
    Field("counterpart", "entity", lambda h: entity_json(h.entity), lambda h: h.entity.name),
    Field("id", None, lambda h: h.entity.id),
    Field("actor", "actor", lambda h: h.relationship.actor),
    Field("stance", "stance", lambda h: h.relationship.stance, stance=True),
    Field("as_of", "as_of", lambda h: h.as_of, lambda h: _date(h.as_of)),
    Field("quote", "quote", lambda h: h.quote.quote, grow=True, key_words=True),
    Field("source", "source", lambda h: h.quote.source),
    Field("position", None, lambda h: f"{h.quote.start}-{h.quote.end}"),
    Field(None, "start", lambda h: h.quote.start),
    Field(None, "end", lambda h: h.quote.end),
    Field("segment", "segment", lambda h: h.relationship.segment, in_table=False),
)


def search_report(hits: list[QuoteHit], words: tuple[str, ...], title: str) -> Report:
    return tabulate(SEARCH_ROW, hits, title, highlight=words)


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
        }
        for seg in s.source.segments
    ]


SOURCE_ROW: tuple[Field[SourceSummary], ...] = (
    Field("id", "id", lambda s: s.source.id),
    Field(None, "file", lambda s: s.source.file),
    Field("title", "title", lambda s: s.source.title, grow=True),
    Field("origin", "origin", lambda s: s.source.origin, grow=True),
    Field(None, "language", lambda s: s.source.language),
    Field("date", "date", lambda s: date_json(s.source.date), lambda s: _date(s.source.date.value)),
    Field("dated by", None, lambda s: s.source.date.method),
    Field("range", "segments", _segments_json, lambda s: ""),
    Field("quotes", "quotes", lambda s: s.quotes),
    Field("sha256", "sha256", lambda s: s.source.sha256, prefix=12),
    Field(None, "notes", lambda s: s.source.notes),
)


def sources_report(summaries: list[SourceSummary]) -> Report:
    rows: list[tuple[str, ...]] = []
    for s in summaries:
        rows.append(cells_of(SOURCE_ROW, s))
        rows += [
            (
                seg.id,
                "",
                seg.origin,
                _date(seg.date.value),
                seg.date.method,
                f"{seg.start}-{seg.end}",
                "",
                "",
            )
            for seg in s.source.segments
        ]
    return Report(
        columns=columns_of(SOURCE_ROW),
        rows=tuple(rows),
        records=[record_of(SOURCE_ROW, s) for s in summaries],
    )


def _side(s: Stance) -> Json:
    rel = s.relationship
    return {
        "stance": rel.stance,
        "score": rel.score,
        "as_of": s.as_of,
        "source": s.source.id,
        "segment": rel.segment,
        "quote": quote_json(rel.evidence[0]),
    }


CHANGE_ROW: tuple[Field[Change], ...] = (
    Field("counterpart", "entity", lambda c: entity_json(c.entity), lambda c: c.entity.name),
    Field("id", None, lambda c: c.entity.id),
    Field("actor", "actor", lambda c: c.actor),
    Field("from", "from", lambda c: _side(c.before), lambda c: c.before.relationship.stance),
    Field("to", "to", lambda c: _side(c.after), lambda c: c.after.relationship.stance),
    Field("from_date", None, lambda c: _date(c.before.as_of)),
    Field("to_date", None, lambda c: _date(c.after.as_of)),
    Field(
        "from_quote",
        None,
        lambda c: c.before.relationship.evidence[0].quote,
        grow=True,
        key_words=True,
    ),
    Field(
        "to_quote",
        None,
        lambda c: c.after.relationship.evidence[0].quote,
        grow=True,
        key_words=True,
    ),
)


def changes_report(rows: list[Change], title: str) -> Report:
    return tabulate(CHANGE_ROW, rows, title)


def verify_report(report: VerifyReport) -> Report:
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.counts.items())
    status = "ok, all checks pass" if report.ok else f"{len(report.problems)} problem(s)"
    problems: tuple[Field[Any], ...] = (
        Field("check", "check", lambda p: p.check),
        Field("record", "record", lambda p: p.record),
        Field("problem", "message", lambda p: p.message, grow=True),
    )
    return Report(
        columns=columns_of(problems),
        rows=tuple(cells_of(problems, p) for p in report.problems),
        records={
            "ok": report.ok,
            "counts": report.counts,
            "problems": [record_of(problems, p) for p in report.problems],
        },
        title=f"verify: {status}\n{counts}",
    )
