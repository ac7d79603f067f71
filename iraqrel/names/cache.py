"""The name caches' folder and files: only this user's, sealed, written whole or not at all.

A cache is read only where no one else can have written it: its folder belongs to this user
and no one else may write to it (it is created with mode 0700), and each file read belongs
to this user, no one else may write to it, and it is no symbolic link (this tool makes
none). Otherwise the run goes without the cache, and the command line says so once
(`cache_folder().refused`).

Every file is sealed: it records what it was built from (its key) and a CRC-32 of its
payload. The checksum detects corruption, not tampering: anyone can compute it, which is why
ownership is checked. A cache that cannot be read or written only costs time, and never
leaves a temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import zlib  # a checksum, not a signature: hashlib would load OpenSSL (2 ms)
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple, TypeVar

import msgspec

from iraqrel import __version__
from iraqrel.files import regular_file, shown

CACHE_VAR = "IRAQREL_CACHE_DIR"
MAX_CACHE_BYTES = 256 * 1024 * 1024  # far above any real cache; anything larger is not ours
MAX_DATASET_CACHES = 8  # datasets whose caches stay, of each kind; the least recent go first
T = TypeVar("T")


class _Sealed(msgspec.Struct, frozen=True):
    """A cache file: what its payload was built from, and the payload's CRC-32."""

    key: str
    checksum: int
    payload: bytes


class CacheFolder(NamedTuple):
    """Where this run reads and writes its caches, if anywhere."""

    path: Path | None  # None: no cache this run
    refused: str = ""  # why the folder asked for is not used, for a person; "" if none was


def cache_folder() -> CacheFolder:
    """$IRAQREL_CACHE_DIR (empty: no cache) or $XDG_CACHE_HOME/iraqrel, if it is this user's
    own; created with mode 0700 when missing."""
    configured = os.environ.get(CACHE_VAR)
    if configured == "":
        return CacheFolder(None)
    if configured is not None:
        if not os.path.isabs(configured):
            return CacheFolder(None, f"{CACHE_VAR}={shown(configured)} is not an absolute path")
        return _own_folder(Path(configured), tighten=False)
    home = _cache_home()
    return _own_folder(home / "iraqrel", tighten=True) if home else CacheFolder(None)


def _cache_home() -> Path | None:
    """$XDG_CACHE_HOME, else ~/.cache; None when neither is an absolute path. A relative path
    is ignored, as the XDG specification says, and an unset or empty HOME is no home: the
    cache never lands in the current folder (`./~/.cache`) or in `/.cache`."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg)
    home = os.environ.get("HOME")
    if home is None:
        home = _password_home()
    return Path(home) / ".cache" if os.path.isabs(home) else None


def _password_home() -> str:
    """This user's home in the password database, or "" when it has no entry."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError):  # no pwd (Windows), or a uid without an entry
        return ""


def _own_folder(folder: Path, *, tighten: bool) -> CacheFolder:
    """`folder`, made if missing, when it is this user's alone. With `tighten`, a folder of
    this user's that others may write to is closed to them first (the default folder, made by
    an older version under a permissive umask); a folder named by the user is left as it is."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
        if tighten and info.st_uid == _user() and _writable_by_others(info):
            folder.chmod(0o700)
            info = folder.stat()
    except OSError:
        return CacheFolder(None)  # it cannot be made or reached: the cache only saves time
    problem = _not_own(info)
    if problem:
        fix = f"set {CACHE_VAR} to a folder of your own, or to nothing for no cache"
        return CacheFolder(None, f"the cache folder {shown(folder)} {problem}; {fix}")
    return CacheFolder(folder)


def _user() -> int | None:
    """The effective user id; None where files have no owner to check (Windows)."""
    return os.geteuid() if hasattr(os, "geteuid") else None


def _writable_by_others(info: os.stat_result) -> bool:
    return bool(info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _not_own(info: os.stat_result) -> str:
    """Why someone other than this user could have written the file `info` describes, or ""."""
    user = _user()
    if user is None:
        return ""
    if info.st_uid != user:
        return f"belongs to another user (uid {info.st_uid})"
    if _writable_by_others(info):
        return f"can be written by others (mode {stat.S_IMODE(info.st_mode):o})"
    return ""


@contextlib.contextmanager
def own_file(path: Path, limit: int = MAX_CACHE_BYTES) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """The cache file at `path`, open, and its status: a regular file of at most `limit`
    bytes, this user's, no one else may write to it, and no symbolic link. OSError (or
    ValueError, for a NUL in the name) otherwise."""
    with regular_file(path, limit, follow=False) as (file, info):
        problem = _not_own(info)
        if problem:
            raise PermissionError(problem)
        yield file, info


def _sealed(path: Path) -> _Sealed | None:
    """The file at `path` when this user's, sealed, and its payload matches its checksum."""
    try:
        with own_file(path) as (file, _):
            sealed = msgspec.msgpack.decode(file.read(MAX_CACHE_BYTES), type=_Sealed)
    except (OSError, ValueError, msgspec.DecodeError, msgspec.ValidationError):
        return None  # ValueError: a string of the file that is not UTF-8
    return sealed if zlib.crc32(sealed.payload) == sealed.checksum else None


def read_sealed(path: Path, key: str, kind: type[T]) -> T | None:
    """The cached value when the file is this user's, holds `key`, and its payload matches
    its checksum."""
    sealed = _sealed(path)
    if sealed is None or sealed.key != key:
        return None
    try:
        return msgspec.msgpack.decode(sealed.payload, type=kind)
    except (ValueError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def write_sealed(path: Path, key: str, value: object) -> None:
    """Write atomically, readable by this user only; on any failure, leave neither a partial
    cache nor a temporary file."""
    payload = msgspec.msgpack.encode(value)
    sealed = msgspec.msgpack.encode(_Sealed(key, zlib.crc32(payload), payload))
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        with os.fdopen(os.open(partial, flags | getattr(os, "O_BINARY", 0), 0o600), "wb") as file:
            file.write(sealed)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()


def _is_sealed(path: Path) -> bool:
    return _sealed(path) is not None


def prune(kept: Path, named: str, keep: int, proof: Callable[[Path], bool] = _is_sealed) -> None:
    """Remove the least recently written caches whose names match the pattern `named` (a
    regular expression, matched whole) beyond `keep`, never `kept`. A file is removed only
    when it proves to be one of these caches: named as they are, and `proof` holds of it
    (this user's, sealed, and sound, by default)."""
    pattern = re.compile(named)
    with contextlib.suppress(OSError):
        ours = [
            p for p in kept.parent.iterdir() if p != kept and pattern.fullmatch(p.name) and proof(p)
        ]
        ours.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in ours[max(keep - 1, 0) :]:
            stale.unlink()


def dataset_cache(kind: str, dataset: Path, stamp: str) -> tuple[Path, str] | None:
    """Where a cache of `kind` for the dataset file at `dataset` lives, named by the dataset's
    path and by the build of the code that made it (`stamp`), so that installs sharing a
    cache folder each keep their own; and the pattern that names every cache of that kind.
    None when there is no cache folder."""
    folder = cache_folder().path
    if folder is None:
        return None
    where = zlib.crc32(os.fsencode(os.path.abspath(dataset)))
    name = f"{kind}-{where:08x}-{zlib.crc32(stamp.encode()):08x}.msgpack"
    return folder / name, rf"{kind}-[0-9a-f]{{8}}(?:-[0-9a-f]{{8}})?\.msgpack"


def build_stamp(inputs: list[Path]) -> str | None:
    """The version and each input file's size and time: a new build means a new key."""
    try:
        parts = [f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in inputs]
    except OSError:
        return None
    return ";".join([__version__, *parts])
