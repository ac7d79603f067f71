"""Hostile files, streams and input (issue 13): each ends quickly in one line and its code."""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import EXE, PROCESS_ENV, fails_in_one_line, installed, no_traceback, one_line

from iraqrel.cli.inputs import MAX_LINE_RUN
from iraqrel.records import shipped_data_path

ESC = "\x1b"


def _sh(command: str, cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run `command` in sh with `iraqrel` as the installed entry point; (code, stderr)."""
    done = subprocess.run(
        ["sh", "-c", command.replace("iraqrel ", f"{shlex.quote(EXE)} ", 1)],
        cwd=cwd,
        capture_output=True,
        timeout=30,  # a hang fails the test instead of the suite
        env={**PROCESS_ENV, **(env or {})},
        check=False,
    )
    return done.returncode, done.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hostile files side by side: a FIFO, non-UTF-8 and deeply nested JSON, odd names."""
    where = tmp_path_factory.mktemp("hostile")
    os.mkfifo(where / "fifo")
    (where / "l1.json").write_bytes(b'{"format_version":2,"actors":[{"id":"\xe9"}]}')
    (where / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    deep = '{"format_version":2,"actors":[' + "[" * 100_000 + "]" * 100_000 + "]}"
    (where / "deep2.json").write_text(deep)
    (where / "adir").mkdir()
    (where / "afile").write_text("{}")
    return where


# command, expected exit code, a part of the one stderr line ("" when stderr is closed)
CASES: list[tuple[str, int, str]] = [
    ("iraqrel --data l1.json list", 4, "'l1.json': not UTF-8: byte 0xe9 at offset 37"),
    ("iraqrel --data deep.json list", 4, "'deep.json': Expected `object`"),
    ("iraqrel --data deep2.json list", 4, "'deep2.json': Expected `object`, got `array`"),
    ("iraqrel --data fifo list", 4, "'fifo': is a FIFO (named pipe), not a dataset file"),
    ("iraqrel --data /dev/zero list", 4, "'/dev/zero': is a character device"),
    ("iraqrel --data adir list", 4, "'adir': is a directory, not a dataset file"),
    ("iraqrel --data afile/x.json list", 4, "'afile/x.json': cannot read the dataset file"),
    ("IRAQREL_DATA=fifo iraqrel list", 4, "'fifo': is a FIFO"),
    ("iraqrel --data 'a  b.json' list", 4, "'a  b.json': no such dataset file"),
    ("iraqrel --data \"$(printf 'a\\tb.json')\" list", 4, "'a\\tb.json': no such"),
    ("iraqrel --data \"$(printf 'a\\nb.json')\" list", 4, "'a\\nb.json': no such"),
    ("iraqrel --data '  x.json' list", 4, "'  x.json': no such dataset file"),
    ("iraqrel resolve - <&-", 2, "stdin is closed"),
    ("iraqrel resolve - < /dev/zero", 2, f"more than {MAX_LINE_RUN // 2**20} MiB"),
    ("iraqrel list >&-", 5, "cannot write output: stdout is closed"),
    ("iraqrel --version >&-", 5, "cannot write output"),
    ("iraqrel who-allies > /dev/full", 5, "cannot write output: No space left on device"),
    ("iraqrel who-allies --json > /dev/full", 5, "cannot write output"),
    ("iraqrel --help > /dev/full", 5, "cannot write output"),
    ("iraqrel show xyzzy >&-", 1, "matches no country"),
    ("iraqrel --version 2>&-", 0, ""),
    ("iraqrel show xyzzy 2>&-", 1, ""),
    ("iraqrel who-allies --as-of 0000 2>&-", 2, ""),
    ("iraqrel --data fifo list 2>&-", 4, ""),
    ("iraqrel who-allies --as-of 0000", 2, "'0000' is not a date"),
    ("iraqrel who-allies --as-of 2014-00", 2, "'2014-00' is not a date"),
    ("iraqrel who-allies --as-of ٢٠٠٠", 2, "is not a date"),
    ("iraqrel who-allies --as-of ２０００", 2, "is not a date"),
    ("iraqrel who-allies --as-of 2024-02-30", 2, "is not a date"),
    ("iraqrel show \"a$(printf '%20000s')b\"", 2, "NAME is 20002 characters long"),
    ("iraqrel search \"$(printf '%2000s')oil\"", 2, "TEXT is 2003 characters long"),
    ("iraqrel search '[/x] alliance' --format table", 0, ""),
    ("COLUMNS=10000000 iraqrel who-allies --format table > /dev/null", 0, ""),
    ("COLUMNS=-5 iraqrel who-allies --format table > /dev/null", 0, ""),
]


@pytest.mark.parametrize(("command", "code", "needle"), CASES, ids=[c[0][8:50] for c in CASES])
def test_hostile_input_ends_in_one_line_and_its_code(hostile_dir, command, code, needle):
    got, stderr = _sh(command, hostile_dir)
    assert got == code, (command, stderr)
    if needle:
        one_line(stderr, needle)
    else:
        no_traceback(stderr)


@pytest.mark.parametrize("args", [["show", "xyzzy"], ["--version"], ["--data", "fifo", "list"]])
def test_a_broken_stderr_pipe_keeps_the_exit_code(hostile_dir, args):
    codes = {"show": 1, "--version": 0, "--data": 4}
    reader, writer = os.pipe()
    os.close(reader)  # every write to stderr now fails with EPIPE
    try:
        done = subprocess.run(
            [EXE, *args], cwd=hostile_dir, stderr=writer, stdout=subprocess.DEVNULL, timeout=30
        )
    finally:
        os.close(writer)
    assert done.returncode == codes[args[0]]


def test_a_long_line_of_spaces_on_resolve_is_an_unknown_row(hostile_dir):
    names = " " * 100_000 + "x\nrussia\n" + "r" * 201 + "\n"
    done = installed(["resolve", "-", "--json"], stdin=names.encode(), timeout=30)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["status"] for r in rows] == ["unknown", "documented", "unknown"]


def test_the_table_width_is_clamped(hostile_dir):
    done = installed(["who-allies", "--format", "table"], env={"COLUMNS": "10000000"}, timeout=30)
    width = max(len(line) for line in done.stdout.decode().splitlines())
    assert done.returncode == 0 and 40 <= width <= 400


def test_ctrl_c_during_start_up_exits_130_quietly(tmp_path):
    """SIGINT arrives while typer is being imported: no KeyboardInterrupt traceback."""
    script = textwrap.dedent(
        """
        import importlib.abc, os, signal, sys

        class Interrupt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == "typer":
                    os.kill(os.getpid(), signal.SIGINT)
                return None

        sys.meta_path.insert(0, Interrupt())
        sys.argv = ["iraqrel", "list"]
        from iraqrel.cli import main
        main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=30, cwd=tmp_path
    )
    assert done.returncode == 130
    assert done.stderr == b"" and done.stdout == b""


# --- datasets that lie: each is refused, naming the record ------------------------------


def _entity(ident: str, kind: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "kind": kind, "name": name, "aliases": [], **extra}


LIES = {
    "armed group with Germany's code": (
        lambda r: r["entities"].append(_entity("DEU", "armed-group", "Hostile Front")),
        "entity DEU",
        "'DEU' is the ISO code of DEU",
    ),
    "a country under another's code": (
        lambda r: r["entities"].append(_entity("DEU", "country", "Austria")),
        "entity DEU",
        "ISO code",
    ),
    "US beside USA": (
        lambda r: r["entities"].append(_entity("US", "armed-group", "Unknown Soldiers")),
        "entity US",
        "ids must not pass for each other",
    ),
    "usa beside USA": (
        lambda r: r["entities"].append(_entity("usa", "armed-group", "Unity Soldiers")),
        "entity usa",
        "is 'USA' written differently",
    ),
    "alpha-2 of another entity": (
        lambda r: r["entities"].append(_entity("CN", "organization", "Council of Nations")),
        "entity CN",
        "ISO alpha-2 code of CHN",
    ),
    "full-width id": (
        lambda r: r["entities"].append(_entity("ＦＷ", "organization", "Fullwidth League")),
        "entity 'ＦＷ'",
        "is not ASCII",
    ),
}


@pytest.mark.parametrize("case", sorted(LIES))
def test_verify_refuses_datasets_that_lie(run, dataset_copy, case):
    change, record, needle = LIES[case]
    result = run("--data", str(dataset_copy(change)), "verify", "--format", "plain")
    assert result.exit_code == 4, result.stdout
    lines = [line for line in result.stdout.splitlines() if record in line]
    assert lines and any(needle in line for line in lines), result.stdout


def _set_segment_date(value: str):
    def change(raw: dict[str, Any]) -> None:
        raw["sources"][0]["segments"][0]["date"]["value"] = value

    return change


@pytest.mark.parametrize("value", ["", "abc", "2024-13-45", "99999", "٢٠٠٠", "0000", " 2014"])
def test_bad_segment_dates_are_refused_at_load_naming_the_segment(run, dataset_copy, value):
    path = dataset_copy(_set_segment_date(value))
    segment = json.loads(path.read_text(encoding="utf-8"))["sources"][0]["segments"][0]["id"]
    result = run("--data", str(path), "list")
    assert result.exit_code == 4
    one_line(result.stderr, f"segment {segment}: date ")


def test_a_nul_byte_in_a_source_path_exits_4(run, dataset_copy):
    path = dataset_copy(lambda r: r["sources"][0].update(file="seeds/a\x00b.txt"))
    result = run("--data", str(path), "verify")
    assert result.exit_code == 4
    one_line(result.stderr, "contains a NUL byte")


def test_a_fifo_as_a_source_is_a_verify_problem_not_a_hang(run, dataset_copy, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    path = dataset_copy(lambda r: r["sources"][0].update(file="../pipe.txt"))
    result = run("--data", str(path), "verify", "--format", "plain")
    assert result.exit_code == 4
    assert "is a FIFO (named pipe), not a source file" in result.stdout


# --- control characters from the dataset and from the user ------------------------------

HOSTILE_NAME = "Evil\x1b]0;pwned\x07 Front\x1b[2J\r\x9b31m\u202e"


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "csv"])
def test_controls_in_dataset_strings_are_escaped_for_humans(run, dataset_copy, fmt):
    path = dataset_copy(
        lambda r: r["entities"].append(_entity("EVIL", "armed-group", HOSTILE_NAME))
    )
    result = run("--data", str(path), "list", "--format", fmt, "--kind", "armed-group")
    assert result.exit_code == 0, result.stderr
    shown = result.stdout + result.stderr
    assert "\\x1b" in shown and "pwned" in shown  # visible, as escapes (the table wraps)
    for raw in (ESC, "\x07", "\r", "\x9b", "\u202e"):
        assert raw not in shown


def test_json_keeps_controls_escaped_as_json_does(run, dataset_copy):
    path = dataset_copy(
        lambda r: r["entities"].append(_entity("EVIL", "armed-group", HOSTILE_NAME))
    )
    result = run("--data", str(path), "list", "--json", "--kind", "armed-group")
    assert "\\u001b]0;pwned\\u0007" in result.stdout and ESC not in result.stdout
    names = [row["entity"]["name"] for row in json.loads(result.stdout)]
    assert HOSTILE_NAME in names


@pytest.mark.parametrize(
    "args",
    [
        ["show", "\x1b]0;pwned\x07xyzzy"],
        ["search", "\x1b[31malliance"],
        ["who-allies", "--actor", "\x1b[2Jkurds"],
        ["--data", "\x1b]0;x\x07.json", "list"],
    ],
)
def test_echoed_user_input_reaches_stderr_escaped(run, args):
    result = run(*args, "--format", "plain")
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr
    no_traceback(result.stderr)


# --- linear time on runs of spaces ------------------------------------------------------


def _best_of(repeat: int, work: Any) -> float:
    import time

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def test_runs_of_spaces_cost_what_a_typical_name_of_that_length_costs(loaded):
    """Linear, not quadratic: the worst shape within 20x of ordinary names of equal length."""
    from iraqrel.names.resolver import Resolver

    resolver = Resolver(loaded)
    worst = "a" + " " * 20_000 + "b"
    typical = ("Saudi Arabia, " * 2_000)[: len(worst)]
    resolver.resolve(typical)  # build the tables once, outside the timing
    ratio = _best_of(3, lambda: resolver.resolve(worst)) / _best_of(
        3, lambda: resolver.resolve(typical)
    )
    assert ratio <= 20, ratio


# --- structure-aware fuzzing: datasets built from the schema ----------------------------

# Strings the dataset's references and dates use, so generated records sometimes agree.
_WORDS = ["", "s000", "seg", "USA", "IRQ", "baghdad", "2014", "2024-13-45", "٢٠٠٠", "a\x00b"]


def _from_schema(
    node: dict[str, Any], defs: dict[str, Any], depth: int = 0, junk: bool = False
) -> Any:
    """A hypothesis strategy for one schema node: well typed, or with `junk` sometimes not."""
    from hypothesis import strategies as st

    if "$ref" in node:
        target = defs[node["$ref"].split("/")[-1]]
        return st.deferred(lambda: _from_schema(target, defs, depth, junk))
    wrong = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.just([]))
    if "enum" in node:
        typed = st.sampled_from(node["enum"])
    elif "anyOf" in node:
        typed = st.one_of([_from_schema(n, defs, depth, junk) for n in node["anyOf"]])
    elif node.get("type") == "object":
        props = {k: _from_schema(v, defs, depth + 1, junk) for k, v in node["properties"].items()}
        required = {k: v for k, v in props.items() if k in node.get("required", [])}
        optional = {k: v for k, v in props.items() if k not in required}
        typed = st.fixed_dictionaries(required, optional=optional)
    elif node.get("type") == "array":
        typed = st.lists(
            _from_schema(node["items"], defs, depth + 1, junk), max_size=2 if depth < 3 else 0
        )
    elif node.get("type") == "string":
        typed = st.sampled_from(_WORDS) | st.text(max_size=8)
    elif node.get("type") == "integer":
        typed = st.integers(min_value=-2, max_value=2**70)
    else:
        typed = st.none()
    return st.one_of(typed, wrong) if junk and depth else typed


def _dataset_strategy() -> Any:
    from iraqrel.records import json_schema

    schema = json_schema()
    typed, junky = (_from_schema(schema, schema["$defs"], junk=j) for j in (False, True))
    return typed | junky


def test_schema_built_datasets_load_or_fail_with_a_data_error(tmp_path_factory):
    from hypothesis import HealthCheck, given, settings

    from iraqrel.checks import verify
    from iraqrel.errors import DataError
    from iraqrel.records import load

    folder = tmp_path_factory.mktemp("schema-fuzz")

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_dataset_strategy())
    def loads_or_refuses(dataset: dict[str, Any]) -> None:
        path = folder / "iraqrel.json"
        path.write_text(json.dumps(dataset), encoding="utf-8")
        try:
            loaded = load(path)
        except DataError as exc:
            assert str(exc).startswith(repr(str(path)) + ": ")  # the CLI joins it into one line
            return
        verify(loaded)  # a dataset that loads is checked without an exception

    loads_or_refuses()


# --- hostile environments (issue 21) ----------------------------------------------------


@pytest.mark.parametrize("named_by", ["--data", "IRAQREL_DATA"])
def test_an_unreadable_dataset_exits_4_naming_what_named_it(as_other_user, shared_tmp, named_by):
    """Root reads a mode-000 file, so the CLI runs as another user."""
    path = shared_tmp / "d.json"
    shutil.copy(shipped_data_path(), path)
    path.chmod(0)
    if named_by == "--data":
        done = as_other_user(["--data", "d.json", "list"], cwd=shared_tmp)
    else:
        done = as_other_user(["list"], cwd=shared_tmp, env={"IRAQREL_DATA": "d.json"})
    assert done.returncode == 4, done.stderr
    shown = "--data 'd.json'" if named_by == "--data" else "IRAQREL_DATA='d.json'"
    one_line(done.stderr, f"{shown}: cannot read the dataset file: Permission denied")
    other = "IRAQREL_DATA" if named_by == "--data" else "--data"
    assert other not in done.stderr.decode()


def _rename_actor(old: str, new: str):
    def change(raw: dict[str, Any]) -> None:
        next(a for a in raw["actors"] if a["id"] == old)["id"] = new
        for rel in raw["relationships"]:
            rel["actor"] = new if rel["actor"] == old else rel["actor"]

    return change


@pytest.mark.parametrize(("actor", "taken"), [("sunni", "USA"), ("erbil", "IRQ")])
@pytest.mark.parametrize("args", [["verify"], ["resolve", "united states"], ["show", "sunnis"]])
def test_an_actor_with_an_entitys_id_is_refused(run, dataset_copy, actor, taken, args):
    """Renamed `sunni` to `USA`, "united states" answered the Iraqi Sunnis and verify passed."""
    path = dataset_copy(_rename_actor(actor, taken))
    result = run("--data", str(path), *args)
    fails_in_one_line(result, 4, f"actor {taken}: its id is also the id of the entity {taken!r}")


# --- a full disk: exit 5, never a cut file with exit 0 ----------------------------------

SMALL_DISK = 4096  # bytes: the smallest tmpfs, one page


@pytest.fixture(params=["tmpfs", "ulimit"])
def small_disk(request, tmp_path) -> Iterator[tuple[Path, Any]]:
    """A folder whose files can hold SMALL_DISK bytes, and what a process needs to write there:
    a tmpfs of that size (root, where mounting is permitted), or `ulimit -f` (RLIMIT_FSIZE,
    with SIGXFSZ ignored so a write past it fails with EFBIG instead of killing the process)."""
    if request.param == "ulimit":

        def limited() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (SMALL_DISK, SMALL_DISK))

        yield tmp_path, limited
        return
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={SMALL_DISK}", "tmpfs", str(disk)]
    if os.geteuid() != 0 or subprocess.run(mount, capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root, where it is permitted")
    try:
        yield disk, None
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def _written_to(
    folder: Path, args: list[str], preexec: Any, unbuffered: bool
) -> tuple[int, str, int]:
    """(exit code, stderr, bytes in the file) of the installed iraqrel writing into `folder`."""
    env = {**PROCESS_ENV, "PYTHONUNBUFFERED": "1" if unbuffered else ""}
    with open(folder / "out", "wb") as out:
        done = subprocess.run(
            [EXE, *args], stdout=out, stderr=subprocess.PIPE, env=env, preexec_fn=preexec,
            input=b"russia\n" * 2000, timeout=60, check=False,
        )  # fmt: skip
    return done.returncode, done.stderr.decode(), (folder / "out").stat().st_size


@pytest.mark.parametrize("unbuffered", [True, False], ids=["PYTHONUNBUFFERED", "buffered"])
@pytest.mark.parametrize(
    "args",
    [
        ["show", "russia", "--json"],  # one write of 6,772 bytes: cut at 4,096, and exit 0
        ["who-allies", "--json"],
        ["who-allies"],
        ["list", "--format", "jsonl"],
        ["resolve", "-"],
    ],
    ids=" ".join,
)
def test_a_full_disk_is_exit_5_in_one_line_not_a_cut_file(small_disk, args, unbuffered):
    folder, preexec = small_disk
    whole = installed(args, stdin=b"russia\n" * 2000).stdout
    assert len(whole) > SMALL_DISK  # the case: an answer that does not fit
    code, stderr, size = _written_to(folder, args, preexec, unbuffered)
    assert code == 5, (code, size, stderr)
    reason = "No space left on device" if preexec is None else "File too large"
    one_line(stderr, f"iraqrel: cannot write output: {reason}")
    assert size <= SMALL_DISK


@pytest.mark.parametrize("unbuffered", [True, False], ids=["PYTHONUNBUFFERED", "buffered"])
@pytest.mark.parametrize("args", [["--help"], ["show", "--help"], ["--show-completion", "bash"]])
def test_typers_own_output_past_the_file_size_limit_is_exit_5(tmp_path, args, unbuffered):
    """Help and the completion script, written by Typer, past `ulimit -f` of 200 bytes."""
    limit = 200

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    assert len(installed(args).stdout) > limit
    code, stderr, size = _written_to(tmp_path, args, limited, unbuffered)
    assert code == 5 and size == limit, (code, size, stderr)
    one_line(stderr, "iraqrel: cannot write output: File too large")


# --- output that cannot inject (issue 21) -----------------------------------------------


def test_stdin_echoed_by_resolve_is_no_formula_in_csv(run):
    typed = '=HYPERLINK("http://x","y")\n+1+2\n-2+3\n@SUM(A1)\nrussia\n'
    result = run("resolve", "-", "--format", "csv", input=typed)
    assert result.exit_code == 0, result.stderr
    queries = [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert queries == ['\'=HYPERLINK("http://x","y")', "'+1+2", "'-2+3", "'@SUM(A1)", "russia"]
    scores = [row[5] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert scores[-1] == "100"


INJECTING_NAME = "=cmd|' /C calc'!A0 <script>alert(1)</script><img src=x onerror=alert(2)>"


def test_a_dataset_name_is_no_formula_in_csv_no_html_in_markdown_and_verbatim_in_json(
    run, dataset_copy
):
    path = dataset_copy(
        lambda r: r["entities"].append(_entity("EVIL", "armed-group", INJECTING_NAME))
    )
    args = ("--data", str(path), "list", "--kind", "armed-group")
    as_csv = run(*args, "--format", "csv").stdout
    names = [row[0] for row in csv.reader(io.StringIO(as_csv))]
    assert "'" + INJECTING_NAME in names
    as_markdown = run(*args, "--format", "markdown").stdout
    assert "<script>" not in as_markdown and "<img" not in as_markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in as_markdown
    as_json = json.loads(run(*args, "--json").stdout)
    assert INJECTING_NAME in [row["entity"]["name"] for row in as_json]


def test_search_text_in_the_markdown_title_is_no_html(run):
    result = run("search", "<img", "src=x", "onerror=alert(1)>", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "<img" not in result.stdout and "&lt;img src=x onerror=alert(1)&gt;" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "markdown"])
def test_invisible_characters_typed_or_in_the_dataset_are_shown(run, dataset_copy, fmt):
    """LRM, RLM, ALM, ZWSP and BOM were shown raw: 'Li<RLM>bya' looked like 'Libya'."""
    hidden = "Li\u200fb\u200by\u061ca\ufeff\u200e"
    path = dataset_copy(lambda r: r["entities"].append(_entity("HID", "armed-group", hidden)))
    listed = run("--data", str(path), "list", "--kind", "armed-group", "--format", fmt)
    typed = run("--data", str(path), "resolve", hidden, "--format", fmt)
    for result in (listed, typed):
        assert result.exit_code == 0, result.stderr
        out = result.stdout + result.stderr
        assert not any(c in out for c in "\u200f\u200b\u061c\ufeff\u200e")
    for part in ("\\u200f", "\\u200b", "\\u061c", "\\ufeff", "\\u200e"):
        assert part in listed.stdout and part in typed.stdout


def test_arabic_marks_and_the_zero_width_non_joiner_are_kept(run, dataset_copy):
    persian = "گروه\u200cها"  # ZWNJ, as Persian and Arabic script write it

    def change(raw: dict[str, Any]) -> None:
        raw["entities"].append(_entity("ZWNJ", "armed-group", persian, aliases=["عمّان"]))

    path = dataset_copy(change)
    # show's title holds the name and aliases; plain and csv have no title off a terminal
    # (issue 20), so they are read from list's rows
    named = ("--fields", "entity.name,entity.aliases")
    asked = {
        "table": ("show", "zwnj"),
        "markdown": ("show", "zwnj"),
        "plain": ("list", *named),
        "csv": ("list", *named),
    }
    for fmt, args in asked.items():
        result = run("--data", str(path), *args, "--format", fmt)
        out = result.stdout + result.stderr
        assert persian in out and "عمّان" in out, (fmt, out)
