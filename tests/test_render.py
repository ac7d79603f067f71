"""The renderers, one Report at a time: what each format writes, where, and what it keeps."""

from __future__ import annotations

import csv
import io
import json

import pytest

from iraqrel.output.render import (
    FORMATTERS,
    OutputFormat,
    Rendered,
    Style,
    render,
    to_csv,
    to_json,
    to_jsonl,
    to_markdown,
    to_plain,
    to_table,
)
from iraqrel.output.report import Column, Report
from iraqrel.output.table import QUOTE_CAP

LONG_WORDS = [f"word{i:03d}" for i in range(90)]  # 719 characters, well over QUOTE_CAP
LONG = " ".join(LONG_WORDS)
COLUMNS = (
    Column("name"),
    Column("stance", stance=True),
    Column("hidden", in_table=False),
    Column("quote", grow=True, key_words=True),
    Column("summary", grow=True),
)
ROWS = (
    ("Oman", "ally", "secret-1", "short | piped", LONG),
    ("Peru", "adversary", "secret-2", LONG, "tab\there\nand a new line"),
)
RECORDS = [{"name": "Oman", "n": 1}, {"name": "Peru", "n": 2}]
REPORT = Report(COLUMNS, ROWS, RECORDS, title="The title line", note="The note line")
WIDE = Style(width=200)
STANCE_PALETTE_CODES = {"ally": "1;32"}  # "bold green" in ANSI


def _only(text: str, needle: str) -> None:
    assert text.count(needle) == 1, (needle, text)


# --- where each format puts the title and the note -----------------------------------------


@pytest.mark.parametrize("fmt", [OutputFormat.table, OutputFormat.markdown])
def test_table_and_markdown_put_title_and_note_in_the_text(fmt):
    out, err = render(REPORT, fmt, WIDE)
    assert err == ""
    _only(out, "The title line")
    _only(out, "The note line")
    assert out.index("The title line") < out.index("The note line") < out.index("Oman")


@pytest.mark.parametrize("fmt", [OutputFormat.plain, OutputFormat.csv])
def test_plain_and_csv_put_title_and_note_on_err(fmt):
    out, err = render(REPORT, fmt, WIDE)
    assert err == "The title line\nThe note line\n"
    assert "title line" not in out and "note line" not in out


@pytest.mark.parametrize("fmt", [OutputFormat.json, OutputFormat.jsonl])
def test_json_formats_put_only_the_note_on_err(fmt):
    out, err = render(REPORT, fmt, WIDE)
    assert err == "The note line\n"
    assert "title line" not in out and "note line" not in out


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_no_title_and_no_note_leave_err_empty(fmt):
    out, err = render(Report(COLUMNS, ROWS, RECORDS), fmt, WIDE)
    assert err == "" and "Oman" in out


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_render_uses_the_formatter_of_the_format(fmt):
    assert render(REPORT, fmt, WIDE) == FORMATTERS[fmt](REPORT, WIDE)
    assert isinstance(render(REPORT, fmt, WIDE), Rendered)


# --- JSON ------------------------------------------------------------------------------------


def test_json_is_the_records_exactly():
    assert json.loads(to_json(REPORT, WIDE).out) == RECORDS


def test_jsonl_is_one_record_a_line_and_one_line_for_one_object():
    lines = to_jsonl(REPORT, WIDE).out.splitlines()
    assert [json.loads(line) for line in lines] == RECORDS
    single = Report(COLUMNS, (), {"ok": True})
    assert to_jsonl(single, WIDE).out == '{"ok": true}\n'


@pytest.mark.parametrize("renderer", [to_json, to_jsonl])
def test_json_escapes_non_ascii_only_when_asked(renderer):
    report = Report(COLUMNS, (), {"name": "عُمان"})
    assert "عُمان" in renderer(report, Style()).out
    escaped = renderer(report, Style(ascii_only=True)).out
    assert escaped.isascii() and json.loads(escaped) == {"name": "عُمان"}


# --- plain and csv: every column, nothing shortened -----------------------------------------


def test_plain_is_one_tab_separated_line_a_row_with_every_column():
    lines = to_plain(REPORT, WIDE).out.splitlines()
    assert len(lines) == len(ROWS)
    first, second = (line.split("\t") for line in lines)
    assert first == list(ROWS[0])  # the in_table=False column too, the long cell whole
    assert second[-1] == "tab here and a new line"  # tabs and new lines inside a cell flattened


def test_csv_has_a_header_and_every_cell_whole():
    rows = list(csv.reader(io.StringIO(to_csv(REPORT, WIDE).out)))
    assert rows[0] == [c.header for c in COLUMNS]  # "hidden" is in the csv
    assert tuple(rows[1]) == ROWS[0]  # quoting round-trips "|" and the long cell whole
    assert tuple(rows[2][:4]) == ROWS[1][:4]
    control = rows[2][4]  # a new line stays, a tab is made visible (no control characters)
    assert "\n" in control and "\t" not in control and control.startswith("tab")


# --- markdown --------------------------------------------------------------------------------


def _markdown_cells(line: str) -> list[str]:
    """Split a markdown row on unescaped pipes."""
    cells, cell, chars = [], "", iter(line.strip()[1:-1])
    for ch in chars:
        if ch == "\\":
            cell += ch + next(chars)
        elif ch == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    return [*cells, cell.strip()]


def test_markdown_escapes_pipes_so_every_row_has_every_column():
    out = to_markdown(REPORT, WIDE).out
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(ROWS)  # header, rule, rows
    assert all(len(_markdown_cells(line)) == len(COLUMNS) for line in table)
    assert _markdown_cells(table[2])[3] == "short \\| piped"
    assert _markdown_cells(table[3])[4] == "tab here and a new line"


def test_markdown_keeps_every_column_and_every_word():
    out = to_markdown(REPORT, WIDE).out
    assert "secret-1" in out and all(word in out for word in LONG_WORDS)


# --- table -----------------------------------------------------------------------------------


def test_table_leaves_out_columns_not_in_table():
    out = to_table(REPORT, WIDE).out
    assert "hidden" not in out and "secret-1" not in out and "secret-2" not in out
    assert "name" in out and "stance" in out and "Peru" in out


def test_table_keeps_every_word_of_a_long_cell_that_is_not_a_key_word_cell():
    out = to_table(REPORT, WIDE).out
    assert all(word in out for word in LONG_WORDS)


def test_table_shortens_a_long_key_word_cell_and_marks_it():
    only_quote = Report((Column("quote", grow=True, key_words=True),), ((LONG,),), [])
    out = to_table(only_quote, WIDE).out
    assert len(LONG) > QUOTE_CAP
    assert "…" in out
    assert sum(word in out for word in LONG_WORDS) < len(LONG_WORDS)


def test_table_leaves_a_short_key_word_cell_whole():
    short = " ".join(LONG_WORDS[:5])
    out = to_table(Report((Column("quote", key_words=True, grow=True),), ((short,),), []), WIDE)
    assert "…" not in out.out and all(word in out.out for word in LONG_WORDS[:5])


def test_table_colors_stance_cells_by_the_palette_only_with_color():
    colored = Style(color=True, width=200)
    stance = Report((Column("stance", stance=True),), (("ally",),), [])
    words = Report((Column("stance"),), (("ally",),), [])
    ally = f"\x1b[{STANCE_PALETTE_CODES['ally']}mally"
    assert ally in to_table(stance, colored).out
    assert ally not in to_table(words, colored).out
    assert "\x1b[" not in to_table(stance, WIDE).out
