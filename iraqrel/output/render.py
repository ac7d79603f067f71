"""Renderers: each a pure function from a Report to text. Writing is the CLI's job.

Each renderer also decides where the report's title and note go: inside the text for table
and markdown, on stderr for plain and csv (stdout stays data), and only the note, on
stderr, for the JSON formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from enum import Enum
from typing import NamedTuple

import msgspec

from iraqrel.output.report import Report
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
