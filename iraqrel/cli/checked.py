"""The checked index: a record, per dataset file, that its exact bytes passed the load checks
(and what the quick checks found in them).

The load checks (`records.integrity_problems`: unique ids, references that resolve, sane
offsets) cost more than decoding the file, and the quick checks a query runs on a dataset
other than the shipped one (`checks.quick_problems`) cost as much again. A run that finds
the dataset file as the record saw it (device, inode, modification time in nanoseconds and
size, as Python's bytecode cache trusts a source file) decodes it without checking it again,
and takes the quick checks' problems from the record while the files they read (the sources
and the codebook) are as they were too. Any other run checks, and records what passed.

The record is a cache, never a second source of truth: the data is always decoded from the
dataset file itself; the record only says which bytes were proved. It holds the sha256 of
the bytes it was built from, so a file whose identity changed but whose bytes did not (copied
back, touched) is known by its hash; a file changed while it was read or checked is never
recorded. It lives in the name caches' folder under their rules (`names/cache.py`): this
user's alone, sealed, written whole or not at all, never read through a symbolic link; a
record that fails any of them is ignored and written anew.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from iraqrel.names import cache
from iraqrel.records import Loaded, identity, loaded_from, read_dataset

if TYPE_CHECKING:
    from iraqrel.checks import Problem

_KIND = "dataset-checked"
_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKS = ("records.py", "ids.py", "dates.py", "checks.py", "codebook.py")  # a new key


class Checked(msgspec.Struct, frozen=True):
    """What passed the load checks, and what the quick checks found in it."""

    identity: str  # the file as it was read: `records.identity`
    sha256: str  # of the bytes read
    # What the quick checks found, each problem as (check, record, message); None: not run
    quick: tuple[tuple[str, str, str], ...] | None = None
    inputs: tuple[str, ...] = ()  # each file the quick checks read, with its identity


def _sha256(raw: bytes) -> str:
    import hashlib  # loads OpenSSL (2 ms): only when a record is written or a file moved

    return hashlib.sha256(raw).hexdigest()


def _where(path: Path) -> tuple[Path, str, str] | None:
    """The record's file for the dataset at `path`, the key of the code that checks it, and
    the pattern that names every record."""
    stamp = cache.build_stamp([_PACKAGE / name for name in _CHECKS])
    if stamp is None:
        return None
    found = cache.dataset_cache(_KIND, path, stamp)
    return None if found is None else (found[0], stamp, found[1])


def _recorded(path: Path) -> Checked | None:
    where = _where(path)
    return cache.read_sealed(where[0], where[1], Checked) if where else None


def _write(path: Path, checked: Checked) -> None:
    where = _where(path)
    if where:
        cache.write_sealed(where[0], where[1], checked)
        cache.prune(where[0], where[2], keep=cache.MAX_DATASET_CACHES)


def _unchanged(path: Path, raw: bytes, status: os.stat_result) -> bool:
    """Whether the file at `path` is still the one `raw` was read from."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return identity(raw, now) == identity(raw, status) and now.st_size == len(raw)


def load_checked(path: Path) -> Loaded:
    """The dataset at `path`, as `records.load` gives it: checked, unless the checked index
    proves these bytes passed already. Any problem is a DataError naming the file."""
    raw, status = read_dataset(path)
    found, now = _recorded(path), identity(raw, status)
    if found is not None and found.identity == now:
        return loaded_from(path, raw, status, checked=False)
    same_size = found is not None and found.identity.rpartition(":")[2] == str(len(raw))
    digest = _sha256(raw) if same_size else ""  # bytes of another size are other bytes
    if found is not None and found.sha256 == digest:  # the same bytes, moved or touched
        if _unchanged(path, raw, status):
            _write(path, msgspec.structs.replace(found, identity=now))
        return loaded_from(path, raw, status, checked=False)
    loaded = loaded_from(path, raw, status)
    if _unchanged(path, raw, status):
        _write(path, Checked(now, digest or _sha256(raw)))
    return loaded


def proved(loaded: Loaded) -> str | None:
    """The sha256 of the bytes `loaded` was decoded from, when the checked index holds that
    they passed the load checks; None otherwise."""
    found = _recorded(loaded.path)
    if found is None or found.identity != loaded.file_identity:
        return None
    return found.sha256


def _identities(paths: list[Path]) -> tuple[str, ...]:
    """Each file as it is now: its path and identity, or its path alone when it is missing."""
    found = []
    for where in paths:
        try:
            info = os.stat(where)
        except (OSError, ValueError):
            found.append(os.fsdecode(where))
            continue
        found.append(
            f"{os.fsdecode(where)}\0{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}:{info.st_size}"
        )
    return tuple(found)


def recorded_quick(loaded: Loaded, inputs: list[Path]) -> list[Problem] | None:
    """What the quick checks, which read the files `inputs`, found in `loaded`, as the
    checked index holds it for these bytes and these files as they are now; None when it
    does not."""
    found = _recorded(loaded.path)
    proved = found is not None and found.identity == loaded.file_identity
    if not proved or found.quick is None or found.inputs != _identities(inputs):
        return None
    from iraqrel.checks import Problem  # only a dataset other than the shipped one needs it

    return [Problem(*problem) for problem in found.quick]


def quick_checked(
    loaded: Loaded, inputs: list[Path], check: Callable[[Loaded], list[Problem]]
) -> list[Problem]:
    """`check(loaded)`, the quick checks, which read the files `inputs`: from the checked
    index when it holds them (`recorded_quick`), else run and recorded."""
    recorded = recorded_quick(loaded, inputs)
    if recorded is not None:
        return recorded
    found = _recorded(loaded.path)
    before = _identities(inputs)
    problems = check(loaded)
    proved = found is not None and found.identity == loaded.file_identity
    if proved and _identities(inputs) == before:
        quick = tuple((p.check, p.record, p.message) for p in problems)
        _write(loaded.path, msgspec.structs.replace(found, quick=quick, inputs=before))
    return problems
