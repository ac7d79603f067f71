"""The `iraqrel` commands: each parses its options, asks one query, builds one view, emits it.

They are kept in COMMANDS, not on an app: Typer turns every command of an app into Click's
(its options, from its annotations) on every run, so the app a run gets (`app_for`) has only
the command it runs, when its arguments name one for certain, and every command otherwise."""

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, NamedTuple

import typer
from typer.core import TyperCommand

from iraqrel.cli import epilogs
from iraqrel.cli.completion import COMPLETE_VAR, complete_name
from iraqrel.cli.dataset import dataset_named
from iraqrel.cli.emit import emit
from iraqrel.cli.inputs import (
    citations,
    clean_text,
    query_filters,
    require_name,
    search_text,
    stances_asked,
    stdin_names,
)
from iraqrel.cli.options import (
    ActorOption,
    AllFlag,
    AsOfOption,
    DataOption,
    DomainOption,
    KindOption,
    MinStanceOption,
    PlainUsage,
    RootNoColorFlag,
    RootNoPagerFlag,
    Settings,
    SourceOption,
    StanceOption,
    VersionFlag,
    WhoseOption,
    indexed_answer,
    keep_index,
    load_data,
    name_resolver,
    output_options,
)
from iraqrel.cli.policy import OneLineErrors
from iraqrel.errors import EXIT_CODES_HELP, ExitCode, NameNotFound, UsageError
from iraqrel.output import documents  # show and verify read it
from iraqrel.output.terminal import Terminal

EXAMPLES_HELP = """Examples:

\b
    iraqrel who-allies
    iraqrel show "saudi arabia"
    iraqrel search alliance
    iraqrel list --kind armed-group --json"""


class Registered(NamedTuple):
    """A command as an app gets it: what gives its function, its Click class, and its
    epilog's maker, each called only when the command is registered (export's and the
    curators' modules are imported then, and an epilog imports its command's view)."""

    function: Callable[[], Callable[..., None]]
    cls: type[TyperCommand] | None = None
    epilog: Callable[[], str] | None = None


COMMANDS: dict[str, Registered] = {}  # by name, in the order the help lists them


def command(
    name: str, *, cls: type[TyperCommand] | None = None, epilog: Callable[[], str] | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Keep the decorated query in COMMANDS as the command `name`, to be given the output
    options (`output_options`) when an app registers it."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        COMMANDS[name] = Registered(lambda: output_options(function), cls, epilog)
        return function

    return register


def typer_app(only: str | None = None) -> typer.Typer:
    """The app: the root's options and every command, or only the command named `only`."""
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
    app.callback()(root)
    for name, (function, cls, epilog) in COMMANDS.items():
        if only in (None, name):
            app.command(name, cls=cls, epilog=epilog() if epilog else None)(function())
    return app


# The root's options that may come before a command without asking anything of the others:
# --help, --version and the completion options answer for the whole app.
_ROOT_FLAGS = frozenset({"--no-color", "--no-pager"})


def command_in(argv: Sequence[str], environ: Mapping[str, str | None]) -> str | None:
    """The command `argv` runs, when it names one for certain: the first word after the
    root's --data FILE, --no-color and --no-pager. None for anything else (no command, one
    misspelt, whose error suggests others, another option first, `--`) and for the shell
    completion `environ` asks for, which offers every command."""
    if environ.get(COMPLETE_VAR):
        return None
    words = iter(argv)
    for word in words:
        if word == "--data":
            next(words, None)
        elif word not in _ROOT_FLAGS and not word.startswith("--data="):
            return word if word in COMMANDS else None
    return None


def app_for(argv: Sequence[str], environ: Mapping[str, str | None] = os.environ) -> typer.Typer:
    """The app a run with these arguments and this environment needs: only its command, when
    `command_in` tells it, else every command. Help, errors and completion are the same from
    either."""
    return typer_app(command_in(argv, environ))


def root(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: RootNoColorFlag = False,
    no_pager: RootNoPagerFlag = False,
    version: VersionFlag = False,
) -> None:
    path, named_by = dataset_named(data)
    terminal = Terminal.of_process(no_color=no_color, no_pager=no_pager)
    ctx.obj = Settings(path, terminal, {}, named_by)


@command("who-allies", epilog=epilogs.who_allies)
def who_allies(
    ctx: typer.Context,
    terminal: Terminal,
    as_of: AsOfOption = None,
    domain: DomainOption = None,
    actor: WhoseOption = "baghdad",
    kind: KindOption = None,
    stance: StanceOption = None,
    min_stance: MinStanceOption = None,
    every: AllFlag = False,
) -> None:
    """Who Iraq's government is allied or partnered with: latest stances, strongest first.

    Ranked by stance, then uncontested before contested, then date (newer first), then basis
    (the source's own words before the curator's reading). At a terminal it opens with a
    summary: how many allies and partners, how many contested, as of which date. A row
    described only by an earlier source than the latest says "(earlier)" under its date;
    its stance is marked "curator's reading" where the curator read it from described actions,
    and "contested" where another coding read it otherwise.

    Examples:

    \b
        iraqrel who-allies
        iraqrel who-allies --as-of 2014 --actor all
        iraqrel who-allies --json | jq -r '.[].entity.name'
        iraqrel who-allies --fields entity.name,stance,as_of
    """
    from iraqrel.output import views
    from iraqrel.queries import answers

    stances = stances_asked(stance, min_stance, every, default=answers.ALLIES)
    loaded = load_data(ctx)
    whose = None if actor.casefold() == "all" else actor
    filters = query_filters(loaded, as_of, whose, domain)
    answer = answers.who_allies(loaded, filters, stances, kind.value if kind else None)
    emit(views.who_allies(answer), terminal)


@command("show", cls=PlainUsage, epilog=epilogs.show)
def show(
    ctx: typer.Context,
    terminal: Terminal,
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
    """One name, or one record by its id: relationships as a timeline, oldest first, with
    every quote.

    A record's id (r0001, a quote's q0001, a mention's x0001) shows that record alone. A
    counterpart shows its parts' relationships too (NATO with its mission); one of Iraq's
    own actors (erbil, militias) shows its side of Iraq's relations; a name the sources
    only mention shows the mention and why it has no relationship.

    Examples:

    \b
        iraqrel show russia
        iraqrel show saudi arabia
        iraqrel show erbil
        iraqrel show r0001
        iraqrel show saudi arabia --fields as_of,stance
    """
    from iraqrel.ids import parse_id
    from iraqrel.queries.profile import profile, record_profile

    text = require_name(clean_text(" ".join(name)))
    is_id = parse_id(text) is not None  # a record's stable id: that record alone
    answered = None if is_id else indexed_answer(ctx, text)
    if answered is None:
        loaded = load_data(ctx)
        keep_index(loaded)
        resolver = name_resolver(ctx, loaded)
        if is_id:
            found = record_profile(loaded, text, resolver)
            if found is None:
                raise NameNotFound(f"no record in the dataset has the id {text!r}")
            return emit(documents.show(found), terminal)
        resolution = resolver.resolve(text)
    else:
        loaded, resolution = answered
    resolution.raise_if_unresolved()
    terminal.say(documents.how_matched(resolution))
    filters = query_filters(loaded, as_of, actor, None)
    emit(documents.show(profile(loaded, resolution, filters)), terminal)


@command("list", epilog=epilogs.counterparts)
def list_(
    ctx: typer.Context,
    terminal: Terminal,
    kind: KindOption = None,
    stance: StanceOption = None,
    min_stance: MinStanceOption = None,
    domain: DomainOption = None,
    actor: ActorOption = None,
    source: SourceOption = None,
    as_of: AsOfOption = None,
) -> None:
    """Every counterpart with its latest stance per Iraqi actor.

    --stance and --min-stance keep the counterparts whose latest stance, for at least one
    of Iraq's actors, is that one (or stronger); each stance is listed with its actor.

    Examples:

    \b
        iraqrel list --kind armed-group
        iraqrel list --stance adversary \\
            --fields entity.id,latest.actor,latest.stance
    """
    from iraqrel.output import views
    from iraqrel.queries import answers

    stances = stances_asked(stance, min_stance)
    loaded = load_data(ctx)
    filters = query_filters(loaded, as_of, actor, domain, source)
    answer = answers.counterparts(loaded, filters, kind.value if kind else None, stances)
    emit(views.counterparts(answer), terminal)


@command("search", cls=PlainUsage, epilog=epilogs.search)
def search(
    ctx: typer.Context,
    terminal: Terminal,
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
    from iraqrel.output import views
    from iraqrel.queries import answers

    text = search_text(words)
    loaded = load_data(ctx)
    filters = query_filters(loaded, as_of, actor, None)
    emit(views.search(answers.search(loaded, text, filters)), terminal)


@command("context", cls=PlainUsage, epilog=epilogs.context)
def context(
    ctx: typer.Context,
    terminal: Terminal,
    cited: Annotated[
        list[str],
        typer.Argument(
            help="Where a quote stands, as tables print it after the quote: s000:1245-1289 "
            "(its brackets may stay).",
            metavar="CITATION...",
        ),
    ],
) -> None:
    """A quote in its context: the paragraph of the source around it, the quote marked [[thus]].

    The source's text is proved against its pinned sha256 first.

    Examples:

    \b
        iraqrel context s000:1245-1289
        iraqrel context '[s002:7722-7823]' --json
    """
    from iraqrel.output import views
    from iraqrel.queries.passage import passage

    spans = citations(cited)
    loaded = load_data(ctx)
    emit(views.passages(passage(loaded, *span) for span in spans), terminal)


@command("sources", epilog=epilogs.sources)
def sources(
    ctx: typer.Context,
    terminal: Terminal,
    source: Annotated[
        str | None,
        typer.Argument(
            help="Only this source, by its id or a segment's, as answers cite it (s000, "
            "s000.carnegie).",
            metavar="[SOURCE]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The source documents: how to cite them, dates and how they were determined,
    segments, sha256, quotes; and the version of the data.

    Examples:

    \b
        iraqrel sources
        iraqrel sources s002
        iraqrel sources --fields id,date.value,date.method
    """
    from iraqrel.output import bibliography
    from iraqrel.queries import answers

    loaded = load_data(ctx)
    answer = answers.sources(loaded, clean_text(source) if source is not None else None)
    if source is not None and not answer.rows:
        known = ", ".join(s.id for s in loaded.data.sources)
        raise UsageError(f"no source or segment {source!r}; the sources are {known}")
    emit(bibliography.sources(answer), terminal)


@command("resolve", cls=PlainUsage, epilog=epilogs.resolve)
def resolve(
    ctx: typer.Context,
    terminal: Terminal,
    names: Annotated[
        list[str],
        typer.Argument(
            help="Names to resolve; '-' reads one per line from stdin.", metavar="NAMES..."
        ),
    ],
) -> None:
    """What each name resolves to; every row carries its own status.

    Statuses: documented, actor (one of Iraq's own actors), mentioned (named without a
    relationship), no-data (a real country the sources do not describe), subject (Iraq
    itself), place (a place in the country given, not that country), ambiguous, unknown
    (with the reason, where the name is known not to be a country). Exits 0 once every name
    is answered, even when some are unknown or ambiguous (their rows say so); 2 for a usage
    error. At a terminal, '-' says that it reads names, one per line, until Ctrl-D.

    Examples:

    \b
        iraqrel resolve rusia KSA "U.S." daesh
        cut -f1 names.tsv | iraqrel resolve - -f csv
    """
    from iraqrel.cli.inputs import MAX_NAME_LENGTH
    from iraqrel.names.answer import Resolution
    from iraqrel.output import views

    resolver = name_resolver(ctx, load_data(ctx))

    def answer(name: str) -> Resolution:  # an overlong name is an unknown row, not an error
        text = clean_text(name)
        return (
            resolver.resolve(text) if len(name) <= MAX_NAME_LENGTH else Resolution(text, "unknown")
        )

    if "-" in names and len(names) > 1:
        raise UsageError("'-' reads the names from stdin; give it alone, or give names")
    if names == ["-"]:  # streamed: each answer as its line arrives
        if terminal.stdin_is_tty:
            terminal.say(
                "iraqrel: reading names from the terminal, one per line; Ctrl-D ends the input"
            )
        found = map(answer, stdin_names(terminal.stdin))
        return emit(views.resolutions(found, streamed=True), terminal)
    emit(views.resolutions([answer(n) for n in names]), terminal)


@command("changes", epilog=epilogs.changes)
def changes(
    ctx: typer.Context,
    terminal: Terminal,
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
    from iraqrel.output import views
    from iraqrel.queries import answers

    if new and gone:
        raise UsageError("--new and --gone ask different questions; give one of them")
    loaded = load_data(ctx)
    filters = query_filters(loaded, as_of, actor, domain)
    if new or gone:
        emit(views.appearing(answers.appearing(loaded, filters, new=new)), terminal)
    else:
        emit(views.changes(answers.changes(loaded, filters)), terminal)


@command("verify", epilog=epilogs.verify)
def verify(
    ctx: typer.Context,
    terminal: Terminal,
) -> None:
    """Prove the dataset: schema, references, source hashes, every quote, aliases, coverage.

    Exits 0 when every check holds, 4 otherwise, naming each broken record.

    Examples:

    \b
        iraqrel verify
        iraqrel --data my.json verify --fields check,record
    """
    from iraqrel.checks import verify as run_checks

    result = run_checks(load_data(ctx, checked=False))
    emit(documents.verify(result), terminal)
    if not result.ok:
        raise typer.Exit(ExitCode.BAD_DATA)


def _export() -> Callable[..., None]:
    from iraqrel.cli.exporting import export

    return export


def _draft() -> Callable[..., None]:
    from iraqrel.cli.curating import draft

    return draft


def _add() -> Callable[..., None]:
    from iraqrel.cli.curating import add

    return add


def _diff() -> Callable[..., None]:
    from iraqrel.cli.curating import diff

    return diff


COMMANDS["export"] = Registered(_export, PlainUsage)
COMMANDS["draft"] = Registered(_draft, PlainUsage)
COMMANDS["add"] = Registered(_add, PlainUsage, epilogs.differences)
COMMANDS["diff"] = Registered(_diff, PlainUsage, epilogs.differences)
