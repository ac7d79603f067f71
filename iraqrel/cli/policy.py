"""The one-line error policy: every failure is one line on stderr with its documented code."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from iraqrel.cli.completion import COMPLETE_VAR, completion_problem
from iraqrel.errors import ExitCode, IraqrelError
from iraqrel.output.terminal import say

# Errors of writing, not of reading: a full disk, a closed descriptor, a failing device.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EBADF, errno.EIO})


def fail(message: str, code: int) -> int:
    """One line: the message's lines joined, its runs of spaces (in quoted names) kept."""
    joined = " ".join(line.strip() for line in message.splitlines() if line.strip())
    say("iraqrel: " + joined, sys.stderr)
    return code


def output_failed(exc: Exception) -> int:
    reason = getattr(exc, "strerror", None) or str(exc)
    return fail(f"cannot write output: {reason}", ExitCode.OUTPUT)


def internal(exc: BaseException) -> int:
    """A bug: still one line, and a code of its own; broken completion variables are usage."""
    if os.environ.get(COMPLETE_VAR):
        return fail(
            f"shell completion failed ({type(exc).__name__}: {exc}): its variables "
            "(COMP_WORDS, COMP_CWORD) are missing or malformed; reinstall it with "
            "'iraqrel --install-completion'",
            ExitCode.USAGE,
        )
    return fail(
        f"internal error ({type(exc).__name__}: {exc}); please report it", ExitCode.INTERNAL
    )


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
        say(message, sys.stderr)
        return ExitCode.USAGE
    where = ctx.command_path.removeprefix("iraqrel").strip() if ctx is not None else ""
    see = f"see 'iraqrel {where} --help'".replace("  ", " ")
    message = message.rstrip(".")
    said = f"{message} ({see})" if message.endswith("?") else f"{message}; {see}"
    return fail(said, ExitCode.USAGE)


class OneLineErrors(TyperGroup):
    """Runs the app without Click's own error printing, and maps each error to its code."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        stdout = sys.stdout
        broken_completion = completion_problem()
        if broken_completion:
            raise SystemExit(fail(broken_completion, ExitCode.USAGE))
        try:
            code = super().main(*args, **kwargs)
        except SystemExit as done:
            # Typer answers a broken pipe while writing help or the version by wrapping
            # stdout and exiting 1: the reader went away, which is a quiet 0 here.
            code = quiet_stdout() if sys.stdout is not stdout else done.code
        except IraqrelError as exc:
            code = fail(str(exc), exc.code)
        except typer.TyperException as exc:
            if exc.exit_code == ExitCode.USAGE:
                code = _usage(exc)
            else:
                code = fail(exc.format_message(), ExitCode.USAGE)
        except (typer.Abort, KeyboardInterrupt):
            code = ExitCode.INTERRUPTED
        except BrokenPipeError:
            code = quiet_stdout()
        except OSError as exc:  # writing help or the version: reading fails as a DataError
            code = output_failed(exc) if exc.errno in _WRITE_ERRNOS else internal(exc)
        except Exception as exc:
            code = internal(exc)
        raise SystemExit(code if isinstance(code, int) else 0)


def quiet_stdout() -> int:
    """The reader of stdout went away (`| head`): stop quietly, as the Python docs advise."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return ExitCode.OK
