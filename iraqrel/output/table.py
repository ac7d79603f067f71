"""The terminal table: every word of every cell on screen, at any width from 60 columns up.

Columns get their natural width up to a cap, wrap only between words, and the growing
columns (quotes, summaries) share what is left. When the columns cannot all fit with
every word whole, the columns a report lets give way are left out, highest `drop` first
(who-allies' domains, which `show` has room for); when they still cannot, each row becomes
a stacked record of `header: value` lines instead (like `kubectl describe`). No cell is
ever cut.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from iraqrel.output.report import Column, Report
from iraqrel.output.safe import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from iraqrel.output.terminal import Terminal

STANCE_PALETTE = {
    "ally": "bold green",
    "partner": "green",
    "mixed": "yellow",
    "strained": "dark_orange",
    "adversary": "bold red",
}
MAX_CELL_WIDTH = 18  # a column that does not grow wraps (between words) beyond this width
GROW_MIN_WIDTH = 30  # a growing column narrower than this reads badly: stack the rows instead
QUOTE_CAP = 400  # a key-word cell longer than this is shortened around its key words
ELLIPSIS = "…"
# The most characters of one cell (or title) a table lays out: far above any real cell (the
# longest, a record's notes, is under 1,000), low enough that a 6 MB name cannot stall the
# layout (110 s). Plain, csv, markdown and JSON keep every character.
MAX_TABLE_CELL = 4000
_MARKED = re.compile(r"\[\[.+?\]\]", re.DOTALL)  # a quote marked in its paragraph
_TRAILING = re.compile(r" +((?:\x1b\[[0-9;]*m)*)$")  # Rich pads lines to the width: drop it


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _longest_word(text: str) -> int:
    return max((_cell_len(w) for w in text.split()), default=0)


def _longest_line(text: str) -> int:
    return max((_cell_len(line) for line in text.splitlines()), default=0)


def key_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """Whole words, any case; a trailing `*` makes a word a prefix."""
    parts = [
        re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w)
        for w in words
        if w.strip("*")
    ]
    return (
        re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE) if parts else None
    )


def shorten_around(text: str, keys: Sequence[str], limit: int) -> str:
    """`text` at most about `limit` long, keeping every key word and the words nearest them.

    Each cut is marked with "…". Key words are never cut, even when they alone exceed `limit`.
    """
    if len(text) <= limit:
        return text
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    pattern = key_pattern(keys)
    spans = [m.span() for m in pattern.finditer(text)] if pattern else []
    kept = {i for i, (a, b) in enumerate(words) if any(a < e and s < b for s, e in spans)}
    kept = kept or {0}
    for distance in range(1, len(words)):
        grown = False
        for i in sorted(kept):
            for j in (i - distance, i + distance):
                if (
                    0 <= j < len(words)
                    and j not in kept
                    and _joined_len(text, words, kept | {j}) <= limit
                ):
                    kept.add(j)
                    grown = True
        if not grown:
            break
    return _joined(text, words, kept)


def _joined(text: str, words: list[tuple[int, int]], kept: set[int]) -> str:
    out: list[str] = []
    for i, (a, b) in enumerate(words):
        if i in kept:
            out.append(text[a:b])
        elif not out or out[-1] != ELLIPSIS:
            out.append(ELLIPSIS)
    return " ".join(out)


def _joined_len(text: str, words: list[tuple[int, int]], kept: set[int]) -> int:
    return len(_joined(text, words, kept))


# --- cells -------------------------------------------------------------------------------


def bounded(text: str) -> str:
    """`text` cut at MAX_TABLE_CELL characters, where it is longer, with a mark that says so."""
    if len(text) <= MAX_TABLE_CELL:
        return text
    left = len(text) - MAX_TABLE_CELL
    return f"{text[:MAX_TABLE_CELL]}{ELLIPSIS} [{left:,} more characters: see --format plain]"


def _row_keys(report: Report, row: Sequence[str]) -> list[str]:
    """What a shortened quote must keep: the search words, what the row names, the stance."""
    own = [v for c, v in zip(report.columns, row, strict=True) if c.stance or c.names_row]
    return [*report.highlight, *(w for v in own for w in v.split())]


def _texts(report: Report, shown: list[int], color: bool) -> list[list[Text]]:
    from rich.text import Text

    pattern = key_pattern(report.highlight) if color else None
    rows = []
    for whole in report.cells():
        row = tuple(map(bounded, whole))
        keys = _row_keys(report, row)
        cells = []
        for i in shown:
            column, value = report.columns[i], row[i]
            if column.key_words:
                value = shorten_around(value, keys, QUOTE_CAP)
            if column.prefix and len(value) > column.prefix:
                value = value[: column.prefix] + ELLIPSIS
            text = Text(visible(value, newlines=True))
            if column.stance and value.split():  # the stance, its first word; not its marks
                first = value.split(maxsplit=1)[0]
                text.stylize(STANCE_PALETTE.get(first, ""), 0, len(first))
            if pattern is not None:
                text.highlight_regex(pattern, "bold reverse")
            if column.marked and color:
                text.highlight_regex(_MARKED, "bold reverse")
            cells.append(text)
        rows.append(cells)
    return rows


# --- layout --------------------------------------------------------------------------------


def column_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int
) -> list[int] | None:
    """Each column's width so that the table fits `width` with every word whole; None if none do.

    Fixed columns start at their natural width (capped) and give way, widest first, down to
    their longest word, until the growing columns have at least `GROW_MIN_WIDTH` each.
    """
    texts = [[c.header, *(r[i] for r in rows)] for i, c in enumerate(columns)]
    least = [max(map(_longest_word, t)) for t in texts]
    natural = [max(map(_longest_line, t)) for t in texts]
    growing = [i for i, c in enumerate(columns) if c.grow]
    need = {i: min(max(least[i], GROW_MIN_WIDTH), natural[i]) for i in growing}
    widths = [
        0 if c.grow else max(least[i], min(natural[i], MAX_CELL_WIDTH))
        for i, c in enumerate(columns)
    ]
    room = width - (3 * len(columns) + 1) - sum(need.values())
    while sum(widths) > room:
        widest = max(
            (i for i in range(len(columns)) if widths[i] > least[i]),
            key=widths.__getitem__,
            default=None,
        )
        if widest is None:
            return None
        widths[widest] -= 1
    spare = room - sum(widths)
    for n, i in enumerate(growing):
        share = need[i] + spare // (len(growing) - n)
        widths[i] = min(natural[i], share)
        spare -= widths[i] - need[i]
    return widths


def _fitted(
    columns: Sequence[Column], cells: list[list[Text]], width: int
) -> tuple[list[int], list[int] | None]:
    """The columns shown and their widths: every column if they fit, else without those that
    may give way, highest `drop` first; None for the widths when even those do not fit."""
    plain = [[t.plain for t in row] for row in cells]
    shown = list(range(len(columns)))
    while True:
        rows = [[row[i] for i in shown] for row in plain]
        widths = column_widths([columns[i] for i in shown], rows, width)
        droppable = [i for i in shown if columns[i].drop]
        if widths is not None or not droppable:
            return shown, widths
        shown.remove(max(droppable, key=lambda i: columns[i].drop))


def _console(terminal: Terminal) -> Console:
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=terminal.width,
        force_terminal=terminal.color,
        no_color=not terminal.color,
        color_system="auto" if terminal.color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )


def _grid(
    console: Console, columns: list[Column], widths: list[int], cells: list[list[Text]]
) -> None:
    from rich.table import Table

    growing = any(c.grow for c in columns)
    table = Table(show_lines=growing, expand=False)
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column.header, width=width, overflow="fold", no_wrap=False)
    for row in cells:
        table.add_row(*row)
    console.print(table)


def _stacked(console: Console, columns: list[Column], cells: list[list[Text]], gap: bool) -> None:
    """One record per row: `header: value` lines, values wrapped between words."""
    from rich.table import Table

    label = max(len(c.header) for c in columns) + 1
    for n, row in enumerate(cells):
        if n or gap:
            console.print()
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=label, style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for column, text in zip(columns, row, strict=True):
            if text.plain.strip():
                grid.add_row(f"{column.header}:", text)
        console.print(grid)


def to_table(report: Report, terminal: Terminal) -> str:
    """The report as a table on a terminal `terminal.width` wide, or as stacked records."""
    from rich.text import Text

    console = _console(terminal)
    for part in (report.title, report.note):
        if part:  # a Text, not a str: "[/x]" in a name or a query is not markup
            console.print(Text(visible(bounded(part), newlines=True)))
    every = list(range(len(report.columns)))
    cells = _texts(report, every, terminal.color) if every else []
    if cells:
        shown, widths = _fitted(report.columns, cells, terminal.width)
        columns = [report.columns[i] for i in shown]
        kept = [[row[i] for i in shown] for row in cells]
        if widths is None:
            _stacked(console, columns, kept, gap=bool(report.title or report.note))
        else:
            _grid(console, columns, widths, kept)
    text: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(_TRAILING.sub(r"\1", line) + "\n" for line in text.splitlines())
