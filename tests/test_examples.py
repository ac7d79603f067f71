"""Every example in the README and in `--help` runs, exits as documented, and shows what its
comment names.

An example is a line of a `sh` or `console` block of the README, a command in the example
column of its table of commands, or a line under "Examples:" in a command's help. Lines that
install something are left out. A comment `# exit N` gives the exit code (0 otherwise);
`# columns: a, b` names the fields the output's columns are, checked against the same
command with `--fields a,b`; each backquoted value in the comment must be in the output; a
console block's output must be what follows its `$` line, line for line. An `export` line
holds for the rest of its block. Examples run in bash, with `pipefail`, in a folder that
holds the files they name: one folder for the README, in which its examples run in order,
and one for each command's help; `$EDITOR` codes a draft as a curator would
(tests/code_draft.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import EXE, ROOT, no_traceback
from drafting import ENGLISH

README = ROOT / "README.md"
INSTALLS = ("pip install", "pipx install", "uv tool install", "--install-completion")
COMMANDS = (
    "who-allies", "show", "list", "search", "sources", "resolve", "changes", "verify", "context",
    "draft", "add", "diff",
)  # fmt: skip


class Example(NamedTuple):
    where: str
    command: str
    comment: str = ""
    output: tuple[str, ...] | None = None  # a console block's lines after the command
    setup: str = ""  # the `export` lines before it in its block

    @property
    def group(self) -> str:
        """The examples that share a folder: the README's, or one command's help."""
        return "README" if self.where.startswith("README") else self.where

    @property
    def code(self) -> int:
        found = re.search(r"\bexit (\d+)", self.comment)
        return int(found[1]) if found else 0

    @property
    def columns(self) -> list[str]:
        found = re.search(r"columns: ([\w.]+(?:, [\w.]+)*)", self.comment)
        return found[1].split(", ") if found else []

    @property
    def values(self) -> list[str]:
        return re.findall(r"`([^`]+)`", self.comment)


def _split(line: str) -> tuple[str, str]:
    """A line as its command and its comment (after two spaces and `#`)."""
    found = re.search(r"\s{2,}#\s(.*)$", line)
    return (line[: found.start()].rstrip(), found[1]) if found else (line.rstrip(), "")


def _joined(lines: list[str]) -> list[str]:
    """Lines with their backslash continuations joined."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].endswith("\\"):
            out[-1] = out[-1][:-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def _blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """The README's fenced blocks: language, line number, lines."""
    return [
        (m[1], text[: m.start()].count("\n") + 1, m[2].splitlines())
        for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    ]


def readme_examples() -> list[Example]:
    text = README.read_text(encoding="utf-8")
    found: list[Example] = []
    for language, at, lines in _blocks(text):
        if language == "sh":
            exports: list[str] = []
            for line in _joined(lines):
                if line.strip() and not line.lstrip().startswith("#"):
                    found.append(Example(f"README:{at}", *_split(line), setup="; ".join(exports)))
                    if line.startswith("export "):
                        exports.append(_split(line)[0])
        elif language == "console":
            commands = [n for n, line in enumerate(lines) if line.startswith("$ ")]
            for n, next_at in zip(commands, [*commands[1:], len(lines)], strict=True):
                command, comment = _split(lines[n][2:])
                found.append(
                    Example(f"README:{at}", command, comment, tuple(lines[n + 1 : next_at]))
                )
    table = text[text.index("## Commands") : text.index("### How an answer is coded")]
    for row in re.findall(r"^\| `[^\n]*\|\s*$", table, re.MULTILINE):
        for span in re.findall(r"`(iraqrel [^`]+)`", row.rsplit("|", 2)[-2]):
            found.append(Example("README: commands", span))
    return [e for e in found if not any(i in e.command for i in INSTALLS)]


def help_examples() -> list[Example]:
    found = []
    for command in ("", *COMMANDS):
        shown = subprocess.run(
            [EXE, *([command] if command else []), "--help"],
            capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=60,
        ).stdout  # fmt: skip
        after = shown.split("Examples:", 1)[1].split("\n\n")
        lines = next(part for part in after if part.strip()).splitlines()
        found += [
            Example(f"iraqrel {command} --help", *_split(line.strip())) for line in _joined(lines)
        ]
    return found


EXAMPLES = readme_examples() + help_examples()


def _recoded(raw: dict) -> dict:
    """The dataset with its first relationship's stance read otherwise."""
    first = raw["relationships"][0]
    first["stance"], first["rules"][0] = "mixed", "S3"
    return raw


def _build(top: Path) -> Path:
    """A folder with the files the examples name. Beside it, `seeds` (where my.json, old.json,
    new.json and broken.json find their sources) holds the English test document as 003.txt.
    In it: names.tsv; data/ and seeds/, copies of the shipped ones; my.json and old.json, the
    shipped dataset, and new.json with one stance changed; broken.json, not a valid dataset;
    article.txt, the English test document (also ~/article.txt: HOME is the folder); and
    coded.draft.json, its draft against my.json, coded."""
    work = top / "work"
    work.mkdir()
    shutil.copytree(ROOT / "seeds", top / "seeds")
    shutil.copy(ENGLISH, top / "seeds" / "003.txt")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    shutil.copytree(
        ROOT / "data", work / "data", ignore=shutil.ignore_patterns("codings", "audits")
    )
    shutil.copy(ROOT / "tests" / "names.tsv", work / "names.tsv")
    shutil.copy(ENGLISH, work / "article.txt")
    text = (ROOT / "data" / "iraqrel.json").read_text(encoding="utf-8")
    for name in ("codebook.md", "agreement.json"):
        shutil.copy(ROOT / "data" / name, work / name)
    for name in ("my.json", "old.json"):
        (work / name).write_text(text, encoding="utf-8")
    recoded = json.dumps(_recoded(json.loads(text)), ensure_ascii=False)
    (work / "new.json").write_text(recoded, encoding="utf-8")
    raw = json.loads(text)
    raw["relationships"][2]["stance"] = "frenemy"
    (work / "broken.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    done = _bash("iraqrel --data my.json draft ../seeds/003.txt -o coded.draft.json", work)
    assert done.returncode == 0, done.stderr
    _bash("$EDITOR coded.draft.json", work).check_returncode()
    return work


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The folder of a group of examples: a copy of one built once, made when the group's
    first example runs."""
    template = _build(tmp_path_factory.mktemp("template"))
    built: dict[str, Path] = {}

    def folder(group: str) -> Path:
        if group not in built:
            top = tmp_path_factory.mktemp("examples")
            shutil.copytree(template.parent, top, dirs_exist_ok=True)
            built[group] = top / template.name
        return built[group]

    return folder


def _bash(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": f"{Path(EXE).parent}:/usr/bin:/bin",
        "HOME": str(folder),
        "COLUMNS": "100",
        "IRAQREL_CACHE_DIR": str(folder / "cache"),
        "LANG": "C.UTF-8",
        "EDITOR": f"{sys.executable} {ROOT / 'tests' / 'code_draft.py'}",
    }
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True, text=True, cwd=folder, env=env, stdin=subprocess.DEVNULL,
        timeout=120,
    )  # fmt: skip


def test_there_are_examples_everywhere_they_are_promised():
    where = {e.where.split(":")[0] for e in EXAMPLES}
    assert where == {"README", *(f"iraqrel {c} --help" for c in ("", *COMMANDS))}
    assert sum(e.where == "README: commands" for e in EXAMPLES) >= 9
    assert any(e.columns for e in EXAMPLES) and any(e.output for e in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.where} {e.command}" for e in EXAMPLES])
def test_every_example_runs_as_documented(example: Example, folders: Callable[[str], Path]):
    folder = folders(example.group)
    done = _bash(
        f"{example.setup}; {example.command}" if example.setup else example.command, folder
    )
    said = done.stdout + done.stderr
    no_traceback(said)
    assert done.returncode == example.code, said[-2000:]
    if example.output is not None:  # a console block: its output, line for line
        assert said.splitlines() == list(example.output)
    for value in example.values:
        assert value in said, value
    if example.columns:
        base = next(
            p.strip() for p in example.command.split("|") if p.strip().startswith("iraqrel")
        )
        fields = _bash(f"{base} --fields {','.join(example.columns)} --format plain", folder)
        assert fields.returncode == 0 and fields.stdout.strip()
        assert done.stdout == fields.stdout


def test_ci_runs_the_quick_starts_test_command():
    quick = [e for e in readme_examples_with_installs() if "pytest" in e.command]
    assert len(quick) == 1
    assert quick[0].command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def readme_examples_with_installs() -> list[Example]:
    text = README.read_text(encoding="utf-8")
    return [
        Example("README", *_split(line))
        for language, _, lines in _blocks(text)
        if language == "sh"
        for line in _joined(lines)
        if line.strip()
    ]
