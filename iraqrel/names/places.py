"""The name data generated from maintained sources by tests/make_names_data.py.

`places.tsv` is about a megabyte of sorted lines; a lookup maps the file and bisects its
bytes, so no table is built or decoded for it. See the generator for the sources.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from iraqrel.files import read_bounded, regular_file

if TYPE_CHECKING:
    import mmap

DATA = Path(__file__).parent / "data"
PLACES = DATA / "places.tsv"
ARABIC = DATA / "arabic.tsv"
MAX_NAME_DATA_BYTES = 16 * 1024 * 1024  # each file is read with a bound; places.tsv is ~1 MB


class Place(NamedTuple):
    """What a place name is: a `region`, or a `place` in `countries` (ISO alpha-3)."""

    kind: str
    country: str | None  # the one country it stands for, or None when that is unclear
    countries: tuple[str, ...]


@cache
def _places() -> mmap.mmap:
    """The file mapped, not read: a lookup touches a few of its pages."""
    import mmap  # an extension module: only a name the dataset does not hold looks for a place

    with regular_file(PLACES, MAX_NAME_DATA_BYTES) as (file, _):
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


@lru_cache(maxsize=4096)  # a batch names the same places again
def find_place(key: str) -> Place | None:
    """The place whose loose key is `key`, found by bisecting the sorted file's lines."""
    data, wanted = _places(), key.encode()
    lo, hi = 0, len(data)
    while lo < hi:  # lines starting before lo sort before `wanted`; from hi on, not before
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", start)
        if data[start : data.find(b"\t", start, end)] < wanted:
            lo = end + 1
        else:
            hi = start
    if data[lo : lo + len(wanted) + 1] != wanted + b"\t":
        return None
    fields = data[lo : data.find(b"\n", lo)].decode().split("\t")
    return Place(fields[1], fields[2] or None, tuple(fields[3].split()))


def arabic_names() -> list[tuple[str, str]]:
    """(ISO alpha-3, name) for each country's name in CLDR's Arabic locales."""
    lines = read_bounded(ARABIC, MAX_NAME_DATA_BYTES).decode("utf-8").splitlines()
    return [(ident, name) for ident, name in (line.split("\t") for line in lines)]
