"""`resolve -` streams: each answer as its line arrives, in bounded memory, in every format."""

from __future__ import annotations

import io
import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXE, PROCESS_ENV, installed

from iraqrel.cli.emit import TABLE_ROW_LIMIT, emit
from iraqrel.output.report import Field, tabulate
from iraqrel.output.terminal import OutputFormat, Terminal

NAMES = ["russia", "rusia", "KSA", "U.S.", "Atlantis", "Iraq", "georgia"]


def _lines_of(stream, into: queue.Queue) -> None:
    for line in iter(stream.readline, b""):
        into.put(line)


@pytest.mark.parametrize(
    ("fmt", "first"),
    [("jsonl", b'"query": "russia"'), ("plain", b"russia\t"), ("csv", b"russia,"), ("json", b"[")],
)
def test_the_first_answer_comes_while_stdin_is_still_open(fmt, first):
    proc = subprocess.Popen(
        [EXE, "resolve", "-", "--format", fmt],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=PROCESS_ENV,
    )
    lines: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=_lines_of, args=(proc.stdout, lines), daemon=True).start()
    try:
        proc.stdin.write(b"russia\n")
        proc.stdin.flush()
        seen = b""
        while first not in seen:
            seen += lines.get(timeout=30)  # raises queue.Empty if no answer comes
        if fmt == "json":  # the whole record, not just the bracket
            while b'"query": "russia"' not in seen:
                seen += lines.get(timeout=30)
        assert proc.poll() is None  # still waiting for more input
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    assert proc.returncode == 0


@pytest.mark.parametrize("fmt", ["json", "jsonl", "plain", "csv", "markdown", "table"])
def test_streamed_answers_equal_the_collected_ones(run, fmt):
    streamed = run("resolve", "-", "--format", fmt, input="\n".join(NAMES) + "\n\n")
    collected = run("resolve", *NAMES, "--format", fmt)
    assert streamed.exit_code == collected.exit_code == 0
    assert streamed.stdout == collected.stdout


def test_the_json_stream_is_one_valid_array(run):
    done = run("resolve", "-", "--json", input="\n".join(NAMES * 50))
    records = json.loads(done.stdout)
    assert [r["query"] for r in records] == NAMES * 50
    assert json.loads(run("resolve", "-", "--json", input="\n \n").stdout) == []


def test_an_overlong_line_is_one_unknown_name_and_the_next_line_is_read(run):
    done = run("resolve", "-", "--format", "jsonl", input="x" * 100_000 + "\nrussia\n")
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["status"] for r in records] == ["unknown", "documented"]
    assert len(records[0]["query"]) <= 4096


def test_a_long_table_is_written_as_plain_text_with_a_note(run):
    done = run("resolve", "-", "--format", "table", input="russia\n" * (TABLE_ROW_LIMIT + 5))
    assert done.exit_code == 0
    assert done.stdout.splitlines()[0].split("\t")[:3] == ["russia", "documented", "RUS"]
    assert len(done.stdout.splitlines()) == TABLE_ROW_LIMIT + 5
    assert "over the table limit" in done.stderr and "┃" not in done.stdout


PEAK = (
    "import resource, subprocess, sys\n"
    "block = b'russia\\nKSA\\nIran\\nU.S.\\nXy\\nOman\\nIraq\\nTurkey\\n' * 2\n"
    "names = (block + b'rusia\\n') * (int(sys.argv[1]) // 17)\n"
    "subprocess.run([sys.argv[2], 'resolve', '-', '--json'], input=names,"
    " stdout=subprocess.DEVNULL, check=True)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _peak_kib(names: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(names), EXE],
        capture_output=True,
        text=True,
        env=PROCESS_ENV,
        check=True,
        timeout=120,
    )
    return int(done.stdout)


def test_memory_is_flat_in_the_number_of_names():
    """200,000 names peak where 2,000 do, and within 120 MiB (the process, not its input)."""
    small, large = _peak_kib(2_000), _peak_kib(200_000)
    assert large < 120 * 1024
    assert large < small * 1.2 + 4096, (small, large)


# --- main() leaves with os._exit: whatever was written must reach a pipe or a file --------


def test_everything_written_reaches_a_pipe_and_a_file(tmp_path):
    names = b"russia\nIran\nKSA\n" * 5_000  # 3.7 MB of JSON: far past any pipe buffer
    piped = installed(["resolve", "-", "--json"], stdin=names, timeout=120)
    target = tmp_path / "out.json"
    with target.open("wb") as file:
        subprocess.run(
            [EXE, "resolve", "-", "--json"], input=names, stdout=file, env=PROCESS_ENV, timeout=120
        )
    assert piped.returncode == 0
    assert piped.stdout == target.read_bytes()
    assert len(json.loads(piped.stdout)) == 15_000
    small = installed(["who-allies", "--json"])
    assert json.loads(small.stdout) and small.stdout.endswith(b"]\n")


def _modules_after_resolving(names: bytes, cache: Path) -> set[str]:
    """The top-level modules a process has loaded after `resolve -` of `names`."""
    probe = (
        "import io, sys, contextlib\n"
        f"sys.stdin = io.TextIOWrapper(io.BytesIO({names!r}))\n"
        "from iraqrel.cli.app import app_for\n"
        "args = ['resolve', '-', '--json']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: app_for(args)(args)\n"
        "    except SystemExit: pass\n"
        "print(' '.join(m for m in sys.modules if '.' not in m))\n"
    )
    env = {**PROCESS_ENV, "IRAQREL_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    loaded = set(done.stdout.split())
    assert "json" in loaded or "msgspec" in loaded  # the probe did run the command
    return loaded


HEAVY = {"rich", "rapidfuzz", "pycountry", "hashlib", "pydantic"}


def test_streaming_exact_names_loads_no_heavy_module(tmp_path):
    """Names of the dataset need nothing of the world, even with no cache yet (where only
    the checked index's first record, which holds the dataset's sha256, loads hashlib) ..."""
    cold = _modules_after_resolving(b"russia\nIraq\n", tmp_path / "cold")
    assert not (HEAVY - {"hashlib"}) & cold
    # ... and one in a code's letters ("KSA"; "AQ" is ambiguous with Antarctica's code) reads
    # the world's codes from the cache, which its first run builds
    _modules_after_resolving(b"KSA\n", tmp_path / "warm")
    assert not HEAVY & _modules_after_resolving(b"russia\nKSA\nIraq\n", tmp_path / "warm")


NUMBER = (Field(header="n", value=lambda n: n), Field(header="square", value=lambda n: n * n))


def _emitted(rows: int, fmt: OutputFormat = OutputFormat.table) -> tuple[str, str]:
    """What `emit` writes for a report of `rows` rows on a terminal that asks for `fmt`."""
    out, err = io.StringIO(), io.StringIO()
    terminal = Terminal(stdout=out, stderr=err, is_tty=True, format=fmt)
    emit(tabulate(NUMBER, range(rows)), terminal)
    return out.getvalue(), err.getvalue()


def test_a_table_over_the_row_limit_is_plain_text_with_a_note():
    out, err = _emitted(TABLE_ROW_LIMIT + 2)
    assert out == _emitted(TABLE_ROW_LIMIT + 2, OutputFormat.plain)[0]
    assert out.splitlines()[-1] == f"{TABLE_ROW_LIMIT + 1}\t{(TABLE_ROW_LIMIT + 1) ** 2}"
    assert err.startswith(f"iraqrel: {TABLE_ROW_LIMIT + 2} rows are over the table limit")
    table, quiet = _emitted(TABLE_ROW_LIMIT)
    assert "┃ n " in table and quiet == ""
