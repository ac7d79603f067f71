"""The world-names cache: built once, read back without pycountry, rebuilt when broken."""

from __future__ import annotations

from probe import modules_loaded_by

from iraqrel.names import index
from iraqrel.names.resolver import Resolver
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
    index.world_index.cache_clear()
    try:
        path = index._cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x00 not msgpack")
        resolver = Resolver(load(shipped_data_path()))
        assert resolver.resolve("germny").target.id == "DEU"
        assert path.read_bytes() != b"\x00 not msgpack"
    finally:
        index.world_index.cache_clear()


def test_an_unwritable_cache_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IRAQREL_CACHE_DIR", str(blocker / "sub"))
    index.world_index.cache_clear()
    try:
        assert Resolver(load(shipped_data_path())).resolve("oman").target.id == "OMN"
    finally:
        index.world_index.cache_clear()
