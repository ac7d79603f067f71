"""Golden files: what every command writes, byte for byte, in every format it writes.

    python tests/goldens.py          # write tests/golden/*.txt from the code as it is
    python tests/goldens.py --check  # exit 1 naming every case whose output differs

Each case runs in-process through Typer's CliRunner with a fixed environment on a
100-column terminal; a few run as real processes on a pseudo-terminal, where the
defaults (table, color) are a terminal's. A golden file holds the exit code, stdout and
stderr with their lengths in bytes, and which of the two came first. test_goldens.py
holds the code against the files, so a refactor that changes a byte fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
WIDTH = "100"
FORMATS = ("table", "plain", "csv", "markdown", "json", "jsonl")
# Variables that change what is written; every case runs with exactly these set or unset.
ENV: dict[str, str | None] = {
    "COLUMNS": WIDTH,
    "TERM": "xterm-256color",
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "COLORTERM": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
    "IRAQREL_DATA": None,
    "_IRAQREL_COMPLETE": None,
    # no pager on the pseudo-terminal: what it shows depends on the system's less (the
    # pager has tests of its own in a real terminal, tests/test_pager.py)
    "IRAQREL_PAGER": "",
}
COMMANDS = (
    "who-allies",
    "show",
    "list",
    "search",
    "sources",
    "resolve",
    "changes",
    "verify",
    "export",
    "context",
    "draft",
    "add",
    "diff",
)
NAMES = ["rusia", "KSA", "U.S.", "daesh", "IS", "xyzzy", "kuwait", "iraq", "erbil", "عُمان"]

# Answers in every format.
ANSWERS = [
    "who-allies",
    "who-allies --all --actor all",
    "who-allies --as-of 2014",
    "who-allies --as-of 2010",
    "who-allies --domain energy --min-stance mixed",
    "who-allies --kind country --actor erbil",
    "who-allies --stance mixed --actor all",
    "who-allies --fields entity.name,stance,as_of,evidence",
    "show russia",
    "show united states",
    "show kuwait",
    "show nato",
    "show erbil",
    "show iraq",
    "show pkk",
    "show rusia",
    "show saudi arabia --as-of 2014 --actor baghdad",
    "show russia --as-of 2010",
    "show kuwait --as-of 2010",
    "list",
    "list --stance adversary",
    "list --kind armed-group --source s002",
    "list --actor erbil --domain security",
    "list --as-of 2010",
    "list --min-stance partner --actor militias",
    "search alliance",
    "search alli* --actor baghdad",
    "search Baghdad Moscow",
    "search zzzz",
    "search alliance --as-of 2010",
    "sources",
    "resolve " + " ".join(NAMES),
    "changes",
    "changes --new",
    "changes --gone",
    "changes --as-of 2014",
    "changes --new --as-of 2010",
    "verify",
    "context s000:1245-1289 s002:7722-7823",
    "show gaza",
]


class Case(NamedTuple):
    """One run: its arguments, what it reads on stdin, and how its terminal is set."""

    name: str
    args: list[str]
    env: dict[str, str] | None = None
    input: str | None = None
    charset: str = "utf-8"
    tty: bool = False
    edit: str | None = None  # a name in EDITS: the run reads a copy of the dataset so edited
    # Run from a folder holding a copy of data/ (edited, if `edit`), seeds/, the unedited
    # dataset in original/, and in docs/ the test documents and the English one's draft,
    # uncoded and coded: paths in the output are the same on every machine.
    workdir: bool = False


def _slug(words: list[str]) -> str:
    return re.sub(r"[^a-z0-9]+", "-", " ".join(words).lower()).strip("-") or "none"


def cases() -> list[Case]:
    found = [
        Case(f"{_slug(command.split())}.{fmt}", [*command.split(), "--format", fmt])
        for command in ANSWERS
        for fmt in FORMATS
    ]
    stdin = "\n".join(NAMES) + "\n\n"
    many = ["russia"] * 1002
    found += [
        Case(f"resolve-stdin.{fmt}", ["resolve", "-", "--format", fmt], input=stdin)
        for fmt in FORMATS
    ]
    found += [
        # exports small enough to pin byte for byte (the rest: test_export.py)
        Case("export.dyads", ["export", "dyads"]),
        Case("export.dyads-all", ["export", "dyads", "--actor", "all"]),
        Case("export.mermaid", ["export", "mermaid"]),
        # the defaults off a terminal, and --json
        Case("default.who-allies", ["who-allies"]),
        Case("default.show-russia", ["show", "russia"]),
        Case("json-flag.list", ["list", "--json"]),
        # color, as FORCE_COLOR asks for it
        Case("color.who-allies", ["who-allies", "--format", "table"], {"FORCE_COLOR": "1"}),
        Case("color.show-russia", ["show", "russia", "--format", "table"], {"FORCE_COLOR": "1"}),
        Case("color.search-alliance", ["search", "alliance", "-f", "table"], {"FORCE_COLOR": "1"}),
        Case(
            "color.no-color-wins",
            ["who-allies", "-f", "table"],
            {"FORCE_COLOR": "1", "NO_COLOR": "1"},
        ),
        Case(
            "color.no-color-flag",
            ["show", "iran", "-f", "table", "--no-color"],
            {"FORCE_COLOR": "1"},
        ),
        # narrow terminals: stacked records; wide ones
        Case("narrow.who-allies", ["who-allies", "-f", "table"], {"COLUMNS": "60"}),
        Case("at80.who-allies", ["who-allies", "-f", "table"], {"COLUMNS": "80"}),
        Case(
            "at80.show-united-states",
            ["show", "united", "states", "-f", "table"],
            {"COLUMNS": "80"},
        ),
        Case("narrow.show-russia", ["show", "russia", "-f", "table"], {"COLUMNS": "60"}),
        Case("narrow.sources", ["sources", "-f", "table"], {"COLUMNS": "40"}),
        Case("wide.changes", ["changes", "-f", "table"], {"COLUMNS": "200"}),
        # an ASCII-only stdout
        *(
            Case(f"ascii.show-russia.{fmt}", ["show", "russia", "-f", fmt], charset="ascii")
            for fmt in FORMATS
        ),
        # over the table's row limit: plain text and a note
        Case("limit.resolve-args", ["resolve", *many, "-f", "table"]),
        Case("limit.resolve-stdin", ["resolve", "-", "-f", "table"], input="\n".join(many)),
        # errors: one line and a code
        Case("error.unknown-name", ["show", "lybia"]),
        Case("error.ambiguous-name", ["show", "IS"]),
        Case("error.no-letters", ["show", "!!!"]),
        Case("error.long-name", ["show", "x" * 201]),
        Case("error.long-search", ["search", "x" * 1001]),
        Case("error.bad-domain", ["who-allies", "--domain", "war"]),
        Case("error.bad-actor", ["list", "--actor", "nobody"]),
        Case("error.bad-source", ["list", "--source", "s9"]),
        Case("error.bad-date", ["who-allies", "--as-of", "2014-13"]),
        Case("error.format-conflict", ["who-allies", "--json", "--format", "csv"]),
        Case("error.all-and-min-stance", ["who-allies", "--all", "--min-stance", "ally"]),
        Case("error.new-and-gone", ["changes", "--new", "--gone"]),
        Case("error.dash-and-names", ["resolve", "-", "russia"]),
        Case("error.unknown-option", ["who-allies", "--asof", "2014"]),
        Case("error.no-data-file", ["--data", "no-such-file.json", "list"]),
        Case("error.no-arguments", []),
        # verify of a dataset whose quote was edited
        *(
            Case(f"verify-broken.{fmt}", ["verify", "-f", fmt], edit="edited-quote")
            for fmt in FORMATS
        ),
        # control characters in the dataset's strings
        *(
            Case(f"controls.{_slug(c.split())}.{fmt}", [*c.split(), "-f", fmt], edit="controls")
            for c in ("show RUS", "who-allies --all", "list --kind country", "search moscow")
            for fmt in FORMATS
        ),
        Case("resolve-long-name", ["resolve", "x" * 201, "russia", "-f", "plain"]),
        Case("error.note-then-bad-actor", ["show", "rusia", "--actor", "nobody"]),
        # help, version and completion
        Case("help", ["--help"]),
        *(Case(f"help.{command}", [command, "--help"]) for command in COMMANDS),
        Case("version", ["--version"]),
        Case(
            "complete.bash",
            [],
            {
                "_IRAQREL_COMPLETE": "complete_bash",
                "COMP_WORDS": "iraqrel show Sau",
                "COMP_CWORD": "2",
            },
        ),
        Case(
            "complete.zsh",
            [],
            {"_IRAQREL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "iraqrel show ir"},
        ),
        # a real terminal: table and color by default
        Case("tty.who-allies", ["who-allies"], tty=True),
        Case("tty.show-russia", ["show", "russia"], tty=True),
        Case("tty.resolve", ["resolve", "rusia", "KSA"], tty=True),
    ]
    found += _curating_cases()
    names = [c.name for c in found]
    assert len(names) == len(set(names)), "two cases share a name"
    return found


def _curating_cases() -> list[Case]:
    """draft, add and diff, each run from a work folder (see Case.workdir)."""
    data = ["--data", "data/iraqrel.json"]
    diff = ["diff", "original/iraqrel.json", "data/iraqrel.json"]
    return [
        *(
            Case(
                f"draft-english.{fmt}",
                [*data, "draft", "docs/english.txt", "-f", fmt],
                workdir=True,
            )
            for fmt in FORMATS
        ),
        Case("draft-english.default", [*data, "draft", "docs/english.txt"], workdir=True),
        Case("draft-arabic.json", [*data, "draft", "docs/arabic.txt"], workdir=True),
        *(
            Case(
                f"add-dry-run.{fmt}",
                [*data, "add", "docs/english.coded.json", "--dry-run", "-f", fmt],
                workdir=True,
            )
            for fmt in FORMATS
        ),
        Case("add.plain", [*data, "add", "docs/english.coded.json", "-f", "plain"], workdir=True),
        Case("add-refused.uncoded", [*data, "add", "docs/english.draft.json"], workdir=True),
        *(Case(f"diff.{fmt}", [*diff, "-f", fmt], edit="recoded", workdir=True) for fmt in FORMATS),
        Case("diff-same.plain", [*diff[:2], "original/iraqrel.json", "-f", "plain"], workdir=True),
        Case("error.draft-no-file", ["draft", "no-such-document.txt"]),
    ]


def _recoded(raw: dict[str, Any]) -> None:
    """r0001 re-coded, r0002 removed, r0003's last quote removed."""
    first = raw["relationships"][0]
    first["stance"], first["rules"][0] = "mixed", "S3"
    first["summary"] = "Re-coded for the golden files."
    del raw["relationships"][1]
    raw["relationships"][1]["evidence"].pop()


def _edited_quote(raw: dict[str, Any]) -> None:
    """The first quote no longer matches its source: verify fails."""
    raw["relationships"][0]["evidence"][0]["quote"] += " (edited)"


def _controls(raw: dict[str, Any]) -> None:
    """Control characters, escape sequences and bidi overrides in Russia's strings."""
    russia = next(e for e in raw["entities"] if e["id"] == "RUS")
    russia["name"] = "Rus\x1b[2Jsia\u202e"
    russia["aliases"].append("Tab\there")
    russia["notes"] = "Line one\nline two\x07"
    first = next(r for r in raw["relationships"] if r["entity"] == "RUS")
    first["summary"] += "\tand\nmore\x1b]0;x\x07"


EDITS = {"edited-quote": _edited_quote, "controls": _controls, "recoded": _recoded}


@contextmanager
def _edited_dataset(edit: str) -> Iterator[str]:
    """A copy of the dataset and its sources, edited by EDITS[edit]; its path."""
    from iraqrel.records import shipped_data_path

    data = shipped_data_path()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(data.parent, Path(tmp) / "data")
        shutil.copytree(data.parent.parent / "seeds", Path(tmp) / "seeds")
        path = Path(tmp) / "data" / data.name
        raw = json.loads(path.read_text(encoding="utf-8"))
        EDITS[edit](raw)
        path.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
        yield str(path)


class Ran(NamedTuple):
    code: int
    stdout: bytes
    stderr: bytes
    mixed: bytes | None  # stdout and stderr as one reader saw them, where known


@contextmanager
def _workdir(edit: str | None) -> Iterator[None]:
    """A work folder (see Case.workdir) as the current directory, for the block."""
    from drafting import ENGLISH, ENGLISH_CODING, ENGLISH_REASONS, coded
    from typer.testing import CliRunner

    from iraqrel.cli.app import app_for

    with _edited_dataset(edit) if edit else _copied_dataset() as data:
        folder = Path(data).parent.parent
        shutil.copytree(ROOT / "data", folder / "original")
        shutil.copytree(ROOT / "tests" / "data" / "drafting", folder / "docs")
        args = ["--data", data, "draft", str(folder / "docs" / ENGLISH.name)]
        drafted = CliRunner().invoke(app_for(args, ENV), args, env=ENV)
        draft = json.loads(drafted.stdout)
        (folder / "docs" / "english.draft.json").write_text(drafted.stdout, encoding="utf-8")
        done = coded(draft, ENGLISH_CODING, ENGLISH_REASONS, "2025-03-14")
        text = json.dumps(done, indent=2, ensure_ascii=False)
        (folder / "docs" / "english.coded.json").write_text(text, encoding="utf-8")
        here = os.getcwd()
        os.chdir(folder)
        try:
            yield
        finally:
            os.chdir(here)


@contextmanager
def _copied_dataset() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "data", Path(tmp) / "data")
        shutil.copytree(ROOT / "seeds", Path(tmp) / "seeds")
        yield str(Path(tmp) / "data" / "iraqrel.json")


def _in_process(case: Case) -> Ran:
    from typer.testing import CliRunner

    from iraqrel.cli.app import app_for

    runner = CliRunner(charset=case.charset)
    env = {**ENV, **(case.env or {})}
    if case.workdir:
        with _workdir(case.edit):
            result = runner.invoke(app_for(case.args, env), case.args, input=case.input, env=env)
    else:
        with _edited_dataset(case.edit) if case.edit else _nothing() as data:
            if data:
                env["IRAQREL_DATA"] = data
            result = runner.invoke(app_for(case.args, env), case.args, input=case.input, env=env)
    return Ran(result.exit_code, result.stdout_bytes, result.stderr_bytes, result.output_bytes)


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def _on_a_terminal(case: Case) -> Ran:
    """The command as a real process whose stdout is a pseudo-terminal."""
    import pty

    env = {k: v for k, v in ENV.items() if v is not None}
    env |= {"PATH": os.environ.get("PATH", ""), "PYTHONIOENCODING": "utf-8", **(case.env or {})}
    env["IRAQREL_CACHE_DIR"] = os.environ.get("IRAQREL_CACHE_DIR", "")
    main, child = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "iraqrel", *case.args],
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    ) as process:
        os.close(child)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: every writer of the terminal has closed it
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(main)
        assert process.stderr is not None
        stderr = process.stderr.read()
    return Ran(process.returncode, b"".join(chunks), stderr, None)


def run(case: Case) -> Ran:
    return _on_a_terminal(case) if case.tty else _in_process(case)


def _order(ran: Ran) -> str:
    if ran.mixed is None or not (ran.stdout and ran.stderr):
        return "apart"
    if ran.mixed == ran.stderr + ran.stdout:
        return "stderr first"
    if ran.mixed == ran.stdout + ran.stderr:
        return "stdout first"
    return "interleaved"


def golden(case: Case) -> bytes:
    """The golden file's bytes for `case`, as the code writes it now."""
    ran = run(case)
    shown = " ".join(repr(a) if not a or " " in a else a for a in case.args)
    head = [
        f"$ iraqrel {shown}"[:300],
        f"env: {json.dumps(case.env or {}, sort_keys=True)}; charset {case.charset}; "
        f"{'a terminal' if case.tty else 'captured'}; stdin {len(case.input or '')} chars",
        f"exit {ran.code}; {_order(ran)}",
    ]
    return b"".join(
        [
            "\n".join(head).encode() + b"\n",
            f"--- stdout, {len(ran.stdout)} bytes\n".encode(),
            ran.stdout,
            f"\n--- stderr, {len(ran.stderr)} bytes\n".encode(),
            ran.stderr,
        ]
    )


def path_of(case: Case) -> Path:
    return GOLDEN / f"{case.name}.txt"


def _private_cache() -> None:
    if "IRAQREL_CACHE_DIR" not in os.environ:
        os.environ["IRAQREL_CACHE_DIR"] = tempfile.mkdtemp(prefix="iraqrel-goldens-")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    _private_cache()
    check = "--check" in sys.argv[1:]
    stale = []
    GOLDEN.mkdir(exist_ok=True)
    wanted = {path_of(c) for c in cases()}
    for case in cases():
        text = golden(case)
        path = path_of(case)
        if check:
            if not path.exists() or path.read_bytes() != text:
                stale.append(case.name)
        else:
            path.write_bytes(text)
    extra = sorted(p.name for p in GOLDEN.glob("*.txt") if p not in wanted)
    if check:
        for name in [*stale, *extra]:
            print(f"differs: {name}", file=sys.stderr)
        return int(bool(stale or extra))
    for name in extra:
        (GOLDEN / name).unlink()
    print(f"wrote {len(wanted)} golden files to {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
