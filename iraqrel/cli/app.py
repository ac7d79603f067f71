"""The `iraqrel` commands: each parses its options, asks one query, builds one view, emits it."""

from typing import TYPE_CHECKING, Annotated

import typer

from iraqrel.cli.emit import emit, emit_dated, emit_stream, stdin_names
from iraqrel.cli.errors import OneLineErrors, say
from iraqrel.cli.options import (
    ActorOption,
    AllFlag,
    AsOfOption,
    DataOption,
    DomainOption,
    KindOption,
    MinStanceOption,
    Output,
    PlainUsage,
    Settings,
    StanceOption,
    VersionFlag,
    WhoseOption,
    clean_text,
    complete_name,
    load_data,
    output_options,
    query_filters,
    raise_unresolved,
    require_name,
)
from iraqrel.errors import EXIT_CODES_HELP, ExitCode, UsageError
from iraqrel.output.safe import visible
from iraqrel.records import shipped_data_path

if TYPE_CHECKING:
    pass

EXAMPLES_HELP = """Examples:

\b
    iraqrel who-allies
    iraqrel show "saudi arabia"
    iraqrel search alliance
    iraqrel list --kind armed-group --json"""

app = typer.Typer(
    cls=OneLineErrors,
    name="iraqrel",
    help="Iraq's relationships from source documents, every stance backed by a quote.\n\n"
    + EXAMPLES_HELP
    + "\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: Annotated[bool, typer.Option("--no-color", hidden=True)] = False,
    version: VersionFlag = False,
) -> None:
    ctx.obj = Settings(data or shipped_data_path(), no_color)


@app.command("who-allies")
@output_options
def who_allies(
    ctx: typer.Context,
    output: Output,
    as_of: AsOfOption = None,
    domain: DomainOption = None,
    actor: WhoseOption = "baghdad",
    kind: KindOption = None,
    min_stance: MinStanceOption = None,
    every: AllFlag = False,
) -> None:
    """Who Iraq's government is allied or partnered with: latest stances, strongest first.

    Ranked by stance, then date (newer first), then basis (the source's own words before
    the curator's reading). Each row says whether the latest source describes it.

    Examples:

    \b
        iraqrel who-allies
        iraqrel who-allies --as-of 2014 --actor all
        iraqrel who-allies --json | jq -r '.[].entity.name'
    """
    from iraqrel import queries
    from iraqrel.output import views

    if every and min_stance is not None:
        raise UsageError("--all lists every stance and --min-stance only some; give one of them")
    loaded = load_data(ctx)
    whose = None if actor.casefold() == "all" else actor
    filters = query_filters(loaded, as_of, whose, domain)
    floor = "adversary" if every else (min_stance.value if min_stance else "partner")
    rows = [
        r
        for r in queries.who_allies(loaded, filters, floor)
        if kind is None or r.entity.kind == kind.value
    ]
    title = views.who_allies_title(
        loaded.actors[filters.actor].name if filters.actor else None,
        floor,
        queries.basis(loaded, filters),
        filters,
    )
    emit_dated(ctx, views.stances_report(rows, title), loaded, filters, output)


@app.command(cls=PlainUsage)
@output_options
def show(
    ctx: typer.Context,
    output: Output,
    name: Annotated[
        list[str],
        typer.Argument(
            help="A country, organization, group or Iraqi actor, as you would write it; "
            "several words are one name.",
            autocompletion=complete_name,
            metavar="NAME",
        ),
    ],
    actor: ActorOption = None,
    as_of: AsOfOption = None,
) -> None:
    """One name: its relationships as a timeline, oldest first, with every quote.

    A counterpart shows its parts' relationships too (NATO with its mission); one of Iraq's
    own actors (erbil, militias) shows its side of Iraq's relations; a name the sources
    only mention shows the mention and why it has no relationship.

    Examples:

    \b
        iraqrel show russia
        iraqrel show saudi arabia
        iraqrel show erbil
        iraqrel show "Saudi Arabia" --json | jq '.relationships[] | {as_of, stance}'
    """
    from iraqrel import queries
    from iraqrel.names.resolver import Resolver
    from iraqrel.output import show as show_view

    loaded = load_data(ctx)
    result = Resolver(loaded).resolve(require_name(clean_text(" ".join(name))))
    raise_unresolved(result)
    if not result.exact or result.method == "variant":
        assert result.target is not None
        say(visible(f"{result.query} → {result.target.name} ({result.method}, {result.score})"))
    filters = query_filters(loaded, as_of, actor, None)
    profile = queries.narrowed(queries.profile(loaded, result), filters)
    emit_dated(ctx, show_view.show_report(result, profile), loaded, filters, output)


@app.command("list")
@output_options
def list_(
    ctx: typer.Context,
    output: Output,
    kind: KindOption = None,
    stance: StanceOption = None,
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
    from iraqrel import queries
    from iraqrel.output import views

    loaded = load_data(ctx)
    filters = query_filters(loaded, as_of, actor, domain, source)
    rows = queries.counterparts(
        loaded, filters, kind.value if kind else None, stance.value if stance else None
    )
    title = f"{len(rows)} counterpart(s); " + views.basis_line(
        queries.basis(loaded, filters), filters.as_of
    )
    emit_dated(ctx, views.counterparts_report(rows, title), loaded, filters, output)


@app.command(cls=PlainUsage)
@output_options
def search(
    ctx: typer.Context,
    output: Output,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Words that must all appear in the quote, as whole words; "
            "end one with * to match its beginning (ally*).",
            metavar="WORDS...",
        ),
    ],
    actor: ActorOption = None,
    as_of: AsOfOption = None,
) -> None:
    """The quotes containing every one of WORDS as a whole word, ignoring case and accents.

    Results are grouped by counterpart, each with its source and position in it.

    Examples:

    \b
        iraqrel search alliance
        iraqrel search Baghdad Moscow
        iraqrel search 'alli*' --json | jq -r '.[].quote'
    """
    from iraqrel import queries
    from iraqrel.names.text import MAX_SEARCH_LENGTH, fold, within
    from iraqrel.output import views

    cleaned = within(clean_text(" ".join(words)), MAX_SEARCH_LENGTH, "TEXT")
    if not fold(cleaned):
        raise UsageError("WORDS have no letters or digits; e.g. 'iraqrel search alliance'")
    loaded = load_data(ctx)
    filters = query_filters(loaded, as_of, actor, None)
    hits = queries.search(loaded, cleaned, filters)
    title = f"{len(hits)} quote(s) with the word(s) {cleaned!r}, by counterpart"
    report = views.search_report(hits, tuple(cleaned.split()), title)
    emit_dated(ctx, report, loaded, filters, output)


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
    from iraqrel import queries
    from iraqrel.output import views

    emit(ctx, views.sources_report(queries.source_summaries(load_data(ctx))), output)


@app.command(cls=PlainUsage)
@output_options
def resolve(
    ctx: typer.Context,
    output: Output,
    names: Annotated[
        list[str],
        typer.Argument(
            help="Names to resolve; '-' reads one per line from stdin.", metavar="NAMES..."
        ),
    ],
) -> None:
    """What each name resolves to; every row carries its own status. Exits 0 when all ran.

    Statuses: documented, actor (one of Iraq's own actors), mentioned (named without a
    relationship), no-data (a real country the sources do not describe), subject (Iraq
    itself), place (a place in the country given, not that country), ambiguous, unknown
    (with the reason, where the name is known not to be a country).

    Examples:

    \b
        iraqrel resolve rusia KSA "U.S." daesh
        cut -f1 names.tsv | iraqrel resolve - --json | jq -r '.[] | [.query, .status] | @tsv'
    """
    from iraqrel.names.resolver import Resolution, Resolver
    from iraqrel.names.text import MAX_NAME_LENGTH
    from iraqrel.output import views

    resolver = Resolver(load_data(ctx))

    def answer(name: str) -> Resolution:  # an overlong name is an unknown row, not an error
        text = clean_text(name)
        return (
            resolver.resolve(text) if len(name) <= MAX_NAME_LENGTH else Resolution(text, "unknown")
        )

    if "-" in names and len(names) > 1:
        raise UsageError("'-' reads the names from stdin; give it alone, or give names")
    if names == ["-"]:  # streamed: each answer as its line arrives
        return emit_stream(ctx, views.RESOLUTION_ROW, map(answer, stdin_names()), output)
    emit(ctx, views.resolutions_report([answer(n) for n in names]), output)


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
    from iraqrel import queries
    from iraqrel.output import views

    if new and gone:
        raise UsageError("--new and --gone ask different questions; give one of them")
    loaded = load_data(ctx)
    filters = query_filters(loaded, as_of, actor, domain)
    line = views.basis_line(queries.basis(loaded, filters), filters.as_of)
    if new or gone:
        rows = queries.appearing(loaded, filters, new=new)
        which = "only in the latest source" if new else "no longer in the latest source"
        report = views.stances_report(rows, f"Counterparts {which}; {line}")
    else:
        moved = queries.changes(loaded, filters)
        report = views.changes_report(moved, views.changes_title(moved, line))
    emit_dated(ctx, report, loaded, filters, output)


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
    from iraqrel.checks import verify as run_checks
    from iraqrel.output import views

    report = run_checks(load_data(ctx))
    rendered = views.verify_report(report)
    emit(ctx, rendered, output)
    if not report.ok:
        raise typer.Exit(ExitCode.BAD_DATA)
