"""Choosing the format, sensing the terminal, and writing an answer to stdout and stderr."""

from __future__ import annotations

import os
import shutil
import sys

import typer

from iraqrel.cli.errors import ClosedStdout, OutputFailed, quiet_stdout, say
from iraqrel.cli.options import Output, settings
from iraqrel.errors import UsageError
from iraqrel.files import MAX_FILE_BYTES
from iraqrel.output.render import OutputFormat, Style, render
from iraqrel.output.report import Report

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


def emit(ctx: typer.Context, report: Report, output: Output) -> None:
    """Render `report` in the chosen format; write its data to stdout, its messages to stderr."""
    if isinstance(sys.stdout, ClosedStdout):
        raise OutputFailed("cannot write output: stdout is closed")
    chosen = choose_format(output.fmt, output.as_json)
    rendered = render(report, chosen, terminal_style(ctx, chosen, output.no_color))
    # Messages go first where the order shows; elsewhere after the data, so that a failed
    # write (`> /dev/full`) leaves one line on stderr, its error.
    messages_first = _same_file()
    if rendered.err and messages_first:
        say(rendered.err.rstrip("\n"))
    _write(rendered.out)
    if rendered.err and not messages_first:
        say(rendered.err.rstrip("\n"))


def _same_file() -> bool:
    """Whether stdout and stderr reach one file (a terminal, `2>&1`), or it cannot be told."""
    try:
        out, err = os.fstat(sys.stdout.fileno()), os.fstat(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):
        return True
    return (out.st_dev, out.st_ino) == (err.st_dev, err.st_ino)


def _write(text: str) -> None:
    """Write and flush stdout; a reader gone is quiet, a closed or full stdout is exit 5."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise typer.Exit(quiet_stdout()) from None
    except (OSError, ValueError) as exc:  # closed (`>&-`) or full (`> /dev/full`)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise OutputFailed(f"cannot write output: {reason}") from None


def stdin_lines() -> list[str]:
    """The non-blank lines of stdin, read with a bound; a closed stdin is a usage error."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise UsageError("stdin is closed; pipe names into 'iraqrel resolve -', one per line")
    try:
        raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read stdin: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(f"stdin holds more than {MAX_FILE_BYTES // 2**20} MiB; send fewer names")
    lines = raw.decode("utf-8", "replace").splitlines()
    return [line for line in lines if line.strip()]
