"""A run's app has only the command its arguments name, when they name one for certain, and
every command otherwise; help and errors are the same bytes from either app."""

from __future__ import annotations

import pytest
import typer
from conftest import CLEAN_ENV
from typer.testing import CliRunner, Result

from iraqrel.cli.app import COMMANDS, app_for, typer_app
from iraqrel.cli.completion import COMPLETE_VAR

NAMES = list(COMMANDS)
# The root's options that may come before the command: the app still needs only that one.
BEFORE = [(), ("--data", "x.json"), ("--data=x.json",), ("--no-color", "--no-pager")]
# Arguments that need every command: root help lists them, a misspelt command's error
# suggests one, --version and completion answer for the whole app, and the rest is unknown.
EVERY = [
    [],
    ["--help", "show"],
    ["-h"],
    ["--version", "show"],
    ["-V"],
    ["--data"],
    ["--data", "show"],
    ["shw", "russia"],
    ["SHOW", "russia"],
    ["--", "show"],
    ["--show-completion", "bash"],
    ["--install-completion", "bash"],
    ["--bogus", "show"],
    ["-", "show"],
    ["russia"],
]


def _commands(app: typer.Typer) -> list[str]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return list(group.commands)


@pytest.mark.parametrize("before", BEFORE, ids=" ".join)
@pytest.mark.parametrize("name", NAMES)
def test_a_run_naming_a_command_gets_an_app_with_only_that_command(name, before):
    assert _commands(app_for([*before, name, "--json"], {})) == [name]


@pytest.mark.parametrize("argv", EVERY, ids=" ".join)
def test_a_run_that_names_no_command_for_certain_gets_every_command(argv):
    assert _commands(app_for(argv, {})) == NAMES


def test_shell_completion_gets_every_command_whatever_the_arguments():
    assert _commands(app_for(["show", "ru"], {COMPLETE_VAR: "complete_bash"})) == NAMES


def test_the_whole_app_has_every_command_in_the_order_of_its_help(run):
    assert _commands(typer_app()) == NAMES == [*NAMES[:10], "draft", "add", "diff"]
    lines = run("--help").stdout.split("Commands:")[1].splitlines()
    assert [line.split()[0] for line in lines if line.startswith("  ")] == NAMES


def _both(args: list[str]) -> tuple[Result, Result]:
    """`args` through the whole app and through the app `app_for` gives them."""
    runner = CliRunner()
    return (
        runner.invoke(typer_app(), args, env=CLEAN_ENV),
        runner.invoke(app_for(args, CLEAN_ENV), args, env=CLEAN_ENV),
    )


@pytest.mark.parametrize(
    "tail", [["--help"], ["--bogus"], ["--fomat", "json"], ["--format", "nope"]], ids=" ".join
)
@pytest.mark.parametrize("name", NAMES)
def test_help_and_usage_errors_are_the_same_bytes_from_either_app(name, tail):
    whole, own = _both([name, *tail])
    assert _commands(app_for([name, *tail], CLEAN_ENV)) == [name]
    assert (own.exit_code, own.stdout_bytes, own.stderr_bytes) == (
        whole.exit_code,
        whole.stdout_bytes,
        whole.stderr_bytes,
    )
    assert own.stdout_bytes or own.stderr_bytes


@pytest.mark.parametrize(
    "args", [["show", "russia", "--json"], ["--no-color", "who-allies"], ["verify"]], ids=" ".join
)
def test_answers_are_the_same_bytes_from_either_app(args):
    whole, own = _both(args)
    assert own.exit_code == whole.exit_code == 0
    assert (own.stdout_bytes, own.stderr_bytes) == (whole.stdout_bytes, whole.stderr_bytes)
    assert own.stdout_bytes or own.stderr_bytes
