"""Reading the files a user names: regular files only, with a bound, named unambiguously."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from iraqrel.errors import DataError

# The largest dataset or source file read: far above any real one (the shipped dataset is
# under 200 KB; the benchmark's 1000x copy is 103 MB), low enough that `/dev/zero` or a
# wrong file cannot exhaust memory.
MAX_FILE_BYTES = 256 * 1024 * 1024


def shown(path: Path | str) -> str:
    """A file name quoted unambiguously: spaces, tabs, newlines and odd bytes all visible."""
    return repr(os.fspath(path))


_KINDS_OF_FILE = {
    stat.S_ISDIR: "a directory",
    stat.S_ISFIFO: "a FIFO (named pipe)",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
}


def read_regular_file(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a DataError.

    Opened without blocking, so a FIFO is refused instead of waited on, and read with a
    bound, so a device such as /dev/zero is refused instead of filling memory.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise DataError(f"{shown(path)}: no such {what}") from None
    except OSError as exc:
        raise DataError(f"{shown(path)}: cannot read the {what}: {exc.strerror or exc}") from None
    except ValueError:  # a NUL byte in the name
        raise DataError(f"{shown(path)}: the {what} name contains a NUL byte") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = next((name for test, name in _KINDS_OF_FILE.items() if test(mode)), None)
        raise DataError(f"{shown(path)}: is {kind or 'not a regular file'}, not a {what}")
    with os.fdopen(fd, "rb") as file:
        try:
            raw = file.read(limit + 1)
        except OSError as exc:
            raise DataError(f"{shown(path)}: cannot read the {what}: {exc.strerror}") from None
    if len(raw) > limit:
        raise DataError(f"{shown(path)}: larger than {limit // 2**20} MiB; not a {what}")
    return raw
