"""The curator's commands, `draft`, `add` and `diff`: a new document drafted, a coded draft
merged, two datasets compared. `app` registers them after the query commands, importing this
module only for an app that has one of them."""

from pathlib import Path
from typing import Annotated

import typer

from iraqrel.cli.emit import emit
from iraqrel.cli.options import change_output_options, json_output_options, load_data, settings
from iraqrel.errors import ExitCode, UsageError
from iraqrel.output.terminal import OutputFormat, Terminal


@json_output_options
def draft(
    ctx: typer.Context,
    terminal: Terminal,
    document: Annotated[
        Path,
        typer.Argument(help="The new document: a UTF-8 text file.", metavar="FILE"),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the draft (JSON) to this file, in one step, instead of to stdout.",
            show_default=False,
            metavar="DRAFT",
        ),
    ] = None,
) -> None:
    """Draft the records of a new document, for you to code and then merge with 'add'.

    The draft is JSON in the dataset's own format: the source entry (id, file, sha256, a
    title guess), its segments as the layout shows them, a record to code for each
    counterpart, Iraqi actor and segment that a sentence joins (quoting every such
    sentence), and an exclusion to word for every name no record covers. Under its 'draft'
    keys: every date-like string with each way it reads, every name the resolver knows with
    its offsets and sentence, the proper names it does not know, and the sentences the
    candidates leave out. Nothing is coded: stance, period, basis, rules and the source's
    date are yours. --format table lists what was found instead.

    Examples:

    \b
        IRAQREL_DATA=my.json iraqrel draft ../seeds/003.txt
        iraqrel draft article.txt -o article.draft.json
        iraqrel draft article.txt --format table
        iraqrel draft article.txt | jq '.draft.unknown_names'
    """
    from iraqrel.cli.writing import write_report
    from iraqrel.curate.draft import draft as drafted
    from iraqrel.curate.draft import read_document
    from iraqrel.output import drafts

    own = bool(settings(ctx).named_by)
    loaded = load_data(ctx)
    raw, text = read_document(document)
    result = drafted(loaded, document, raw, text)
    if output is None:
        return emit(drafts.draft(result, own_dataset=own), terminal)
    if terminal.format is not OutputFormat.json:
        raise UsageError("-o writes the draft itself, which is JSON; give --format without -o")
    kept = {loaded.path.resolve(): "the dataset", document.resolve(): "the document"}
    if output.resolve() in kept:
        raise UsageError(f"-o names {kept[output.resolve()]}; write the draft to a file of its own")
    write_report(output, drafts.draft(result, where=str(output), own_dataset=own), terminal)


@change_output_options
def add(
    ctx: typer.Context,
    terminal: Terminal,
    draft_file: Annotated[
        Path,
        typer.Argument(
            help="A coded draft: the JSON 'iraqrel draft' wrote, coded.", metavar="DRAFT"
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check the draft and show what it adds; write nothing."),
    ] = False,
) -> None:
    """Merge a coded draft into the dataset that --data names, after verify passes on it.

    The draft is refused, in one line with exit 7 and the dataset unchanged, when a record is
    not coded, a quote is not verbatim at its offsets, the document is not where the dataset
    finds sources (its 'file', relative to the dataset's folder) or its sha256 differs, an
    id is already taken, or the merged dataset fails verify. New records get their ids
    (r, q, x) here. The dataset is replaced in one step; the shipped one is never written.
    It answers with what was added, as 'diff' shows it.

    Examples:

    \b
        iraqrel --data my.json add coded.draft.json --dry-run
        iraqrel --data my.json add coded.draft.json
        iraqrel --data my.json show turkey
    """
    from iraqrel.curate.atomic_write import replacing
    from iraqrel.curate.merge import merge, read_draft, unchanged_since, writable
    from iraqrel.output import differences
    from iraqrel.queries.diff import compare

    chosen = settings(ctx)
    if not dry_run:
        writable(chosen.data, bool(chosen.named_by))
    merged = merge(chosen.data, read_draft(draft_file))
    if not dry_run:
        with replacing(chosen.data, lambda: unchanged_since(chosen.data, merged.original)) as file:
            file.write(merged.text)
    emit(differences.added(compare(merged.before, merged.after), written=not dry_run), terminal)


@change_output_options
def diff(
    ctx: typer.Context,
    terminal: Terminal,
    old: Annotated[Path, typer.Argument(help="The dataset before.", metavar="OLD")],
    new: Annotated[Path, typer.Argument(help="The dataset after.", metavar="NEW")],
) -> None:
    """What changed from dataset OLD to dataset NEW, record by record, by id.

    Lists the sources, entities, relationships, mentions and quotes added and removed, and
    each changed field (stance, period, basis, rules, summary, and the rest). Its markdown
    is the body of a CHANGELOG entry for a new data version. Exits 0 when the datasets hold
    the same records and 8 when they differ (as diff(1) exits 1; 1 and 6 are taken).

    Examples:

    \b
        iraqrel diff old.json new.json  # exit 8: they differ
        iraqrel diff old.json old.json  # exit 0: the same
        iraqrel diff old.json new.json -f markdown  # exit 8
    """
    from iraqrel.output import differences
    from iraqrel.queries.diff import compare
    from iraqrel.records import load

    result = compare(load(old), load(new))
    emit(differences.diff(result), terminal)
    if not result.same:
        raise typer.Exit(ExitCode.DIFFERENT)
