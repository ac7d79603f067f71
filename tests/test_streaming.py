"""`resolve -` streams: each answer as its line arrives, in bounded memory, in every format."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

EXE = str(Path(sys.executable).parent / "iraqrel")
ENV = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "IRAQREL_DATA")}
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
        env=ENV,
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
    from iraqrel.output.render import TABLE_ROW_LIMIT

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
        env=ENV,
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
    piped = subprocess.run(
        [EXE, "resolve", "-", "--json"], input=names, capture_output=True, env=ENV, timeout=120
    )
    target = tmp_path / "out.json"
    with target.open("wb") as file:
        subprocess.run(
            [EXE, "resolve", "-", "--json"], input=names, stdout=file, env=ENV, timeout=120
        )
    assert piped.returncode == 0
    assert piped.stdout == target.read_bytes()
    assert len(json.loads(piped.stdout)) == 15_000
    small = subprocess.run([EXE, "who-allies", "--json"], capture_output=True, env=ENV, timeout=60)
    assert json.loads(small.stdout) and small.stdout.endswith(b"]\n")


def test_streaming_exact_names_loads_no_heavy_module():
    probe = (
        "import io, sys, contextlib\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO(b'russia\\nKSA\\nIraq\\n'))\n"
        "from iraqrel.cli.app import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: app(['resolve', '-', '--json'])\n"
        "    except SystemExit: pass\n"
        "print(' '.join(m for m in sys.modules if '.' not in m))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=ENV, check=True
    )
    loaded = set(done.stdout.split())
    assert "json" in loaded or "msgspec" in loaded  # the probe did run the command
    assert not {"rich", "rapidfuzz", "pycountry", "hashlib", "pydantic"} & loaded


def test_a_table_over_the_row_limit_is_plain_text_with_a_note(run, monkeypatch):
    from iraqrel.cli import emit

    table = run("list", "--format", "table")
    monkeypatch.setattr(emit, "TABLE_ROW_LIMIT", 5)
    capped = run("list", "--format", "table")
    plain = run("list", "--format", "plain")
    assert "┃" in table.stdout and table.stderr.count("table limit") == 0
    assert capped.exit_code == 0 and capped.stdout == plain.stdout
    assert "are over the table limit of 5" in capped.stderr
