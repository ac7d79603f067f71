"""Query results as Reports: the documented JSON records and the cells of each table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from iraqrel.formats import Column, Report
from iraqrel.queries import Basis, Change, Counterpart, QuoteHit, SourceSummary, Stance
from iraqrel.records import Dating, Entity, Exclusion, Quote

if TYPE_CHECKING:
    from iraqrel.checks import Report as VerifyReport
    from iraqrel.resolver import Resolution, Target

STANCE_STYLES = {
    "ally": "bold green",
    "partner": "green",
    "mixed": "yellow",
    "strained": "dark_orange",
    "adversary": "bold red",
}
QUOTE_WIDTH = 90


def entity_json(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "aliases": list(entity.aliases),
    }


def target_json(target: Target | None) -> dict[str, Any] | None:
    return None if target is None else {"id": target.id, "name": target.name, "kind": target.kind}


def quote_json(quote: Quote) -> dict[str, Any]:
    return {"source": quote.source, "quote": quote.quote, "start": quote.start, "end": quote.end}


def relationship_json(row: Stance) -> dict[str, Any]:
    rel = row.relationship
    return {
        "actor": rel.actor,
        "stance": rel.stance,
        "score": rel.score,
        "as_of": row.as_of,
        "domains": list(rel.domains),
        "basis": rel.basis,
        "summary": rel.summary,
        "source": row.source.id,
        "segment": rel.segment,
        "evidence": [quote_json(q) for q in rel.evidence],
        "notes": rel.notes,
    }


def stance_row_json(row: Stance) -> dict[str, Any]:
    return {"entity": entity_json(row.entity), **relationship_json(row)}


def _date(value: str | None) -> str:
    return value or "undated"


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


_STANCE_COLUMNS = (
    Column("counterpart"),
    Column("id", in_table=False),
    Column("actor"),
    Column("stance", styles=STANCE_STYLES),
    Column("domains"),
    Column("as_of"),
    Column("basis"),
    Column("quote", shorten=QUOTE_WIDTH, grow=True),
    Column("source"),
)


def _stance_cells(row: Stance) -> tuple[str, ...]:
    rel = row.relationship
    return (
        row.entity.name,
        row.entity.id,
        rel.actor,
        rel.stance,
        ", ".join(rel.domains),
        _date(row.as_of),
        rel.basis,
        rel.evidence[0].quote,
        rel.segment,
    )


def stances_report(rows: list[Stance], title: str) -> Report:
    return Report(
        columns=_STANCE_COLUMNS,
        rows=tuple(_stance_cells(r) for r in rows),
        records=[stance_row_json(r) for r in rows],
        title=title,
    )


def counterparts_report(rows: list[Counterpart], title: str) -> Report:
    def latest(c: Counterpart) -> str:
        return (
            "; ".join(
                f"{s.relationship.actor}: {s.relationship.stance} ({_date(s.as_of)})"
                for s in c.latest
            )
            or "no relationship of its own"
        )

    return Report(
        columns=(
            Column("counterpart"),
            Column("id"),
            Column("kind"),
            Column("latest stances", grow=True),
            Column("relationships"),
            Column("sources"),
        ),
        rows=tuple(
            (
                c.entity.name,
                c.entity.id,
                c.entity.kind,
                latest(c),
                str(c.relationships),
                ",".join(c.sources),
            )
            for c in rows
        ),
        records=[
            {
                "entity": entity_json(c.entity),
                "part_of": c.entity.part_of,
                "latest": [
                    {
                        "actor": s.relationship.actor,
                        "stance": s.relationship.stance,
                        "score": s.relationship.score,
                        "as_of": s.as_of,
                    }
                    for s in c.latest
                ],
                "relationships": c.relationships,
                "sources": list(c.sources),
            }
            for c in rows
        ],
        title=title,
    )


def match_json(resolution: Resolution) -> dict[str, Any]:
    return {"method": resolution.method, "score": resolution.score}


def show_report(
    resolution: Resolution,
    entity: Entity,
    rows: list[Stance],
    parts: list[Entity],
    mentions: list[Exclusion],
    note: str,
) -> Report:
    """One counterpart: its timeline of relationships, oldest first, changes marked."""
    aliases = ", ".join(entity.aliases) or "none"
    title = f"{entity.name} ({entity.kind}, {entity.id}); aliases: {aliases}"
    if parts:
        title += "; parts: " + ", ".join(f"{p.name} ({p.id})" for p in parts)
    if note:
        title += f"\n{note}"
    columns = (
        Column("as_of"),
        Column("actor"),
        Column("stance", styles=STANCE_STYLES),
        Column("change"),
        Column("domains", in_table=False),
        Column("basis", in_table=False),
        Column("summary", grow=True),
        Column("evidence", grow=True),
        Column("source", in_table=False),
    )
    cells = [
        (
            _date(r.as_of),
            r.relationship.actor,
            r.relationship.stance,
            f"{r.changed_from} -> {r.relationship.stance}" if r.changed_from else "",
            ",".join(r.relationship.domains),
            r.relationship.basis,
            r.relationship.summary,
            "\n".join(
                f"“{q.quote}” [{q.source} {q.start}-{q.end}]" for q in r.relationship.evidence
            ),
            r.relationship.segment,
        )
        for r in rows
    ]
    cells += [
        (
            "",
            "",
            "",
            "",
            "",
            "",
            f"mentioned, no relationship: {m.reason}",
            "\n".join(f"“{q.quote}” [{q.source} {q.start}-{q.end}]" for q in m.evidence),
            "",
        )
        for m in mentions
    ]
    record = {
        "query": resolution.query,
        "status": resolution.status,
        "match": match_json(resolution),
        "entity": entity_json(entity),
        "note": note,
        "relationships": [{**relationship_json(r), "changed_from": r.changed_from} for r in rows],
        "parts": [entity_json(p) for p in parts],
        "mentions": [
            {"name": m.name, "reason": m.reason, "evidence": [quote_json(q) for q in m.evidence]}
            for m in mentions
        ],
    }
    return Report(columns=columns, rows=tuple(cells), records=record, title=title)


def resolutions_report(results: list[Resolution]) -> Report:
    def candidates(r: Resolution) -> str:
        return ", ".join(f"{c.name} ({c.id})" for c in r.candidates)

    return Report(
        columns=(
            Column("query"),
            Column("status"),
            Column("id"),
            Column("name"),
            Column("method"),
            Column("score"),
            Column("candidates", grow=True),
        ),
        rows=tuple(
            (
                r.query,
                r.status,
                r.target.id if r.target else "",
                r.target.name if r.target else "",
                r.method or "",
                "" if r.score is None else str(r.score),
                candidates(r),
            )
            for r in results
        ),
        records=[
            {
                "query": r.query,
                "status": r.status,
                "entity": target_json(r.target),
                "method": r.method,
                "score": r.score,
                "candidates": [target_json(c) for c in r.candidates],
            }
            for r in results
        ],
    )


def search_report(hits: list[QuoteHit], words: tuple[str, ...], title: str) -> Report:
    return Report(
        columns=(
            Column("counterpart"),
            Column("id"),
            Column("actor"),
            Column("stance", styles=STANCE_STYLES),
            Column("as_of"),
            Column("quote", grow=True),
            Column("source"),
        ),
        rows=tuple(
            (
                h.entity.name,
                h.entity.id,
                h.relationship.actor,
                h.relationship.stance,
                _date(h.as_of),
                h.quote.quote,
                f"{h.quote.source} {h.quote.start}-{h.quote.end}",
            )
            for h in hits
        ),
        records=[
            {
                "entity": entity_json(h.entity),
                "actor": h.relationship.actor,
                "stance": h.relationship.stance,
                "as_of": h.as_of,
                "segment": h.relationship.segment,
                **quote_json(h.quote),
            }
            for h in hits
        ],
        title=title,
        highlight=words,
    )


def sources_report(summaries: list[SourceSummary]) -> Report:
    def date_json(date: Dating) -> dict[str, Any]:
        return {
            "value": date.value,
            "precision": date.precision,
            "method": date.method,
            "evidence": date.evidence,
        }

    records = []
    rows = []
    for s in summaries:
        src = s.source
        records.append(
            {
                "id": src.id,
                "file": src.file,
                "title": src.title,
                "origin": src.origin,
                "language": src.language,
                "sha256": src.sha256,
                "date": date_json(src.date),
                "segments": [
                    {
                        "id": seg.id,
                        "start": seg.start,
                        "end": seg.end,
                        "origin": seg.origin,
                        "date": date_json(seg.date),
                    }
                    for seg in src.segments
                ],
                "quotes": s.quotes,
                "notes": src.notes,
            }
        )
        rows.append(
            (
                src.id,
                src.title,
                src.origin,
                _date(src.date.value),
                src.date.method,
                "",
                str(s.quotes),
                src.sha256,
            )
        )
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
            for seg in src.segments
        ]
    return Report(
        columns=(
            Column("id"),
            Column("title", grow=True),
            Column("origin", grow=True),
            Column("date"),
            Column("dated by"),
            Column("range"),
            Column("quotes"),
            Column("sha256"),
        ),
        rows=tuple(rows),
        records=records,
    )


def changes_report(rows: list[Change], title: str) -> Report:
    def side(s: Stance) -> dict[str, Any]:
        rel = s.relationship
        return {
            "stance": rel.stance,
            "score": rel.score,
            "as_of": s.as_of,
            "source": s.source.id,
            "segment": rel.segment,
            "quote": quote_json(rel.evidence[0]),
        }

    return Report(
        columns=(
            Column("counterpart"),
            Column("id"),
            Column("actor"),
            Column("from"),
            Column("to"),
            Column("from_date"),
            Column("to_date"),
            Column("from_quote", shorten=60, grow=True),
            Column("to_quote", shorten=60, grow=True),
        ),
        rows=tuple(
            (
                c.entity.name,
                c.entity.id,
                c.actor,
                c.before.relationship.stance,
                c.after.relationship.stance,
                _date(c.before.as_of),
                _date(c.after.as_of),
                c.before.relationship.evidence[0].quote,
                c.after.relationship.evidence[0].quote,
            )
            for c in rows
        ),
        records=[
            {
                "entity": entity_json(c.entity),
                "actor": c.actor,
                "from": side(c.before),
                "to": side(c.after),
            }
            for c in rows
        ],
        title=title,
    )


def verify_report(report: VerifyReport) -> Report:
    return Report(
        columns=(Column("check"), Column("record"), Column("problem", grow=True)),
        rows=tuple((p.check, p.record, p.message) for p in report.problems),
        records={
            "ok": report.ok,
            "counts": report.counts,
            "problems": [
                {"check": p.check, "record": p.record, "message": p.message}
                for p in report.problems
            ],
        },
        title="verify: "
        + ("all checks pass" if report.ok else f"{len(report.problems)} problem(s)")
        + " ("
        + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.counts.items())
        + ")",
    )
