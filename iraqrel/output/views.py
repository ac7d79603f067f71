"""Answers as Reports: one row spec per answer yields its table cells and its JSON records.

Every title and note a person reads is written here, or in `show` for one name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from iraqrel.dates import in_force
from iraqrel.output.fields import (
    AS_OF,
    date_text,
    entity_json,
    quote_json,
    relationship_fields,
    source_fields,
    target_json,
)
from iraqrel.output.report import Field, Json, Report, cells_of, columns_of, record_of, tabulate
from iraqrel.queries import Basis, Change, Counterpart, Filters, QuoteHit, SourceSummary, Stance
from iraqrel.records import Dating

if TYPE_CHECKING:
    from iraqrel.checks import Report as VerifyReport
    from iraqrel.names.resolver import Resolution


def basis_line(basis: Basis, as_of: str | None) -> str:
    sources = ", ".join(basis.sources) or "no source"
    latest = date_text(basis.latest)
    line = f"rests on {len(basis.sources)} source(s) ({sources}), latest dated {latest}"
    if as_of:
        line = f"as of {as_of}: {line}"
        if basis.undated_left_out:
            line += f"; {basis.undated_left_out} undated relationship(s) left out"
    return line


def too_early(report: Report, as_of: str | None, earliest: str | None) -> Report:
    """The report, said in one sentence when `--as-of` is before every dated source."""
    if as_of is None or earliest is None or in_force(earliest, as_of):
        return report
    note = (
        f"No source is dated {as_of} or earlier: the earliest evidence is dated {earliest}; "
        "give a later --as-of."
    )
    records = [] if isinstance(report.records, list) else report.records
    return msgspec.structs.replace(report, title="", note=note, rows=(), records=records)


def who_allies_title(whose: str | None, floor: str, basis: Basis, filters: Filters) -> str:
    what = "every stance" if floor == "adversary" else f"stance {floor} or stronger"
    who = f"of {whose}" if whose else "of every Iraqi actor"
    return f"Counterparts {who}, latest {what}; {basis_line(basis, filters.as_of)}"


# --- relationships: who-allies, changes --new/--gone, and the rows of show ----------------

_STANCE_DETAIL: tuple[Field[Stance], ...] = (
    AS_OF,
    Field("recency", "recency", lambda s: s.recency),
    Field(None, "summary", lambda s: s.relationship.summary),
    Field(
        "quote",
        "evidence",
        lambda s: [quote_json(q) for q in s.relationship.evidence],
        lambda s: s.relationship.evidence[0].quote,
        grow=True,
        key_words=True,
    ),
    *source_fields(in_table=True),
    Field(None, "notes", lambda s: s.relationship.notes),
)


def stance_row(actor_in_table: bool) -> tuple[Field[Stance], ...]:
    """who-allies' row; the table leaves the actor out when the title names the only one."""
    return (
        Field("counterpart", "entity", lambda s: entity_json(s.entity), lambda s: s.entity.name),
        Field("id", None, lambda s: s.entity.id, in_table=False),
        *relationship_fields(detail_in_table=True, actor_in_table=actor_in_table),
        *_STANCE_DETAIL,
    )


def stances_report(rows: list[Stance], title: str) -> Report:
    several_actors = len({r.relationship.actor for r in rows}) > 1
    return tabulate(stance_row(actor_in_table=several_actors), rows, title)


# --- list ---------------------------------------------------------------------------------


def _latest_text(c: Counterpart) -> str:
    text = "; ".join(
        f"{s.relationship.actor}: {s.relationship.stance} ({date_text(s.as_of)})" for s in c.latest
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
    Field("reason", "reason", lambda r: r.reason),
)


def resolutions_report(results: list[Resolution]) -> Report:
    return tabulate(RESOLUTION_ROW, results)


SEARCH_ROW: tuple[Field[QuoteHit], ...] = (
    Field("counterpart", "entity", lambda h: entity_json(h.entity), lambda h: h.entity.name),
    Field("id", None, lambda h: h.entity.id),
    Field("actor", "actor", lambda h: h.relationship.actor),
    Field("stance", "stance", lambda h: h.relationship.stance, stance=True),
    Field("as_of", "as_of", lambda h: h.as_of, lambda h: date_text(h.as_of)),
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
    Field(
        "date", "date", lambda s: date_json(s.source.date), lambda s: date_text(s.source.date.value)
    ),
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
                date_text(seg.date.value),
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


def _best_quote(change: Change, side: str) -> str:
    stance = change.before if side == "from" else change.after
    return stance.relationship.evidence[0].quote


CHANGE_ROW: tuple[Field[Change], ...] = (
    Field("counterpart", "entity", lambda c: entity_json(c.entity), lambda c: c.entity.name),
    Field("id", None, lambda c: c.entity.id),
    Field("actor", "actor", lambda c: c.actor),
    Field("from", "from", lambda c: _side(c.before), lambda c: c.before.relationship.stance),
    Field("to", "to", lambda c: _side(c.after), lambda c: c.after.relationship.stance),
    Field(
        "described", "described", lambda c: c.described, lambda c: "yes" if c.described else "no"
    ),
    Field("from_date", None, lambda c: date_text(c.before.as_of)),
    Field("to_date", None, lambda c: date_text(c.after.as_of)),
    *(
        Field(f"{side}_quote", None, lambda c, s=side: _best_quote(c, s), grow=True, key_words=True)
        for side in ("from", "to")
    ),
)


def changes_title(rows: list[Change], basis_text: str) -> str:
    described = sum(1 for c in rows if c.described)
    return (
        f"{len(rows)} difference(s) of current stance between dated sources, {described} of"
        f" them recounted by the later source itself (the rest are two readings that differ);"
        f" {basis_text}"
    )


def changes_report(rows: list[Change], title: str) -> Report:
    return tabulate(CHANGE_ROW, rows, title)


def verify_report(report: VerifyReport) -> Report:
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.counts.items())
    status = "ok, all checks pass" if report.ok else f"{len(report.problems)} problem(s)"
    warned = "".join(f"\nwarning: {w.record}: {w.message}" for w in report.warnings)
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
            "warnings": [record_of(problems, w) for w in report.warnings],
        },
        title=f"verify: {status}\n{counts}{warned}",
    )
