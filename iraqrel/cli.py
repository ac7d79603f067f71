"""The `iraqrel` command: thin wiring of load -> resolve -> query -> format -> write."""

import functools
import inspect
import os
import shutil
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer

# typer 0.28 vendors click (pinned below 0.29 in pyproject); its exception classes live here.
from typer._click import exceptions as click_errors
from typer.core import TyperGroup

from iraqrel import __version__
from iraqrel.dates import parse_partial
from iraqrel.errors import ExitCode, IraqrelError, NameAmbiguous, NameNotFound, UsageError
from iraqrel.formats import OutputFormat, Report, Style, render
from iraqrel.records import DOMAINS, KINDS, STANCES, Loaded, load, shipped_data_path

EXIT_CODES_HELP = (
    "Exit codes: 0 answered (also empty results and known countries with no data); "
    "1 name matches nothing; 2 usage error; 3 name is ambiguous; "
    "4 dataset or source invalid or unreadable."
)


class OneLineErrors(TyperGroup):
    """Every failure is one line on stderr with its documented exit code; no tracebacks."""

    def main(
        self,
        args: Any = None,
        prog_name: Any = None,
        complete_var: Any = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_errors.NoArgsIsHelpError as exc:
            typer.echo(exc.ctx.get_help() if exc.ctx else str(exc), err=True)
            code = ExitCode.USAGE
        except click_errors.UsageError as exc:
            where = f" {exc.ctx.command_path}" if exc.ctx else ""
            hint = f"; see 'iraqrel{where.removeprefix(' iraqrel')} --help'"
            code = _fail(exc.format_message().rstrip(".") + hint, ExitCode.USAGE)
        except IraqrelError as exc:
            code = _fail(str(exc), exc.code)
        except click_errors.ClickException as exc:
            code = _fail(exc.format_message(), ExitCode.USAGE)
        except (click_errors.Abort, typer.Abort, KeyboardInterrupt):
            code = 130
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> int:
    one_line = " ".join(message.split())
    typer.echo(f"iraqrel: {one_line}", err=True)
    return code


app = typer.Typer(
    cls=OneLineErrors,
    name="iraqrel",
    help="Iraq's relationships from source documents, every stance backed by a quote.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

StanceChoice = Enum("StanceChoice", {s: s for s in STANCES}, type=str)  # type: ignore[misc]
DomainChoice = Enum("DomainChoice", {d: d for d in DOMAINS}, type=str)  # type: ignore[misc]
KindChoice = Enum("KindChoice", {k: k for k in KINDS}, type=str)  # type: ignore[misc]


class Settings(NamedTuple):
    """The global options, kept on the root context."""

    data: Path
    no_color: bool


def _settings(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj  # type: ignore[no-any-return]


def _load(ctx: typer.Context) -> Loaded:
    return load(_settings(ctx).data)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iraqrel {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar="IRAQREL_DATA",
            help="Use this dataset file instead of "
            "the shipped one; its sources are found relative to it.",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No color in tables.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = Settings(data or shipped_data_path(), no_color)


# --- output options shared by every command (the sqlite-utils way) -------------------------

FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, plain (tab-separated) when piped.",
        show_default=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
NoColorFlag = Annotated[bool, typer.Option("--no-color", help="No color in tables.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Use only evidence dated on or before YYYY, YYYY-MM or YYYY-MM-DD.",
        show_default=False,
    ),
]
DomainOption = Annotated[
    DomainChoice | None, typer.Option("--domain", help="Only this domain.", show_default=False)
]
ActorOption = Annotated[
    str | None,
    typer.Option(
        "--actor",
        help="Only this Iraqi actor: baghdad, erbil, sunni or militias.",
        show_default=False,
    ),
]


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


def _choose_format(fmt: OutputFormat | None, as_json: bool) -> OutputFormat:
    if as_json and fmt not in (None, OutputFormat.json):
        raise UsageError(f"--json conflicts with --format {fmt.value}; give one of them")
    if as_json:
        return OutputFormat.json
    if fmt is not None:
        return fmt
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.plain


def _style(ctx: typer.Context, fmt: OutputFormat, no_color: bool) -> Style:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    color = (
        fmt is OutputFormat.table
        and not (no_color or _settings(ctx).no_color)
        and not os.environ.get("NO_COLOR")
        and (sys.stdout.isatty() or bool(os.environ.get("FORCE_COLOR")))
    )
    width = shutil.get_terminal_size((100, 24)).columns
    return Style(color=color, width=width, ascii_only=encoding not in ("utf8", "utf16"))


def _emit(ctx: typer.Context, report: Report, output: Output) -> None:
    chosen = _choose_format(output.fmt, output.as_json)
    text = render(report, chosen, _style(ctx, chosen, output.no_color))
    if report.title and chosen in (OutputFormat.plain, OutputFormat.csv):
        typer.echo(report.title, err=True)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as the Python docs advise.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None


def _note(message: str) -> None:
    typer.echo(message, err=True)


def _actor(loaded: Loaded, actor: str | None) -> str | None:
    if actor is not None and actor not in loaded.actors:
        valid = ", ".join(loaded.actors)
        raise UsageError(
            f"--actor {actor!r} is not an Iraqi actor in the dataset; use one of: {valid}"
        )
    return actor


def _filters(
    loaded: Loaded,
    as_of: str | None,
    actor: str | None,
    domain: DomainChoice | None,
    source: str | None = None,
) -> Any:
    from iraqrel.queries import Filters

    if source is not None and source not in loaded.sources:
        raise UsageError(
            f"--source {source!r} is not a source id; use one of: {', '.join(loaded.sources)}"
        )
    return Filters(
        as_of=parse_partial(as_of) if as_of is not None else None,
        actor=_actor(loaded, actor),
        domain=domain.value if domain else None,
        source=source,
    )


def _clean(text: str) -> str:
    """Names from argv or stdin with undecodable bytes made visible, not fatal."""
    return text.encode("utf-8", "replace").decode("utf-8")


# --- commands ----------------------------------------------------------------------------


@app.command("who-allies")
@output_options
def who_allies(
    ctx: typer.Context,
    output: Output,
    as_of: AsOfOption = None,
    domain: DomainOption = None,
    actor: ActorOption = None,
    min_stance: Annotated[
        StanceChoice, typer.Option("--min-stance", help="Weakest stance to list.")
    ] = StanceChoice.partner,  # type: ignore[attr-defined]
    every: Annotated[bool, typer.Option("--all", help="List every stance, adversaries too.")] = (
        False
    ),
) -> None:
    """Who Iraq is allied or partnered with: each counterpart's latest stance, strongest first.

    Examples:

    \b
        iraqrel who-allies
        iraqrel who-allies --as-of 2014 --actor baghdad
        iraqrel who-allies --json | jq -r '.[].entity.name'
    """
    from iraqrel import queries, views

    loaded = _load(ctx)
    filters = _filters(loaded, as_of, actor, domain)
    floor = "adversary" if every else min_stance.value
    rows = queries.who_allies(loaded, filters, floor)
    what = "every stance" if every else f"stance {floor} or stronger"
    title = f"Iraq's counterparts, latest {what} per actor; " + views.basis_line(
        queries.basis(loaded, filters), filters.as_of
    )
    _emit(ctx, views.stances_report(rows, title), output)


def _complete_name(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        loaded = load(ctx.find_root().params.get("data") or shipped_data_path())
    except IraqrelError:
        return []
    wanted = incomplete.casefold()
    names = {e.name for e in loaded.data.entities} | {e.id for e in loaded.data.entities}
    return sorted(n for n in names if n.casefold().startswith(wanted))


@app.command()
@output_options
def show(
    ctx: typer.Context,
    output: Output,
    name: Annotated[
        str,
        typer.Argument(
            help="A country, organization or group, as you would write it.",
            autocompletion=_complete_name,
        ),
    ],
) -> None:
    """One counterpart: its relationships as a timeline, oldest first, with every quote.

    Examples:

    \b
        iraqrel show russia
        iraqrel show "Saudi Arabia" --json | jq '.relationships[] | {as_of, stance}'
    """
    from iraqrel import queries, views
    from iraqrel.records import Entity
    from iraqrel.resolver import Resolver

    loaded = _load(ctx)
    resolver = Resolver(loaded)
    result = resolver.resolve(_require_name(_clean(name)))
    _raise_unresolved(result)
    assert result.target is not None
    if not result.exact or result.method == "variant":
        _note(f"{result.query} → {result.target.name} ({result.method}, {result.score})")
    mentions = [ex for ex in loaded.data.exclusions if ex.id == result.target.id]
    if result.status == "documented":
        entity = loaded.entities[result.target.id]
        rows = queries.timeline(loaded, entity.id)
        latest = max((r.as_of for r in rows if r.as_of), default=None)
        note = f"as of {latest}, the latest source date" if latest else ""
        parts = queries.parts_of(loaded, entity.id)
    elif result.status == "subject":
        entity, rows, parts = loaded.data.subject, [], []
        note = "Iraq is the subject of this dataset; run 'iraqrel who-allies' for its relations."
    else:
        entity = Entity(id=result.target.id, kind="country", name=result.target.name)
        rows, parts = [], []
        note = (
            f"{entity.name} is a country, but the sources describe no relationship of Iraq with it."
        )
    if not rows:
        _note(note)
    _emit(ctx, views.show_report(result, entity, rows, parts, mentions, note), output)


def _require_name(name: str) -> str:
    from iraqrel.text import fold

    if not fold(name):
        raise UsageError(
            "NAME has no letters or digits; give a country, organization or group "
            "name, e.g. 'iraqrel show russia'"
        )
    return name


def _raise_unresolved(result: Any) -> None:
    names = ", ".join(f"{c.name} ({c.id})" for c in result.candidates)
    shown = result.query if len(result.query) <= 60 else result.query[:59] + "…"
    if result.status == "ambiguous":
        raise NameAmbiguous(f"{shown!r} could mean {names}; give the full name or the id")
    if result.status == "unknown":
        hint = f"; did you mean {names}?" if names else "; try 'iraqrel list' for every name"
        raise NameNotFound(f"{shown!r} matches no country, organization or group{hint}")


@app.command("list")
@output_options
def list_(
    ctx: typer.Context,
    output: Output,
    kind: Annotated[
        KindChoice | None, typer.Option("--kind", help="Only this kind.", show_default=False)
    ] = None,
    stance: Annotated[
        StanceChoice | None,
        typer.Option(
            "--stance",
            help="Only counterparts whose latest stance (for some actor) is this.",
            show_default=False,
        ),
    ] = None,
    domain: DomainOption = None,
    actor: ActorOption = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Only counterparts this source describes (e.g. s002).",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
) -> None:
    """Every counterpart with its latest stance per Iraqi actor.

    Examples:

    \b
        iraqrel list --kind armed-group
        iraqrel list --stance adversary --json | jq -r '.[].entity.id'
    """
    from iraqrel import queries, views

    loaded = _load(ctx)
    filters = _filters(loaded, as_of, actor, domain, source)
    rows = queries.counterparts(
        loaded, filters, kind.value if kind else None, stance.value if stance else None
    )
    title = f"{len(rows)} counterpart(s); " + views.basis_line(
        queries.basis(loaded, filters), filters.as_of
    )
    _emit(ctx, views.counterparts_report(rows, title), output)


@app.command()
@output_options
def search(
    ctx: typer.Context,
    output: Output,
    text: Annotated[str, typer.Argument(help="Words that must all appear in the quote.")],
) -> None:
    """The quotes containing every word of TEXT, ignoring case and accents.

    Examples:

    \b
        iraqrel search alliance
        iraqrel search "oil" --json | jq -r '.[].quote'
    """
    from iraqrel import queries, views
    from iraqrel.text import fold

    cleaned = _clean(text)
    if not fold(cleaned):
        raise UsageError("TEXT has no letters or digits; e.g. 'iraqrel search alliance'")
    hits = queries.search(_load(ctx), cleaned)
    title = f"{len(hits)} quote(s) containing {cleaned!r}"
    _emit(ctx, views.search_report(hits, tuple(cleaned.split()), title), output)


@app.command()
@output_options
def sources(
    ctx: typer.Context,
    output: Output,
) -> None:
    """The source documents: dates and how they were determined, segments, sha256, quotes.

    Examples:

    \b
        iraqrel sources
        iraqrel sources --json | jq '.[].segments[] | {id, date: .date.value}'
    """
    from iraqrel import queries, views

    _emit(ctx, views.sources_report(queries.source_summaries(_load(ctx))), output)


@app.command()
@output_options
def resolve(
    ctx: typer.Context,
    output: Output,
    names: Annotated[
        list[str], typer.Argument(help="Names to resolve; '-' reads one per line from stdin.")
    ],
) -> None:
    """What each name resolves to; every row carries its own status. Exits 0 when all ran.

    Statuses: documented, no-data (a real country the sources do not describe), subject
    (Iraq itself), ambiguous, unknown.

    Examples:

    \b
        iraqrel resolve rusia KSA "U.S." daesh
        cut -f1 names.tsv | iraqrel resolve - --json | jq -r '.[] | [.query, .status] | @tsv'
    """
    from iraqrel import views
    from iraqrel.resolver import Resolver

    if names == ["-"]:
        lines = sys.stdin.buffer.read().decode("utf-8", "replace").splitlines()
        names = [line for line in lines if line.strip()]
    resolver = Resolver(_load(ctx))
    results = [resolver.resolve(_clean(n)) for n in names]
    _emit(ctx, views.resolutions_report(results), output)


@app.command()
@output_options
def changes(
    ctx: typer.Context,
    output: Output,
    new: Annotated[
        bool, typer.Option("--new", help="Counterparts only the latest source describes.")
    ] = False,
    gone: Annotated[
        bool, typer.Option("--gone", help="Counterparts the latest source no longer describes.")
    ] = False,
    actor: ActorOption = None,
    domain: DomainOption = None,
    as_of: AsOfOption = None,
) -> None:
    """How stances changed between the dated sources, with the quote on each side.

    Examples:

    \b
        iraqrel changes
        iraqrel changes --new --json | jq -r '.[].entity.name'
    """
    from iraqrel import queries, views

    if new and gone:
        raise UsageError("--new and --gone ask different questions; give one of them")
    loaded = _load(ctx)
    filters = _filters(loaded, as_of, actor, domain)
    line = views.basis_line(queries.basis(loaded, filters), filters.as_of)
    if new or gone:
        rows = queries.appearing(loaded, filters, new=new)
        which = "only in the latest source" if new else "no longer in the latest source"
        report = views.stances_report(rows, f"Counterparts {which}; {line}")
    else:
        moved = queries.changes(loaded, filters)
        report = views.changes_report(moved, f"{len(moved)} change(s) of stance; {line}")
    _emit(ctx, report, output)


@app.command()
@output_options
def verify(
    ctx: typer.Context,
    output: Output,
) -> None:
    """Prove the dataset: schema, references, source hashes, every quote, aliases, coverage.

    Exits 0 when every check holds, 4 otherwise, naming each broken record.

    Examples:

    \b
        iraqrel verify
        iraqrel --data my/dataset.json verify --json | jq '.problems'
    """
    from iraqrel import views
    from iraqrel.checks import verify as run_checks

    report = run_checks(_load(ctx))
    rendered = views.verify_report(report)
    _emit(ctx, rendered, output)
    if not report.ok:
        raise typer.Exit(ExitCode.BAD_DATA)


def main() -> None:
    """The console entry point: run, flush, and skip interpreter teardown (13 ms measured)."""
    try:
        app()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0
    else:
        code = 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass
    os._exit(code)
