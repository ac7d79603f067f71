"""Which export format writes what: text chunks for stdout or a file, or a database file."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from iraqrel.errors import DataError, OutputFailed, UsageError
from iraqrel.export import ExportFormat, graphs, rows
from iraqrel.export.network import network
from iraqrel.files import shown
from iraqrel.records import Loaded


class Exported(NamedTuple):
    """An export's text, in chunks, and the sentences for stderr about what it left out."""

    chunks: Iterable[str]
    notes: tuple[str, ...] = ()


def csv_text(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Records as CSV, flattened (rows.flatten), the first record's keys as the header; every
    value verbatim (a quote that starts with "=" stays so: see README, "Use in research")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header: list[str] | None = None
    for record in records:
        flat = rows.flatten(record)
        if header is None:
            header = list(flat)
            writer.writerow(header)
        writer.writerow(["" if flat[k] is None else _cell(flat[k]) for k in header])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _cell(value: Any) -> Any:
    return str(value).lower() if isinstance(value, bool) else value


def _jsonl(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def _dyads(loaded: Loaded, actor: str | None) -> Exported:
    found = rows.dyads(loaded, actor)
    notes: tuple[str, ...] = ()
    if found.undated:
        ids = ", ".join(f"{r.id} ({r.segment})" for r in found.undated)
        notes = (
            f"iraqrel: {len(found.undated)} current record(s) left out: their source gives no "
            f"year, and none is guessed: {ids}",
        )
    return Exported(csv_text(found.rows), notes)


def _annotations(loaded: Loaded) -> Exported:
    from iraqrel.checks import read_sources
    from iraqrel.export.webannotation import collection

    texts, problems = read_sources(loaded)
    if problems:
        raise DataError(problems[0].message)
    return Exported([json.dumps(collection(loaded, texts), ensure_ascii=False, indent=2) + "\n"])


TEXT_FORMATS: dict[ExportFormat, Callable[[Loaded], Exported]] = {
    ExportFormat.csv: lambda d: Exported(csv_text(rows.relationships(d))),
    ExportFormat.jsonl: lambda d: Exported(_jsonl(rows.relationships(d))),
    ExportFormat.evidence: lambda d: Exported(csv_text(rows.evidence(d))),
    ExportFormat.graphml: lambda d: Exported([graphs.graphml(network(d))]),
    ExportFormat.gexf: lambda d: Exported([graphs.gexf(network(d))]),
    ExportFormat.dot: lambda d: Exported(graphs.dot(network(d))),
    ExportFormat.mermaid: lambda d: Exported(graphs.mermaid(network(d))),
    ExportFormat.annotations: _annotations,
}


def exported(loaded: Loaded, fmt: ExportFormat, actor: str | None) -> Exported:
    """The text of a text format; `actor` (dyads only) keeps one Iraqi actor, None all."""
    if fmt is ExportFormat.dyads:
        return _dyads(loaded, actor)
    return TEXT_FORMATS[fmt](loaded)


@contextlib.contextmanager
def _aside(path: Path) -> Iterator[Path]:
    """A new file beside `path`, moved onto it when the block ends well, removed otherwise."""
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputFailed(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # as a file made by open() would be
        _sync(temporary)  # on disk before its name is: a crash leaves the old file or the new
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputFailed(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _destination(path: Path) -> Path:
    """Where a file named `path` is written: a symbolic link's target, so that the link stays."""
    return Path(os.path.realpath(path))


def _special(path: Path) -> bool:
    """Whether `path` is there and is no regular file: a device or a pipe (/dev/stdout)."""
    return path.exists() and not path.is_file()


def write_text(chunks: Iterable[str], path: Path) -> None:
    """The chunks as UTF-8 in `path`, written aside and moved into place: a reader never
    sees half a file, and a failure leaves the old file as it was. A device or a pipe
    (`-o /dev/stdout`) is written straight, never replaced."""
    path = _destination(path)
    try:
        if _special(path):
            with path.open("w", encoding="utf-8", newline="") as out:
                out.writelines(chunks)
            return
    except OSError as exc:
        raise OutputFailed(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
    with _aside(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        out.writelines(chunks)


def write_sqlite(loaded: Loaded, path: Path) -> Path:
    """The database at `path` and Datasette's metadata.json beside it; the metadata's path."""
    from iraqrel.export.database import datasette_metadata, write_database

    path = _destination(path)
    if path.name == "metadata.json":
        raise UsageError(f"{shown(path)}: that is the name of the metadata written beside it")
    if _special(path):
        raise UsageError(f"{shown(path)}: a database is a regular file; give a file name")
    with _aside(path) as temporary:
        temporary.unlink()  # sqlite3 makes the file itself
        write_database(loaded, temporary)
    metadata = path.parent / "metadata.json"
    text = json.dumps(datasette_metadata(loaded, path.stem), ensure_ascii=False, indent=2)
    write_text([text + "\n"], metadata)
    return metadata
