"""The installed `iraqrel` entry point in real processes: pipes, exit codes, encodings."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import EXE, PROCESS_ENV, installed, no_traceback, one_line


def test_piped_output_is_plain_tab_separated_and_complete():
    result = installed(["who-allies"])
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "\x1b[" not in out and "┃" not in out and "…" not in out
    rows = [line.split("\t") for line in out.splitlines()]
    assert len({len(r) for r in rows}) == 1
    header = installed(["who-allies", "--format", "csv"]).stdout.decode().splitlines()[0]
    usa = next(dict(zip(header.split(","), r, strict=True)) for r in rows if "USA" in r)
    assert (usa["entity.id"], usa["stance"], usa["contested"]) == ("USA", "partner", "true")
    assert usa["other_reading.stance"] == "ally"
    assert result.stderr == b""  # no title off a terminal, as gh does


def test_json_pipes_cleanly_with_nothing_else_on_stdout():
    result = installed(["show", "rusia", "--json"])
    data = json.loads(result.stdout)
    assert data["entity"]["id"] == "RUS" and data["match"]["method"] == "fuzzy"
    assert "rusia -> Russia" in result.stderr.decode()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["show", "xyzzy"], 1),
        (["show", "IS"], 3),
        (["nope"], 2),
        (["--data", "/nonexistent", "list"], 4),
    ],
)
def test_exit_codes(args, code):
    result = installed(args)
    assert result.returncode == code and result.stdout == b""
    one_line(result.stderr)


def test_closing_stdout_early_is_quiet():
    pipeline = subprocess.run(
        f"'{EXE}' search the | head -c 10",
        shell=True,
        capture_output=True,
        env=PROCESS_ENV,
        timeout=60,
        check=False,
    )
    assert len(pipeline.stdout) == 10
    assert pipeline.stderr.count(b"\n") <= 1  # the header line only
    no_traceback(pipeline.stderr)
    assert b"BrokenPipe" not in pipeline.stderr


def test_ascii_only_stdout_degrades_without_crashing():
    env = {"PYTHONIOENCODING": "ascii"}
    shown = installed(["show", "russia", "--fields", "entity.aliases"], env=env)
    assert shown.returncode == 0 and b"?" in shown.stdout  # روسيا, degraded
    as_json = installed(["show", "russia", "--json"], env=env)
    assert as_json.returncode == 0
    assert "روسيا" in json.loads(as_json.stdout)["entity"]["aliases"]


def test_c_locale_works_with_arabic_in_and_out():
    result = installed(["show", "روسيا", "--json"], env={"LANG": "C", "LC_ALL": "C"})
    assert result.returncode == 0 and json.loads(result.stdout)["entity"]["id"] == "RUS"


def test_invalid_utf8_in_argv_and_stdin_is_answered_not_fatal():
    result = installed(["resolve", b"\xff\xfeRussia", b"moscow\xc3", "--json"])
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert [(r["status"], r["entity"]["id"]) for r in rows] == [("documented", "RUS")] * 2
    piped = installed(["resolve", "-", "--json"], stdin=b"moscow\n\xff\xfe\nriyadh\n")
    statuses = [r["status"] for r in json.loads(piped.stdout)]
    assert piped.returncode == 0
    assert statuses == ["documented", "unknown", "documented"]


def test_force_color_colors_a_table_and_no_color_wins():
    forced = installed(
        ["who-allies", "--format", "table"], env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}
    )
    assert b"\x1b[" in forced.stdout
    both = installed(
        ["who-allies", "--format", "table"],
        env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"},
    )
    assert b"\x1b[" not in both.stdout


def test_python_dash_m_works_from_any_directory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "iraqrel", "show", "KSA", "--json"],
        cwd=tmp_path,
        capture_output=True,
        env=PROCESS_ENV,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["entity"]["id"] == "SAU"


@pytest.mark.parametrize("command", [["changes", "--json"], ["who-allies", "--json"], ["list"]])
def test_output_is_the_same_in_two_processes_with_different_hash_seeds(command):
    """Set and dict order must not leak into the answer: string hashing differs per seed."""
    first = installed(command, env={"PYTHONHASHSEED": "1"})
    second = installed(command, env={"PYTHONHASHSEED": "2"})
    assert first.returncode == second.returncode == 0
    assert first.stdout and first.stdout == second.stdout


@pytest.mark.parametrize("args", ["--help", "--version", "show --help", "who-allies"])
def test_a_reader_that_went_away_is_a_quiet_exit_0(args):
    """Help and the version too: Typer's own broken-pipe exit 1 is not ours."""
    script = f'"{EXE}" {args} | (exec 0<&-; sleep 0.5); echo "${{PIPESTATUS[0]}}"'
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.stdout.strip() == "0", done.stderr
    no_traceback(done.stderr)
