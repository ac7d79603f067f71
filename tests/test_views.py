"""The views (views.py, documents.py): each report's cells and records come from one row spec."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from iraqrel.checks import Problem, VerifyResult
from iraqrel.names.resolver import Resolver
from iraqrel.output import bibliography, documents, views
from iraqrel.output.render import aside, chunks
from iraqrel.output.report import Field, Report, as_text, columns_of
from iraqrel.output.terminal import OutputFormat, Terminal
from iraqrel.queries import answers
from iraqrel.queries.profile import profile
from iraqrel.queries.readings import Filters

NONE = Filters()

# Cells a spec writes its own way: whether each says what the JSON value of its field says.
DERIVED = {
    # the name, or the short name a long one has for tables, which is one of its aliases
    "entity": lambda value, cell: cell == value["name"] or cell in value["aliases"],
    "as_of": lambda value, cell: cell == (value or "undated"),
    "date": lambda value, cell: cell == (value["value"] or "undated"),
    "sources": lambda value, cell: cell == ", ".join(value),
    "candidates": lambda value, cell: cell == ", ".join(f"{c['name']} ({c['id']})" for c in value),
    "latest": lambda value, cell: all(f"{v['actor']}: {v['stance']}" in cell for v in value),
    "described": lambda value, cell: ("recounts" in cell) == value,
}


def _agree(spec: Sequence[Field[Any]], report: Report, rows: Sequence[tuple[str, ...]], records):
    """Every field with both a column and a key: the cell says what the record value says."""
    headers = [c.header for c in report.columns]
    assert headers == [c.header for c in columns_of(spec)]
    assert len(rows) == len(records) > 0
    checked = 0
    for field in spec:
        if field.column is None or field.key is None:
            continue
        at = headers.index(field.column.header)
        for cells, record in zip(rows, records, strict=True):
            cell, value = cells[at], record[field.key]
            if field.cell is None:
                assert cell == as_text(value), (field.key, cell, value)
            elif field.key == "evidence":  # the first quote, cited or bare
                assert value[0]["quote"] in cell, (cell, value)
            elif field.key in DERIVED:
                assert DERIVED[field.key](value, cell), (field.key, cell, value)
            checked += 1
    assert checked


def _both(report: Report) -> tuple[list[tuple[str, ...]], list[dict[str, Any]]]:
    return list(report.cells()), list(report.records())


@pytest.fixture(scope="module")
def resolver(loaded) -> Resolver:
    return Resolver(loaded)


def test_who_allies_cells_and_records_agree(loaded):
    answer = answers.who_allies(loaded, NONE)
    report = views.who_allies(answer)
    rows, records = _both(report)
    _agree(views.reading_row(actor_in_table=True), report, rows, records)
    assert [r["entity"]["id"] for r in records] == [r.entity.id for r in answer.rows]


def test_list_cells_and_records_agree(loaded):
    report = views.counterparts(answers.counterparts(loaded, NONE))
    _agree(views.COUNTERPART_ROW, report, *_both(report))


def test_list_is_in_name_order_ignoring_case(loaded):
    rows, records = _both(views.counterparts(answers.counterparts(loaded, NONE)))
    names = [r["entity"]["name"] for r in records]
    assert len(names) == len(loaded.data.entities)
    assert names == sorted(names, key=str.casefold)
    assert names != [e.name for e in loaded.data.entities]  # not the order of the data file
    assert names != sorted(names)  # nor code-point order, which puts "al-Qaeda" last
    short = {e.name: e.short_name or e.name for e in loaded.data.entities}
    assert [row[0] for row in rows] == [short[n] for n in names]


def test_search_cells_and_records_agree(loaded):
    report = views.search(answers.search(loaded, "alliance"))
    _agree(views.SEARCH_ROW, report, *_both(report))
    assert report.highlight == ("alliance",)


def test_changes_cells_and_records_agree(loaded):
    report = views.changes(answers.changes(loaded, NONE))
    _agree(views.CHANGE_ROW, report, *_both(report))


def test_resolve_cells_and_records_agree(resolver):
    report = views.resolutions([resolver.resolve(q) for q in ("rusia", "IS", "xyzzy", "Kuwait")])
    rows, records = _both(report)
    _agree(views.RESOLUTION_ROW, report, rows, records)
    assert [r["status"] for r in records] == ["documented", "ambiguous", "unknown", "no-data"]


def test_sources_cells_and_records_agree(loaded):
    report = bibliography.sources(answers.sources(loaded))
    rows, records = _both(report)
    ids = [r["id"] for r in records]
    source_rows = [row for row in rows if row[0] in ids]
    _agree(bibliography.SOURCE_ROW, report, source_rows, records)
    segments = [s["id"] for r in records for s in r["segments"]]
    assert [row[0] for row in rows if row[0] not in ids] == segments
    assert all(len(row) == len(report.columns) for row in rows)


def test_a_segment_is_written_in_its_sources_columns():
    assert columns_of(bibliography.SEGMENT_ROW) == columns_of(bibliography.SOURCE_ROW)
    for reason_in_note in (True, False):
        mention = documents.mention_line(reason_in_note)
        assert columns_of(mention) == columns_of(documents.TIMELINE_ROW)


def test_show_cells_and_records_agree(loaded, resolver):
    report = documents.show(profile(loaded, resolver.resolve("Saudi Arabia")))
    relationships = report.record["relationships"]
    rows = list(report.cells())[: len(relationships)]
    _agree(documents.TIMELINE_ROW, report, rows, relationships)
    assert [r["as_of"] for r in relationships] == sorted(r["as_of"] for r in relationships)
    assert list(report.records()) == [report.record]  # one object, not the rows' records


def test_show_mentions_fill_the_timeline_columns(loaded, resolver):
    report = documents.show(profile(loaded, resolver.resolve("kuwait")))
    mentions = report.record["mentions"]
    rows = list(report.cells())
    assert mentions and len(rows) == len(mentions)
    headers = [c.header for c in report.columns]
    for row, mention in zip(rows, mentions, strict=True):
        assert len(row) == len(headers)
        assert mention["reason"] in row[headers.index("summary")]
        assert mention["evidence"][0]["quote"] in row[headers.index("evidence")]


def test_verify_cells_and_records_agree():
    problems = (Problem("quotes", "rel-1", "quote not found"), Problem("dates", "s000", "bad"))
    report = documents.verify(VerifyResult(problems, {"relationships": 3}))
    assert report.record["ok"] is False
    assert tuple(report.cells()) == tuple((p.check, p.record, p.message) for p in problems)
    assert report.record["problems"] == [
        {"check": p.check, "record": p.record, "message": p.message} for p in problems
    ]
    assert report.note == "verify: 2 problems" and "3 relationships" in report.title


def test_before_every_source_the_answer_is_one_sentence(loaded, resolver):
    early = Filters(as_of="2010")
    said = views.who_allies(answers.who_allies(loaded, early))
    shown = documents.show(profile(loaded, resolver.resolve("russia"), early))
    for report in (said, shown):
        assert report.title == "" and report.note.startswith("No source is dated 2010 or earlier")
        assert list(report.cells()) == []
    assert shown.record["entity"]["id"] == "RUS"  # the object is still the name's


# --- show's note: said once, wherever the format puts it ------------------------------------


def _show(loaded, resolver, name: str) -> tuple[documents.Document, str]:
    found = profile(loaded, resolver.resolve(name))
    return documents.show(found), documents.show_note(found)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("kuwait", "describe no relationship"),  # no timeline: the note explains the empty answer
        ("andorra", "describe no relationship"),
        ("iraq", "who-allies"),
    ],
)
def test_show_note_is_in_the_report_once(loaded, resolver, name, says):
    report, note = _show(loaded, resolver, name)
    assert says in note
    assert (report.title + "\n" + report.note).count(note) == 1
    assert report.record["note"] == note


def _render(report: Report, fmt: OutputFormat, width: int = 200) -> tuple[str, str]:
    terminal = Terminal(stdout=None, width=width)
    return "".join(chunks(report, fmt, terminal)), aside(report, fmt, terminal)


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("name", ["kuwait", "iraq"])
def test_show_note_is_written_once_in_every_format(loaded, resolver, name, fmt):
    report, note = _show(loaded, resolver, name)
    out, err = _render(report, fmt)
    if fmt in (OutputFormat.json, OutputFormat.jsonl):  # the record's field, and stderr
        assert out.count(note) == 1 and err.count(note) == 1
    else:
        assert (out + err).count(note) == 1, (out, err)


def test_csv_writes_the_reports_fields_and_the_table_its_columns(loaded, resolver, run):
    """`show` keeps segment out of its table, never out of csv; quotes wrap, whole, in the table."""
    report, _ = _show(loaded, resolver, "russia")
    table = run("show", "russia", "--format", "table", env={"COLUMNS": "200"}).stdout
    csv_header = run("show", "russia", "--format", "csv").stdout.splitlines()[0]
    assert csv_header.split(",") == list(documents.SHOW_FIELDS) and "segment" not in table
    quote = report.record["relationships"][0]["evidence"][0]["quote"]
    assert all(word in table for word in quote.split())
