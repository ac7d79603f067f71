"""The pager: at a terminal, an answer taller than the screen goes through it, as git's does.

The process hands the pager the whole answer, closes the pipe and waits for the pager to
give the terminal back before it leaves, so the shell's prompt never returns under a pager
that still holds the screen. `q` leaves with 0; Ctrl-C, which reaches the pager and this
process alike, leaves with 130 once the pager is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from types import FrameType

from iraqrel.errors import ExitCode
from iraqrel.output.terminal import Terminal

_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # a color: it takes no room on the screen


def taller_than_screen(text: str, terminal: Terminal) -> bool:
    """Whether `text`, its long lines wrapped, leaves no room on the screen for the prompt."""
    rows = 0
    for line in text.splitlines():
        rows += max(1, -(-len(_ESCAPE.sub("", line)) // terminal.width))
        if rows >= terminal.height:
            return True
    return False


class Interrupted:
    """Ctrl-C while the pager runs: noted, not obeyed at once, so that the pager is waited for."""

    def __init__(self) -> None:
        self.pressed = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.pressed = True


def page(text: str, terminal: Terminal) -> int | None:
    """Show `text` through the terminal's pager and wait for it: the exit code, 0 or 130 for
    Ctrl-C; None when the pager cannot start (the caller writes the text itself)."""
    env = {**os.environ}
    env.setdefault("LESS", "FRXK")  # a $PAGER of plain `less` passes colors and quits alike
    interrupted = Interrupted()
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else interrupted)
    try:
        try:
            pager = subprocess.Popen(terminal.pager, stdin=subprocess.PIPE, env=env)
        except OSError as exc:
            terminal.say(
                f"iraqrel: cannot run the pager {terminal.pager[0]!r} "
                f"({exc.strerror or exc}); writing without it"
            )
            return None
        _feed(pager, text.encode(terminal.encoding, "replace"))
    finally:
        signal.signal(signal.SIGINT, previous)
    return ExitCode.INTERRUPTED if interrupted.pressed else ExitCode.OK


def _feed(pager: subprocess.Popen[bytes], data: bytes) -> None:
    """Write to the pager until it has all, or has quit (`q`); close the pipe; wait for it."""
    assert pager.stdin is not None
    with contextlib.suppress(BrokenPipeError, OSError):
        pager.stdin.write(data)
    with contextlib.suppress(BrokenPipeError, OSError):
        pager.stdin.close()
    pager.wait()
