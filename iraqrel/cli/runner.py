"""The process: run the app, flush what it wrote, and leave with its exit code."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import TextIO

from iraqrel.cli.policy import output_failed, quiet_stdout
from iraqrel.errors import ExitCode


class ClosedStdout:
    """Stands in for stdout when the process started with it closed (`>&-`)."""

    encoding = "utf-8"
    closed = True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def flush(self) -> None:
        """Nothing is buffered."""


def _flushed(code: int) -> int:
    """Flush stdout and stderr; data still buffered that cannot be written is exit 5."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
    except (OSError, ValueError) as exc:
        if code == ExitCode.OK:
            code = output_failed(exc)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    return code


def whole_writes(stream: TextIO) -> TextIO:
    """`stream`, or, where it writes straight to its file (PYTHONUNBUFFERED, `python -u`), the
    same file behind a buffer. A text stream over the bare file drops what a short write
    leaves (a full disk, `ulimit -f`) and reports success; a buffer writes the rest, which
    meets the error (ENOSPC, EFBIG). Every write is flushed where it must be seen at once."""
    raw = getattr(stream, "buffer", None)
    if not isinstance(raw, io.RawIOBase):
        return stream
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=stream.line_buffering,
        write_through=True,
    )


def run() -> None:
    """Run the app, flush, and leave without interpreter teardown (which could change the code)."""
    if sys.stdout is None:
        sys.stdout = ClosedStdout()  # type: ignore[assignment]
    else:
        sys.stdout = whole_writes(sys.stdout)  # sys.__stdout__ keeps the bare file open
    from iraqrel.cli.app import app_for

    try:
        app_for(sys.argv[1:])()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0
    else:
        code = 0
    os._exit(_flushed(code))
