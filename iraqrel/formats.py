"""Output formats: each a pure function from a Report to text. Writing is the CLI's job."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from enum import Enum
from typing import Any

import msgspec


class OutputFormat(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class Column(msgspec.Struct, frozen=True):
    header: str
    shorten: int | None = None  # the table shortens this column's cells to N characters
    grow: bool = False  # in the table, this column wraps and takes the width that is left
    in_table: bool = True  # False: left out of the table view only, to save width
    styles: dict[str, str] = msgspec.field(default_factory=dict)  # cell value -> Rich style


class Report(msgspec.Struct, frozen=True):
    """What a command answers: cells for the tabular formats, records for the JSON ones."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    records: Any  # a list of JSON-ready objects, or one object (show)
    title: str = ""
    highlight: tuple[str, ...] = ()  # words to highlight on a terminal


class Style(msgspec.Struct, frozen=True):
    color: bool = False
    width: int | None = None
    ascii_only: bool = False


MAX_CELL_WIDTH = 18  # a table column that does not grow is at most this wide


def _flat(cell: str) -> str:
    """One line per row: tabs and newlines inside a cell become spaces."""
    return " ".join(cell.split())


def to_json(report: Report, style: Style) -> str:
    return json.dumps(report.records, indent=2, ensure_ascii=style.ascii_only) + "\n"


def to_jsonl(report: Report, style: Style) -> str:
    records = report.records if isinstance(report.records, list) else [report.records]
    return "".join(json.dumps(r, ensure_ascii=style.ascii_only) + "\n" for r in records)


def to_plain(report: Report, style: Style) -> str:
    """Tab-separated, no header, nothing shortened: for grep, cut and sort."""
    return "".join("\t".join(_flat(c) for c in row) + "\n" for row in report.rows)


def to_csv(report: Report, style: Style) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in report.columns])
    writer.writerows(report.rows)
    return buffer.getvalue()


def to_markdown(report: Report, style: Style) -> str:
    def cells(values: tuple[str, ...] | list[str]) -> str:
        return "| " + " | ".join(_flat(v).replace("|", "\\|") for v in values) + " |\n"

    head = f"{report.title}\n\n" if report.title else ""
    rule = "|" + "|".join("---" for _ in report.columns) + "|\n"
    return (
        head
        + cells([c.header for c in report.columns])
        + rule
        + "".join(cells(row) for row in report.rows)
    )


def _shorten(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def to_table(report: Report, style: Style) -> str:
    """A Rich table, colored when `style.color`."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=io.StringIO(),
        width=style.width or 100,
        force_terminal=style.color,
        no_color=not style.color,
        color_system="auto" if style.color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    growing = any(c.grow for c in report.columns)
    table = Table(
        title=report.title or None, title_justify="left", expand=growing, show_lines=growing
    )
    shown = [i for i, column in enumerate(report.columns) if column.in_table]
    for i in shown:
        column = report.columns[i]
        if column.grow:
            table.add_column(column.header, overflow="fold", ratio=1, min_width=20)
        else:
            table.add_column(column.header, overflow="fold", max_width=MAX_CELL_WIDTH)
    for row in report.rows:
        cells = []
        for column, value in ((report.columns[i], row[i]) for i in shown):
            text = Text(_shorten(value, column.shorten), style=column.styles.get(value, ""))
            if report.highlight and style.color:
                text.highlight_words(report.highlight, "bold reverse", case_sensitive=False)
            cells.append(text)
        table.add_row(*cells)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


FORMATTERS: dict[OutputFormat, Callable[[Report, Style], str]] = {
    OutputFormat.table: to_table,
    OutputFormat.plain: to_plain,
    OutputFormat.json: to_json,
    OutputFormat.jsonl: to_jsonl,
    OutputFormat.csv: to_csv,
    OutputFormat.markdown: to_markdown,
}


def render(report: Report, fmt: OutputFormat, style: Style) -> str:
    return FORMATTERS[fmt](report, style)
