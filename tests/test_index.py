"""The world-names cache: built once, read back without pycountry's data, rebuilt when broken."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import msgspec
import pytest
from conftest import OTHER_UID, UNLISTED_UID
from damaged import damaged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from probe import modules_loaded_by, printed_by, world_built_by

from iraqrel.names import cache, index, iso
from iraqrel.names.resolver import Resolver
from iraqrel.names.text import fold
from iraqrel.records import load, shipped_data_path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "from iraqrel.records import load, shipped_data_path\n"
    "from iraqrel.names.resolver import Resolver\n"
    "r = Resolver(load(shipped_data_path()))\n"
    "assert r.resolve('rusia').target.id == 'RUS'\n"
)


def _probe(cache_dir) -> str:
    """Whether a fuzzy lookup built the world's tables, with the cache in `cache_dir`."""
    return str(world_built_by(PROBE, {"IRAQREL_CACHE_DIR": str(cache_dir)}))


def test_the_second_run_reads_the_cache_instead_of_pycountrys_data(tmp_path):
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
    sealed = cache._Sealed(path.name, zlib.crc32(payload) ^ 1, payload)
    path.write_bytes(msgspec.msgpack.encode(sealed))
    assert Resolver(loaded).resolve("Germany").target.id == "DEU"
    assert cache.read_sealed(path, path.name, index.NameIndex).exact.get("germany") == ["DEU"]


def test_an_unsealed_cache_of_the_old_layout_is_rebuilt(cache_dir, loaded):
    path = index._cache_path()
    path.write_bytes(msgspec.msgpack.encode(_lying_world("RUS")))
    assert Resolver(loaded).resolve("Germany").target.id == "DEU"


def test_verify_never_reads_the_cache(cache_dir, dataset_copy, run):
    """A cache whose checksum holds but whose tables lie changes nothing verify says."""
    loaded = load(dataset_copy())
    alias = next(a for e in loaded.data.entities for a in e.aliases if a.isascii())
    honest = index.built_world_index()
    lie = msgspec.structs.replace(honest, plain=_told(honest.plain, fold(alias), ["DEU"]))
    path = index._cache_path()
    cache.write_sealed(path, path.name, lie)
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
    os.mkfifo(path)
    assert cache.read_sealed(path, path.name, index.NameIndex) is None


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
    sealed = msgspec.msgpack.decode(cached.read_bytes(), type=cache._Sealed)
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
    return msgspec.msgpack.encode(cache._Sealed("key", zlib.crc32(payload), payload))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_cache_file_is_read_as_sound_or_ignored(tmp_path, honest_sealed, data):
    """Random bytes, or a sound cache with bytes flipped, cut or added: never a wrong answer."""
    raw = data.draw(damaged(honest_sealed))
    path = tmp_path / "cache.msgpack"
    path.write_bytes(raw)
    found = cache.read_sealed(path, "key", index.NameIndex)
    assert found is None or found.exact.get("germany") == ["DEU"]


def test_stale_caches_are_pruned(cache_dir, loaded, dataset_copy):
    cache_dir.mkdir(mode=0o700, parents=True)
    for n in range(index.MAX_DATASET_CACHES + 3):
        cache.write_sealed(cache_dir / f"dataset-names-{n:08x}.msgpack", "another dataset's", {})
    Resolver(loaded).resolve("germny")  # builds and writes the world's tables
    Resolver(load(dataset_copy())).resolve("rusia")  # and a new dataset's
    assert len(list(cache_dir.glob("world-names-*.msgpack"))) == 1
    assert len(list(cache_dir.glob("dataset-names-*.msgpack"))) == index.MAX_DATASET_CACHES


def test_the_world_cache_keeps_one_build_per_install(cache_dir, monkeypatch):
    """This install's older build goes; other installs' stay, the most recent first, up to
    MAX_WORLD_CACHES in all; files named otherwise, or not sealed, are never touched."""
    cache_dir.mkdir(mode=0o700, parents=True)
    mine = index._cache_path()
    install = mine.name.split("-")[2]
    older = cache_dir / f"world-names-{install}-00000000.msgpack"
    others = [cache_dir / f"world-names-{n:08x}-0000000{n}.msgpack" for n in range(1, 6)]
    legacy = cache_dir / "world-names-0000beef.msgpack"  # named by its build alone
    for age, path in enumerate([older, legacy, *others]):
        cache.write_sealed(path, "another build's", {})
        os.utime(path, ns=(age * 10**9, age * 10**9))
    unsealed = cache_dir / f"world-names-{install}-00000001.msgpack"
    unsealed.write_bytes(b"the user's own")
    monkeypatch.setattr(index, "built_world_index", lambda: index.build([], {}))
    index.world_index()
    kept = sorted(cache_dir.glob("world-names-*.msgpack"))
    newest = others[-(index.MAX_WORLD_CACHES - 1) :]
    assert kept == sorted([mine, unsealed, *newest])
    assert unsealed.read_bytes() == b"the user's own"


# pycountry's files the world's tables are read from (names/iso.py), listed here by hand
PYCOUNTRY_DATA = (
    "databases/iso3166-1.json",
    "databases/iso3166-3.json",
    "locales/ar/LC_MESSAGES/iso3166-1.mo",
)


@pytest.fixture
def pycountry_copy(tmp_path) -> Path:
    """A folder holding a `pycountry` package of just those files, copied: first on
    PYTHONPATH, it is the pycountry a run reads."""
    installed = Path(iso.pycountry_folder())
    for name in PYCOUNTRY_DATA:
        (tmp_path / "site" / "pycountry" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(installed / name, tmp_path / "site" / "pycountry" / name)
    (tmp_path / "site" / "pycountry" / "__init__.py").write_text("", encoding="utf-8")
    return tmp_path / "site"


def _refusal(name: str, env: dict[str, str]) -> str:
    """Why a fresh run refuses `name` ("None": it does not)."""
    resolver = PROBE.replace("assert r.resolve('rusia').target.id == 'RUS'\n", "")
    return printed_by(resolver + f"print(r.resolve({name!r}).reason)", env)


def test_an_edited_former_country_is_read_at_once_though_the_world_is_cached(
    cache_dir, pycountry_copy
):
    env = {"IRAQREL_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(pycountry_copy)}
    assert "JTUM" in _refusal("Johnston Island", env)  # the tables are built and cached
    former = pycountry_copy / "pycountry" / "databases" / "iso3166-3.json"
    former.write_text(former.read_text("utf-8").replace("Johnston Island", "Johnston Zzz"))
    assert "JTUM" in _refusal("Johnston Zzz", env)
    assert _refusal("Johnston Island", env) == "None"


@pytest.mark.parametrize("name", PYCOUNTRY_DATA)
def test_each_pycountry_file_read_is_in_the_world_caches_key(cache_dir, pycountry_copy, name):
    env = {"IRAQREL_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(pycountry_copy)}
    key = "from iraqrel.names.index import _cache_path\nprint(_cache_path().name)"
    before = printed_by(key, env)
    os.utime(pycountry_copy / "pycountry" / name, ns=(10**9, 10**9))
    assert printed_by(key, env) != before


def _install(where: Path) -> Path:
    """A second install of this package and its data, as a copy elsewhere is."""
    ignored = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "iraqrel", where / "iraqrel", ignore=ignored)
    shutil.copytree(ROOT / "data", where / "data", ignore=ignored)
    return where


def test_two_installs_sharing_a_cache_folder_both_stay_warm(tmp_path):
    """Each install reads its own world tables back, whichever ran last (issue 24)."""
    cache_dir, other = tmp_path / "cache", _install(tmp_path / "other")
    env = {"IRAQREL_CACHE_DIR": str(cache_dir)}
    there = f"import sys\nsys.path.insert(0, {str(other)!r})\n"  # before this checkout
    located = there + "import iraqrel\nassert iraqrel.__file__.startswith(sys.path[0])\n"
    assert "iraqrel" in modules_loaded_by(located, env)  # the copy is what runs there
    runs = [PROBE, there + PROBE, PROBE, there + PROBE, PROBE]
    cold, warm = runs[:2], runs[2:]
    assert [world_built_by(code, env) for code in cold] == [True, True]
    assert [world_built_by(code, env) for code in warm] == [False] * 3
    assert len(list(cache_dir.glob("world-names-*.msgpack"))) == 2


def test_two_installs_reading_one_dataset_each_keep_its_names_cached(tmp_path):
    """One dataset, two installs: each reads its own tables of the dataset's names back,
    whichever ran last, and neither rewrites them (issue 24)."""
    cache_dir, other = tmp_path / "cache", _install(tmp_path / "other")
    dataset = tmp_path / "iraqrel.json"
    shutil.copy(shipped_data_path(), dataset)
    env = {"IRAQREL_CACHE_DIR": str(cache_dir)}
    probe = PROBE.replace(
        "load(shipped_data_path())", f"load(__import__('pathlib').Path({str(dataset)!r}))"
    )
    there = f"import sys\nsys.path.insert(0, {str(other)!r})\n" + probe
    for code in (probe, there):
        modules_loaded_by(code, env)
    cached = sorted(cache_dir.glob("dataset-names-*.msgpack"))
    written = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in cached]
    for code in (probe, there, probe):
        modules_loaded_by(code, env)
    assert len(cached) == 2
    assert [(p.stat().st_ino, p.stat().st_mtime_ns) for p in cached] == written


def test_a_cache_whose_key_is_not_utf8_is_ignored(tmp_path, honest_sealed):
    """Found by the fuzz above: a flipped byte in the key's text raised UnicodeDecodeError."""
    path = tmp_path / "cache.msgpack"
    path.write_bytes(honest_sealed[:6] + b"\x80" + honest_sealed[7:])
    assert cache.read_sealed(path, "key", index.NameIndex) is None


# --- the key is the loaded bytes', not the file's as it is later (issue 21) ---------------


def _moscow_to(owner: str):
    def change(raw: dict) -> None:
        for entity in raw["entities"]:
            entity["aliases"] = [a for a in entity["aliases"] if a.casefold() != "moscow"]
            if entity["id"] == owner:
                entity["aliases"].append("Moscow")

    return change


def test_a_dataset_saved_anew_between_load_and_lookup_is_answered_from_the_new_file(
    cache_dir, dataset_copy
):
    """`resolve -` loaded the file, the fixed file was saved, then a name arrived: the tables
    of the old bytes were cached under the new file's key, and every later run believed them."""
    path = dataset_copy(_moscow_to("USA"))
    before = load(path)
    dataset_copy(_moscow_to("RUS"))  # saved anew before the first lookup
    assert Resolver(before).resolve("moscow").target.id == "USA"  # the loaded data answers
    assert Resolver(load(path)).resolve("moscow").target.id == "RUS"  # later runs: the new file
    assert Resolver(load(path)).resolve("moscow").target.id == "RUS"


def test_an_entity_gone_from_the_file_saved_anew_is_gone_from_later_runs(
    cache_dir, dataset_copy, run
):
    """Before: the old tables kept the removed entity, and a later run ended in KeyError."""

    def add_zedland(raw: dict) -> None:
        raw["entities"].append({"id": "ZED", "kind": "community", "name": "Zedland", "aliases": []})

    path = dataset_copy(add_zedland)
    before = load(path)
    dataset_copy(lambda raw: raw["entities"].pop())
    assert Resolver(before).resolve("zedland").target.id == "ZED"
    result = run("--data", str(path), "resolve", "zedland", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)[0]["status"] == "unknown"


def test_the_fingerprint_is_of_the_bytes_loaded(dataset_copy):
    path = dataset_copy()
    first = load(path).fingerprint
    assert first.endswith(f";{zlib.crc32(path.read_bytes()):08x}")
    assert load(path).fingerprint == first
    path.write_bytes(path.read_bytes() + b"\n")
    assert load(path).fingerprint != first


# --- whose cache: only this user's folder and files are read (issue 21) -------------------


def _forge(path, change) -> None:
    """Rewrite the sealed cache at `path` with its payload changed, its checksum sound."""
    sealed = msgspec.msgpack.decode(path.read_bytes(), type=cache._Sealed)
    kind = index.NameIndex if path.name.startswith("world") else index.DatasetNames
    payload = msgspec.msgpack.encode(change(msgspec.msgpack.decode(sealed.payload, type=kind)))
    forged = cache._Sealed(sealed.key, zlib.crc32(payload), payload)
    path.write_bytes(msgspec.msgpack.encode(forged))


def _lying(tables):
    """Russia is the United States in a dataset's tables; Germany is Russia in the world's."""
    if isinstance(tables, index.NameIndex):
        exact = {k: tables.exact.get(k) for k in tables.exact.keys} | {"germany": ["RUS"]}
        return msgspec.structs.replace(tables, exact=index.Table.of(exact))
    local = {k: tables.local.get(k) for k in tables.local.keys} | {"russia": ["USA"]}
    return msgspec.structs.replace(tables, local=index.Table.of(local))


@pytest.fixture
def planted(tmp_path, monkeypatch, run) -> Path:
    """Caches that lie, with the right names and keys and sound checksums, as another user could
    compute them: `resolve russia germany` from the caches answers USA and RUS."""
    honest = tmp_path / "honest"
    run("resolve", "russia", "germany", env={"IRAQREL_CACHE_DIR": str(honest)})
    files = sorted(honest.glob("*-names-*.msgpack"))
    assert len(files) == 2
    for path in files:
        _forge(path, _lying)
    lies = run("resolve", "russia", "germany", "--json", env={"IRAQREL_CACHE_DIR": str(honest)})
    assert [r["entity"]["id"] for r in json.loads(lies.stdout)] == ["USA", "RUS"]
    return honest


def _resolved(run, env: dict[str, str]) -> tuple[list[str], str]:
    result = run("resolve", "russia", "germany", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    return [r["entity"]["id"] for r in json.loads(result.stdout)], result.stderr


root_only = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root to make another uid's folder",
)


def _give_away(folder: Path, mode: int) -> None:
    for path in [folder, *folder.iterdir()]:
        os.chown(path, OTHER_UID, OTHER_UID)
    folder.chmod(mode)


@root_only
@pytest.mark.parametrize("where", ["IRAQREL_CACHE_DIR", "XDG_CACHE_HOME"])
def test_a_cache_folder_another_user_owns_is_not_read(run, planted, tmp_path, where):
    """Another user planted the lying caches in a shared folder (IRAQREL_CACHE_DIR), or made
    `iraqrel` in a shared XDG_CACHE_HOME such as /tmp: the answers are the dataset's."""
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o1777)
    shared.chmod(0o1777)
    folder = shared / "iraqrel" if where == "XDG_CACHE_HOME" else shared
    if folder != shared:
        folder.mkdir()
    for path in planted.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    _give_away(folder, 0o755 if folder != shared else 0o1777)
    before = sorted(p.name for p in folder.iterdir())
    env = {"IRAQREL_CACHE_DIR": str(shared)} if where == "IRAQREL_CACHE_DIR" else {}
    env |= {"XDG_CACHE_HOME": str(shared)} if where == "XDG_CACHE_HOME" else {}
    ids, stderr = _resolved(run, {"IRAQREL_CACHE_DIR": None, **env})  # type: ignore[dict-item]
    assert ids == ["RUS", "DEU"]
    assert stderr.count("\n") == 1 and stderr == (
        f"iraqrel: not using the name cache: the cache folder {str(folder)!r} belongs to "
        f"another user (uid {OTHER_UID}); set IRAQREL_CACHE_DIR to a folder of your own, or "
        "to nothing for no cache\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written there


@root_only
def test_cache_files_another_user_owns_are_not_read_in_a_folder_of_ones_own(run, planted):
    for path in planted.iterdir():
        os.chown(path, OTHER_UID, OTHER_UID)
    ids, stderr = _resolved(run, {"IRAQREL_CACHE_DIR": str(planted)})
    assert ids == ["RUS", "DEU"] and stderr == ""
    assert {p.stat().st_uid for p in planted.iterdir()} == {os.geteuid()}  # rewritten, ours


def test_cache_files_others_may_write_to_are_not_read(run, planted):
    for path in planted.iterdir():
        path.chmod(0o666)
    ids, stderr = _resolved(run, {"IRAQREL_CACHE_DIR": str(planted)})
    assert ids == ["RUS", "DEU"] and stderr == ""


def test_a_named_cache_folder_others_may_write_to_is_not_used_and_left_as_it_is(run, planted):
    planted.chmod(0o777)
    ids, stderr = _resolved(run, {"IRAQREL_CACHE_DIR": str(planted)})
    assert ids == ["RUS", "DEU"]
    assert stderr.count("\n") == 1 and "can be written by others (mode 777)" in stderr
    assert planted.stat().st_mode & 0o777 == 0o777


def test_the_default_cache_folder_is_closed_to_others_then_used(run, planted, tmp_path):
    """$XDG_CACHE_HOME/iraqrel is the tool's own: one of this user's made under a permissive
    umask is closed to others (its files are checked one by one all the same)."""
    xdg = tmp_path / "xdg"
    xdg.mkdir()
    (xdg / "iraqrel").mkdir(mode=0o777)
    (xdg / "iraqrel").chmod(0o777)
    ids, stderr = _resolved(run, {"IRAQREL_CACHE_DIR": None, "XDG_CACHE_HOME": str(xdg)})  # type: ignore[dict-item]
    assert ids == ["RUS", "DEU"] and stderr == ""
    assert (xdg / "iraqrel").stat().st_mode & 0o777 == 0o700


def test_a_new_cache_folder_and_its_files_are_this_users_alone(run, tmp_path):
    folder = tmp_path / "a" / "new" / "cache"
    old_umask = os.umask(0)
    try:
        ids, _ = _resolved(run, {"IRAQREL_CACHE_DIR": str(folder)})
    finally:
        os.umask(old_umask)
    assert ids == ["RUS", "DEU"]
    assert folder.stat().st_mode & 0o777 == 0o700
    files = sorted(p.name.split("-")[0] + "-" + p.name.split("-")[1] for p in folder.iterdir())
    assert files == ["dataset-checked", "dataset-names", "world-names"]
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o600}


def test_the_refusal_is_said_once_however_many_names(run, planted):
    planted.chmod(0o777)
    result = run(
        "resolve", "russia", "germany", "rusia", "oman", env={"IRAQREL_CACHE_DIR": str(planted)}
    )
    assert result.stderr.count("not using the name cache") == 1


# --- where the cache goes when HOME or XDG_CACHE_HOME say nothing usable (issue 21) -------


@pytest.mark.parametrize(
    ("variable", "value"), [("XDG_CACHE_HOME", "rel"), ("IRAQREL_CACHE_DIR", "rel")]
)
def test_a_relative_cache_variable_writes_nothing_in_the_current_folder(
    run, tmp_path, monkeypatch, variable, value
):
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    env = {"IRAQREL_CACHE_DIR": None, "XDG_CACHE_HOME": None, "HOME": str(home), variable: value}
    result = run("resolve", "rusia", env=env)  # type: ignore[arg-type]
    assert result.exit_code == 0
    assert not (tmp_path / "rel").exists()
    if variable == "XDG_CACHE_HOME":  # ignored, as the XDG specification says: ~/.cache
        assert "name cache" not in result.stderr
        assert len(list((home / ".cache" / "iraqrel").glob("*-names-*.msgpack"))) == 2
    else:  # the user asked for a place that is no place: said, and no cache
        assert "IRAQREL_CACHE_DIR='rel' is not an absolute path" in result.stderr
        assert not home.exists()


def test_an_empty_home_is_no_home_for_the_cache(run, tmp_path, monkeypatch):
    """As root, HOME="" made `/.cache/iraqrel`."""
    monkeypatch.chdir(tmp_path)
    made = Path("/.cache")
    existed = made.exists()
    try:
        result = run(
            "resolve", "rusia", env={"IRAQREL_CACHE_DIR": None, "XDG_CACHE_HOME": None, "HOME": ""}
        )  # type: ignore[dict-item]
        assert result.exit_code == 0 and result.stderr == ""
        assert existed or not made.exists()
        assert not list(tmp_path.iterdir())
    finally:
        if not existed and made.exists():
            shutil.rmtree(made)


def test_without_home_or_a_password_entry_nothing_is_written(as_other_user, shared_tmp):
    """A uid with no entry in the password database and no HOME made `./~/.cache/iraqrel`."""
    done = as_other_user(
        ["resolve", "rusia"], cwd=shared_tmp, env={"IRAQREL_CACHE_DIR": None}, uid=UNLISTED_UID
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b"" and not list(shared_tmp.iterdir())


def test_the_password_entrys_home_is_used_when_home_is_unset(monkeypatch, tmp_path):
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("IRAQREL_CACHE_DIR", raising=False)
    monkeypatch.setattr(cache, "_password_home", lambda: str(tmp_path))
    assert cache.cache_folder() == cache.CacheFolder(tmp_path / ".cache" / "iraqrel")
    monkeypatch.setattr(cache, "_password_home", lambda: "")
    assert cache.cache_folder() == cache.CacheFolder(None)


# --- pruning removes only what it can prove it wrote (issue 21) ---------------------------


def test_pruning_leaves_files_it_did_not_write(cache_dir, dataset_copy):
    cache_dir.mkdir(mode=0o700, parents=True)
    theirs = [cache_dir / f"dataset-names-mine{n}.msgpack" for n in range(12)]
    theirs += [cache_dir / f"dataset-names-{n:08x}.msgpack" for n in range(12)]  # not sealed
    theirs += [cache_dir / "dataset-names-00000001.msgpack.bak", cache_dir / "notes.txt"]
    for path in theirs:
        path.write_bytes(b"the user's own")
    for n in range(index.MAX_DATASET_CACHES + 3):  # sealed, as this tool writes them
        cache.write_sealed(cache_dir / f"dataset-names-{n + 100:08x}.msgpack", "old", {})
    Resolver(load(dataset_copy())).resolve("rusia")
    assert all(p.read_bytes() == b"the user's own" for p in theirs)
    ours = [p for p in cache_dir.glob("dataset-names-*.msgpack") if p not in theirs]
    assert len(ours) == index.MAX_DATASET_CACHES
