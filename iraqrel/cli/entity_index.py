"""The entity index: a large dataset read key by key, so that `show` never decodes it whole.

At a hundred times the shipped size, decoding the dataset file is most of what `show` does,
though it answers about one name. The index holds what resolving a name reads (each id's
entry, the folded name tables, the codes) and, for each id a name can resolve to, the
records `show` answers from: the entity and its parts, their relationships, and the
mentions of it, beside what every answer shares (Iraq, its actors, the sources). `show`
reads a few rows of it instead of the whole file.

It is a cache of the checked dataset, never a second source of truth:
- it is built from a dataset the checked index (`cli/checked.py`) proved, in the run that
  loaded it, by the code that answers from a whole dataset (`LoadedDirectory`, `slices`),
  and records the sha256 of the exact bytes it was built from;
- a run trusts it only while the dataset file's device, inode, modification time (in
  nanoseconds) and size are those recorded, as Python's bytecode cache trusts a source file;
- every row carries a CRC-32 of its key and value; a row that fails it, or an index SQLite
  cannot read, is ignored: the run answers from the whole dataset and builds the index anew;
- it lives in the name caches' folder under their rules (`names/cache.py`): this user's
  alone, written to a file of its own and renamed into place (first runs that race each
  write a whole index; the last rename wins), never opened through a symbolic link.

A dataset under `INDEXED_FROM_BYTES` decodes faster than SQLite loads: it has no index.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from iraqrel.files import MAX_FILE_BYTES, regular_file
from iraqrel.names import cache
from iraqrel.names.answer import Target
from iraqrel.names.codes import code_table
from iraqrel.names.directory import Entry, LoadedDirectory
from iraqrel.names.similar import Bucket, bucket_of, most_like_in
from iraqrel.records import Dataset, Entity, Exclusion, Loaded, Relationship, loaded_of, mention_id

if TYPE_CHECKING:
    import sqlite3

INDEXED_FROM_BYTES = 2 * 1024 * 1024  # measured: smaller datasets decode faster than SQLite loads
MAX_INDEX_BYTES = 4 * 1024**3  # an index over the largest dataset read (files.MAX_FILE_BYTES)
_KIND = "dataset-index"
_PACKAGE = Path(__file__).resolve().parent.parent
_BUILDERS = (  # the code whose answers the index holds
    "cli/entity_index.py", "records.py", "names/directory.py", "names/index.py",
    "names/text.py", "names/codes.py", "names/similar.py", "names/answer.py",
    "queries/profile.py",
)  # fmt: skip
_TABLES = ("local", "exact", "loose", "tokens", "marked", "words", "cores")
_SQLITE_HEADER = b"SQLite format 3\x00"
_PAGE_BYTES = 65536  # the typo cores, a few MB at 1000x, read in fewer pages
T = TypeVar("T")
_EntryRow = tuple[Target, tuple[str, ...], bool]  # an id's entry, and whether it is an entity


class IndexUnsound(Exception):
    """A row of the index failed its checksum, or SQLite could not read it."""


class Slice(msgspec.Struct, frozen=True, gc=False):
    """The records `show` answers one id from, in the dataset's order."""

    entities: list[Entity] = []  # the entity and its parts
    relationships: list[Relationship] = []  # theirs
    exclusions: list[Exclusion] = []  # the mentions of the id


class _Meta(msgspec.Struct, frozen=True):
    """What the index was built from."""

    stamp: str  # the build of the code that made it
    identity: str  # the dataset file's, as `records.identity` gives it
    sha256: str  # of the bytes it was built from
    fingerprint: str  # `Loaded.fingerprint` of those bytes


def slices(loaded: Loaded) -> Iterator[tuple[str, Slice]]:
    """Each id with records `show` answers it from (`queries.profile`): an entity with its
    parts and the relationships of both; the mentions of it, or of a name only mentioned.
    An id not given has none."""
    data = loaded.data
    parts: defaultdict[str, list[Entity]] = defaultdict(list)
    for entity in data.entities:
        if entity.part_of:
            parts[entity.part_of].append(entity)
    held: defaultdict[str, list[int]] = defaultdict(list)  # entity -> its relationships' places
    for at, rel in enumerate(data.relationships):
        held[rel.entity].append(at)
    mentions: defaultdict[str, list[Exclusion]] = defaultdict(list)
    for ex in data.exclusions:
        for ident in dict.fromkeys((ex.id, mention_id(ex.name))):
            if ident:
                mentions[ident].append(ex)
    for entity in data.entities:
        whose = [entity, *(part for part in parts[entity.id] if part is not entity)]
        places = sorted({at for e in whose for at in held[e.id]})
        rows = [data.relationships[at] for at in places]
        yield entity.id, Slice(whose, rows, mentions.pop(entity.id, []))
    for ident, found in mentions.items():
        yield ident, Slice(exclusions=found)


def _stamp() -> str | None:
    """The build of the code the index holds answers of, and the Python (its Unicode data)
    that folded its names."""
    stamp = cache.build_stamp([_PACKAGE / name for name in _BUILDERS])
    return None if stamp is None else f"{stamp};{sys.version}"


def _identity(status: os.stat_result) -> str:
    return f"{status.st_dev}:{status.st_ino}:{status.st_mtime_ns}:{status.st_size}"


def _where(dataset: Path, stamp: str) -> Path | None:
    found = cache.dataset_cache(_KIND, dataset, stamp)
    return None if found is None else found[0].with_suffix(".sqlite")


def _sealed(key: str, payload: bytes) -> bytes:
    return payload + zlib.crc32(payload, zlib.crc32(key.encode())).to_bytes(4, "big")


class _Cells:
    """The index's rows: key -> a msgpack value and its checksum."""

    def __init__(
        self, connection: sqlite3.Connection, where: Path, opened: tuple[int, int]
    ) -> None:
        self._connection = connection
        self._where = where
        self._opened = opened  # the file's device and inode

    def discard(self) -> None:
        """Remove the file, while its name still names the one opened."""
        with contextlib.suppress(OSError):
            now = os.lstat(self._where)
            if (now.st_dev, now.st_ino) == self._opened:
                os.unlink(self._where)

    def get(self, key: str, kind: type[T], *, packed: bool = False) -> T | None:
        """The row `key`, decoded as `kind` (`packed`: compressed first); None when the row
        before where it would be says the next row is past it."""
        rows = self._query(
            "SELECT key, value FROM cell WHERE key <= ? ORDER BY key DESC LIMIT 1", (key,)
        )
        if not rows:
            raise IndexUnsound("no first row")
        found, value = rows[0]
        after, payload = _opened(found, value)
        if found != key:
            if after is not None and after <= key:
                raise IndexUnsound(f"row {key!r} is missing")
            return None
        try:
            encoded = zlib.decompress(payload) if packed else payload
        except zlib.error as exc:
            raise IndexUnsound(f"row {key!r}: {exc}") from None
        return _decoded(key, encoded, kind)

    def _query(self, sql: str, parameters: tuple[str, ...]) -> list[tuple[Any, Any]]:
        import sqlite3

        try:
            return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise IndexUnsound(str(exc)) from None


def _opened(key: str, value: Any) -> tuple[str | None, bytes]:
    """A row's value: the key of the row after it (None: the last), and its payload, when
    its checksum holds."""
    if not isinstance(key, str) or not isinstance(value, bytes) or len(value) < 4:
        raise IndexUnsound(f"row {key!r} is no row")
    body = memoryview(value)[:-4]
    if zlib.crc32(body, zlib.crc32(key.encode())) != int.from_bytes(value[-4:], "big"):
        raise IndexUnsound(f"row {key!r} fails its checksum")
    try:
        return msgspec.msgpack.decode(body, type=tuple[str | None, bytes])
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise IndexUnsound(f"row {key!r}: {exc}") from None


def _decoded(key: str, payload: bytes, kind: type[T]) -> T:
    try:
        return msgspec.msgpack.decode(payload, type=kind)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise IndexUnsound(f"row {key!r}: {exc}") from None


def _chained(rows: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The rows in key order after a first, empty one, each sealed with the key of the row
    after it: a lookup that finds no row proves there is none (`_Cells.get`)."""
    ordered = sorted([("", b""), *rows])
    nexts = [key for key, _ in ordered[1:]] + [None]
    return [
        (key, _sealed(key, msgspec.msgpack.encode((after, payload))))
        for (key, payload), after in zip(ordered, nexts, strict=True)
    ]


class _Table:
    """One folded name table of the dataset's, looked up by key."""

    def __init__(self, cells: _Cells, name: str) -> None:
        self._cells = cells
        self._prefix = f"name\0{name}\0"

    def get(self, key: str) -> list[str]:
        return self._cells.get(self._prefix + key, list[str]) or []


class IndexedNames:
    """The dataset's name tables (as `index.DatasetNames`), read key by key."""

    def __init__(self, cells: _Cells) -> None:
        self._cells = cells
        self.local, self.exact, self.loose, self.tokens, self.marked, self.words, self.cores = (
            _Table(cells, name) for name in _TABLES
        )

    def ids(self, table: str, key: str) -> set[str]:
        return set(getattr(self, table).get(key))

    @cached_property
    def _buckets(self) -> list[Bucket]:
        found = self._cells.get("typo buckets", list[Bucket])
        if found is None:
            raise IndexUnsound("no row of the typo cores' buckets")
        return found

    def _cores_in(self, bucket: Bucket) -> list[str]:
        found = self._cells.get("typo cores\0{}\0{}".format(*bucket), list[str])
        if found is None:
            raise IndexUnsound(f"no row of the typo cores {bucket}")
        return found

    def most_like(self, core: str) -> list[tuple[str, float]]:
        """The typo cores most like `core`, reading only the buckets that can hold one."""
        return most_like_in(core, self._buckets, self._cores_in)


class IndexedDirectory:
    """The dataset's directory (`names.directory.Directory`), read key by key."""

    def __init__(self, cells: _Cells, subject: str) -> None:
        self._cells = cells
        self.subject = subject
        self.names = IndexedNames(cells)

    def entry(self, ident: str) -> Entry | None:
        found = self._cells.get(f"entry\0{ident}", _EntryRow)
        return None if found is None else (found[0], found[1])

    def counterpart(self, ident: str) -> bool:
        found = self._cells.get(f"entry\0{ident}", _EntryRow)
        return found is not None and found[2]

    def coded(self, scheme_code: tuple[str, str]) -> str | None:
        return self._cells.get("code\0{}\0{}".format(*scheme_code), str)


class EntityIndex:
    """An open index that the dataset file, as it is now, may be answered from."""

    def __init__(self, path: Path, cells: _Cells, meta: _Meta, base: Dataset) -> None:
        self._path = path
        self._cells = cells
        self._meta = meta
        self._base = base
        self.directory = IndexedDirectory(cells, base.subject.id)

    def discard(self) -> None:
        """Remove the index, found unsound: the next run that reads the whole dataset
        builds it anew."""
        self._cells.discard()

    @cached_property
    def shared(self) -> Loaded:
        """The dataset without its entities, relationships and mentions: what every answer
        shares (Iraq, its actors, its sources, its version)."""
        return loaded_of(self._path, self._base, self._meta.fingerprint)

    def sliced(self, ident: str) -> Loaded:
        """The dataset cut to what `show` answers the id `ident` from (`slices`): every id
        the dataset names has a row, even an empty one; any other id has no records."""
        part = self._cells.get(f"slice\0{ident}", Slice, packed=True)
        if part is None:
            if self.directory.entry(ident) is not None:
                raise IndexUnsound(f"no row of the records of {ident!r}")
            part = Slice()
        data = msgspec.structs.replace(
            self._base,
            entities=part.entities,
            relationships=part.relationships,
            exclusions=part.exclusions,
        )
        return loaded_of(self._path, data, self._meta.fingerprint)


def open_index(dataset: Path, smallest: int = INDEXED_FROM_BYTES) -> EntityIndex | None:
    """The index of the dataset file at `dataset`, when it has one it may be answered from:
    `smallest` bytes or more, this user's, sound, built by this code from the file as it
    is now. None otherwise."""
    try:  # opened, not read: a file the whole-file path could not read has no answer here
        with regular_file(dataset, MAX_FILE_BYTES) as (_, status):
            pass
    except (OSError, ValueError):
        return None
    stamp = _stamp() if status.st_size >= smallest else None
    where = _where(dataset, stamp) if stamp else None
    if where is None:
        return None
    cells = _connect(where)
    if cells is None:
        return None
    try:
        meta = cells.get("meta", _Meta)
        if meta is None or meta.stamp != stamp or meta.identity != _identity(status):
            return None
        base = cells.get("base", Dataset)
    except IndexUnsound:
        return None
    return None if base is None else EntityIndex(dataset, cells, meta, base)


def _connect(where: Path) -> _Cells | None:
    """The index file at `where`, opened read-only when it is this user's and no symbolic
    link; None otherwise."""
    import sqlite3

    try:
        with cache.own_file(where, MAX_INDEX_BYTES) as (file, info):
            if file.read(len(_SQLITE_HEADER)) != _SQLITE_HEADER:
                return None
            uri = Path(where).absolute().as_uri() + "?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        now = os.lstat(where)
    except (OSError, ValueError, sqlite3.Error):
        return None
    if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
        connection.close()  # the name was given to another file meanwhile
        return None
    return _Cells(connection, where, (info.st_dev, info.st_ino))


# --- building ---------------------------------------------------------------------------


def _rows(loaded: Loaded, meta: _Meta) -> list[tuple[str, bytes]]:
    """Every row of the index of `loaded`, sealed."""
    encode = msgspec.msgpack.encode
    directory = LoadedDirectory(loaded)
    names = directory.names
    entries = directory.entries()
    rows = [("meta", encode(meta))]
    buckets: defaultdict[Bucket, list[str]] = defaultdict(list)
    for core in names.typo_cores:  # in key order
        buckets[bucket_of(core)].append(core)
    rows.append(("typo buckets", encode(sorted(buckets))))
    rows += [("typo cores\0{}\0{}".format(*b), encode(cores)) for b, cores in buckets.items()]
    base = msgspec.structs.replace(loaded.data, entities=[], relationships=[], exclusions=[])
    rows.append(("base", encode(base)))
    for ident, (target, written) in entries.items():
        rows.append((f"entry\0{ident}", encode((target, written, directory.counterpart(ident)))))
    for table in _TABLES:
        found = getattr(names, table)
        for key, ids in zip(found.keys, found.ids, strict=True):
            rows.append((f"name\0{table}\0{key}", encode([ids] if isinstance(ids, str) else ids)))
    for (scheme, code), ident in code_table(loaded).items():
        rows.append((f"code\0{scheme}\0{code}", encode(ident)))
    cut = dict(slices(loaded))
    rows += [
        (f"slice\0{ident}", zlib.compress(encode(cut.get(ident, Slice())), 1))
        for ident in {*entries, *cut}
    ]  # records, a few KB a row: compressed to about a fifth
    return _chained(rows)  # in key order: appended, not inserted


def write_index(loaded: Loaded, sha256: str) -> None:
    """Build the index of `loaded`, whose bytes, of this sha256, passed the load checks, and
    put it in place. Any failure only costs the next run time."""
    import sqlite3

    stamp = _stamp()
    where = _where(loaded.path, stamp) if stamp else None
    if where is None:
        return
    meta = _Meta(stamp or "", loaded.file_identity, sha256, loaded.fingerprint)
    _remove_abandoned(where)
    partial = where.with_name(f"{where.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(partial, flags, 0o600))
        connection = sqlite3.connect(partial)
        try:
            connection.execute("PRAGMA journal_mode = OFF")  # a file no one reads until renamed
            connection.execute(f"PRAGMA page_size = {_PAGE_BYTES}")
            connection.execute("CREATE TABLE cell (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID")
            connection.executemany("INSERT INTO cell VALUES (?, ?)", _rows(loaded, meta))
            connection.commit()
        finally:
            connection.close()
        os.replace(partial, where)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            partial.unlink()
        return
    cache.prune(
        where,
        rf"{_KIND}-[0-9a-f]{{8}}-[0-9a-f]{{8}}\.sqlite",
        cache.MAX_DATASET_CACHES,
        lambda path: _ours(path, _SQLITE_HEADER),
    )


def _remove_abandoned(where: Path) -> None:
    """Remove what a build of `where` interrupted (Ctrl-C leaves at once) left: its partial
    file, named after a process that is no longer running, and this user's."""
    with contextlib.suppress(OSError):
        for partial in where.parent.glob(f"{where.name}.*.tmp"):
            pid = partial.name[len(where.name) + 1 : -len(".tmp")]
            if pid.isdigit() and not _running(int(pid)) and _ours(partial):
                partial.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's: running
    return True


def _ours(path: Path, starting: bytes = b"") -> bool:
    """Whether the file at `path` is one this user may remove: theirs (`cache.own_file`),
    its bytes starting with `starting`."""
    try:
        with cache.own_file(path, MAX_INDEX_BYTES) as (file, _):
            return file.read(len(starting)) == starting
    except (OSError, ValueError):
        return False
