"""No table loses a word at any width from 60 columns up, in CliRunner and in real terminals."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid

import pytest
from conftest import EXE

from iraqrel.output.report import Column
from iraqrel.output.table import column_widths, shorten_around

WIDTHS = [60, 80, 120, 200]
BOX = "│┃┆║"


def _quotes(run_json, *command: str) -> list[str]:
    """Every quote the command's answer shows, from its JSON."""
    data = run_json(*command)
    if command[0] == "show":
        return [q["quote"] for r in data["relationships"] for q in r["evidence"]]
    if command[0] == "search":
        return [r["quote"] for r in data]
    if command[0] == "changes":
        return [side["quote"]["quote"] for r in data for side in (r["from"], r["to"])]
    return [r["evidence"][0]["quote"] for r in data]


def _tokens(screen: str) -> set[str]:
    return {t.strip(BOX + "“”") for t in screen.split()} - {""}


def cell_len(text: str) -> int:
    from rich.cells import cell_len as measure

    return measure(text)


def _assert_whole(screen: str, quotes: list[str], width: int) -> None:
    assert quotes
    for line in screen.splitlines():
        assert cell_len(line) <= width, f"{cell_len(line)} > {width}: {line!r}"
    shown = _tokens(screen)
    for quote in quotes:
        missing = [w for w in quote.split() if w.strip("“”") not in shown]
        assert not missing, f"{missing} of {quote!r} not on a {width}-column screen"


COMMANDS = [["who-allies"], ["show", "usa"], ["changes"], ["search", "Baghdad"]]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_every_quote_word_fits_at_every_width(run, run_json, command, width):
    result = run(*command, "--format", "table", env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    _assert_whole(result.stdout, _quotes(run_json, *command), width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", [["list"], ["sources"], ["resolve", "rusia", "ksa"]])
def test_other_tables_fit_and_keep_every_cell_word(run, command, width):
    """Every word of the table laid out with room for everything is on a narrower screen."""
    result = run(*command, "--format", "table", env={"COLUMNS": str(width)})
    roomy = run(*command, "--format", "table", env={"COLUMNS": "400"}).stdout
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        assert cell_len(line) <= width
    cells = "\n".join(line for line in roomy.splitlines() if line.startswith("│"))
    assert cells
    colon = {t.rstrip(":") for t in _tokens(cells)}  # a stacked record's labels end in ":"
    missing = colon - {t.rstrip(":") for t in _tokens(result.stdout)}
    assert not missing, f"{missing} missing at {width} columns"


def _record_details(run_json, name: str) -> list[str]:
    """What show must print of each record beyond its quotes: notes, domains, basis."""
    basis = {"stated": "own words", "curator": "reading"}
    said = []
    for r in run_json("show", name)["relationships"]:
        said += [r["notes"], *r["domains"], basis[r["basis"]]]
    return [s for s in said if s]


def _assert_details(screen: str, details: list[str], width: int) -> None:
    """Every word of each detail is on the screen, punctuation aside, in lines that fit."""
    assert details
    for line in screen.splitlines():
        assert cell_len(line) <= width, f"{cell_len(line)} > {width}: {line!r}"
    shown = {t.strip(",.;:()") for t in _tokens(screen)}
    for detail in details:
        missing = [w for w in detail.split() if w.strip(",.;:()“”") not in shown]
        assert not missing, f"{missing} of {detail!r} not on a {width}-column screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_show_prints_every_records_notes_domains_and_basis_at_every_width(run, run_json, width):
    screen = run("show", "united states", "--format", "table", env={"COLUMNS": str(width)}).stdout
    _assert_details(screen, _record_details(run_json, "united states"), width)
    assert screen.count("Domains: ") == len(run_json("show", "united states")["relationships"])


def test_wide_terminals_get_a_table_and_narrow_ones_stacked_records(run):
    wide = run("who-allies", "--format", "table", env={"COLUMNS": "200"}).stdout
    at_80 = run("who-allies", "--format", "table", env={"COLUMNS": "80"}).stdout
    narrow = run("who-allies", "--format", "table", env={"COLUMNS": "60"}).stdout
    assert "┃ counterpart" in wide and "┃ domains" in wide and "evidence:" not in wide
    assert "┃ counterpart" in at_80 and "domains" not in at_80  # domains gave way
    assert "┃" not in narrow and "counterpart: United States" in narrow


def test_column_widths_never_go_below_the_longest_word():
    columns = [Column("name"), Column("quote", grow=True)]
    rows = [["Mobilization Forces", "a quote " * 30]]
    widths = column_widths(columns, rows, 60)
    assert widths is not None and widths[0] >= len("Mobilization") and widths[1] >= 30
    assert column_widths(columns, rows, 40) is None  # stack instead of squashing


def test_a_capped_quote_keeps_its_key_words_and_marks_each_cut():
    quote = " ".join(["filler"] * 60 + ["Baghdad", "is", "an", "ally"] + ["filler"] * 60)
    cut = shorten_around(quote, ["ally", "Baghdad"], 80)
    assert "Baghdad is an ally" in cut and cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 80
    assert shorten_around("short", ["x"], 80) == "short"


def test_real_quotes_are_never_shortened(loaded):
    from iraqrel.output.table import QUOTE_CAP

    longest = max(len(q.quote) for r in loaded.data.relationships for q in r.evidence)
    assert longest < QUOTE_CAP


# --- real terminals ------------------------------------------------------------------------


def _tmux_screen(width: int, args: list[str]) -> str:
    """What a person sees: the command run in a real tmux terminal `width` columns wide."""
    socket = f"iraqrel-test-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    line = " ".join([EXE, *args, "--no-pager"]) + "; echo __DONE__; sleep 60"  # the whole text
    env = {**os.environ, "TERM": "xterm-256color"}
    for name in ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR"):
        env.pop(name, None)
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", str(width), "-y", "50", "sh", "-c", line],
        check=True,
        env=env,
    )
    try:
        subprocess.run([*tmux, "set-option", "-g", "history-limit", "20000"], check=True)
        for _ in range(100):
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-J", "-S", "-", "-E", "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            if "__DONE__" in screen:
                return screen.split("__DONE__")[0]
            time.sleep(0.1)
        raise AssertionError(f"no output from {args} in tmux")
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_in_a_real_terminal_every_quote_word_is_on_screen(run_json, command, width):
    screen = _tmux_screen(width, command)
    _assert_whole(screen, _quotes(run_json, *command), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_sources_say_how_each_date_was_determined_and_why(run, loaded, width):
    screen = run("sources", "--format", "table", env={"COLUMNS": str(width)}).stdout
    dates = [s.date for s in loaded.data.sources]
    dates += [g.date for s in loaded.data.sources for g in s.segments]
    _assert_details(screen, [f"{d.method}: {d.evidence}" for d in dates], width)
