"""The options commands share: global settings, output options, filters checked against the data."""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer
from typer.core import TyperCommand

from iraqrel import __version__
from iraqrel.dates import DateError, parse_partial
from iraqrel.errors import NameAmbiguous, NameIsPlace, NameNotFound, UsageError
from iraqrel.output.render import OutputFormat
from iraqrel.queries import Filters
from iraqrel.records import DOMAINS, KINDS, STANCES, Loaded, load, shipped_data_path

if TYPE_CHECKING:
    from iraqrel.names.resolver import Resolution

PROG = "iraqrel"

StanceChoice = Enum("StanceChoice", {s: s for s in STANCES}, type=str)  # type: ignore[misc]
DomainChoice = Enum("DomainChoice", {d: d for d in DOMAINS}, type=str)  # type: ignore[misc]
KindChoice = Enum("KindChoice", {k: k for k in KINDS}, type=str)  # type: ignore[misc]


class PlainUsage(TyperCommand):
    """Usage shows an argument as NAME, the way help texts and errors name it, not {NAME}."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [re.sub(r"\{(.*?)\}", r"\1", p) for p in super().collect_usage_pieces(ctx)]


class Settings(NamedTuple):
    """The global options, kept on the root context."""

    data: Path
    no_color: bool


def settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj  # type: ignore[no-any-return]


def load_data(ctx: typer.Context) -> Loaded:
    return load(settings(ctx).data)


# --- output options shared by every command (the sqlite-utils way) ------------------------

FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, plain (tab-separated) when piped.",
        show_default=False,
        case_sensitive=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
NoColorFlag = Annotated[bool, typer.Option("--no-color", help="No color in tables.")]


class Output(NamedTuple):
    """The output options every command shares, with their defaults."""

    fmt: OutputFormat | None = None
    as_json: bool = False
    no_color: bool = False


_OUTPUT_OPTIONS = {"fmt": FormatOption, "as_json": JsonFlag, "no_color": NoColorFlag}


def output_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command --format, --json and --no-color, passed to it as one `output`."""
    signature = inspect.signature(command)
    own = [p for p in signature.parameters.values() if p.name != "output"]
    added = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=Output._field_defaults[name],
            annotation=annotation,
        )
        for name, annotation in _OUTPUT_OPTIONS.items()
    ]

    @functools.wraps(command)
    def with_output(*args: Any, **kwargs: Any) -> None:
        options = {name: kwargs.pop(name, Output._field_defaults[name]) for name in Output._fields}
        command(*args, output=Output(**options), **kwargs)

    with_output.__signature__ = signature.replace(parameters=[*own, *added])  # type: ignore[attr-defined]
    with_output.__annotations__ = {
        **{k: v for k, v in command.__annotations__.items() if k != "output"},
        **_OUTPUT_OPTIONS,
    }
    return with_output


# --- filters -------------------------------------------------------------------------------

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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iraqrel {__version__}")
        raise typer.Exit()


VersionFlag = Annotated[
    bool,
    typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version."),
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


def query_filters(
    loaded: Loaded,
    as_of: str | None,
    actor: str | None,
    domain: DomainChoice | None,
    source: str | None = None,
) -> Filters:
    """The query filters, each value checked against the data; a bad one names its option."""
    if source is not None and source not in loaded.sources:
        raise UsageError(
            f"--source {source!r} is not a source id; use one of: {', '.join(loaded.sources)}"
        )
    if actor is not None:
        actor = next((a for a in loaded.actors if a.casefold() == actor.casefold()), actor)
    if actor is not None and actor not in loaded.actors:
        raise UsageError(
            f"--actor {actor!r} is not an Iraqi actor in the dataset; "
            f"use one of: {', '.join(loaded.actors)}"
        )
    try:
        date = parse_partial(as_of) if as_of is not None else None
    except DateError as exc:
        raise UsageError(f"--as-of {exc}") from None
    return Filters(as_of=date, actor=actor, domain=domain.value if domain else None, source=source)


def _completion_forms(loaded: Loaded) -> list[tuple[str, list[str]]]:
    """Each name's label and the forms a person may start typing: name, aliases, id.

    Counterparts, Iraq itself and Iraq's own actors: every name `show` answers."""
    named = [*loaded.data.entities, loaded.data.subject, *loaded.data.actors]
    return [(f"{e.name} ({e.id})", [e.name, *e.aliases, e.id]) for e in named]


def _for_shell(value: str) -> str:
    """bash inserts a completion as it is: escape its spaces; zsh and fish escape their own."""
    if os.environ.get(f"_{PROG.upper()}_COMPLETE", "").endswith("bash"):
        return re.sub(r"([^\w.,@%+=:/-])", r"\\\1", value)
    return value


def _completed(typed: str, form: str) -> str | None:
    """`form` continued from what was typed, kept as typed (Typer keeps only values that start
    with it); None when the form does not start with it, ignoring case, accents and dots."""
    from iraqrel.names.text import fold

    wanted = fold(typed)
    if not fold(form).startswith(wanted):
        return None
    cut = next((k for k in range(len(form) + 1) if fold(form[:k]) == wanted), None)
    if cut is None:
        return None
    rest = form[cut:]
    return typed + (rest.lower() if typed.islower() else rest)


def complete_name(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for NAME: per counterpart, its first name, alias or id that starts with
    what was typed, ignoring case, accents and punctuation (Arabic names too)."""
    try:
        loaded = load(ctx.find_root().params.get("data") or shipped_data_path())
    except Exception:  # completion must never print a traceback into the shell
        return []
    found = []
    for label, forms in _completion_forms(loaded):
        match = next(filter(None, (_completed(incomplete, f) for f in forms)), None)
        if match is not None:
            found.append((_for_shell(match), label))
    return sorted(found, key=lambda item: item[0].casefold())


# --- the NAME argument -------------------------------------------------------------------


def clean_text(text: str) -> str:
    """argv as UTF-8 even under a C locale; undecodable bytes made visible, not fatal."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


# --- commands ----------------------------------------------------------------------------


def require_name(name: str) -> str:
    from iraqrel.names.text import MAX_NAME_LENGTH, fold, within

    if not fold(within(name, MAX_NAME_LENGTH, "NAME")):
        raise UsageError(
            "NAME has no letters or digits; give a country, organization or group "
            "name, e.g. 'iraqrel show russia'"
        )
    return name


def raise_unresolved(result: Resolution) -> None:
    names = ", ".join(f"{c.name} ({c.id})" for c in result.candidates)
    shown = result.query if len(result.query) <= 60 else result.query[:59] + "…"
    if result.status == "ambiguous":
        raise NameAmbiguous(f"{shown!r} could mean {names}; give the full name or the id")
    if result.status == "place" and result.target:
        country = f"{result.target.name} ({result.target.id})"
        raise NameIsPlace(f"{shown!r} is a place in {country}, not a country or group")
    if result.status == "unknown":
        hint = f"; did you mean {names}?" if names else "; try 'iraqrel list' for every name"
        why = f": {result.reason}" if result.reason else hint
        raise NameNotFound(f"{shown!r} matches no country, organization or group{why}")
