"""Renderers: each a generator of the chunks of text a Report makes in one format.

A chunk comes as each line is read, so a streamed report is written as it arrives, and
output that is not streamed is the same chunks joined. Each format also decides where the
report's title and note go: inside the text for table and markdown; for plain and csv the
note on stderr (stdout stays data), and the title too, but only when stdout is a terminal,
as gh does, so that it never mixes with data piped to the same screen; for the JSON
formats only the note, on stderr.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import msgspec

from iraqrel.output.report import Report
from iraqrel.output.safe import html_escaped, inert, visible
from iraqrel.output.terminal import OutputFormat, Terminal


def _flat(cell: str) -> str:
    """One line per row: tabs and newlines inside a cell become spaces; controls are escaped."""
    return visible(" ".join(cell.split()))


def json_text(value: Any, *, indent: int, ascii_only: bool) -> str:
    """`value` as JSON text, laid out as Python's json writes it with this indent (0: one
    line); msgspec writes it in C, and json only where it must escape all but ASCII."""
    if ascii_only:
        import json  # 2 ms of imports and patterns: only for ASCII-only output

        return json.dumps(value, indent=indent or None, ensure_ascii=True)
    return msgspec.json.format(msgspec.json.encode(value), indent=indent).decode()


def _json(report: Report, terminal: Terminal) -> Iterator[str]:
    """One object, or an array written record by record; inside an envelope, whole."""
    records = report.records()
    if terminal.envelope is not None:
        results = next(records) if report.one_object else list(records)
        wrapped = {**terminal.envelope, "results": results}
        yield json_text(wrapped, indent=2, ascii_only=terminal.ascii_only) + "\n"
        return
    if report.one_object:
        yield json_text(next(records), indent=2, ascii_only=terminal.ascii_only) + "\n"
        return
    opening = "[\n"
    for record in records:
        text = json_text(record, indent=2, ascii_only=terminal.ascii_only)
        yield opening + "  " + text.replace("\n", "\n  ")
        opening = ",\n"
    yield "[]\n" if opening == "[\n" else "\n]\n"


def _jsonl(report: Report, terminal: Terminal) -> Iterator[str]:
    for record in report.records():
        yield json_text(record, indent=0, ascii_only=terminal.ascii_only) + "\n"


def _plain(report: Report, terminal: Terminal) -> Iterator[str]:
    """Tab-separated, no header, nothing shortened: for grep, cut and sort."""
    for cells in report.cells():
        yield "\t".join(_flat(c) for c in cells) + "\n"


def _csv(report: Report, terminal: Terminal) -> Iterator[str]:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.header for c in report.columns])
    for cells in report.cells():
        writer.writerow([inert(visible(cell, newlines=True)) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _markdown_row(values: list[str] | tuple[str, ...]) -> str:
    return "| " + " | ".join(html_escaped(_flat(v)).replace("|", "\\|") for v in values) + " |\n"


def _markdown(report: Report, terminal: Terminal) -> Iterator[str]:
    """A document: its title and note as paragraphs, then the table."""
    head = "".join(
        f"{html_escaped(visible(p, newlines=True))}\n\n" for p in (report.title, report.note) if p
    )
    rule = "|" + "|".join("---" for _ in report.columns) + "|\n"
    yield head + _markdown_row([c.header for c in report.columns]) + rule
    for cells in report.cells():
        yield _markdown_row(cells)


def _table(report: Report, terminal: Terminal) -> Iterator[str]:
    """A Rich table that keeps every word, or stacked records where the columns cannot fit."""
    from iraqrel.output import table

    yield table.to_table(report, terminal)


class Renderer(NamedTuple):
    """A format's chunks for stdout, and which of the report's sentences it says on stderr."""

    chunks: Callable[[Report, Terminal], Iterator[str]]
    aside: Callable[[Report, Terminal], tuple[str, ...]]


def _nothing(report: Report, terminal: Terminal) -> tuple[str, ...]:
    return ()


def _note(report: Report, terminal: Terminal) -> tuple[str, ...]:
    return (report.note,)


def _title_and_note(report: Report, terminal: Terminal) -> tuple[str, ...]:
    """The note, and the title only to a person: when stdout is a terminal."""
    return (report.title, report.note) if terminal.is_tty else (report.note,)


RENDERERS: dict[OutputFormat, Renderer] = {
    OutputFormat.table: Renderer(_table, _nothing),
    OutputFormat.plain: Renderer(_plain, _title_and_note),
    OutputFormat.json: Renderer(_json, _note),
    OutputFormat.jsonl: Renderer(_jsonl, _note),
    OutputFormat.csv: Renderer(_csv, _title_and_note),
    OutputFormat.markdown: Renderer(_markdown, _nothing),
}


def aside(report: Report, fmt: OutputFormat, terminal: Terminal) -> str:
    """What `fmt` writes on stderr for `report`: its sentences that stdout does not carry."""
    said = RENDERERS[fmt].aside(report, terminal)
    return "".join(f"{visible(p, newlines=True)}\n" for p in said if p)


def chunks(report: Report, fmt: OutputFormat, terminal: Terminal) -> Iterator[str]:
    """The text of `report` in `fmt`, a chunk as each line is read."""
    return RENDERERS[fmt].chunks(report, terminal)
