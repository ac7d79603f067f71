"""Writing a file in one step: a temporary file beside it, flushed to disk, then renamed over
it. Until the rename the file is as it was; after it, whole. A failure or a Ctrl-C before the
rename leaves the file byte-identical and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TextIO

from iraqrel.errors import OutputFailed
from iraqrel.files import shown


def _mode(path: Path) -> int:
    """The file's own permissions, or what a new file gets under the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def _removed_on_interrupt(temporary: str) -> Iterator[None]:
    """While the block runs, a Ctrl-C removes the temporary file before the process's own
    handler (which may leave at once) runs."""
    previous = signal.getsignal(signal.SIGINT)

    def interrupted(signum: int, frame: FrameType | None) -> None:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if callable(previous):
            previous(signum, frame)
        elif previous == signal.SIG_DFL:
            os._exit(128 + signal.SIGINT)

    try:
        signal.signal(signal.SIGINT, interrupted)
    except ValueError:  # not the main thread: the caller's cleanup is all there is
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def replacing(path: Path, before_replace: Callable[[], None] | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file that replaces `path` when the block ends without an error.

    `before_replace` runs last before the rename and may raise to stop it (`add` checks there
    that the dataset was not changed meanwhile). A file that cannot be written is an
    OutputFailed error naming it.
    """
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as exc:
        raise OutputFailed(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
    with _removed_on_interrupt(temporary):
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                yield file
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, _mode(path))
            if before_replace is not None:
                before_replace()
            os.replace(temporary, path)
        except OSError as exc:
            raise OutputFailed(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
