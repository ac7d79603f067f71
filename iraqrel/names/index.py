"""Lookup tables of folded names, and the on-disk cache of the world's.

Building the world's tables means importing pycountry and folding ~1,900 names (about
45 ms measured); reading them back from the cache takes about 2 ms. A dataset's own tables
are cached the same way, one file per dataset path, keyed by the names they are built from.

Every cache file is sealed: it records what it was built from and a CRC-32 of its payload,
and a reader that finds either wrong rebuilds. The checksum catches corruption and hand
edits; it is not a signature (the cache folder is the user's own). A cache that cannot be
read or written only costs time, and never leaves a temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import zlib  # a checksum, not a signature: hashlib would load OpenSSL (2 ms)
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

import msgspec

from iraqrel import __version__
from iraqrel.files import MAX_FILE_BYTES, read_bounded, regular_file
from iraqrel.names.text import fold, has_arabic_marks, loose, name_forms, split_generic
from iraqrel.names.world import WorldName

_BUILDERS = ("index.py", "text.py", "world.py", "known.py", "places.py", "data/arabic.tsv")
MAX_CACHE_BYTES = 256 * 1024 * 1024  # far above any real cache; anything larger is not ours
T = TypeVar("T")


class Table(msgspec.Struct, frozen=True, gc=False):
    """Sorted keys and their ids: decodes about five times faster than the same dict.

    Each entry of `ids` is one id, or a list when a key names several.
    """

    keys: list[str]
    ids: list[str | list[str]]

    @classmethod
    def of(cls, table: dict[str, list[str]]) -> Table:
        keys = sorted(table)
        return cls(keys, [table[k][0] if len(table[k]) == 1 else table[k] for k in keys])

    def get(self, key: str) -> list[str]:
        at = bisect_left(self.keys, key)
        if at == len(self.keys) or self.keys[at] != key:
            return []
        found = self.ids[at]
        return [found] if isinstance(found, str) else found


class NameIndex(msgspec.Struct, frozen=True, gc=False):
    """Folded key -> ids, in the forms the resolver looks names up by; Tables, not dicts,
    because every start that looks past the dataset's own names decodes them."""

    exact: Table  # every form of every name, folded
    loose: Table  # abbreviations spelled out, filler words dropped
    tokens: Table  # the set of loose words, in order
    marked: Table  # Arabic names keyed with their marks
    plain: Table  # each written name as is, folded: no derived forms
    words: Table  # id -> every loose word of its names
    cores: Table  # distinctive core (text.split_generic) -> loose keys
    refused: Table  # loose key of a name known not to be a country -> why
    codes: list[str]  # keys that are codes, matched only whole and in capitals
    display: dict[str, str]  # id -> display name

    def ids(self, table: str, key: str) -> set[str]:
        return set(getattr(self, table).get(key))


def token_key(loose_key: str) -> str:
    return " ".join(sorted(set(loose_key.split())))


def frozen_of(table: dict[str, set[str]]) -> dict[str, list[str]]:
    """A table's sets as sorted lists, its keys in order, the empty key left out."""
    return {k: sorted(v) for k, v in sorted(table.items()) if k}


def build(
    written: Iterable[WorldName], display: dict[str, str], refused: Iterable[tuple[str, str]] = ()
) -> NameIndex:
    """The tables of `written` names; `refused` (name, reason) are names that are no country."""
    tables: dict[str, defaultdict[str, set[str]]] = {
        name: defaultdict(set)
        for name in ("exact", "loose", "tokens", "marked", "plain", "words", "cores")
    }
    codes: set[str] = set()
    for text, ident, is_code in written:
        key = fold(text)
        if not key:
            continue
        tables["plain"][key].add(ident)
        if is_code:
            tables["exact"][key].add(ident)
            codes.add(key)
            continue
        if has_arabic_marks(text):
            tables["marked"][fold(text, keep_arabic_marks=True)].add(ident)
        for form in name_forms(text, with_head=True):
            form_key = fold(form)
            loose_key = loose(form_key)
            tables["exact"][form_key].add(ident)
            tables["loose"][loose_key].add(ident)
            tables["tokens"][token_key(loose_key)].add(ident)
            tables["words"][ident].update(loose_key.split())
            tables["cores"][split_generic(loose_key)[1]].add(loose_key)
    frozen = {name: Table.of(frozen_of(table)) for name, table in tables.items()}
    why = Table.of({loose(fold(name)): [reason] for name, reason in refused})
    return NameIndex(**frozen, refused=why, codes=sorted(codes), display=display)


class DatasetNames(msgspec.Struct, frozen=True, gc=False):
    """A dataset's derived name tables (see NameIndex): what would otherwise be folded anew."""

    local: Table  # each written name without Arabic marks, folded
    exact: Table
    loose: Table
    tokens: Table
    marked: Table
    words: Table
    cores: Table

    def ids(self, table: str, key: str) -> set[str]:
        return set(getattr(self, table).get(key))


class _Sealed(msgspec.Struct, frozen=True):
    """A cache file: what its payload was built from, and the payload's CRC-32."""

    key: str
    checksum: int
    payload: bytes


def _cache_folder() -> Path | None:
    """$IRAQREL_CACHE_DIR (empty: no cache) or the XDG cache folder."""
    configured = os.environ.get("IRAQREL_CACHE_DIR")
    if configured == "":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "iraqrel"


def _stamp(inputs: list[Path]) -> str | None:
    """The version and each input file's size and time: a new build means a new key."""
    try:
        parts = [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in inputs]
    except OSError:
        return None
    return ";".join([__version__, *parts])


def _cache_path() -> Path | None:
    """Where the world index is cached, named by the code and data that build it."""
    folder = _cache_folder()
    if folder is None:
        return None
    from importlib.util import find_spec

    spec = find_spec("pycountry")
    here = Path(__file__).parent
    inputs = [here / name for name in _BUILDERS]
    if spec and spec.origin:
        inputs.append(Path(spec.origin).parent / "databases" / "iso3166-1.json")
    stamp = _stamp(inputs)
    if stamp is None:
        return None
    return folder / f"world-names-{zlib.crc32(stamp.encode()):08x}.msgpack"


def read_sealed(path: Path, key: str, kind: type[T]) -> T | None:
    """The cached value when the file holds `key` and its payload matches its checksum."""
    try:
        sealed = msgspec.msgpack.decode(read_bounded(path, MAX_CACHE_BYTES), type=_Sealed)
        if sealed.key != key or zlib.crc32(sealed.payload) != sealed.checksum:
            return None
        return msgspec.msgpack.decode(sealed.payload, type=kind)
    except (OSError, ValueError, msgspec.DecodeError, msgspec.ValidationError):
        return None  # ValueError: a string of the file that is not UTF-8


def write_sealed(path: Path, key: str, value: object) -> None:
    """Write atomically; on any failure, leave neither a partial cache nor a temporary file."""
    payload = msgspec.msgpack.encode(value)
    sealed = msgspec.msgpack.encode(_Sealed(key, zlib.crc32(payload), payload))
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "xb") as file:
            file.write(sealed)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()


MAX_DATASET_CACHES = 8  # datasets whose name tables stay cached; the least recent go first


def prune(kept: Path, pattern: str, keep: int) -> None:
    """Remove the least recently written caches matching `pattern` beyond `keep`, never `kept`."""
    with contextlib.suppress(OSError):
        others = [p for p in kept.parent.glob(pattern) if p != kept and p.is_file()]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in others[max(keep - 1, 0) :]:
            stale.unlink()


@cache
def built_world_index() -> NameIndex:
    """The world's name tables built from pycountry now, never from a cache (for verify)."""
    from iraqrel.names.known import refused_names
    from iraqrel.names.world import country_names, world_names

    return build(world_names(), country_names(), refused_names())


def world_index() -> NameIndex:
    """The world's name tables: from the cache when it is there and sound, else built.

    Each call reads the cache where $IRAQREL_CACHE_DIR points now; a Resolver keeps its own.
    """
    path = _cache_path()
    if path is not None:
        found = read_sealed(path, path.name, NameIndex)
        if found is not None:
            return found
    index = built_world_index()
    if path is not None:
        write_sealed(path, path.name, index)
        prune(path, "world-names-*.msgpack", keep=1)  # older versions' tables
    return index


def build_dataset(names: list[tuple[str, str]]) -> DatasetNames:
    """A dataset's tables from its (written name, id) pairs."""
    local: defaultdict[str, set[str]] = defaultdict(set)
    for written, ident in names:
        if not has_arabic_marks(written):
            local[fold(written)].add(ident)
    index = build((WorldName(w, i) for w, i in names), {})
    tables = {n: getattr(index, n) for n in ("exact", "loose", "tokens", "marked")}
    return DatasetNames(
        local=Table.of({k: sorted(v) for k, v in local.items() if k}),
        words=index.words,
        cores=index.cores,
        **tables,
    )


def _file_key(path: Path) -> str | None:
    """A regular file's identity and a CRC-32 of its content, read in bounded chunks."""
    try:
        with regular_file(path, MAX_FILE_BYTES) as (file, info):
            chunk = bytearray(1 << 20)
            view = memoryview(chunk)
            crc = 0
            while read := file.readinto(chunk):
                crc = zlib.crc32(view[:read], crc)
    except (OSError, ValueError):  # not a regular file of bounded size, or unreadable
        return None
    identity = f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"
    return f"{identity};{crc:08x}"


def dataset_names(source: Path, names: Callable[[], list[tuple[str, str]]]) -> DatasetNames:
    """A dataset's tables, cached per dataset file, keyed by its identity and its content.

    `names` gives the (written name, id) pairs the tables are built from; it is called
    only when the cache cannot answer.
    """
    folder = _cache_folder()
    here = Path(__file__).parent  # the code that turns a dataset into its (name, id) pairs
    stamp = _stamp(
        [*(here / n for n in (*_BUILDERS[:2], "resolver.py")), here.parent / "records.py"]
    )
    content = _file_key(source)
    if folder is None or stamp is None or content is None:
        return build_dataset(names())
    where = zlib.crc32(os.fsencode(os.path.abspath(source)))
    path = folder / f"dataset-names-{where:08x}.msgpack"
    key = f"{stamp};{content}"
    found = read_sealed(path, key, DatasetNames)
    if found is not None:
        return found
    built = build_dataset(names())
    write_sealed(path, key, built)
    prune(path, "dataset-names-*.msgpack", keep=MAX_DATASET_CACHES)
    return built
