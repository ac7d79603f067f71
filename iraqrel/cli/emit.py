"""Choosing the format, sensing the terminal, and writing an answer to stdout and stderr."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import TypeVar

import typer

from iraqrel.cli.errors import say
from iraqrel.cli.options import Output, settings
from iraqrel.errors import UsageError
from iraqrel.output.render import TABLE_ROW_LIMIT, OutputFormat, Row, Style, render, stream
from iraqrel.output.report import Field, Report, cells_of, columns_of, record_of

T = TypeVar("T")


def choose_format(fmt: OutputFormat | None, as_json: bool) -> OutputFormat:
    if as_json and fmt not in (None, OutputFormat.json):
        raise UsageError(f"--json conflicts with --format {fmt.value}; give one of them")
    if as_json:
        return OutputFormat.json
    if fmt is not None:
        return fmt
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.plain


def terminal_style(ctx: typer.Context, fmt: OutputFormat, no_color: bool) -> Style:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    color = (
        fmt is OutputFormat.table
        and not (no_color or settings(ctx).no_color)
        and not os.environ.get("NO_COLOR")
        and (sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR")))
    )
    width = shutil.get_terminal_size((100, 24)).columns
    return Style(color=color, width=width, ascii_only=encoding not in ("utf8", "utf16"))


def _too_long(rows: int) -> str:
    """The note for a table over the row limit; `rows` past the limit may be a lower bound."""
    many = f"{rows} rows are" if rows > TABLE_ROW_LIMIT + 1 else f"over {TABLE_ROW_LIMIT} rows are"
    return (
        f"iraqrel: {many} over the table limit of {TABLE_ROW_LIMIT}: written as plain text "
        "instead; give --format to choose another"
    )


def emit(ctx: typer.Context, report: Report, output: Output) -> None:
    """Render `report` in the chosen format; write its data to stdout, its messages to stderr."""
    chosen = choose_format(output.fmt, output.as_json)
    if chosen is OutputFormat.table and len(report.rows) > TABLE_ROW_LIMIT:
        say(_too_long(len(report.rows)))
        chosen = OutputFormat.plain
    rendered = render(report, chosen, terminal_style(ctx, chosen, output.no_color))
    if rendered.err:
        say(rendered.err.rstrip("\n"))
    _write([rendered.out])


def emit_stream(
    ctx: typer.Context, spec: Sequence[Field[T]], items: Iterator[T], output: Output
) -> None:
    """Write each item's row as it comes; a table is laid out whole only when it is short."""
    chosen = choose_format(output.fmt, output.as_json)
    columns = columns_of(spec)
    if chosen in (OutputFormat.json, OutputFormat.jsonl):
        rows: Iterator[Row] = (((), record_of(spec, item)) for item in items)
    else:
        rows = ((cells_of(spec, item), {}) for item in items)
    if chosen is OutputFormat.table:
        first = list(islice(rows, TABLE_ROW_LIMIT + 1))
        if len(first) <= TABLE_ROW_LIMIT:
            emit(ctx, Report(columns, tuple(c for c, _ in first), []), output)
            return
        say(_too_long(len(first)))
        chosen, rows = OutputFormat.plain, chain(first, rows)
    _write(stream(columns, rows, chosen, terminal_style(ctx, chosen, output.no_color)), True)


def _write(chunks: Iterable[str], flush_each: bool = False) -> None:
    """Write to stdout; flush after each chunk when a reader waits on each answer."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        for chunk in chunks:
            sys.stdout.write(chunk)
            if flush_each:
                sys.stdout.flush()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as the Python docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
