"""Reading the files a user names: regular files only, with a bound, named unambiguously."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

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


class NotRegular(OSError):
    """The path is not a regular file; the message says what it is."""


class TooLarge(OSError):
    """The file holds more than the bound allows."""


@contextmanager
def regular_file(
    path: Path, limit: int, *, follow: bool = True
) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """An open regular file of at most `limit` bytes, and its status; not through a
    symbolic link unless `follow`.

    Opened without blocking, so a FIFO is refused instead of waited on. Raises OSError:
    NotRegular, TooLarge, or the system's (missing, unreadable, a link not followed);
    ValueError for a NUL byte in the name.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)  # before fdopen, which refuses a directory with its own error
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS_OF_FILE.items() if test(info.st_mode)), None)
            raise NotRegular(kind or "not a regular file")
        if info.st_size > limit:
            raise TooLarge
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as file:
        yield file, info


def read_with_status(path: Path, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `limit` bytes (see `regular_file`), and the
    status of the file they were read from.

    Read with a bound, so a file that grows while it is read cannot fill memory either.
    """
    with regular_file(path, limit) as (file, info):
        raw = file.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge
    return raw, info


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see `read_with_status`)."""
    return read_with_status(path, limit)[0]


def read_regular_file(path: Path, what: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is a DataError."""
    return read_regular_file_with_status(path, what, limit)[0]


def read_regular_file_with_status(
    path: Path, what: str, limit: int = MAX_FILE_BYTES
) -> tuple[bytes, os.stat_result]:
    """`read_with_status`, where anything but a readable regular file is a DataError."""
    try:
        return read_with_status(path, limit)
    except FileNotFoundError:
        raise DataError(f"{shown(path)}: no such {what}") from None
    except NotRegular as exc:
        raise DataError(f"{shown(path)}: is {exc}, not a {what}") from None
    except TooLarge:
        raise DataError(f"{shown(path)}: larger than {limit // 2**20} MiB; not a {what}") from None
    except OSError as exc:
        raise DataError(f"{shown(path)}: cannot read the {what}: {exc.strerror or exc}") from None
    except ValueError:  # a NUL byte in the name
        raise DataError(f"{shown(path)}: the {what} name contains a NUL byte") from None
