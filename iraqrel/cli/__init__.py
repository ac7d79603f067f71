"""The command line: commands, shared options, writing, and the one-line error policy."""

from __future__ import annotations

import os
import signal
from types import FrameType


def _interrupted(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C: leave at once and quietly with 130, whatever was running."""
    os._exit(128 + signal.SIGINT)


def main() -> None:
    """The console entry point: Ctrl-C is handled before anything heavy is imported, and the
    modules are imported with the collector paused (see cli/collector.py)."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored by a shell
        signal.signal(signal.SIGINT, _interrupted)
    from iraqrel.cli.collector import loading

    with loading():
        from iraqrel.cli.runner import run
    run()


__all__ = ["main"]
