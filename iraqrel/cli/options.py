"""The options commands share: the root's settings, output options, and the filter options."""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import msgspec
import typer
from typer.core import TyperCommand

from iraqrel import __version__
from iraqrel.errors import DataError, UsageError
from iraqrel.export import ExportFormat
from iraqrel.files import shown
from iraqrel.output.terminal import OutputFormat, Terminal
from iraqrel.records import (
    DOMAINS,
    KINDS,
    STANCES,
    Loaded,
    data_version_of,
    load,
    shipped_data_path,
)

if TYPE_CHECKING:
    from iraqrel.names.resolver import Resolver

StanceChoice = Enum("StanceChoice", {s: s for s in STANCES}, type=str)  # type: ignore[misc]
DomainChoice = Enum("DomainChoice", {d: d for d in DOMAINS}, type=str)  # type: ignore[misc]
KindChoice = Enum("KindChoice", {k: k for k in KINDS}, type=str)  # type: ignore[misc]


class PlainUsage(TyperCommand):
    """Usage shows an argument as NAME, the way help texts and errors name it, not {NAME}."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [re.sub(r"\{(.*?)\}", r"\1", p) for p in super().collect_usage_pieces(ctx)]


DATA_VAR = "IRAQREL_DATA"


class Settings(NamedTuple):
    """The global options and the terminal, built once by the root and kept on its context;
    the dataset is loaded once per run (`--envelope` reads it before the command does)."""

    data: Path
    terminal: Terminal
    loaded: dict[Path, Loaded]
    named_by: str = ""  # what named the dataset: "--data", DATA_VAR, or "" (the shipped one)

    def load(self) -> Loaded:
        """The dataset, loaded once; a message about it says whether --data or DATA_VAR
        named it."""
        if self.data in self.loaded:
            return self.loaded[self.data]
        try:
            self.loaded[self.data] = load(self.data)
        except DataError as exc:
            if not self.named_by:
                raise
            sep = " " if self.named_by.startswith("-") else "="
            message = str(exc).removeprefix(shown(self.data))
            raise DataError(f"{self.named_by}{sep}{shown(self.data)}{message}") from None
        return self.loaded[self.data]


def dataset_named(data: Path | None) -> tuple[Path, str]:
    """The dataset --data names, else the one DATA_VAR names (set and not empty), else the
    shipped one; and which of them named it."""
    if data is not None:
        return data, "--data"
    from_env = os.environ.get(DATA_VAR)
    if from_env:
        return Path(from_env), DATA_VAR
    return shipped_data_path(), ""


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj  # type: ignore[no-any-return]


def load_data(ctx: typer.Context) -> Loaded:
    return settings(ctx).load()


def name_resolver(ctx: typer.Context, loaded: Loaded) -> Resolver:
    """A Resolver on `loaded`. When the name cache's folder cannot be trusted, the run goes
    without the cache, and says so here, once."""
    from iraqrel.names.cache import cache_folder
    from iraqrel.names.resolver import Resolver

    refused = cache_folder().refused
    if refused:
        settings(ctx).terminal.say(f"iraqrel: not using the name cache: {refused}")
    return Resolver(loaded)


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
EnvelopeFlag = Annotated[
    bool,
    typer.Option(
        "--envelope",
        help="JSON wrapped as {data_version, sources, query, results}, so that a saved "
        "answer says which data produced it.",
    ),
]
_DEFAULTS = {"fmt": None, "as_json": False, "no_color": False, "envelope": False}


def chosen_format(
    fmt: OutputFormat | None, as_json: bool, envelope: bool = False
) -> OutputFormat | None:
    """The format --format, --json and --envelope ask for together, or None for the
    terminal's default."""
    if as_json and fmt not in (None, OutputFormat.json):
        raise UsageError(f"--json conflicts with --format {fmt.value}; give one of them")
    if envelope and fmt not in (None, OutputFormat.json):
        raise UsageError(f"--envelope wraps JSON, not {fmt.value}; give --json or leave it out")
    return OutputFormat.json if as_json or envelope else fmt


def _query(command: str, params: dict[str, Any]) -> dict[str, Any]:
    """The command and its arguments as given, for an envelope: enums as their values."""
    shown = {
        name: value.value if isinstance(value, Enum) else value
        for name, value in params.items()
        if name != "ctx"
    }
    return {"command": command, "arguments": shown}


def _with_output(
    command: Callable[..., None],
    format_option: Any,
    default: OutputFormat | None,
    envelope: bool,
) -> Callable[..., None]:
    """`command` given --format, --json and --no-color (and --envelope when `envelope`), and
    the root's Terminal as they set it, as its `terminal` argument; `default` is the format
    when none is asked for (None: the terminal's own)."""
    options = {"fmt": format_option, "as_json": JsonFlag, "no_color": NoColorFlag}
    if envelope:
        options["envelope"] = EnvelopeFlag
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
        fmt, as_json, no_color, wrapped = (kwargs.pop(name, _DEFAULTS[name]) for name in _DEFAULTS)
        ctx = kwargs["ctx"]
        asked = chosen_format(fmt, as_json, wrapped) or default
        terminal = settings(ctx).terminal.asked(asked, no_color=no_color)
        if wrapped:
            from iraqrel.output.views import envelope_head

            query = _query(ctx.info_name or command.__name__, kwargs)
            head = envelope_head(settings(ctx).load(), query)
            terminal = msgspec.structs.replace(terminal, envelope=head)
        command(*args, terminal=terminal, **kwargs)

    with_output.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    with_output.__annotations__ = {
        **{k: v for k, v in command.__annotations__.items() if k != "terminal"},
        **options,
    }
    return with_output


def output_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a query command --format, --json, --no-color (the sqlite-utils way) and
    --envelope; it gets the root's Terminal as they set it, as its `terminal` argument."""
    return _with_output(command, FormatOption, None, envelope=True)


def change_output_options(command: Callable[..., None]) -> Callable[..., None]:
    """`output_options` without --envelope, for a command whose answer is a change between
    datasets (add, diff), not an answer from the one dataset an envelope names."""
    return _with_output(command, FormatOption, None, envelope=False)


def json_output_options(command: Callable[..., None]) -> Callable[..., None]:
    """`change_output_options` for a command whose answer is a file to edit: JSON unless
    asked."""
    return _with_output(
        command, _format_option("json, the draft itself"), OutputFormat.json, envelope=False
    )


# --- global options --------------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        data = data_version_of(shipped_data_path())
        typer.echo(f"iraqrel {__version__}, data {data} (the shipped dataset)")
        raise typer.Exit()


VersionFlag = Annotated[
    bool,
    typer.Option(
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help="Show the version of iraqrel and of its data.",
    ),
]
# The file is checked when it is read (exit 4), not by Typer (exit 2); the variable is read by
# the root, not by Typer, so that a message names whichever of the two named the dataset.
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="Use this dataset file instead of the shipped one; its sources are found "
        f"relative to it.  [env var: {DATA_VAR}]",
        show_default=False,
        readable=False,
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

# --- export ----------------------------------------------------------------------------------

ExportFormatArgument = Annotated[
    ExportFormat,
    typer.Argument(metavar="FORMAT", case_sensitive=False, show_default=False),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout.",
        show_default=False,
        dir_okay=False,
    ),
]
