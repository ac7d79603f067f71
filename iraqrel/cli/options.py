"""The options commands share: the root's settings, output options, and the filter options."""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import msgspec
import typer
from typer.core import TyperCommand

from iraqrel import __version__
from iraqrel.cli.checked import load_checked, quick_checked, recorded_quick
from iraqrel.cli.collector import loading
from iraqrel.cli.completion import complete_actor, complete_whose
from iraqrel.cli.dataset import DATA_VAR
from iraqrel.errors import DataError, UsageError
from iraqrel.files import shown
from iraqrel.output.fields import parse_fields
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
    from iraqrel.checks import Problem
    from iraqrel.names.answer import Resolution
    from iraqrel.names.resolver import Resolver

StanceChoice = Enum("StanceChoice", {s: s for s in STANCES}, type=str)  # type: ignore[misc]
DomainChoice = Enum("DomainChoice", {d: d for d in DOMAINS}, type=str)  # type: ignore[misc]
KindChoice = Enum("KindChoice", {k: k for k in KINDS}, type=str)  # type: ignore[misc]


class PlainUsage(TyperCommand):
    """Usage shows an argument as NAME, the way help texts and errors name it, not {NAME}."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [re.sub(r"\{(.*?)\}", r"\1", p) for p in super().collect_usage_pieces(ctx)]


class Settings(NamedTuple):
    """The global options and the terminal, built once by the root and kept on its context;
    the dataset is loaded once per run (`--envelope` reads it before the command does)."""

    data: Path
    terminal: Terminal
    loaded: dict[tuple[Path, bool], Loaded]  # by path, and whether the checked index was used
    named_by: str = ""  # what named the dataset: "--data", DATA_VAR, or "" (the shipped one)

    def load(self, *, indexed: bool = True) -> Loaded:
        """The dataset, loaded once; a message about it says whether --data or DATA_VAR
        named it. Unless `indexed` is False (verify), bytes the checked index has proved are
        not checked again."""
        if (self.data, indexed) in self.loaded:
            return self.loaded[self.data, indexed]
        try:
            with loading():
                found = load_checked(self.data) if indexed else load(self.data)
        except DataError as exc:
            if not self.named_by:
                raise
            sep = " " if self.named_by.startswith("-") else "="
            message = str(exc).removeprefix(shown(self.data))
            raise DataError(f"{self.named_by}{sep}{shown(self.data)}{message}") from None
        self.loaded[self.data, indexed] = found
        return found


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj  # type: ignore[no-any-return]


def load_data(ctx: typer.Context, *, checked: bool = True) -> Loaded:
    """The dataset; one other than the shipped one (which the tests prove) gets verify's quick
    checks first, and a warning on stderr when they fail (verify itself runs them all)."""
    chosen = settings(ctx)
    loaded = chosen.load(indexed=checked)
    if checked and chosen.data.resolve() != shipped_data_path().resolve():
        from iraqrel.checks import quick_inputs, quick_problems

        _warn_failing(chosen, quick_checked(loaded, quick_inputs(loaded), quick_problems))
    return loaded


def _warn_failing(chosen: Settings, problems: list[Problem]) -> None:
    """Say on stderr that the dataset fails verify's quick checks, when it does."""
    if problems:
        first = problems[0]
        chosen.terminal.say(
            f"iraqrel: warning: {shown(chosen.data)} fails verify "
            f"({len(problems)} problem{'s' if len(problems) > 1 else ''}; first, "
            f"{first.record}: {first.message}); its answers may not match its sources: "
            f"run 'iraqrel --data {shown(chosen.data)} verify'"
        )


def indexed_answer(ctx: typer.Context, text: str) -> tuple[Loaded, Resolution] | None:
    """What `text` resolves to and the dataset cut to what `show` answers it from, read
    from the entity index (`cli/entity_index.py`); None when only the whole dataset can
    answer: no index (a small dataset, a changed file, a first run), no quick checks on
    record, an index that fails its checks, or one of Iraq's actors (whose timeline spans
    the dataset)."""
    from iraqrel.cli.entity_index import IndexUnsound, open_index
    from iraqrel.names.resolver import Resolver

    chosen = settings(ctx)
    if (chosen.data, True) in chosen.loaded:
        return None  # loaded whole already (--envelope)
    index = open_index(chosen.data)
    if index is None:
        return None
    try:
        problems: list[Problem] | None = []
        if chosen.data.resolve() != shipped_data_path().resolve():
            from iraqrel.checks import quick_inputs

            problems = recorded_quick(index.shared, quick_inputs(index.shared))
        if problems is None:
            return None  # the quick checks of these bytes are not on record
        resolution = Resolver(index.directory).resolve(text)
        if resolution.status == "actor":
            return None
        cut = index.sliced(resolution.target.id) if resolution.target else index.shared
    except IndexUnsound:
        index.discard()
        return None
    _warn_failing(chosen, problems)
    return cut, resolution


def keep_index(loaded: Loaded) -> None:
    """Build the entity index of a dataset `show` decoded whole, for the runs after this one,
    when it is large enough to have one, has none that holds, and the checked index proved
    its bytes."""
    from iraqrel.cli.checked import proved
    from iraqrel.cli.entity_index import INDEXED_FROM_BYTES, open_index, write_index

    if loaded.size < INDEXED_FROM_BYTES:
        return
    sha256 = proved(loaded)
    if sha256 is not None and open_index(loaded.path) is None:
        write_index(loaded, sha256)


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
            help=f"table, plain, json, jsonl, csv or markdown. Default: {default}.",
            metavar="FORMAT",
            show_default=False,
            case_sensitive=False,
        ),
    ]


FormatOption = _format_option("table on a terminal, plain (tab-separated) when piped")
JsonFlag = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Only these fields, in this order, in every format: JSON keys separated by "
        "commas, a nested one by its dotted name (entity.name). The fields are listed below.",
        metavar="NAMES",
        show_default=False,
    ),
]
NoColorFlag = Annotated[bool, typer.Option("--no-color", help="No color in tables.")]
EnvelopeFlag = Annotated[
    bool,
    typer.Option(
        "--envelope",
        help="JSON wrapped as {data_version, sources, query, results}, so that a saved "
        "answer says which data produced it.",
    ),
]
NoPagerFlag = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Write straight to the terminal; by default an answer taller than the screen "
        "goes through $IRAQREL_PAGER, $PAGER or less.",
    ),
]
# --data after the command, as before it (`iraqrel who-allies --data x.json`): the same option
CommandDataOption = Annotated[Path | None, typer.Option("--data", hidden=True, show_default=False)]
_OUTPUT_OPTIONS = {
    "fmt": FormatOption,
    "as_json": JsonFlag,
    "fields": FieldsOption,
    "no_color": NoColorFlag,
    "no_pager": NoPagerFlag,
    "envelope": EnvelopeFlag,
    "data": CommandDataOption,
}
_DEFAULTS = {
    "fmt": None,
    "as_json": False,
    "fields": None,
    "no_color": False,
    "no_pager": False,
    "envelope": False,
    "data": None,
}


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
    without: tuple[str, ...] = (),
) -> Callable[..., None]:
    """`command` given the output options but those named `without`, and the root's Terminal
    as they set it, as its `terminal` argument; `default` is the format when none is asked
    for (None: the terminal's own)."""
    options = {**_OUTPUT_OPTIONS, "fmt": format_option}
    for name in without:
        del options[name]
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
        fmt, as_json, fields, no_color, no_pager, wrapped, data = (
            kwargs.pop(name, _DEFAULTS[name]) for name in _OUTPUT_OPTIONS
        )
        ctx = kwargs["ctx"]
        if data is not None:
            ctx.find_root().obj = settings(ctx)._replace(data=data, named_by="--data")
        names = parse_fields(fields) if fields is not None else ()
        terminal = settings(ctx).terminal.asked(
            chosen_format(fmt, as_json, wrapped) or default,
            no_color=no_color,
            fields=names,
            no_pager=no_pager,
        )
        if wrapped:
            from iraqrel.output.bibliography import envelope_head

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
    """Give a query command --format, --json, --fields, --no-color, --no-pager, --envelope
    and --data, which may follow the command (the sqlite-utils way); it gets the root's
    Terminal as they set it, as its `terminal` argument."""
    return _with_output(command, FormatOption, None)


def change_output_options(command: Callable[..., None]) -> Callable[..., None]:
    """`output_options` without --envelope, for a command whose answer is a change between
    datasets (add, diff), not an answer from the one dataset an envelope names."""
    return _with_output(command, FormatOption, None, without=("envelope",))


def json_output_options(command: Callable[..., None]) -> Callable[..., None]:
    """`change_output_options` without --fields, for a command whose answer is a file to
    edit, whole: JSON unless asked."""
    return _with_output(
        command,
        _format_option("json, the draft itself"),
        OutputFormat.json,
        without=("envelope", "fields"),
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
RootNoPagerFlag = Annotated[bool, typer.Option("--no-pager", hidden=True)]

# --- filters ---------------------------------------------------------------------------------

AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Use only evidence dated on or before DATE: a year, a month or a day "
        "(2014, 2014-06, 2014-06-19).",
        metavar="DATE",
        show_default=False,
    ),
]
DomainOption = Annotated[
    DomainChoice | None,
    typer.Option(
        "--domain",
        help=f"Only this domain: {', '.join(DOMAINS[:-1])} or {DOMAINS[-1]}.",
        metavar="DOMAIN",
        show_default=False,
        case_sensitive=False,
    ),
]
ACTOR_HELP = "Only this Iraqi actor (any case): baghdad, erbil, sunni or militias."
ActorOption = Annotated[
    str | None,
    typer.Option(
        "--actor",
        help=ACTOR_HELP,
        show_default=False,
        metavar="ACTOR",
        autocompletion=complete_actor,
    ),
]
KindOption = Annotated[
    KindChoice | None,
    typer.Option(
        "--kind",
        help=f"Only this kind: {', '.join(KINDS[:-1])} or {KINDS[-1]}.",
        metavar="KIND",
        show_default=False,
        case_sensitive=False,
    ),
]
WhoseOption = Annotated[
    str,
    typer.Option(
        "--actor",
        help="Whose allies: baghdad (Iraq's government, the default), erbil, sunni, "
        "militias, or all of them (any case).",
        metavar="ACTOR",
        autocompletion=complete_whose,
    ),
]
_STANCES = f"{', '.join(STANCES[:-1])} or {STANCES[-1]}"
MinStanceOption = Annotated[
    StanceChoice | None,
    typer.Option(
        "--min-stance",
        help=f"Only this stance or a stronger one: {_STANCES}.",
        metavar="STANCE",
        show_default=False,
        case_sensitive=False,
    ),
]
StanceOption = Annotated[
    StanceChoice | None,
    typer.Option(
        "--stance",
        help=f"Only this stance: {_STANCES}.",
        metavar="STANCE",
        show_default=False,
        case_sensitive=False,
    ),
]
AllFlag = Annotated[
    bool,
    typer.Option(
        "--all", help="Every stance, adversaries too (the default is partner or stronger)."
    ),
]
SourceOption = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="Only counterparts this source describes (e.g. s002).",
        metavar="SOURCE",
        show_default=False,
    ),
]
