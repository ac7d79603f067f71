"""Ctrl-C inside a command: exit 130, at most one quiet line, never a traceback.

Typer turns a KeyboardInterrupt inside a command into Exit(130); an Abort (the user giving up,
e.g. Ctrl-D at a prompt) reaches OneLineErrors itself. Both must end in 130.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from conftest import no_traceback

from iraqrel.cli.app import typer_app
from iraqrel.errors import ExitCode
from iraqrel.queries import answers


def _raiser(error: type[BaseException]):
    def raise_(*_: object, **__: object) -> None:
        raise error

    return raise_


@pytest.fixture(params=[KeyboardInterrupt, typer.Abort], ids=["ctrl-c", "abort"])
def interrupt_who_allies(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers, "who_allies", _raiser(request.param))


def _quiet(stderr: str) -> None:
    """At most one line, and no traceback."""
    no_traceback(stderr)
    assert stderr.count("\n") <= 1


def test_an_interrupt_through_the_cli_runner_exits_130(run, interrupt_who_allies):
    result = run("who-allies", "--json")
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert result.stdout == ""
    _quiet(result.stderr)


def test_an_interrupt_through_the_one_line_errors_group_exits_130(interrupt_who_allies, capsys):
    group = typer.main.get_command(typer_app())
    with pytest.raises(SystemExit) as done:
        group.main(["who-allies", "--json"], prog_name="iraqrel")
    assert done.value.code == 130
    captured = capsys.readouterr()
    assert captured.out == ""
    _quiet(captured.err)


def test_an_interrupt_in_a_real_process_exits_130_without_a_traceback():
    probe = (
        "from iraqrel.queries import answers\n"
        "def boom(*a, **k): raise KeyboardInterrupt\n"
        "answers.who_allies = boom\n"
        "from iraqrel.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "who-allies", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 130
    assert done.stdout == ""
    _quiet(done.stderr)
