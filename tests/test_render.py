"""The renderers, one Report at a time: what each format writes, where, and what it keeps."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

from iraqrel.output.render import RENDERERS, aside, chunks
from iraqrel.output.report import Document, Field, Report, lines, tabulate
from iraqrel.output.table import MAX_TABLE_CELL, QUOTE_CAP
from iraqrel.output.terminal import OutputFormat, Terminal

LONG_WORDS = [f"word{i:03d}" for i in range(90)]  # 719 characters, well over QUOTE_CAP
LONG = " ".join(LONG_WORDS)
SPEC = (
    Field(header="name", key="name", value=lambda r: r["name"]),
    Field(header="stance", value=lambda r: r["stance"], stance=True),
    Field(header="hidden", value=lambda r: r["hidden"], drop=1),
    Field(header="quote", value=lambda r: r["quote"], grow=True, key_words=True),
    Field(header="summary", value=lambda r: r["summary"], grow=True),
    Field(key="n", value=lambda r: r["n"]),
)
ITEMS = (
    {"name": "Oman", "stance": "ally", "hidden": "secret-1", "quote": "short | piped",
     "summary": LONG, "n": 1},
    {"name": "Peru", "stance": "adversary", "hidden": "secret-2", "quote": LONG,
     "summary": "tab\there\nand a new line", "n": 2},
)  # fmt: skip
ROWS = [tuple(item[k] for k in ("name", "stance", "hidden", "quote", "summary")) for item in ITEMS]
RECORDS = [{"name": "Oman", "n": 1}, {"name": "Peru", "n": 2}]
REPORT = tabulate(SPEC, ITEMS, title="The title line", note="The note line")
WIDE = Terminal(stdout=None, width=200)
STANCE_PALETTE_CODES = {"ally": "1;32"}  # "bold green" in ANSI


def render(report: Report, fmt: OutputFormat, terminal: Terminal = WIDE) -> tuple[str, str]:
    """What `fmt` writes for `report`: its chunks joined (stdout), and its aside (stderr)."""
    return "".join(chunks(report, fmt, terminal)), aside(report, fmt, terminal)


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
def test_plain_and_csv_put_the_note_on_err_and_the_title_only_for_a_terminal(fmt):
    """As gh does: off a terminal no title, so none interleaves with data piped to a screen."""
    out, err = render(REPORT, fmt, WIDE)
    assert err == "The note line\n"
    assert "title line" not in out and "note line" not in out
    at_a_terminal = render(REPORT, fmt, Terminal(stdout=None, width=200, is_tty=True))
    assert at_a_terminal == (out, "The title line\nThe note line\n")


@pytest.mark.parametrize("fmt", [OutputFormat.json, OutputFormat.jsonl])
def test_json_formats_put_only_the_note_on_err(fmt):
    out, err = render(REPORT, fmt, WIDE)
    assert err == "The note line\n"
    assert "title line" not in out and "note line" not in out


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_no_title_and_no_note_leave_err_empty(fmt):
    out, err = render(tabulate(SPEC, ITEMS), fmt)
    assert err == "" and "Oman" in out


def _lines_then_a_failure() -> Iterator[tuple]:
    yield from lines(SPEC, ITEMS[:1])
    raise RuntimeError("the second line is never read before the first is written")


@pytest.mark.parametrize("fmt", [f for f in OutputFormat if f is not OutputFormat.table])
def test_every_format_but_the_table_writes_a_line_before_reading_the_next(fmt):
    """A generator of chunks: what a stream has sent is written before more is read."""
    streamed = Report(columns=REPORT.columns, lines=_lines_then_a_failure(), streamed=True)
    written = []
    with pytest.raises(RuntimeError):
        written.extend(chunks(streamed, fmt, WIDE))
    assert "Oman" in "".join(written)


def test_every_format_has_a_renderer():
    assert set(RENDERERS) == set(OutputFormat)


# --- JSON ------------------------------------------------------------------------------------


def test_json_is_the_records_exactly():
    out, _ = render(REPORT, OutputFormat.json)
    assert json.loads(out) == RECORDS
    assert out == json.dumps(RECORDS, indent=2) + "\n"  # laid out as Python's json does


def test_jsonl_is_one_record_a_line_and_one_line_for_one_object():
    out, _ = render(REPORT, OutputFormat.jsonl)
    assert [json.loads(line) for line in out.splitlines()] == RECORDS
    single = Document(columns=REPORT.columns, lines=(), record={"ok": True})
    assert render(single, OutputFormat.jsonl)[0] == '{"ok": true}\n'
    assert render(single, OutputFormat.json)[0] == '{\n  "ok": true\n}\n'


@pytest.mark.parametrize("fmt", [OutputFormat.json, OutputFormat.jsonl])
def test_json_escapes_non_ascii_only_when_asked(fmt):
    report = Document(columns=(), lines=(), record={"name": "عُمان"})
    assert "عُمان" in render(report, fmt)[0]
    escaped = render(report, fmt, Terminal(stdout=None, encoding="ascii"))[0]
    assert escaped.isascii() and json.loads(escaped) == {"name": "عُمان"}


# --- plain and csv: every column, nothing shortened -----------------------------------------


def test_plain_is_one_tab_separated_line_a_row_with_every_column():
    written = render(REPORT, OutputFormat.plain)[0].splitlines()
    assert len(written) == len(ROWS)
    first, second = (line.split("\t") for line in written)
    assert first == list(ROWS[0])  # the column a table may drop too, the long cell whole
    assert second[-1] == "tab here and a new line"  # tabs and new lines inside a cell flattened


def test_csv_has_a_header_and_every_cell_whole():
    rows = list(csv.reader(io.StringIO(render(REPORT, OutputFormat.csv)[0])))
    assert rows[0] == [c.header for c in REPORT.columns]  # "hidden" is in the csv
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
    out = render(REPORT, OutputFormat.markdown)[0]
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(ROWS)  # header, rule, rows
    assert all(len(_markdown_cells(line)) == len(REPORT.columns) for line in table)
    assert _markdown_cells(table[2])[3] == "short \\| piped"
    assert _markdown_cells(table[3])[4] == "tab here and a new line"


def test_markdown_keeps_every_column_and_every_word():
    out = render(REPORT, OutputFormat.markdown)[0]
    assert "secret-1" in out and all(word in out for word in LONG_WORDS)


# --- table -----------------------------------------------------------------------------------


def _table(report: Report, terminal: Terminal = WIDE) -> str:
    return render(report, OutputFormat.table, terminal)[0]


def _one_column(text: str, **column: object) -> Report:
    return tabulate((Field(header="quote", value=lambda t: t, **column),), (text,))


def test_table_drops_a_column_that_may_give_way_only_when_the_columns_do_not_fit():
    assert "secret-1" in _table(REPORT)  # 200 columns: room for all
    narrow = _table(REPORT, Terminal(stdout=None, width=92))
    assert "hidden" not in narrow and "secret-1" not in narrow and "secret-2" not in narrow
    assert "┃ name" in narrow and "stance" in narrow and "Peru" in narrow  # still a table
    fixed = (*SPEC[:2], Field(header="hidden", value=lambda r: r["hidden"]), *SPEC[3:])
    assert "┃" not in _table(tabulate(fixed, ITEMS), Terminal(stdout=None, width=92))


def test_table_keeps_every_word_of_a_long_cell_that_is_not_a_key_word_cell():
    out = _table(REPORT)
    assert all(word in out for word in LONG_WORDS)


def test_table_shortens_a_long_key_word_cell_and_marks_it():
    out = _table(_one_column(LONG, grow=True, key_words=True))
    assert len(LONG) > QUOTE_CAP
    assert "…" in out
    assert sum(word in out for word in LONG_WORDS) < len(LONG_WORDS)


def test_table_leaves_a_short_key_word_cell_whole():
    short = " ".join(LONG_WORDS[:5])
    out = _table(_one_column(short, key_words=True, grow=True))
    assert "…" not in out and all(word in out for word in LONG_WORDS[:5])


def test_a_shortened_cell_keeps_the_words_of_the_column_that_names_the_row():
    spec = (
        Field(header="who", value=lambda r: r[0], names_row=True),
        Field(header="quote", value=lambda r: r[1], grow=True, key_words=True),
    )
    quote = " ".join([*LONG_WORDS[:60], "Zanzibar", *LONG_WORDS[60:]])
    out = _table(tabulate(spec, [("Zanzibar", quote)]))
    assert out.count("Zanzibar") == 2  # its own cell, and kept in the shortened quote
    plain = _table(tabulate((Field(header="who", value=lambda r: r[0]), spec[1]), [("Z", quote)]))
    assert "Zanzibar" not in plain


def test_table_colors_stance_cells_by_the_palette_only_with_color():
    colored = Terminal(stdout=None, color=True, width=200)
    stance = tabulate((Field(header="stance", value=lambda s: s, stance=True),), ("ally",))
    words = tabulate((Field(header="stance", value=lambda s: s),), ("ally",))
    ally = f"\x1b[{STANCE_PALETTE_CODES['ally']}mally"
    assert ally in _table(stance, colored)
    assert ally not in _table(words, colored)
    assert "\x1b[" not in _table(stance)


# --- a huge cell: the table lays out a bounded part of it, the other formats all of it ----

HUGE_WORDS = [f"w{i:06d}" for i in range(30_000)]  # 239,999 characters in one cell
HUGE = " ".join(HUGE_WORDS)


def _unboxed(table: str) -> str:
    """The table's text with its box drawing gone and its lines joined, words kept apart."""
    box = "│┃║┌┐└┘├┤┬┴┼─━╭╮╰╯┏┓┗┛┡┩╇━"
    return " ".join(table.translate(str.maketrans(box, " " * len(box))).split())


@pytest.mark.parametrize("column", [{"grow": True}, {"names_row": True}, {}])
def test_a_table_lays_out_a_bounded_part_of_a_huge_cell_and_marks_the_cut(column):
    """A 6 MB name took 110 s to lay out; the table shows its start and says how much is left."""
    out = _unboxed(_table(_one_column(HUGE, **column)))
    left = len(HUGE) - MAX_TABLE_CELL
    assert f"… [{left:,} more characters: see --format plain]" in out
    assert HUGE_WORDS[0] in out and HUGE_WORDS[-1] not in out
    assert len(out) < 2 * MAX_TABLE_CELL


def test_a_table_bounds_a_huge_title_the_same_way():
    report = tabulate(SPEC, ITEMS[:1], title=HUGE)
    out = _unboxed(_table(report))
    assert f"[{len(HUGE) - MAX_TABLE_CELL:,} more characters: see --format plain]" in out


@pytest.mark.parametrize(
    "fmt", [OutputFormat.plain, OutputFormat.csv, OutputFormat.markdown, OutputFormat.json]
)
def test_every_other_format_keeps_a_huge_cell_whole(fmt):
    report = tabulate((Field(header="quote", key="quote", value=lambda t: t),), (HUGE,), title="t")
    out, _ = render(report, fmt)
    assert HUGE in out and "more characters" not in out


# --- output that cannot inject (issue 21) --------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "-cmd", "=1"]
NUMBERS = ["-2", "+1", "-1.5", "96", "0"]


def _csv_cells(values: list[str]) -> list[str]:
    report = tabulate((Field(header="cell", value=lambda v: v),), values)
    out, _ = render(report, OutputFormat.csv)
    return [row[0] for row in csv.reader(io.StringIO(out))][1:]


def test_csv_cells_that_would_start_a_formula_are_text():
    """OWASP: a cell starting with = + - @ (or tab, carriage return) gets a leading quote."""
    assert _csv_cells(FORMULAS) == ["'" + f for f in FORMULAS]


def test_csv_numbers_are_left_as_they_are():
    assert _csv_cells(NUMBERS) == NUMBERS


def test_csv_tab_and_carriage_return_at_the_start_are_escapes_not_formulas():
    assert _csv_cells(["\t=1", "\r=1"]) == ["\\x09=1", "\\x0d=1"]


@pytest.mark.parametrize("fmt", [OutputFormat.json, OutputFormat.jsonl, OutputFormat.plain])
def test_only_csv_marks_formulas(fmt):
    report = tabulate((Field(header="cell", key="cell", value=lambda v: v),), FORMULAS)
    out, _ = render(report, fmt)
    assert all(f.replace('"', '\\"') in out or f in out for f in FORMULAS)
    assert "'=" not in out and "'+" not in out


HTML = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "a & b", "x > y"]


def test_markdown_shows_html_as_text_in_cells_title_and_note():
    report = tabulate((Field(header="cell", value=lambda v: v),), HTML, title=HTML[0], note=HTML[1])
    out, _ = render(report, OutputFormat.markdown)
    assert "<" not in out and ">" not in out
    for escaped in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;"):
        assert out.count(escaped) == 2  # a cell, and the title or the note
    assert "| a &amp; b |" in out and "| x &gt; y |" in out


INVISIBLE = {
    "\u200e": "\\u200e",  # LRM
    "\u200f": "\\u200f",  # RLM
    "\u061c": "\\u061c",  # ALM
    "\u200b": "\\u200b",  # ZWSP
    "\ufeff": "\\ufeff",  # BOM
    "\u2060": "\\u2060",  # word joiner
    "\u00ad": "\\xad",  # soft hyphen
    "\u3164": "\\u3164",  # Hangul filler
    "\u2028": "\\u2028",  # line separator
    "\U000e0041": "\\U000e0041",  # a tag character
}
ARABIC = ["عمّان", "عُمان", "می\u200cخواهم", "👨\u200d👩\u200d👧"]  # a shadda, a damma, ZWNJ, ZWJ


@pytest.mark.parametrize(
    "fmt", [OutputFormat.table, OutputFormat.plain, OutputFormat.csv, OutputFormat.markdown]
)
def test_invisible_characters_are_shown_and_arabic_marks_and_joiners_kept(fmt):
    names = [f"Li{c}bya" for c in INVISIBLE] + ARABIC
    report = tabulate((Field(header="name", value=lambda v: v),), names)
    out, _ = render(report, fmt)
    for char, escape in INVISIBLE.items():
        one_line_a_row = char == "\u2028" and fmt in (OutputFormat.plain, OutputFormat.markdown)
        shown = " " if one_line_a_row else escape  # a line break in a cell, like a newline
        assert char not in out and f"Li{shown}bya" in out
    assert all(word in out for word in ARABIC)
