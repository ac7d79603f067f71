"""The views (views.py, show.py): each report's cells and records come from one row spec."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from iraqrel import queries
from iraqrel.checks import Problem
from iraqrel.checks import Report as VerifyReport
from iraqrel.names.resolver import Resolver
from iraqrel.output import show, views
from iraqrel.output.render import OutputFormat, Style, render
from iraqrel.output.report import Field, Report, as_text, columns_of

NONE = queries.Filters()

# Cells a spec writes its own way: how each is derived from the JSON value of the same field.
DERIVED = {
    "entity": lambda value: value["name"],
    "as_of": lambda value: value or "undated",
    "date": lambda value: value["value"] or "undated",
    "sources": lambda value: ",".join(value),
    "candidates": lambda value: ", ".join(f"{c['name']} ({c['id']})" for c in value),
    "from": lambda value: value["stance"],
    "to": lambda value: value["stance"],
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
                assert DERIVED[field.key](value) == cell, (field.key, cell, value)
            checked += 1
    assert checked


@pytest.fixture(scope="module")
def resolver(loaded) -> Resolver:
    return Resolver(loaded)


def test_who_allies_cells_and_records_agree(loaded):
    rows = queries.who_allies(loaded, NONE)
    report = views.stances_report(rows, "title")
    _agree(views.stance_row(actor_in_table=True), report, report.rows, report.records)
    assert [r["entity"]["id"] for r in report.records] == [s.entity.id for s in rows]


def test_list_cells_and_records_agree(loaded):
    report = views.counterparts_report(queries.counterparts(loaded, NONE), "title")
    _agree(views.COUNTERPART_ROW, report, report.rows, report.records)


def test_list_is_in_name_order_ignoring_case(loaded):
    report = views.counterparts_report(queries.counterparts(loaded, NONE), "title")
    names = [r["entity"]["name"] for r in report.records]
    assert len(names) == len(loaded.data.entities)
    assert names == sorted(names, key=str.casefold)
    assert names != [e.name for e in loaded.data.entities]  # not the order of the data file
    assert names != sorted(names)  # nor code-point order, which puts "al-Qaeda" last
    assert [row[0] for row in report.rows] == names


def test_search_cells_and_records_agree(loaded):
    report = views.search_report(queries.search(loaded, "alliance"), ("alliance",), "title")
    _agree(views.SEARCH_ROW, report, report.rows, report.records)
    assert report.highlight == ("alliance",)


def test_changes_cells_and_records_agree(loaded):
    report = views.changes_report(queries.changes(loaded, NONE), "title")
    _agree(views.CHANGE_ROW, report, report.rows, report.records)


def test_resolve_cells_and_records_agree(resolver):
    results = [resolver.resolve(q) for q in ("rusia", "IS", "xyzzy", "Kuwait")]
    report = views.resolutions_report(results)
    _agree(views.RESOLUTION_ROW, report, report.rows, report.records)
    assert [r["status"] for r in report.records] == [
        "documented",
        "ambiguous",
        "unknown",
        "no-data",
    ]


def test_sources_cells_and_records_agree(loaded):
    report = views.sources_report(queries.source_summaries(loaded))
    ids = [r["id"] for r in report.records]
    source_rows = [row for row in report.rows if row[0] in ids]
    _agree(views.SOURCE_ROW, report, source_rows, report.records)
    segments = [s["id"] for r in report.records for s in r["segments"]]
    assert [row[0] for row in report.rows if row[0] not in ids] == segments
    assert all(len(row) == len(report.columns) for row in report.rows)


def test_show_cells_and_records_agree(loaded, resolver):
    resolution = resolver.resolve("Saudi Arabia")
    report = show.show_report(resolution, queries.profile(loaded, resolution))
    relationships = report.records["relationships"]
    _agree(show.TIMELINE_ROW, report, report.rows[: len(relationships)], relationships)
    assert [r["as_of"] for r in relationships] == sorted(r["as_of"] for r in relationships)


def test_show_mentions_fill_the_timeline_columns(loaded, resolver):
    resolution = resolver.resolve("kuwait")
    report = show.show_report(resolution, queries.profile(loaded, resolution))
    mentions = report.records["mentions"]
    assert mentions and len(report.rows) == len(mentions)
    headers = [c.header for c in report.columns]
    for row, mention in zip(report.rows, mentions, strict=True):
        assert len(row) == len(headers)
        assert mention["reason"] in row[headers.index("summary")]
        assert mention["evidence"][0]["quote"] in row[headers.index("evidence")]


def test_verify_cells_and_records_agree():
    problems = (Problem("quotes", "rel-1", "quote not found"), Problem("dates", "s000", "bad"))
    report = views.verify_report(VerifyReport(problems, {"relationships": 3}))
    assert report.records["ok"] is False
    assert report.rows == tuple((p.check, p.record, p.message) for p in problems)
    assert report.records["problems"] == [
        {"check": p.check, "record": p.record, "message": p.message} for p in problems
    ]
    assert "2 problem(s)" in report.title and "3 relationships" in report.title


# --- show's note: said once, wherever the format puts it ------------------------------------


def _show(loaded, resolver, name: str) -> tuple[Report, str]:
    resolution = resolver.resolve(name)
    profile = queries.profile(loaded, resolution)
    return show.show_report(resolution, profile), show.show_note(profile)


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
    assert report.records["note"] == note


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("name", ["kuwait", "iraq"])
def test_show_note_is_written_once_in_every_format(loaded, resolver, name, fmt):
    report, note = _show(loaded, resolver, name)
    out, err = render(report, fmt, Style(width=200))
    if fmt in (OutputFormat.json, OutputFormat.jsonl):  # the record's field, and stderr
        assert out.count(note) == 1 and err.count(note) == (
            0 if report.records["relationships"] else 1
        )
    else:
        assert (out + err).count(note) == 1, (out, err)


def test_the_spec_column_options_reach_the_renderer(loaded, resolver):
    """`show` keeps segment out of its table, never out of csv; quotes wrap, whole, in the table."""
    report, _ = _show(loaded, resolver, "russia")
    table = render(report, OutputFormat.table, Style(width=200)).out
    csv_header = render(report, OutputFormat.csv, Style()).out.splitlines()[0]
    assert "segment" in csv_header.split(",") and "segment" not in table
    quote = report.records["relationships"][0]["evidence"][0]["quote"]
    assert all(word in table for word in quote.split())
