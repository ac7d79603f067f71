"""The one-line error policy: every failure is one line on stderr with its documented code."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from iraqrel.errors import ExitCode, IraqrelError


def say(message: str) -> None:
    """One line on stderr; a closed or broken stderr never changes the exit code."""
    try:
        sys.stderr.write(f"{message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def fail(message: str, code: int) -> int:
    say("iraqrel: " + " ".join(message.split()))
    return code


def _unknown_option(exc: typer.TyperException, ctx: Any) -> str | None:
    """ "No such option" with at most one suggestion, and only a close one (`--asof`: `--as-of`)."""
    name = getattr(exc, "option_name", None)
    if not name or ctx is None:
        return None
    import difflib

    known = [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)]
    close = difflib.get_close_matches(name.replace("_", "-"), known, n=1, cutoff=0.75)
    return f"no such option {name}" + (f" (did you mean {close[0]}?)" if close else "")


def _usage(exc: typer.TyperException) -> int:
    ctx = getattr(exc, "ctx", None)
    message = _unknown_option(exc, ctx) or exc.format_message()
    if ctx is not None and message == ctx.get_help():  # no arguments: the whole help
        say(message)
        return ExitCode.USAGE
    where = ctx.command_path.removeprefix("iraqrel").strip() if ctx is not None else ""
    hint = f"; see 'iraqrel {where} --help'".replace("  ", " ")
    return fail(message.rstrip(".") + hint, ExitCode.USAGE)


class OneLineErrors(TyperGroup):
    """Runs the app without Click's own error printing, and maps each error to its code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except IraqrelError as exc:
            code = fail(str(exc), exc.code)
        except typer.TyperException as exc:
            if exc.exit_code == ExitCode.USAGE:
                code = _usage(exc)
            else:
                code = fail(exc.format_message(), ExitCode.USAGE)
        except (typer.Abort, KeyboardInterrupt):
            code = ExitCode.INTERRUPTED
        except typer.Exit as done:
            code = done.exit_code
        except Exception as exc:  # a bug: still one line, and a code of its own
            code = fail(
                f"internal error ({type(exc).__name__}: {exc}); please report it", ExitCode.INTERNAL
            )
        raise SystemExit(code if isinstance(code, int) else 0)


def main() -> None:
    """The console entry point: run the app, flush, and leave without interpreter teardown."""
    from iraqrel.cli.app import app

    try:
        app()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0
    else:
        code = 0
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)
