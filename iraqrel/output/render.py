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

from iraqrel.output.report import Column, Report


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


STANCE_PALETTE = {
    "ally": "bold green",
    "partner": "green",
    "mixed": "yellow",
    "strained": "dark_orange",
    "adversary": "bold red",
}
MAX_CELL_WIDTH = 18  # a table column that does not grow is at most this wide
QUOTE_WIDTH = 90  # a key-word cell longer than this is shortened in the table


# C0 and C1 controls (ESC starts ANSI and OSC sequences, CR and BS overwrite) and the bidi
# embeddings, overrides and isolates that reorder what a terminal shows.
_UNSAFE = [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _UNSAFE}
_ESCAPES_BUT_NEWLINE = {c: e for c, e in _ESCAPES.items() if c != ord("\n")}


def visible(text: str, *, newlines: bool = False) -> str:
    """`text` safe for a terminal: every control character as a visible escape like `\\x1b`.

    Dataset strings and echoed input cannot retitle the window, move the cursor or hide
    text. With `newlines`, line breaks stay (multi-line cells and messages).
    """
    return text.translate(_ESCAPES_BUT_NEWLINE if newlines else _ESCAPES)


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


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _add_column(table: object, column: Column) -> None:
    if column.grow:
        table.add_column(column.header, overflow="fold", ratio=1, min_width=20)  # type: ignore[attr-defined]
    else:
        table.add_column(column.header, overflow="fold", max_width=MAX_CELL_WIDTH)  # type: ignore[attr-defined]


def to_table(report: Report, style: Style) -> Rendered:
    """A Rich table, colored when `style.color`."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=io.StringIO(),
        width=style.width,
        force_terminal=style.color,
        no_color=not style.color,
        color_system="auto" if style.color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    growing = any(c.grow for c in report.columns)
    title = "\n".join(visible(p, newlines=True) for p in (report.title, report.note) if p)
    # A Text title, not a str: Rich would read "[/x]" in a dataset name or a query as markup.
    table = Table(
        title=Text(title) if title else None,
        title_justify="left",
        expand=growing,
        show_lines=growing,
    )
    shown = [i for i, column in enumerate(report.columns) if column.in_table]
    for i in shown:
        _add_column(table, report.columns[i])
    for row in report.rows:
        cells = []
        for column, value in ((report.columns[i], row[i]) for i in shown):
            cut = visible(shorten(value, QUOTE_WIDTH) if column.key_words else value, newlines=True)
            text = Text(cut, style=STANCE_PALETTE.get(value, "") if column.stance else "")
            if report.highlight and style.color:
                text.highlight_words(report.highlight, "bold reverse", case_sensitive=False)
            cells.append(text)
        table.add_row(*cells)
    console.print(table)
    return Rendered(console.file.getvalue())  # type: ignore[attr-defined]


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
