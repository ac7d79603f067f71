"""JSON values as flat text columns: one rule for `--fields` and for any export.

A nested object's values get dotted names (`entity.name`, `from.quote.start`). A list's
items are flattened alike and, name by name, their texts joined with LIST_JOIN, so a list of
objects becomes parallel columns (`evidence.quote`, `evidence.start`), item n of one beside
item n of the other. null is the empty text, true and false are `true` and `false`.
"""

from __future__ import annotations

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


def flatten(value: Any, name: str = "") -> dict[str, str]:
    """`value` as {dotted name: text}, lists joined item by item with LIST_JOIN.

    An empty list or a null object yields its own name with the empty text; the names under
    it are then absent, and read as empty.
    """
    if isinstance(value, dict):
        flat: dict[str, str] = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{name}.{key}" if name else key))
        return flat
    if isinstance(value, list):
        items = [flatten(item, name) for item in value]
        names = dict.fromkeys(n for item in items for n in item)
        if not names:
            return {name: ""}
        return {n: LIST_JOIN.join(item.get(n, "") for item in items) for n in names}
    return {name: scalar_text(value)}
