"""The differences between two datasets as a Report (`diff`), and what `add` merged, the same
way: one row a difference, by record id and field. Its markdown is the body of a CHANGELOG
entry for a new data version.
"""

from __future__ import annotations

import json
from typing import Any

from iraqrel.output.report import Field, Report, tabulate
from iraqrel.queries.diff import DatasetDiff, Difference, counts

_PLURALS = {
    "dataset": "dataset field",
    "source": "source",
    "entity": "entity",
    "actor": "actor",
    "relationship": "relationship",
    "mention": "mention",
    "quote": "quote",
}


def _value_text(value: Any) -> str:
    """A field's value in a cell: text as is, lists joined, anything else as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return json.dumps(value, ensure_ascii=False)


def _record_text(row: Difference, record: Any) -> str:
    """A whole record added or removed, in one line."""
    if record is None:
        return ""
    fields = record if isinstance(record, dict) else {}
    if row.kind == "relationship":
        return (
            f"{fields['entity']}/{fields['actor']} in {fields['segment']}: {fields['stance']}, "
            f"{fields['period']} ({', '.join(fields['rules'])}). {fields['summary']}"
        )
    if row.kind == "quote":
        return f"“{fields['quote']}” [{fields['source']} {fields['start']}-{fields['end']}]"
    if row.kind == "mention":
        return f"{fields['name']}: {fields['reason']}"
    if row.kind == "source":
        return f"{fields['title']} ({fields['file']})"
    return str(fields.get("name", ""))


def _cell(row: Difference, value: Any) -> str:
    return _value_text(value) if row.field else _record_text(row, value)


DIFFERENCE_ROW: tuple[Field[Difference], ...] = (
    Field(header="change", key="change", value=lambda d: d.change),
    Field(header="kind", key="kind", value=lambda d: d.kind),
    Field(header="id", key="id", value=lambda d: d.id, names_row=True),
    Field(header="counterpart", key="entity", value=lambda d: d.entity),
    Field(header="actor", key="actor", value=lambda d: d.actor),
    Field(header="field", key="field", value=lambda d: d.field),
    Field(
        header="old", key="old", value=lambda d: d.old, cell=lambda d: _cell(d, d.old), grow=True
    ),
    Field(
        header="new", key="new", value=lambda d: d.new, cell=lambda d: _cell(d, d.new), grow=True
    ),
)


def tally(diff: DatasetDiff) -> str:
    """ "2 relationships added, 1 relationship changed": the rows counted by change and kind."""
    found = counts(diff.rows)
    changed_records = {}
    for row in diff.rows:
        if row.change == "changed":
            changed_records.setdefault(row.kind, set()).add(row.id)
    parts = []
    for change in ("added", "removed", "changed"):
        for kind, noun in _PLURALS.items():
            n = (
                len(changed_records.get(kind, ()))
                if change == "changed"
                else found.get((change, kind), 0)
            )
            if n:
                parts.append(f"{n} {noun}{'' if n == 1 else 's'} {change}")
    return ", ".join(parts) or "no record differs"


def diff(result: DatasetDiff) -> Report:
    """Every difference, by record id and field, under a line that counts them."""
    old, new = result.old, result.new
    title = (
        f"From data {old.data_version} ({old.path!r}) to {new.data_version} ({new.path!r}): "
        f"{tally(result)}"
    )
    note = "" if result.rows else "The two datasets hold the same records, field for field."
    return tabulate(DIFFERENCE_ROW, result.rows, title=title, note=note)


def added(result: DatasetDiff, *, written: bool) -> Report:
    """What `add` merged into the dataset (or, on a dry run, would merge), said in its note."""
    done = "merged into" if written else "dry run, nothing written: would merge into"
    note = f"{done} {result.new.path!r}: {tally(result)}; the merged dataset passes verify"
    return tabulate(DIFFERENCE_ROW, result.rows, note=note)
