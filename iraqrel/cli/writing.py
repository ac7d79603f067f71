"""Writing a report to a file the user names, in one step, through the one `emit`."""

from __future__ import annotations

from pathlib import Path

import msgspec

from iraqrel.cli.emit import emit
from iraqrel.curate.atomic_write import replacing
from iraqrel.output.render import aside
from iraqrel.output.report import Report
from iraqrel.output.terminal import Terminal


def write_report(path: Path, report: Report, terminal: Terminal) -> None:
    """`report` in the terminal's format, written to `path` whole or not at all; its
    sentences go to stderr once the file is in place."""
    with replacing(path) as file:
        to_file = msgspec.structs.replace(
            terminal, stdout=file, stderr=None, is_tty=False, color=False, encoding="utf-8"
        )
        emit(report, to_file)
    terminal.say(aside(report, terminal.format, terminal).rstrip("\n"))
