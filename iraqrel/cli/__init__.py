"""The command line: commands, shared options, writing, and the one-line error policy."""

from iraqrel.cli.errors import main

__all__ = ["main"]
