"""Reports and their row specs: the neutral contract between views and renderers. No Rich here.

A view writes every word of an answer into a Report: its title, its note, and its lines,
each an item read through a spec of Fields. A renderer reads a line's cells (the tabular
formats) or its record (the JSON ones), only the one its format needs, as it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import msgspec

T = TypeVar("T")

Json = dict[str, Any]


class Column(msgspec.Struct, frozen=True):
    """One column of the tabular formats (table, plain, csv, markdown)."""

    header: str
    grow: bool = False  # in the table, this column wraps and takes the width that is left
    drop: int = 0  # the table leaves it out, highest first, when the columns cannot all fit
    stance: bool = False  # its cells begin with a stance name, colored by the renderer's palette
    key_words: bool = False  # the table may shorten this cell around the report's key words
    prefix: int = 0  # the table shows only this many leading characters (a hash), then "…"
    names_row: bool = False  # it names what the row is about: a shortened cell keeps its words
    marked: bool = False  # the table highlights what is marked [[thus]] in its cells


class Field(Generic[T]):
    """One item of a row spec: a column, a JSON field, or both, read from one row object.

    `header` and the Column options give the column, or `column` gives one outright (none:
    JSON only); `key` the JSON field (none: cells only), and `keys` the names inside its value
    when that is an object or a list of objects (`id`, `name`; deeper ones dotted). `value`
    is the JSON value, and the cell's text unless `cell` says otherwise (lists joined with
    ", ", None as ""). A column with neither is an empty cell.
    """

    __slots__ = ("cell", "column", "key", "keys", "value")

    def __init__(
        self,
        *,
        header: str | None = None,
        key: str | None = None,
        value: Callable[[T], Any] | None = None,
        cell: Callable[[T], str] | None = None,
        column: Column | None = None,
        keys: tuple[str, ...] = (),
        **options: Any,
    ) -> None:
        self.column = Column(header, **options) if header is not None else column
        self.key = key
        self.keys = keys
        self.value = value
        self.cell = cell


Spec = Sequence[Field[Any]]


def as_text(value: Any) -> str:
    """A JSON value as cell text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    return str(value)


def _text(field: Field[T], row: T) -> str:
    if field.cell is not None:
        return field.cell(row)
    return "" if field.value is None else as_text(field.value(row))


def names_of(spec: Spec) -> tuple[str, ...]:
    """Every field a row of `spec` has in JSON, a nested one by its dotted name, in order:
    the names `--fields` takes."""
    names = [
        name
        for f in spec
        if f.key is not None and f.value is not None
        for name in ([f"{f.key}.{k}" for k in f.keys] or [f.key])
    ]
    return tuple(dict.fromkeys(names))


def columns_of(spec: Spec) -> tuple[Column, ...]:
    return tuple(f.column for f in spec if f.column is not None)


def record_of(spec: Sequence[Field[T]], row: T) -> Json:
    return {f.key: f.value(row) for f in spec if f.key is not None and f.value is not None}


def cells_of(spec: Sequence[Field[T]], row: T) -> tuple[str, ...]:
    return tuple(_text(f, row) for f in spec if f.column is not None)


def aligned(spec: Spec, cells: dict[Field[Any], Callable[[T], str]]) -> tuple[Field[T], ...]:
    """A spec in the columns of `spec`, with no JSON: for some of its fields (by identity) a
    cell of another kind of row, the other cells empty. A source's segments are written in
    the source's columns this way, and a mention in the columns of a timeline."""
    return tuple(Field(column=f.column, cell=cells.get(f)) for f in spec if f.column is not None)


Line = tuple[Spec, Any]  # one row of a report: a spec and the item it reads


def lines(spec: Sequence[Field[T]], items: Iterable[T]) -> Iterator[Line]:
    return ((spec, item) for item in items)


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """A list answer: in the tabular formats its lines' cells, in JSON an array of records.

    `title` says what the answer is and what it rests on; `note` is a sentence for a person
    (an empty answer explained). Where each format puts them is the renderer's choice.
    `names` are the fields its rows have in JSON (`names_of` their spec), and `fields` those
    that plain, csv and markdown write by default, in order.
    """

    columns: tuple[Column, ...]
    lines: Sequence[Line] | Iterator[Line]  # an iterator only when `streamed`
    title: str = ""
    note: str = ""
    names: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    highlight: tuple[str, ...] = ()  # words to highlight and keep in view on a terminal
    streamed: bool = False  # lines arrive as they are read (`resolve -`): write each at once

    one_object: ClassVar[bool] = False  # its JSON is one object, not an array

    def cells(self) -> Iterator[tuple[str, ...]]:
        return (cells_of(spec, item) for spec, item in self.lines)

    def rows(self) -> Iterator[Json]:
        """Each line's record; a line whose spec has no JSON field has none (a source's
        segment: its JSON is inside its source's record)."""
        for spec, item in self.lines:
            if any(f.key is not None for f in spec):
                yield record_of(spec, item)

    def records(self) -> Iterator[Json]:
        """What the JSON formats write: its rows."""
        return self.rows()

    def with_rows(self, rows: Iterable[Json]) -> Json | None:
        """The one JSON object of a Document with these rows instead; None for a list answer."""
        return None


class Document(Report, kw_only=True):
    """An answer about one object (`show`, `verify`): its JSON is that one object, and its
    lines are the table of its parts."""

    record: Json
    rows_key: str = ""  # the key of `record` that holds its rows' records
    one_object: ClassVar[bool] = True

    def records(self) -> Iterator[Json]:
        yield self.record

    def with_rows(self, rows: Iterable[Json]) -> Json | None:
        return {**self.record, self.rows_key: list(rows)}


def tabulate(spec: Sequence[Field[T]], rows: Iterable[T], **report: Any) -> Report:
    """A Report whose lines are `rows`, each read through `spec`, with the spec's names."""
    return Report(
        columns=columns_of(spec), lines=tuple(lines(spec, rows)), names=names_of(spec), **report
    )
