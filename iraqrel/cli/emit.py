"""Choosing the format, sensing the terminal, and writing an answer to stdout and stderr."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING, BinaryIO, TypeVar

import typer

from iraqrel.cli.errors import ClosedStdout, OutputFailed, quiet_stdout, say
from iraqrel.cli.options import Output, settings
from iraqrel.errors import UsageError
from iraqrel.output.render import TABLE_ROW_LIMIT, OutputFormat, Row, Style, render, stream
from iraqrel.output.report import Field, Report, cells_of, columns_of, record_of

if TYPE_CHECKING:
    from iraqrel.queries import Filters
    from iraqrel.records import Loaded

T = TypeVar("T")

# Tables are laid out for the terminal's width, within these bounds: COLUMNS=10000000 must
# not make Rich lay out (and allocate) a table ten million cells wide.
MIN_WIDTH, MAX_WIDTH = 40, 400


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
    width = min(max(shutil.get_terminal_size((100, 24)).columns, MIN_WIDTH), MAX_WIDTH)
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
    if isinstance(sys.stdout, ClosedStdout):
        raise OutputFailed("cannot write output: stdout is closed")
    chosen = choose_format(output.fmt, output.as_json)
    if chosen is OutputFormat.table and len(report.rows) > TABLE_ROW_LIMIT:
        say(_too_long(len(report.rows)))
        chosen = OutputFormat.plain
    rendered = render(report, chosen, terminal_style(ctx, chosen, output.no_color))
    # Messages go first where the order shows; elsewhere after the data, so that a failed
    # write (`> /dev/full`) leaves one line on stderr, its error.
    messages_first = _same_file()
    if rendered.err and messages_first:
        say(rendered.err.rstrip("\n"))
    _write([rendered.out])
    if rendered.err and not messages_first:
        say(rendered.err.rstrip("\n"))


def emit_dated(
    ctx: typer.Context, report: Report, loaded: Loaded, filters: Filters, output: Output
) -> None:
    """Emit `report`, or one sentence when `--as-of` is before every dated source."""
    from iraqrel import queries
    from iraqrel.output import views

    emit(ctx, views.too_early(report, filters.as_of, queries.earliest_date(loaded)), output)


def emit_stream(
    ctx: typer.Context, spec: Sequence[Field[T]], items: Iterator[T], output: Output
) -> None:
    """Write each item's row as it comes; a table is laid out whole only when it is short."""
    if isinstance(sys.stdout, ClosedStdout):
        raise OutputFailed("cannot write output: stdout is closed")
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


def _same_file() -> bool:
    """Whether stdout and stderr reach one file (a terminal, `2>&1`), or it cannot be told."""
    try:
        out, err = os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return True
    return (out.st_dev, out.st_ino) == (err.st_dev, err.st_ino)


def _write(chunks: Iterable[str], flush_each: bool = False) -> None:
    """Write and flush stdout (after each chunk when a reader waits on each answer); a reader
    gone is quiet, a closed or full stdout is exit 5."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        for chunk in chunks:
            sys.stdout.write(chunk)
            if flush_each:
                sys.stdout.flush()
        sys.stdout.flush()
    except BrokenPipeError:
        raise typer.Exit(quiet_stdout()) from None
    except (OSError, ValueError) as exc:  # closed (`>&-`) or full (`> /dev/full`)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputFailed(f"cannot write output: {reason}") from None


MAX_LINE_BYTES = 4096  # longer than any name; the rest of a longer line is skipped


def stdin_names() -> Iterator[str]:
    """Each non-blank line of stdin as it arrives, at most MAX_LINE_BYTES of it; memory stays
    flat however long the input. A closed stdin is a usage error."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise UsageError("stdin is closed; pipe names into 'iraqrel resolve -', one per line")
    try:
        while line := stream.readline(MAX_LINE_BYTES):
            text = line.decode("utf-8", "replace")
            if not line.endswith(b"\n") and len(line) >= MAX_LINE_BYTES:
                _skip_rest_of_line(stream)
                yield text.strip() or text  # overlong, even if blank so far: an unknown row
            elif text.strip():
                yield text.strip()
    except OSError as exc:
        raise UsageError(f"cannot read stdin: {exc.strerror or exc}") from None


MAX_LINE_RUN = 64 * 1024 * 1024  # a "line" of stdin this long is not a name: stop reading


def _skip_rest_of_line(stream: BinaryIO) -> None:
    """Skip to the next newline in bounded pieces; a line that never ends is a usage error."""
    skipped = 0
    while rest := stream.readline(MAX_LINE_BYTES):
        skipped += len(rest)
        if rest.endswith(b"\n"):
            return
        if skipped > MAX_LINE_RUN:
            raise UsageError(
                f"a line of stdin runs on for more than {MAX_LINE_RUN // 2**20} MiB "
                "without a newline; send one name per line"
            )
