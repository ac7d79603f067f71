"""JSON values as flat columns: one naming rule for `--fields` and for the exports.

A nested object's values get dotted names (`entity.name`, `from.quote.start`). A list's
items are flattened alike and, name by name, their texts joined with LIST_JOIN, so a list of
objects becomes parallel columns (`evidence.quote`, `evidence.start`), item n of one beside
item n of the other. null is the empty text, true and false are `true` and `false`.
`dotted` is the walk both share; `export` gives it its own rule for a list's values
(iraqrel/export/rows.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# No text of the dataset contains it (a test checks), so a joined cell splits back exactly.
LIST_JOIN = " | "


def scalar_text(value: Any) -> str:
    """A JSON scalar as text: null empty, booleans as JSON writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def dotted(
    record: dict[str, Any], prefix: str, leaf: Callable[[Any, str], dict[str, Any]]
) -> dict[str, Any]:
    """A JSON object's values under dotted names (`entity.name`, `codes.cown`): a nested
    object is walked alike, anything else is `leaf(value, its name)`."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}.{key}" if prefix else key
        flat.update(dotted(value, name, leaf) if isinstance(value, dict) else leaf(value, name))
    return flat


def flatten(value: Any, name: str = "") -> dict[str, str]:
    """`value` as {dotted name: text}, lists joined item by item with LIST_JOIN.

    An empty list or a null object yields its own name with the empty text; the names under
    it are then absent, and read as empty.
    """
    if isinstance(value, dict):
        return dotted(value, name, flatten)
    if isinstance(value, list):
        items = [flatten(item, name) for item in value]
        names = dict.fromkeys(n for item in items for n in item)
        if not names:
            return {name: ""}
        return {n: LIST_JOIN.join(item.get(n, "") for item in items) for n in names}
    return {name: scalar_text(value)}
