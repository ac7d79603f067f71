"""Writing an answer: one `emit` for every report, streamed or not, in every format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import IO, Any

import msgspec
import typer

from iraqrel.cli.policy import quiet_stdout
from iraqrel.errors import OutputFailed
from iraqrel.output.fields import select
from iraqrel.output.render import aside, chunks
from iraqrel.output.report import Report
from iraqrel.output.terminal import OutputFormat, Terminal

# Over this many rows a terminal table is written as plain text, with a note on stderr: Rich
# lays a table out whole, in time that grows with every row (see README, "Speed").
TABLE_ROW_LIMIT = 1000


def _too_long(rows: int) -> str:
    """The note for a table over the row limit; `rows` past the limit may be a lower bound."""
    many = f"{rows} rows are" if rows > TABLE_ROW_LIMIT + 1 else f"over {TABLE_ROW_LIMIT} rows are"
    return (
        f"iraqrel: {many} over the table limit of {TABLE_ROW_LIMIT}: written as plain text "
        "instead; give --format to choose another"
    )


def _format_for(report: Report, terminal: Terminal) -> tuple[Report, OutputFormat]:
    """The terminal's format, except that a table over the row limit is written as plain
    text, with a note. A stream's first rows are read to tell, and kept."""
    if terminal.format is not OutputFormat.table:
        return report, terminal.format
    if not report.streamed:
        rows = len(report.lines)  # type: ignore[arg-type]
        if rows <= TABLE_ROW_LIMIT:
            return report, OutputFormat.table
        terminal.say(_too_long(rows))
        return report, OutputFormat.plain
    rest = iter(report.lines)
    first = list(islice(rest, TABLE_ROW_LIMIT + 1))
    if len(first) <= TABLE_ROW_LIMIT:
        return msgspec.structs.replace(report, lines=first), OutputFormat.table
    terminal.say(_too_long(len(first)))  # a stream's length is not known yet
    return msgspec.structs.replace(report, lines=chain(first, rest)), OutputFormat.plain


# The formats whose columns are fields: a fixed set per report unless --fields names others.
FIELD_FORMATS = (OutputFormat.plain, OutputFormat.csv, OutputFormat.markdown)


def _selected(report: Report, fmt: OutputFormat, fields: tuple[str, ...]) -> Report:
    """The report with the fields --fields asks for, in every format; without it, plain,
    csv and markdown write the report's own fields, and table and JSON the whole of it."""
    if fields:
        return select(report, fields)
    if fmt in FIELD_FORMATS and report.fields:
        return select(report, report.fields)
    return report


def emit(report: Report, terminal: Terminal) -> None:
    """Write `report` in the terminal's format: its data to stdout, its sentences to stderr.

    Sentences go first where the order shows (one file); elsewhere after the data, so that
    a failed write (`> /dev/full`) leaves one line on stderr, its error. At a terminal, an
    answer taller than the screen goes through the pager, and the run ends when it does.
    """
    if terminal.stdout is None:
        raise OutputFailed("cannot write output: stdout is closed")
    report, fmt = _format_for(report, terminal)
    report = _selected(report, fmt, terminal.fields)
    said = aside(report, fmt, terminal).rstrip("\n")
    if said and terminal.same_file:
        terminal.say(said)
    code = _shown(terminal, chunks(report, fmt, terminal), streamed=report.streamed)
    if said and not terminal.same_file:
        terminal.say(said)
    if code:
        raise typer.Exit(code)


def _shown(terminal: Terminal, text: Iterator[str], *, streamed: bool) -> int:
    """Write `text`: through the pager when it is taller than the screen, else to stdout
    itself; the exit code (130: Ctrl-C in the pager). A stream is never paged: its reader
    waits on each line."""
    if terminal.pager and not streamed:
        from iraqrel.cli.pager import page, taller_than_screen

        whole = "".join(text)
        if taller_than_screen(whole, terminal):
            code = page(whole, terminal)
            if code is not None:
                return code
        text = iter([whole])
    _write(terminal, text, flush_each=streamed)
    return 0


def emit_text(chunks: Iterable[str], terminal: Terminal) -> None:
    """Write an export's text to stdout as UTF-8 whatever its encoding, so nothing is lost
    on an ASCII-only terminal (`export` is data, not an answer to read)."""
    if terminal.stdout is None:
        raise OutputFailed("cannot write output: stdout is closed")
    buffer = getattr(terminal.stdout, "buffer", None)
    if buffer is None:  # a text-only stream: written as text
        return _write(terminal, chunks, flush_each=False)
    _write(terminal, (c.encode("utf-8") for c in chunks), flush_each=False, out=buffer)


def _write(
    terminal: Terminal, text: Iterable[Any], flush_each: bool, out: IO[Any] | None = None
) -> None:
    """Write and flush stdout, or its byte stream `out` (after each chunk when a reader waits
    on each answer); a reader gone is quiet, a closed or full stdout is exit 5."""
    text_out = terminal.stdout
    assert text_out is not None
    reconfigure = getattr(text_out, "reconfigure", None)
    if out is None and reconfigure is not None:
        reconfigure(errors="replace")
    try:
        if out is None:
            out = text_out
        else:
            text_out.flush()  # what was written as text goes first
        for chunk in text:
            out.write(chunk)
            if flush_each:
                out.flush()
        out.flush()
    except BrokenPipeError:
        raise typer.Exit(quiet_stdout()) from None
    except (OSError, ValueError) as exc:  # closed (`>&-`) or full (`> /dev/full`)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputFailed(f"cannot write output: {reason}") from None
