"""Each command's epilog: the fields of its answer, as --fields names them. Each imports its
view only when it is called, and a run calls only the epilog of the command it runs."""

from __future__ import annotations

from iraqrel.output.fields import fields_help
from iraqrel.output.report import names_of


def who_allies() -> str:
    from iraqrel.output.views import reading_row

    return fields_help(names_of(reading_row(True)))


def show() -> str:
    from iraqrel.output.documents import TIMELINE_ROW

    return fields_help(names_of(TIMELINE_ROW))


def counterparts() -> str:
    from iraqrel.output.views import COUNTERPART_ROW

    return fields_help(names_of(COUNTERPART_ROW))


def search() -> str:
    from iraqrel.output.views import SEARCH_ROW

    return fields_help(names_of(SEARCH_ROW))


def context() -> str:
    from iraqrel.output.views import PASSAGE_ROW

    return fields_help(names_of(PASSAGE_ROW))


def sources() -> str:
    from iraqrel.output.bibliography import SOURCE_ROW

    return fields_help(names_of(SOURCE_ROW))


def resolve() -> str:
    from iraqrel.output.views import RESOLUTION_ROW

    return fields_help(names_of(RESOLUTION_ROW))


def changes() -> str:
    """The changes' fields, and who-allies' for --new and --gone."""
    from iraqrel.output.views import CHANGE_ROW, reading_row

    readings = ", ".join(names_of(reading_row(True)))
    return (
        f"{fields_help(names_of(CHANGE_ROW))} With --new or --gone, who-allies' fields: {readings}."
    )


def verify() -> str:
    from iraqrel.output.documents import PROBLEM_ROW

    return fields_help(names_of(PROBLEM_ROW))


def differences() -> str:
    """add's and diff's: a difference between two datasets."""
    from iraqrel.output.differences import DIFFERENCE_ROW

    return fields_help(names_of(DIFFERENCE_ROW))
