"""The world-names cache: built once, read back without pycountry, rebuilt when broken."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zlib

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probe import modules_loaded_by

from iraqrel.names import index
from iraqrel.names.resolver import Resolver
from iraqrel.names.text import fold
from iraqrel.records import load, shipped_data_path

PROBE = (
    "from iraqrel.records import load, shipped_data_path\n"
    "from iraqrel.names.resolver import Resolver\n"
    "r = Resolver(load(shipped_data_path()))\n"
    "assert r.resolve('rusia').target.id == 'RUS'\n"
)


def _probe(cache_dir) -> str:
    """Whether a fuzzy lookup loaded pycountry, with the cache in `cache_dir`."""
    modules = modules_loaded_by(PROBE, {"IRAQREL_CACHE_DIR": str(cache_dir)})
    return str("pycountry" in modules)


def test_the_second_run_reads_the_cache_instead_of_pycountry(tmp_path):
    assert _probe(tmp_path) == "True"
    assert len(list(tmp_path.glob("world-names-*.msgpack"))) == 1
    assert _probe(tmp_path) == "False"


def test_an_empty_cache_dir_setting_disables_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("IRAQREL_CACHE_DIR", "")
    assert index._cache_path() is None


def test_a_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("IRAQREL_CACHE_DIR", str(tmp_path))
    path = index._cache_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00 not msgpack")
    resolver = Resolver(load(shipped_data_path()))
    assert resolver.resolve("germny").target.id == "DEU"
    assert path.read_bytes() != b"\x00 not msgpack"


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IRAQREL_CACHE_DIR", str(blocker / "sub"))
    assert Resolver(load(shipped_data_path())).resolve("oman").target.id == "OMN"


# --- sealed caches: a lying or broken file is rebuilt, and nothing is left behind ----------


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("IRAQREL_CACHE_DIR", str(folder))
    return folder


def _told(table: index.Table, key: str, ids: list[str]) -> index.Table:
    """`table` with `key` naming `ids`: a lie for a cache to hold."""
    return index.Table.of({**{k: table.get(k) for k in table.keys}, key: ids})


def _lying_world(germany_is: str) -> index.NameIndex:
    honest = index.built_world_index()
    return msgspec.structs.replace(honest, exact=_told(honest.exact, "germany", [germany_is]))


def test_a_well_formed_cache_that_fails_its_checksum_is_rebuilt(cache_dir, loaded):
    path = index._cache_path()
    payload = msgspec.msgpack.encode(_lying_world("RUS"))
    sealed = index._Sealed(path.name, zlib.crc32(payload) ^ 1, payload)
    path.parent.mkdir(parents=True)
    path.write_bytes(msgspec.msgpack.encode(sealed))
    assert Resolver(loaded).resolve("Germany").target.id == "DEU"
    assert index.read_sealed(path, path.name, index.NameIndex).exact.get("germany") == ["DEU"]


def test_an_unsealed_cache_of_the_old_layout_is_rebuilt(cache_dir, loaded):
    path = index._cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(msgspec.msgpack.encode(_lying_world("RUS")))
    assert Resolver(loaded).resolve("Germany").target.id == "DEU"


def test_verify_never_reads_the_cache(cache_dir, dataset_copy, run):
    """A cache whose checksum holds but whose tables lie changes nothing verify says."""
    loaded = load(dataset_copy())
    alias = next(a for e in loaded.data.entities for a in e.aliases if a.isascii())
    honest = index.built_world_index()
    lie = msgspec.structs.replace(honest, plain=_told(honest.plain, fold(alias), ["DEU"]))
    path = index._cache_path()
    index.write_sealed(path, path.name, lie)
    assert Resolver(loaded).world_ids(alias) == {"DEU"}  # a cached reader believes it
    fresh = run("--data", str(loaded.path), "verify", "--json")
    assert fresh.exit_code == 0, fresh.stdout


def test_a_cache_path_that_is_a_folder_leaves_no_temporary_file(cache_dir, loaded):
    path = index._cache_path()
    path.mkdir(parents=True)
    assert Resolver(loaded).resolve("germny").target.id == "DEU"
    assert path.is_dir() and not list(cache_dir.glob("*.tmp"))


def test_a_failed_rename_leaves_no_temporary_file(cache_dir, monkeypatch, loaded):
    def refuse(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(index.os, "replace", refuse)
    assert Resolver(loaded).resolve("germny").target.id == "DEU"
    assert cache_dir.is_dir() and not list(cache_dir.iterdir())


FULL_DISK = (
    "import resource, signal\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n" + PROBE
)


def test_a_full_disk_leaves_no_temporary_file(tmp_path):
    """Writes past 4 KiB fail as on a full disk (EFBIG): the answer holds, no file stays."""
    env = {**os.environ, "IRAQREL_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob("*.tmp"))


def test_a_fifo_in_place_of_the_cache_is_not_waited_on(cache_dir, loaded):
    path = index._cache_path()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    assert index.read_sealed(path, path.name, index.NameIndex) is None


# --- the dataset's own tables ------------------------------------------------------------


def _builds(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = index.build_dataset

    def counted(*args: object) -> index.DatasetNames:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(index, "build_dataset", counted)
    return calls


def test_the_dataset_tables_are_built_once_then_read(cache_dir, monkeypatch, dataset_copy):
    calls = _builds(monkeypatch)
    path = dataset_copy()
    assert Resolver(load(path)).resolve("rusia").target.id == "RUS"
    assert Resolver(load(path)).resolve("rusia").target.id == "RUS"
    assert len(calls) == 1
    assert len(list(cache_dir.glob("dataset-names-*.msgpack"))) == 1


def test_an_edited_dataset_rebuilds_its_tables(cache_dir, monkeypatch, dataset_copy):
    calls = _builds(monkeypatch)
    path = dataset_copy()
    assert Resolver(load(path)).resolve("Moskovia").status == "unknown"

    def add_alias(raw: dict) -> None:
        russia = next(e for e in raw["entities"] if e["id"] == "RUS")
        russia["aliases"].append("Moskovia")

    dataset_copy(add_alias)
    assert Resolver(load(path)).resolve("Moskovia").target.id == "RUS"
    assert Resolver(load(path)).resolve("moskovya").target.id == "RUS"  # fuzzy, same tables
    assert len(calls) == 2


def test_a_tampered_dataset_cache_is_rebuilt(cache_dir, dataset_copy):
    path = dataset_copy()
    Resolver(load(path)).resolve("rusia")
    (cached,) = cache_dir.glob("dataset-names-*.msgpack")
    sealed = msgspec.msgpack.decode(cached.read_bytes(), type=index._Sealed)
    names = msgspec.msgpack.decode(sealed.payload, type=index.DatasetNames)
    table = {k: names.local.get(k) for k in names.local.keys} | {"russia": ["USA"]}
    lie = msgspec.structs.replace(names, local=index.Table.of(table))
    forged = msgspec.structs.replace(sealed, payload=msgspec.msgpack.encode(lie))
    cached.write_bytes(msgspec.msgpack.encode(forged))
    assert Resolver(load(path)).resolve("  russia ").target.id == "RUS"


@pytest.fixture(scope="module")
def honest_sealed() -> bytes:
    """The bytes of a sound world cache, to mutate."""
    honest = index.built_world_index()
    payload = msgspec.msgpack.encode(honest)
    return msgspec.msgpack.encode(index._Sealed("key", zlib.crc32(payload), payload))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_cache_file_is_read_as_sound_or_ignored(tmp_path, honest_sealed, data):
    """Random bytes, or a sound cache with bytes flipped, cut or added: never a wrong answer."""
    raw = data.draw(
        st.one_of(
            st.binary(max_size=512),
            st.builds(
                lambda at, byte: honest_sealed[:at] + bytes([byte]) + honest_sealed[at + 1 :],
                st.integers(0, len(honest_sealed) - 1),
                st.integers(0, 255),
            ),
            st.integers(0, len(honest_sealed)).map(lambda n: honest_sealed[:n]),
        )
    )
    path = tmp_path / "cache.msgpack"
    path.write_bytes(raw)
    found = index.read_sealed(path, "key", index.NameIndex)
    assert found is None or found.exact.get("germany") == ["DEU"]


def test_stale_caches_are_pruned(cache_dir, loaded, dataset_copy):
    cache_dir.mkdir(parents=True)
    (cache_dir / "world-names-00000000.msgpack").write_bytes(b"an older version's tables")
    for n in range(index.MAX_DATASET_CACHES + 3):
        (cache_dir / f"dataset-names-{n:08x}.msgpack").write_bytes(b"another dataset's")
    Resolver(loaded).resolve("germny")  # builds and writes the world's tables
    Resolver(load(dataset_copy())).resolve("rusia")  # and a new dataset's
    assert len(list(cache_dir.glob("world-names-*.msgpack"))) == 1
    assert len(list(cache_dir.glob("dataset-names-*.msgpack"))) == index.MAX_DATASET_CACHES
    assert not (cache_dir / "world-names-00000000.msgpack").exists()


def test_a_cache_whose_key_is_not_utf8_is_ignored(tmp_path, honest_sealed):
    """Found by the fuzz above: a flipped byte in the key's text raised UnicodeDecodeError."""
    path = tmp_path / "cache.msgpack"
    path.write_bytes(honest_sealed[:6] + b"\x80" + honest_sealed[7:])
    assert index.read_sealed(path, "key", index.NameIndex) is None
