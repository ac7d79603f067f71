"""A report narrowed to named fields: `--fields`, and the fixed columns of plain, csv, markdown.

Fields are JSON keys, a nested one by its dotted name (`entity.name`); a name that has
others under it stands for all of them (`entity`). The tabular formats get one column per
field, its text flattened by `flat.flatten`; the JSON formats get each row with only those
keys, nested as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

import msgspec

from iraqrel.errors import UsageError
from iraqrel.flat import flatten
from iraqrel.output.report import Field, Json, Line, Report, columns_of, record_of

# A field whose longest text is longer than this wraps in a growing column of the table.
LONG_TEXT = 36


class _Row(NamedTuple):
    """A row's JSON record and its flattened text, read once."""

    record: Json
    flat: dict[str, str]


def parse_fields(text: str) -> tuple[str, ...]:
    """`a,b, c` as field names; none at all is a usage error."""
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    if not names:
        raise UsageError("--fields needs field names, comma-separated, e.g. entity.name,stance")
    return names


def fields_help(names: Sequence[str]) -> str:
    """The sentence `--help` ends with: every field --fields takes."""
    return f"Fields (--fields): {', '.join(names)}."


def leaves(wanted: Sequence[str], names: Sequence[str]) -> tuple[str, ...]:
    """Each wanted name as the fields it stands for, in the order asked; an unknown name is
    a usage error that lists the fields there are."""
    found: list[str] = []
    for name in wanted:
        under = [n for n in names if n == name or n.startswith(name + ".")]
        if not under:
            raise UsageError(
                f"--fields: no field {name!r} here; the fields are: {', '.join(names)}"
            )
        found += under
    return tuple(dict.fromkeys(found))


def _narrowed(value: Any, paths: tuple[str, ...]) -> Any:
    """`value` with only the keys `paths` name (dotted, relative to it), in their order; all
    of it if none."""
    if not paths or value is None:
        return value
    if isinstance(value, list):
        return [_narrowed(item, paths) for item in value]
    heads = dict.fromkeys(p.partition(".")[0] for p in paths)
    return {
        head: _narrowed(value.get(head), _under(head, paths)) for head in heads if head in value
    }


def _under(top: str, fields: tuple[str, ...]) -> tuple[str, ...]:
    """The paths below `top` that `fields` name, in order; none when `top` itself is one."""
    if top in fields:
        return ()
    return tuple(f.partition(".")[2] for f in fields if f.startswith(top + "."))


def _spec(fields: tuple[str, ...], long: set[str]) -> tuple[Field[_Row], ...]:
    """One column per field, then one JSON key per top-level key, narrowed to the fields."""
    tops = dict.fromkeys(f.partition(".")[0] for f in fields)
    columns = (
        Field(header=name, cell=lambda r, n=name: r.flat.get(n, ""), grow=name in long)
        for name in fields
    )
    keys = (_key(top, _under(top, fields)) for top in tops)
    return (*columns, *keys)


def _key(top: str, under: tuple[str, ...]) -> Field[_Row]:
    """The JSON key `top` of a row, narrowed to the paths `under` it."""
    return Field(key=top, value=lambda r: _narrowed(r.record.get(top), under))


def _lines(spec: tuple[Field[_Row], ...], rows: Iterable[Json]) -> Iterator[Line]:
    return ((spec, _Row(record, flatten(record))) for record in rows)


def select(report: Report, wanted: Sequence[str]) -> Report:
    """`report` with only the fields `wanted`, in that order, in every format."""
    fields = leaves(wanted, report.names)
    if report.streamed:
        spec = _spec(fields, set())
        return msgspec.structs.replace(
            report, columns=columns_of(spec), lines=_lines(spec, report.rows())
        )
    rows = [_Row(record, flatten(record)) for record in report.rows()]
    long = {n for n in fields if any(len(r.flat.get(n, "")) > LONG_TEXT for r in rows)}
    spec = _spec(fields, long)
    selected: dict[str, Any] = {"columns": columns_of(spec), "lines": [(spec, r) for r in rows]}
    whole = report.with_rows(record_of(spec, r) for r in rows)
    if whole is not None:
        selected["record"] = whole
    return msgspec.structs.replace(report, **selected)
