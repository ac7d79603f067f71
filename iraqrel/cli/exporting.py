"""The `export` command: the whole dataset in a format other tools read. `app` registers it
after the queries, importing it (and with it the formats' names) only for an app that has it:
an export's, or the whole app's."""

from pathlib import Path
from typing import Annotated

import typer

from iraqrel.cli.inputs import query_filters
from iraqrel.cli.options import load_data, settings
from iraqrel.errors import UsageError
from iraqrel.export import ExportFormat

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


def export(
    ctx: typer.Context,
    fmt: ExportFormatArgument,
    output: OutputFileOption = None,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            help="dyads only: whose rows, baghdad (the default), erbil, sunni, militias or all; "
            "every row carries Iraq's codes (645), so several actors multiply a join.",
            show_default=False,
            metavar="<actor>",
        ),
    ] = None,
) -> None:
    """The whole dataset in a format other tools read, to stdout or a file (-o).

    \b
    csv, jsonl   one row per relationship: every field, all quotes, its id
    evidence     one row per quote: its id, record, source, segment and offsets
    dyads        one row per current record of an Iraqi actor and a counterpart,
                 with the source's year and COW and Gleditsch-Ward codes on both sides
    graphml, gexf, dot, mermaid
                 the network of Iraq's actors and their counterparts
    sqlite       a database with foreign keys and full-text search over the quotes, and
                 Datasette's metadata.json beside it (-o is required)
    annotations  W3C Web Annotations (JSON-LD), one per quote

    Quotes are written verbatim, as the sources have them. A file is written aside and
    moved into place, so it is never left half-written.

    Examples:

    \b
        iraqrel export csv -o iraqrel.csv
        iraqrel export dyads --actor all > dyads.csv
        iraqrel export sqlite -o iraqrel.db && datasette iraqrel.db -m metadata.json
        iraqrel export graphml -o iraqrel.graphml
    """
    from iraqrel.cli.emit import emit_text
    from iraqrel.export import formats

    terminal = settings(ctx).terminal
    if actor is not None and fmt is not ExportFormat.dyads:
        raise UsageError(f"--actor chooses the rows of dyads, not of {fmt.value}; leave it out")
    loaded = load_data(ctx)
    if fmt is ExportFormat.sqlite:
        if output is None:
            raise UsageError("a database is a file: give it one with -o, e.g. -o iraqrel.db")
        metadata = formats.write_sqlite(loaded, output)
        terminal.say(f"iraqrel: wrote {output} and, beside it, {metadata.name}")
        return
    whose = None if (actor or "").casefold() == "all" else actor or "baghdad"
    if whose is not None:
        whose = query_filters(loaded, None, whose, None).actor
    done = formats.exported(loaded, fmt, whose)
    if output is None:
        emit_text(done.chunks, terminal)
    else:
        formats.write_text(done.chunks, output)
    for note in done.notes:
        terminal.say(note)
