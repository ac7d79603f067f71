"""Report and its row spec: the neutral contract between views and renderers. No Rich here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

import msgspec

T = TypeVar("T")

Json = dict[str, Any]


class Column(msgspec.Struct, frozen=True):
    """One column of the tabular formats (table, plain, csv, markdown)."""

    header: str
    grow: bool = False  # in the table, this column wraps and takes the width that is left
    in_table: bool = True  # False: left out of the table view only, to save width
    stance: bool = False  # its cells begin with a stance name, colored by the renderer's palette
    key_words: bool = False  # the table may shorten this cell around the report's key words
    prefix: int = 0  # the table shows only this many leading characters (a hash), then "…"


class Field(Generic[T]):
    """One item of a row spec: a column, a JSON field, or both, read from one row object.

    `header` None: JSON only. `key` None: cells only. `cell` turns the row into its text;
    by default the JSON value is written as text (lists joined with ", ", None as "").
    """

    __slots__ = ("cell", "column", "key", "value")

    def __init__(
        self,
        header: str | None,
        key: str | None,
        value: Callable[[T], Any],
        cell: Callable[[T], str] | None = None,
        **column: Any,
    ) -> None:
        self.column = Column(header, **column) if header is not None else None
        self.key = key
        self.value = value
        self.cell = cell


def as_text(value: Any) -> str:
    """A JSON value as cell text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    return str(value)


def columns_of(spec: Sequence[Field[Any]]) -> tuple[Column, ...]:
    return tuple(f.column for f in spec if f.column is not None)


def record_of(spec: Sequence[Field[T]], row: T) -> Json:
    return {f.key: f.value(row) for f in spec if f.key is not None}


def cells_of(spec: Sequence[Field[T]], row: T) -> tuple[str, ...]:
    return tuple(
        f.cell(row) if f.cell is not None else as_text(f.value(row))
        for f in spec
        if f.column is not None
    )


class Report(msgspec.Struct, frozen=True):
    """What a command answers: cells for the tabular formats, records for the JSON ones.

    `title` says what the answer is and what it rests on; `note` is a sentence for a person
    (an empty answer explained). Where each format puts them is the renderer's choice.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    records: list[Json] | Json  # one object for `show` and `verify`, else a list
    title: str = ""
    note: str = ""
    highlight: tuple[str, ...] = ()  # words to highlight and keep in view on a terminal


def tabulate(
    spec: Sequence[Field[T]], rows: Iterable[T], title: str = "", note: str = "", **extra: Any
) -> Report:
    """A Report whose cells and records both come from `spec`, row by row."""
    items = list(rows)
    return Report(
        columns=columns_of(spec),
        rows=tuple(cells_of(spec, r) for r in items),
        records=[record_of(spec, r) for r in items],
        title=title,
        note=note,
        **extra,
    )
