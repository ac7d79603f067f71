"""The options commands share: the root's settings, output options, and the filter options."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer
from typer.core import TyperCommand

from iraqrel import __version__
from iraqrel.errors import UsageError
from iraqrel.output.terminal import OutputFormat, Terminal
from iraqrel.records import DOMAINS, KINDS, STANCES, Loaded, load

StanceChoice = Enum("StanceChoice", {s: s for s in STANCES}, type=str)  # type: ignore[misc]
DomainChoice = Enum("DomainChoice", {d: d for d in DOMAINS}, type=str)  # type: ignore[misc]
KindChoice = Enum("KindChoice", {k: k for k in KINDS}, type=str)  # type: ignore[misc]


class PlainUsage(TyperCommand):
    """Usage shows an argument as NAME, the way help texts and errors name it, not {NAME}."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [re.sub(r"\{(.*?)\}", r"\1", p) for p in super().collect_usage_pieces(ctx)]


class Settings(NamedTuple):
    """The global options and the terminal, built once by the root and kept on its context."""

    data: Path
    terminal: Terminal
    data_named: bool = False  # --data or IRAQREL_DATA named the dataset: not the shipped one

    def load(self) -> Loaded:
        return load(self.data)


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj  # type: ignore[no-any-return]


def load_data(ctx: typer.Context) -> Loaded:
    return settings(ctx).load()


# --- output options shared by every command (the sqlite-utils way) ------------------------


def _format_option(default: str) -> Any:
    return Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=f"Output format. Default: {default}.",
            show_default=False,
            case_sensitive=False,
        ),
    ]


FormatOption = _format_option("table on a terminal, plain (tab-separated) when piped")
JsonFlag = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
NoColorFlag = Annotated[bool, typer.Option("--no-color", help="No color in tables.")]
_DEFAULTS = {"fmt": None, "as_json": False, "no_color": False}


def chosen_format(fmt: OutputFormat | None, as_json: bool) -> OutputFormat | None:
    """The format --format and --json ask for together, or None for the terminal's default."""
    if as_json and fmt not in (None, OutputFormat.json):
        raise UsageError(f"--json conflicts with --format {fmt.value}; give one of them")
    return OutputFormat.json if as_json else fmt


def _with_output(
    command: Callable[..., None], format_option: Any, default: OutputFormat | None
) -> Callable[..., None]:
    """`command` given --format, --json and --no-color, and the root's Terminal as they set it,
    as its `terminal` argument; `default` is the format when none is asked for (None: the
    terminal's own)."""
    options = {"fmt": format_option, "as_json": JsonFlag, "no_color": NoColorFlag}
    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "terminal"]
    added = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=_DEFAULTS[name], annotation=annotation
        )
        for name, annotation in options.items()
    ]

    @functools.wraps(command)
    def with_output(*args: Any, **kwargs: Any) -> None:
        fmt, as_json, no_color = (kwargs.pop(name, _DEFAULTS[name]) for name in options)
        root = settings(kwargs["ctx"]).terminal
        terminal = root.asked(chosen_format(fmt, as_json) or default, no_color=no_color)
        command(*args, terminal=terminal, **kwargs)

    with_output.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    with_output.__annotations__ = {
        **{k: v for k, v in command.__annotations__.items() if k != "terminal"},
        **options,
    }
    return with_output


def output_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command --format, --json and --no-color (the sqlite-utils way); it gets the
    root's Terminal as they set it, as its `terminal` argument."""
    return _with_output(command, FormatOption, None)


def json_output_options(command: Callable[..., None]) -> Callable[..., None]:
    """`output_options` for a command whose answer is a file to edit: JSON unless asked."""
    return _with_output(command, _format_option("json, the draft itself"), OutputFormat.json)


# --- global options --------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iraqrel {__version__}")
        raise typer.Exit()


VersionFlag = Annotated[
    bool,
    typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="IRAQREL_DATA",
        help="Use this dataset file instead of the shipped one; its sources are found "
        "relative to it.",
        show_default=False,
    ),
]
RootNoColorFlag = Annotated[bool, typer.Option("--no-color", hidden=True)]

# --- filters ---------------------------------------------------------------------------------

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Use only evidence dated on or before YYYY, YYYY-MM or YYYY-MM-DD.",
        show_default=False,
    ),
]
DomainOption = Annotated[
    DomainChoice | None,
    typer.Option("--domain", help="Only this domain.", show_default=False, case_sensitive=False),
]
ACTOR_HELP = "Only this Iraqi actor (any case): baghdad, erbil, sunni or militias."
ActorOption = Annotated[
    str | None,
    typer.Option("--actor", help=ACTOR_HELP, show_default=False, metavar="<actor>"),
]
KindOption = Annotated[
    KindChoice | None,
    typer.Option("--kind", help="Only this kind.", show_default=False, case_sensitive=False),
]
WhoseOption = Annotated[
    str,
    typer.Option(
        "--actor",
        help="Whose allies: baghdad (Iraq's government, the default), erbil, sunni, "
        "militias, or all of them (any case).",
        metavar="<actor>",
    ),
]
MinStanceOption = Annotated[
    StanceChoice | None,
    typer.Option(
        "--min-stance",
        help="Weakest stance to list.  [default: partner]",
        show_default=False,
        case_sensitive=False,
    ),
]
AllFlag = Annotated[
    bool, typer.Option("--all", help="List every stance, adversaries too; not with --min-stance.")
]
StanceOption = Annotated[
    StanceChoice | None,
    typer.Option(
        "--stance",
        help="Only counterparts whose latest stance (for some actor) is this.",
        show_default=False,
        case_sensitive=False,
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="Only counterparts this source describes (e.g. s002).",
        show_default=False,
    ),
]
