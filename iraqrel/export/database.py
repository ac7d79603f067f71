"""SQLite: the dataset as related tables with foreign keys and a full-text index over quotes,
and the metadata.json Datasette reads beside it (`datasette iraqrel.db -m metadata.json`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from iraqrel.export.rows import SCHEMES, codes_of, evidence
from iraqrel.records import Loaded

CODE_COLUMNS = ", ".join(f"{s} {'TEXT' if s.endswith('c') else 'INTEGER'}" for s in SCHEMES)
# The file is written aside and synced once before it is moved into place (formats._aside),
# so sqlite's own journal and syncs, one per statement, would only cost time (150 ms).
SPEED = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
SCHEMA = f"""
PRAGMA foreign_keys = ON;
BEGIN;
CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (id TEXT PRIMARY KEY, file TEXT, title TEXT, origin TEXT, language TEXT,
  sha256 TEXT, date TEXT, date_method TEXT, url TEXT, author TEXT, publisher TEXT,
  retrieved TEXT, translation TEXT, notes TEXT);
CREATE TABLE segments (id TEXT PRIMARY KEY, source TEXT NOT NULL REFERENCES sources(id),
  start INTEGER, "end" INTEGER, origin TEXT, date TEXT, date_method TEXT);
CREATE TABLE entities (id TEXT PRIMARY KEY, role TEXT, kind TEXT, name TEXT,
  part_of TEXT REFERENCES entities(id), aliases TEXT, notes TEXT, {CODE_COLUMNS});
CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT, description TEXT, aliases TEXT, notes TEXT);
CREATE TABLE relationships (id TEXT PRIMARY KEY,
  entity TEXT NOT NULL REFERENCES entities(id), actor TEXT NOT NULL REFERENCES actors(id),
  source TEXT NOT NULL REFERENCES sources(id), segment TEXT NOT NULL REFERENCES segments(id),
  stance TEXT, score INTEGER, basis TEXT, period TEXT, when_described TEXT, as_of TEXT,
  date_method TEXT, domains TEXT, rules TEXT, summary TEXT, notes TEXT, contested INTEGER,
  other_stance TEXT, other_period TEXT, other_rules TEXT, other_why TEXT, other_by TEXT);
CREATE TABLE mentions (id TEXT PRIMARY KEY, name TEXT, country TEXT, reason TEXT,
  aliases TEXT, {CODE_COLUMNS});
CREATE TABLE evidence (id TEXT PRIMARY KEY, record_kind TEXT NOT NULL,
  relationship TEXT REFERENCES relationships(id), mention TEXT REFERENCES mentions(id),
  actor TEXT REFERENCES actors(id), source TEXT NOT NULL REFERENCES sources(id),
  segment TEXT REFERENCES segments(id), start INTEGER, "end" INTEGER, quote TEXT);
CREATE VIRTUAL TABLE evidence_fts USING fts5(quote, content='evidence', content_rowid='rowid');
COMMIT;
"""


def _joined(values: list[str]) -> str:
    return "; ".join(values)


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    quoted = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    db.executemany(
        f"INSERT INTO {table} ({quoted}) VALUES ({marks})",
        [tuple(r[n] for n in names) for r in rows],
    )


def _sources(loaded: Loaded) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "file": s.file,
            "title": s.title,
            "origin": s.origin,
            "language": s.language,
            "sha256": s.sha256,
            "date": s.date.value,
            "date_method": s.date.method,
            "url": s.citation.url,
            "author": s.citation.author,
            "publisher": s.citation.publisher,
            "retrieved": s.citation.retrieved,
            "translation": s.citation.translation,
            "notes": s.notes,
        }
        for s in loaded.data.sources
    ]


def _segments(loaded: Loaded) -> list[dict[str, Any]]:
    return [
        {
            "id": g.id,
            "source": s.id,
            "start": g.start,
            "end": g.end,
            "origin": g.origin,
            "date": g.date.value,
            "date_method": g.date.method,
        }
        for s in loaded.data.sources
        for g in s.segments
    ]


def _entities(loaded: Loaded) -> list[dict[str, Any]]:
    subject = loaded.data.subject
    roles = [("subject", subject), *(("counterpart", e) for e in loaded.data.entities)]
    return [
        {
            "id": e.id,
            "role": role,
            "kind": e.kind,
            "name": e.name,
            "part_of": e.part_of,
            "aliases": _joined(e.aliases),
            "notes": e.notes,
            **codes_of(e.codes),
        }
        for role, e in roles
    ]


def _relationships(loaded: Loaded) -> list[dict[str, Any]]:
    rows = []
    for r in loaded.data.relationships:
        other, date = r.other_reading, loaded.segments[r.segment].date
        rows.append(
            {
                "id": r.id,
                "entity": r.entity,
                "actor": r.actor,
                "source": loaded.segment_sources[r.segment].id,
                "segment": r.segment,
                "stance": r.stance,
                "score": r.score,
                "basis": r.basis,
                "period": r.period,
                "when_described": r.when,
                "as_of": date.value,
                "date_method": date.method,
                "domains": _joined(r.domains),
                "rules": _joined(r.rules),
                "summary": r.summary,
                "notes": r.notes,
                "contested": int(r.contested),
                "other_stance": other and other.stance,
                "other_period": other and other.period,
                "other_rules": other and _joined(other.rules),
                "other_why": other and other.why,
                "other_by": other and other.by,
            }
        )
    return rows


def _mentions(loaded: Loaded) -> list[dict[str, Any]]:
    return [
        {
            "id": x.record_id,
            "name": x.name,
            "country": x.id,
            "reason": x.reason,
            "aliases": _joined(x.aliases),
            **codes_of(x.codes),
        }
        for x in loaded.data.exclusions
    ]


def _evidence(loaded: Loaded) -> list[dict[str, Any]]:
    rows = []
    for e in evidence(loaded):
        kind, record = e["record_kind"], e["record"]
        rows.append(
            {
                "id": e["id"],
                "record_kind": kind,
                **{k: record if kind == k else None for k in ("relationship", "mention", "actor")},
                "source": e["source"],
                "segment": e["segment"],
                "start": e["start"],
                "end": e["end"],
                "quote": e["quote"],
            }
        )
    return rows


def write_database(loaded: Loaded, path: Path) -> None:
    """Write the database to `path`, which must not exist yet (the caller writes it aside and
    moves it into place)."""
    db = sqlite3.connect(path)
    try:
        db.executescript(SPEED + SCHEMA)
        about = {"data_version": loaded.data.data_version, "title": TITLE}
        _insert(db, "about", [{"key": k, "value": v} for k, v in about.items()])
        _insert(db, "sources", _sources(loaded))
        _insert(db, "segments", _segments(loaded))
        _insert(db, "entities", _entities(loaded))
        _insert(
            db,
            "actors",
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "description": a.description,
                    "aliases": _joined(a.aliases),
                    "notes": a.notes,
                }
                for a in loaded.data.actors
            ],
        )
        _insert(db, "relationships", _relationships(loaded))
        _insert(db, "mentions", _mentions(loaded))
        _insert(db, "evidence", _evidence(loaded))
        db.execute("INSERT INTO evidence_fts (rowid, quote) SELECT rowid, quote FROM evidence")
        db.commit()
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise AssertionError(f"foreign keys broken: {problems[:3]}")
    finally:
        db.close()


TITLE = "iraqrel: Iraq's relationships, from two source documents"
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "about": ("What this database holds.", {"key": "data_version (semver) or title"}),
    "sources": (
        "The two source documents, pinned by sha256; citation fields are 'not stated' "
        "where the document does not state them.",
        {
            "id": "source id (s000)",
            "sha256": "sha256 of the file's bytes",
            "date": "YYYY[-MM[-DD]] or null",
            "date_method": "stated, inferred or undetermined",
            "translation": "whether the text reads as a translation",
        },
    ),
    "segments": (
        "Character ranges of a source with one origin and one date; offsets count code points.",
        {"source": "the source it is part of", "start": "first character", "end": "past the last"},
    ),
    "entities": (
        "Iraq (role subject) and its counterparts: countries, organizations, missions, "
        "coalitions, armed groups, aggregates. Country codes from countrycode's crosswalk.",
        {
            "cown": "Correlates of War numeric code (ATOP statea)",
            "cowc": "COW letter code",
            "gwn": "Gleditsch-Ward numeric code (UCDP gwno)",
            "gwc": "Gleditsch-Ward letter code",
            "iso3n": "ISO 3166-1 numeric",
            "part_of": "the organization it belongs to",
        },
    ),
    "actors": ("Iraq's own actors: the federal government, Erbil, the Sunnis, the militias.", {}),
    "relationships": (
        "One counterpart x one Iraqi actor x one segment x one period, with its stance.",
        {
            "id": "stable record id (r0001)",
            "stance": "ally, partner, mixed, strained, adversary",
            "score": "+2 ally to -2 adversary",
            "period": "past, current or outlook",
            "when_described": "that time in the curator's words",
            "as_of": "the segment's date",
            "basis": "stated (the source's words) or curator (the curator's reading)",
            "rules": "codebook rules applied",
            "contested": "1 when another coding read it otherwise",
            "other_stance": "that other reading's stance",
        },
    ),
    "mentions": (
        "Names the sources mention without describing a relationship of Iraq with them.",
        {"id": "stable record id (x0001)", "country": "ISO alpha-3 when it is a country"},
    ),
    "evidence": (
        "Every quote, verbatim: quote = source text[start:end], in code points.",
        {
            "id": "stable quote id (q0001)",
            "record_kind": "relationship, mention or actor",
            "relationship": "the relationship it backs",
            "mention": "the mention it backs",
            "actor": "the Iraqi actor it describes",
        },
    ),
}


def datasette_metadata(loaded: Loaded, database: str) -> dict[str, Any]:
    """Datasette's metadata.json for the database named `database` (the file's stem)."""
    tables: dict[str, Any] = {
        name: {"description": text, "columns": columns} for name, (text, columns) in TABLES.items()
    }
    tables["evidence"] |= {"fts_table": "evidence_fts", "searchmode": "raw"}
    version = loaded.data.data_version
    return {
        "title": f"{TITLE} (data {version})",
        "description": "Every stance is backed by verbatim quotes with offsets into the sources.",
        "license": "CC BY 4.0 (the coding); the quoted texts belong to their authors",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": f"iraqrel data {version}: " + "; ".join(s.title for s in loaded.data.sources),
        "databases": {database: {"tables": tables}},
    }
