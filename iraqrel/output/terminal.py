"""The terminal an answer is written to: built once per run, passed down, built anew in tests.

It holds the process's streams and their facts (whether stdout and stdin are terminals,
the screen's width and height, the encoding, whether color is wanted, whether stdout and
stderr reach one file, the pager a long answer goes through) and, once a command has read
its output options, the format and the fields asked for (and `--envelope`'s head).
Answers are written through it alone; nothing else reads the color variables or asks what
stdout is (the runner and the error policy only flush it, or silence it when its reader
has gone). gh's IOStreams and httpie's Environment are the models.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from enum import Enum
from typing import Any, TextIO

import msgspec

from iraqrel.output.safe import visible


class OutputFormat(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


# Tables are laid out for the terminal's width, within these bounds: COLUMNS=10000000 must
# not make Rich lay out (and allocate) a table ten million cells wide.
MIN_WIDTH, MAX_WIDTH = 40, 400
DEFAULT_WIDTH = 100  # when the width cannot be told (a pipe, no COLUMNS)
DEFAULT_HEIGHT = 24
# The pager when neither $IRAQREL_PAGER nor $PAGER names one: as git's, less that quits when
# the answer fits one screen (F), passes colors (R), leaves the screen as it is (X), and
# leaves at Ctrl-C as at q (K).
DEFAULT_PAGER = ("less", "-FRXK")


def pager_command(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The pager $IRAQREL_PAGER, else $PAGER, else less names; none when the one set is empty
    or `cat`, or cannot be split into words."""
    for name in ("IRAQREL_PAGER", "PAGER"):
        if name in environ:
            import shlex

            try:
                words = tuple(shlex.split(environ[name]))
            except ValueError:  # an unclosed quote
                return ()
            return () if words in ((), ("cat",)) else words
    return DEFAULT_PAGER


class Terminal(msgspec.Struct, frozen=True, kw_only=True):
    """Where and how an answer is written."""

    stdout: TextIO | None  # None: closed (`>&-`)
    stderr: TextIO | None = None
    stdin: TextIO | None = None
    is_tty: bool = False
    stdin_is_tty: bool = False
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    color: bool = False
    encoding: str = "utf-8"
    same_file: bool = True  # stdout and stderr reach one file (a terminal, `2>&1`), or unknown
    format: OutputFormat = OutputFormat.plain
    envelope: dict[str, Any] | None = None  # JSON is wrapped in it, under "results"
    fields: tuple[str, ...] = ()  # --fields: only these, in this order; () for the default
    pager: tuple[str, ...] = ()  # the command an answer taller than the screen goes through

    @classmethod
    def of_process(cls, *, no_color: bool = False, no_pager: bool = False) -> Terminal:
        """This process's terminal, as its streams, its size and its environment say."""
        out = sys.stdout
        closed = out is None or bool(getattr(out, "closed", False))
        is_tty = not closed and out.isatty()
        size = shutil.get_terminal_size((DEFAULT_WIDTH, DEFAULT_HEIGHT))
        return cls(
            stdout=None if closed else out,
            stderr=sys.stderr,
            stdin=sys.stdin,
            is_tty=is_tty,
            stdin_is_tty=_is_tty(sys.stdin),
            width=min(max(size.columns, MIN_WIDTH), MAX_WIDTH),
            height=max(size.lines, 2),
            color=not no_color
            and not os.environ.get("NO_COLOR")
            and (is_tty or bool(os.environ.get("FORCE_COLOR"))),
            encoding=getattr(out, "encoding", None) or "utf-8",
            same_file=_same_file(out, sys.stderr),
            format=OutputFormat.table if is_tty else OutputFormat.plain,
            pager=pager_command(os.environ) if is_tty and not no_pager else (),
        )

    def asked(
        self,
        fmt: OutputFormat | None,
        *,
        no_color: bool = False,
        fields: tuple[str, ...] = (),
        no_pager: bool = False,
    ) -> Terminal:
        """This terminal as a command's options ask: the format (the default is the
        terminal's own), the fields, color only in a table and only when not turned off, and
        the pager unless turned off."""
        chosen = fmt or self.format
        color = self.color and not no_color and chosen is OutputFormat.table
        pager = () if no_pager else self.pager
        return msgspec.structs.replace(self, format=chosen, color=color, fields=fields, pager=pager)

    @property
    def ascii_only(self) -> bool:
        """stdout takes only ASCII: JSON escapes the rest, and text degrades to `?`."""
        return self.encoding.lower().replace("-", "") not in ("utf8", "utf16")

    def say(self, message: str) -> None:
        """Lines on stderr (see `say`)."""
        say(message, self.stderr)


def say(message: str, stderr: TextIO | None) -> None:
    """Lines on stderr, controls escaped; a closed or broken stderr never changes the exit code."""
    if not message:
        return
    try:
        stderr.write(f"{visible(message, newlines=True)}\n")  # type: ignore[union-attr]
        stderr.flush()  # type: ignore[union-attr]
    except (OSError, ValueError, AttributeError):
        pass


def _is_tty(stream: TextIO | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (OSError, ValueError):
        return False


def _same_file(out: TextIO | None, err: TextIO | None) -> bool:
    """Whether stdout and stderr reach one file (a terminal, `2>&1`), or it cannot be told."""
    try:
        a, b = os.fstat(out.fileno()), os.fstat(err.fileno())  # type: ignore[union-attr]
    except (OSError, ValueError, AttributeError):
        return True
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
