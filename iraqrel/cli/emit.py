"""Choosing the format, sensing the terminal, and writing an answer to stdout and stderr."""

from __future__ import annotations

import os
import shutil
import sys

import typer

from iraqrel.cli.errors import say
from iraqrel.cli.options import Output, settings
from iraqrel.errors import UsageError
from iraqrel.output.render import OutputFormat, Style, render
from iraqrel.output.report import Report


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


def emit(ctx: typer.Context, report: Report, output: Output) -> None:
    """Render `report` in the chosen format; write its data to stdout, its messages to stderr."""
    chosen = choose_format(output.fmt, output.as_json)
    rendered = render(report, chosen, terminal_style(ctx, chosen, output.no_color))
    if rendered.err:
        say(rendered.err.rstrip("\n"))
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    try:
        sys.stdout.write(rendered.out)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as the Python docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
