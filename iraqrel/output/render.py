"""Renderers: each a pure function from a Report to text. Writing is the CLI's job.

Each renderer also decides where the report's title and note go: inside the text for table
and markdown, on stderr for plain and csv (stdout stays data), and only the note, on
stderr, for the JSON formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import NamedTuple

import msgspec

from iraqrel.output.report import Column, Json, Report
from iraqrel.output.safe import visible


class OutputFormat(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class Style(msgspec.Struct, frozen=True):
    color: bool = False
    width: int = 100
    ascii_only: bool = False


class Rendered(NamedTuple):
    """What to write: `out` to stdout, `err` to stderr (either may be empty)."""

    out: str
    err: str = ""


# Over this many rows a terminal table is written as plain text, with a note on stderr: Rich
# lays a table out whole, in time that grows with every row (see README, "Speed").
TABLE_ROW_LIMIT = 1000


def _lines(*parts: str) -> str:
    return "".join(f"{visible(p, newlines=True)}\n" for p in parts if p)


def _flat(cell: str) -> str:
    """One line per row: tabs and newlines inside a cell become spaces; controls are escaped."""
    return visible(" ".join(cell.split()))


def to_json(report: Report, style: Style) -> Rendered:
    text = json.dumps(report.records, indent=2, ensure_ascii=style.ascii_only) + "\n"
    return Rendered(text, _lines(report.note))


def to_jsonl(report: Report, style: Style) -> Rendered:
    records = report.records if isinstance(report.records, list) else [report.records]
    text = "".join(json.dumps(r, ensure_ascii=style.ascii_only) + "\n" for r in records)
    return Rendered(text, _lines(report.note))


def to_plain(report: Report, style: Style) -> Rendered:
    """Tab-separated, no header, nothing shortened: for grep, cut and sort."""
    text = "".join("\t".join(_flat(c) for c in row) + "\n" for row in report.rows)
    return Rendered(text, _lines(report.title, report.note))


def to_csv(report: Report, style: Style) -> Rendered:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in report.columns])
    writer.writerows([visible(cell, newlines=True) for cell in row] for row in report.rows)
    return Rendered(buffer.getvalue(), _lines(report.title, report.note))


def _markdown_cell(value: str) -> str:
    return _flat(value).replace("|", "\\|")


def to_markdown(report: Report, style: Style) -> Rendered:
    def cells(values: tuple[str, ...] | list[str]) -> str:
        return "| " + " | ".join(_markdown_cell(v) for v in values) + " |\n"

    head = "".join(f"{visible(p, newlines=True)}\n\n" for p in (report.title, report.note) if p)
    rule = "|" + "|".join("---" for _ in report.columns) + "|\n"
    body = cells([c.header for c in report.columns]) + rule + "".join(map(cells, report.rows))
    return Rendered(head + body)


def to_table(report: Report, style: Style) -> Rendered:
    """A Rich table that keeps every word, or stacked records where the columns cannot fit."""
    from iraqrel.output import table

    return Rendered(table.to_table(report, style))


FORMATTERS: dict[OutputFormat, Callable[[Report, Style], Rendered]] = {
    OutputFormat.table: to_table,
    OutputFormat.plain: to_plain,
    OutputFormat.json: to_json,
    OutputFormat.jsonl: to_jsonl,
    OutputFormat.csv: to_csv,
    OutputFormat.markdown: to_markdown,
}


def render(report: Report, fmt: OutputFormat, style: Style) -> Rendered:
    return FORMATTERS[fmt](report, style)


# --- streaming: one chunk per row, for answers too long to hold (`resolve -`) --------------

Row = tuple[tuple[str, ...], Json]  # a row's cells and its JSON record


def _stream_json(rows: Iterable[Row], style: Style) -> Iterator[str]:
    """A JSON array, record by record, laid out exactly as `to_json` lays it out."""
    opening = "[\n"
    for _, record in rows:
        if style.ascii_only:
            text = json.dumps(record, indent=2, ensure_ascii=True)
        else:  # the same text, from C: json's indenting encoder is pure Python, 4x slower
            text = msgspec.json.format(msgspec.json.encode(record), indent=2).decode()
        yield opening + "  " + text.replace("\n", "\n  ")
        opening = ",\n"
    yield "[]\n" if opening == "[\n" else "\n]\n"


def _stream_csv(columns: tuple[Column, ...], rows: Iterable[Row]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in columns])
    for cells, _ in rows:
        writer.writerow([visible(cell, newlines=True) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _stream_markdown(
    columns: tuple[Column, ...], rows: Iterable[Row], style: Style
) -> Iterator[str]:
    yield to_markdown(Report(columns, (), []), style).out
    for cells, _ in rows:
        yield "| " + " | ".join(_markdown_cell(v) for v in cells) + " |\n"


def stream(
    columns: tuple[Column, ...], rows: Iterable[Row], fmt: OutputFormat, style: Style
) -> Iterator[str]:
    """The text of `rows` in `fmt`, a chunk as each row arrives; not for the table format."""
    if fmt is OutputFormat.json:
        return _stream_json(rows, style)
    if fmt is OutputFormat.jsonl:
        return (json.dumps(r, ensure_ascii=style.ascii_only) + "\n" for _, r in rows)
    if fmt is OutputFormat.csv:
        return _stream_csv(columns, rows)
    if fmt is OutputFormat.markdown:
        return _stream_markdown(columns, rows, style)
    if fmt is OutputFormat.plain:
        return ("\t".join(_flat(c) for c in cells) + "\n" for cells, _ in rows)
    raise ValueError(f"{fmt.value} does not stream")
