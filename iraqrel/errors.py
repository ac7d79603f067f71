"""Exit codes and the errors that carry them to the CLI."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit codes (README, "Exit codes")."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    AMBIGUOUS = 3
    BAD_DATA = 4
    OUTPUT = 5  # stdout is closed or full: the answer could not be written
    PLACE = 6  # the name is a place in a country (a city, a subdivision), not a country
    REFUSED = 7  # add: the draft was refused; the dataset is unchanged
    DIFFERENT = 8  # diff: the two datasets differ (as diff(1) exits 1; 1 and 6 are taken here)
    INTERNAL = 70  # a bug: an unexpected error, reported in one line
    INTERRUPTED = 130  # Ctrl-C


class IraqrelError(Exception):
    """An error with a one-line message for stderr and its exit code."""

    code: ExitCode = ExitCode.USAGE


class UsageError(IraqrelError):
    code = ExitCode.USAGE


class NameNotFound(IraqrelError):
    code = ExitCode.NOT_FOUND


class NameAmbiguous(IraqrelError):
    code = ExitCode.AMBIGUOUS


class NameIsPlace(IraqrelError):
    code = ExitCode.PLACE


class DataError(IraqrelError):
    """The dataset or a source is missing, unreadable or invalid."""

    code = ExitCode.BAD_DATA


class DraftRefused(IraqrelError):
    """A draft that `add` cannot merge: uncoded, not verbatim, or the dataset would fail verify."""

    code = ExitCode.REFUSED


class OutputFailed(IraqrelError):
    """stdout is closed, full or failing: the answer could not be written."""

    code = ExitCode.OUTPUT


EXIT_CODES_HELP = (
    "Exit codes: 0 answered (also empty results and known countries with no data); "
    "1 name matches nothing; 2 usage error; 3 name is ambiguous; "
    "4 dataset or source invalid or unreadable; 5 output could not be written; "
    "6 name is a place in a country, not a country; "
    "7 add refused the draft, the dataset unchanged; 8 diff: the datasets differ; "
    "70 internal error; 130 interrupted."
)
