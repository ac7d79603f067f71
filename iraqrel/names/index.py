"""Lookup tables of folded names, and what their on-disk caches are named and keyed by.

Building the world's tables means reading pycountry's data and folding ~1,900 names (about
45 ms measured); reading them back from the cache takes about 2 ms. A dataset's own tables
are cached the same way, one file per dataset path, keyed by the bytes they were built from.
`cache.py` decides where the caches live and whether a file may be trusted.
"""

from __future__ import annotations

import os
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import msgspec

from iraqrel.names.cache import (
    MAX_DATASET_CACHES,
    build_stamp,
    cache_folder,
    dataset_cache,
    prune,
    read_sealed,
    write_sealed,
)
from iraqrel.names.similar import most_like
from iraqrel.names.text import (
    fold,
    has_arabic_marks,
    loose,
    name_forms,
    split_generic,
    typo_cores,
)
from iraqrel.names.world import WorldName

_BUILDERS = (
    "index.py",
    "text.py",
    "world.py",
    "iso.py",
    "known.py",
    "places.py",
    "data/arabic.tsv",
)


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
    typo_cores: list[str]  # the cores long enough to be typed with a typo (text.typo_cores)

    def ids(self, table: str, key: str) -> set[str]:
        return set(getattr(self, table).get(key))

    def most_like(self, core: str) -> list[tuple[str, float]]:
        """The typo cores most like `core` (`similar.most_like`)."""
        return most_like(core, self.typo_cores)


def _world_inputs() -> list[Path]:
    """The files the world's tables are built from: this install's code and pycountry's."""
    from iraqrel.names.iso import data_files

    here = Path(__file__).parent
    return [*(here / name for name in _BUILDERS), *data_files()]


_WORLD = "world-names-"
_HEX = "[0-9a-f]{8}"
MAX_WORLD_CACHES = 4  # installs sharing one cache folder whose world tables stay cached


def _cache_path() -> Path | None:
    """Where the world index is cached: named by the install (where its code and data are)
    and by the build (their version, sizes and times), so installs sharing a cache folder
    each keep their own."""
    folder = cache_folder().path
    if folder is None:
        return None
    inputs = _world_inputs()
    stamp = build_stamp(inputs)
    if stamp is None:
        return None
    install = zlib.crc32(os.fsencode(os.pathsep.join(map(str, inputs))))
    return folder / f"{_WORLD}{install:08x}-{zlib.crc32(stamp.encode()):08x}.msgpack"


def _prune_world(kept: Path) -> None:
    """This install's older builds go; of the other installs' caches (and of those named by
    their build alone, as earlier versions named them), the most recently written stay,
    MAX_WORLD_CACHES in all with this one."""
    install = kept.name[len(_WORLD) :].partition("-")[0]
    prune(kept, rf"{_WORLD}{install}-{_HEX}\.msgpack", keep=1)
    prune(kept, rf"{_WORLD}(?:{_HEX}-)?{_HEX}\.msgpack", keep=MAX_WORLD_CACHES)


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
        _prune_world(path)
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
        typo_cores=typo_cores(index.cores.keys),
        **tables,
    )


def dataset_names(
    source: Path, fingerprint: str, names: Callable[[], list[tuple[str, str]]]
) -> DatasetNames:
    """A dataset's tables, cached per dataset file, keyed by the bytes they were loaded from.

    `fingerprint` is the loaded bytes' (`Loaded.fingerprint`), never the file's as it is now:
    a file saved anew after the load must not get tables built from the old bytes. `names`
    gives the (written name, id) pairs the tables are built from; it is called only when the
    cache cannot answer.
    """
    here = Path(__file__).parent  # the code that turns a dataset into its (name, id) pairs
    stamp = build_stamp(
        [*(here / n for n in (*_BUILDERS[:2], "resolver.py")), here.parent / "records.py"]
    )
    cached = dataset_cache("dataset-names", source, stamp) if stamp and fingerprint else None
    if cached is None:
        return build_dataset(names())
    path, named = cached
    key = f"{stamp};{fingerprint}"
    found = read_sealed(path, key, DatasetNames)
    if found is not None:
        return found
    built = build_dataset(names())
    write_sealed(path, key, built)
    prune(path, named, keep=MAX_DATASET_CACHES)
    return built
