"""Lookup tables of folded names, and the on-disk cache of the world's.

Building the world's tables means importing pycountry and folding ~1,900 names (about
45 ms measured); reading them back from the cache takes about 2 ms. The cache is keyed by
the code and data that build it, so an upgrade rebuilds it; a cache that cannot be read or
written only costs time.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import msgspec

from iraqrel import __version__
from iraqrel.names.text import fold, has_arabic_marks, loose, name_forms
from iraqrel.names.world import WorldName

_BUILDERS = ("index.py", "text.py", "world.py")


class NameIndex(msgspec.Struct, frozen=True):
    """Folded key -> ids, in the forms the resolver looks names up by."""

    exact: dict[str, list[str]] = {}  # every form of every name, folded
    loose: dict[str, list[str]] = {}  # abbreviations spelled out, filler words dropped
    tokens: dict[str, list[str]] = {}  # the set of loose words, in order
    marked: dict[str, list[str]] = {}  # Arabic names keyed with their marks
    plain: dict[str, list[str]] = {}  # each written name as is, folded: no derived forms
    words: dict[str, list[str]] = {}  # id -> every loose word of its names
    codes: list[str] = []  # keys that are codes, matched only whole and in capitals
    display: dict[str, str] = {}  # id -> display name

    def ids(self, table: str, key: str) -> set[str]:
        return set(getattr(self, table).get(key, ()))


def token_key(loose_key: str) -> str:
    return " ".join(sorted(set(loose_key.split())))


def build(written: Iterable[WorldName], display: dict[str, str]) -> NameIndex:
    tables: dict[str, defaultdict[str, set[str]]] = {
        name: defaultdict(set) for name in ("exact", "loose", "tokens", "marked", "plain", "words")
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
    frozen = {name: {k: sorted(v) for k, v in table.items() if k} for name, table in tables.items()}
    return NameIndex(**frozen, codes=sorted(codes), display=display)


def _cache_path() -> Path | None:
    """Where the world index is cached: $IRAQREL_CACHE_DIR (empty: no cache) or the XDG cache."""
    configured = os.environ.get("IRAQREL_CACHE_DIR")
    if configured == "":
        return None
    if configured:
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "iraqrel"
    from importlib.util import find_spec

    spec = find_spec("pycountry")
    here = Path(__file__).parent
    inputs = [here / name for name in _BUILDERS]
    if spec and spec.origin:
        inputs.append(Path(spec.origin).parent / "databases" / "iso3166-1.json")
    try:
        stamp = ";".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in inputs)
    except OSError:
        return None
    import zlib  # a cache key, not a checksum: hashlib would load OpenSSL (2 ms)

    digest = zlib.crc32(f"{__version__};{stamp}".encode())
    return folder / f"world-names-{digest:08x}.msgpack"


@cache
def world_index() -> NameIndex:
    """The world's name tables: from the cache when it is there, else built and cached."""
    path = _cache_path()
    if path is not None:
        try:
            return msgspec.msgpack.decode(path.read_bytes(), type=NameIndex)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            pass
    from iraqrel.names.world import country_names, world_names

    index = build(world_names(), country_names())
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(msgspec.msgpack.encode(index))
            os.replace(partial, path)
        except OSError:
            pass
    return index
