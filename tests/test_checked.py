"""The checked index (issue 24): answers with it equal answers without it, and a stale,
corrupt, forged, linked or racing index never changes an answer."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec
import pytest
from conftest import EXE, PROCESS_ENV
from damaged import damaged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scaled import synthetic

from iraqrel import records
from iraqrel.cli import checked
from iraqrel.errors import DataError
from iraqrel.names import cache
from iraqrel.records import load, shipped_data_path

COMMANDS = (
    ["show", "russia", "--json"],
    ["show", "rusia", "--json"],
    ["show", "saudi arabia"],
    ["show", "baghdad", "--format", "plain"],
    ["show", "germny"],  # no data: a country the sources do not describe
    ["who-allies", "--json"],
    ["who-allies", "--format", "table"],
    ["list", "--json"],
    ["search", "alliance", "--format", "plain"],
)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped dataset ten times over (the benchmark's 100x, smaller for speed)."""
    return synthetic(10, tmp_path_factory.mktemp("scaled"))


def _answers(run, data: Path, cache_dir: str) -> list[tuple[int, str, str]]:
    env = {"IRAQREL_CACHE_DIR": cache_dir}
    found = [run("--data", str(data), *args, env=env) for args in COMMANDS]
    return [(r.exit_code, r.stdout, r.stderr) for r in found]


def _records(folder: Path) -> list[Path]:
    return sorted(folder.glob("dataset-checked-*.msgpack"))


@pytest.mark.parametrize("which", ["shipped", "scaled"])
def test_answers_with_the_index_equal_answers_without_it(run, tmp_path, scaled, which):
    """Without a cache, on the first run (which builds the index) and on the next (which
    trusts it): the same bytes on stdout and stderr, for every command that uses it."""
    data = shipped_data_path() if which == "shipped" else scaled
    folder = tmp_path / "cache"
    without = _answers(run, data, "")
    cold = _answers(run, data, str(folder))
    assert len(_records(folder)) == 1
    warm = _answers(run, data, str(folder))
    assert cold == without
    assert warm == without
    assert all(code == 0 for code, _, _ in without)


@contextmanager
def counted_checks() -> Iterator[list[int]]:
    """The load checks as they are, counting their runs."""
    calls: list[int] = []
    real = records.integrity_problems
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(records, "integrity_problems", lambda data: calls.append(1) or real(data))
        yield calls


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IRAQREL_CACHE_DIR", str(folder))
    return folder


def test_a_proved_file_is_not_checked_again(cache_dir, dataset_copy):
    path = dataset_copy()
    with counted_checks() as calls:
        first = checked.load_checked(path)
        assert calls == [1]
        assert checked.load_checked(path).data == first.data
        assert calls == [1]


def test_two_builds_reading_one_dataset_each_keep_their_record(cache_dir, dataset_copy):
    """Installs sharing a cache folder (each its own build of the checks) do not evict each
    other's record of one dataset: each is trusted on its next run (issue 24)."""
    path = dataset_copy()
    with pytest.MonkeyPatch.context() as patch, counted_checks() as calls:
        for build in ("one", "two", "one", "two"):
            patch.setattr(cache, "build_stamp", lambda inputs, build=build: build)
            checked.load_checked(path)
        assert calls == [1, 1]  # each build checked the file once
    assert len(_records(cache_dir)) == 2


def test_verify_never_trusts_the_index(run, cache_dir, dataset_copy):
    path = dataset_copy()
    checked.load_checked(path)
    with counted_checks() as calls:
        done = run("--data", str(path), "verify", env={"IRAQREL_CACHE_DIR": str(cache_dir)})
    assert done.exit_code == 0
    assert calls == [1]


def _duplicate_entity(raw: dict) -> None:
    raw["entities"].append(raw["entities"][0])


def test_a_stale_index_is_rebuilt_and_the_file_checked(run, cache_dir, dataset_copy):
    """A file saved anew after the index was built is checked again: a broken one fails
    exactly as it fails without the index."""
    path = dataset_copy()
    env = {"IRAQREL_CACHE_DIR": str(cache_dir)}
    assert run("--data", str(path), "show", "russia", env=env).exit_code == 0
    dataset_copy(_duplicate_entity)
    with_index = run("--data", str(path), "show", "russia", env=env)
    without = run("--data", str(path), "show", "russia", env={"IRAQREL_CACHE_DIR": ""})
    assert with_index.exit_code == without.exit_code == 4
    assert with_index.stderr == without.stderr
    assert "duplicate entity id" in with_index.stderr


def test_the_same_bytes_at_a_new_identity_are_known_by_their_hash(cache_dir, dataset_copy):
    """A file replaced by a copy of itself (a new inode, a new time) is proved by the sha256
    the index recorded, without the checks, and recorded at its new identity."""
    path = dataset_copy()
    checked.load_checked(path)
    (before,) = _records(cache_dir)
    old = msgspec.msgpack.decode(cache._sealed(before).payload, type=checked.Checked)
    twin = path.with_name("twin.json")
    twin.write_bytes(path.read_bytes())
    os.replace(twin, path)
    with counted_checks() as calls:
        checked.load_checked(path)
    new = msgspec.msgpack.decode(cache._sealed(before).payload, type=checked.Checked)
    assert calls == []
    assert new.sha256 == old.sha256 and new.identity != old.identity
    assert new.identity == records.identity(path.read_bytes(), os.stat(path))


def test_other_bytes_of_the_same_size_are_checked(cache_dir, dataset_copy):
    """A file saved anew at the same size is no copy of the one recorded: its hash differs."""
    path = dataset_copy()
    checked.load_checked(path)
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"Russia", b"Rossia", 1))
    with counted_checks() as calls:
        checked.load_checked(path)
    assert calls == [1] and len(path.read_bytes()) == len(raw)


def test_a_forged_record_for_other_bytes_vouches_for_nothing(cache_dir, dataset_copy):
    """A sound record whose identity and hash are another file's: the broken dataset is
    checked, and refused."""
    path = dataset_copy(_duplicate_entity)
    cache_dir.mkdir(mode=0o700)
    where = checked._where(path)
    forged = checked.Checked(identity="1:2:3:4", sha256="0" * 64, quick=())
    cache.write_sealed(where[0], where[1], forged)
    with pytest.raises(DataError, match="duplicate entity id"):
        checked.load_checked(path)


@pytest.fixture(scope="module")
def sound_record(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The shipped data's copy and the bytes of its sound record, to mutate."""
    where = tmp_path_factory.mktemp("sound")
    path = where / "iraqrel.json"
    path.write_bytes(shipped_data_path().read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRAQREL_CACHE_DIR", str(where / "cache"))
        checked.load_checked(path)
        (record,) = _records(where / "cache")
    return path, record.read_bytes()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_record_file_is_read_as_sound_or_ignored(tmp_path, sound_record, data):
    """Random bytes, or a sound record with bytes flipped, cut or added: the load gives what
    it gives without the index, and the record is then sound."""
    path, honest = sound_record
    raw = data.draw(damaged(honest))
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700, exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRAQREL_CACHE_DIR", str(folder))
        record = checked._where(path)[0]
        record.write_bytes(raw)
        assert checked.load_checked(path).data == load(path).data
        assert cache._sealed(record) is not None


def test_a_broken_dataset_with_a_corrupt_record_is_refused(cache_dir, dataset_copy):
    path = dataset_copy(_duplicate_entity)
    cache_dir.mkdir(mode=0o700)
    checked._where(path)[0].write_bytes(b"\x93 not a record")
    with pytest.raises(DataError, match="duplicate entity id"):
        checked.load_checked(path)


def test_a_symbolic_link_in_place_of_the_record_is_not_followed(cache_dir, dataset_copy, tmp_path):
    """Even to a sound record of this very file: the link is not read, the file is checked,
    and the record is written in the link's place, the link's target left as it was."""
    path = dataset_copy()
    checked.load_checked(path)
    (record,) = _records(cache_dir)
    target, sound = tmp_path / "elsewhere.msgpack", record.read_bytes()
    target.write_bytes(sound)
    record.unlink()
    record.symlink_to(target)
    with counted_checks() as calls:
        checked.load_checked(path)
    assert calls == [1]
    assert not record.is_symlink() and cache._sealed(record) is not None
    assert target.read_bytes() == sound


def test_twenty_first_runs_racing_give_the_same_answers(tmp_path, dataset_copy):
    """Twenty processes start at once on a dataset no index has seen: every one answers as a
    run without the index does; one record is left, sound, and no temporary file."""
    path = dataset_copy()
    folder = tmp_path / "racing-cache"
    args = [EXE, "--data", str(path), "show", "rusia", "--json"]
    env = {**PROCESS_ENV, "IRAQREL_CACHE_DIR": str(folder)}
    expected = subprocess.run(args, capture_output=True, env={**env, "IRAQREL_CACHE_DIR": ""})
    racing = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
              for _ in range(20)]  # fmt: skip
    answers = [(p.wait(timeout=120), *p.communicate()) for p in racing]
    assert answers == [(0, expected.stdout, expected.stderr)] * 20
    (record,) = _records(folder)
    assert cache._sealed(record) is not None
    assert not list(folder.glob("*.tmp"))


def test_the_quick_checks_are_taken_from_the_index_only_while_their_files_stand(
    run, cache_dir, dataset_copy
):
    """The warning a dataset other than the shipped one gets is the same with the index; it
    goes when the codebook comes back, and comes when a source changes."""
    path = dataset_copy()
    env = {"IRAQREL_CACHE_DIR": str(cache_dir)}
    codebook = path.parent / json.loads(path.read_text(encoding="utf-8"))["codebook"]
    kept = codebook.read_bytes()
    codebook.unlink()
    for _ in range(2):
        assert "no such codebook file" in run("--data", str(path), "who-allies", env=env).stderr
    codebook.write_bytes(kept)
    assert run("--data", str(path), "who-allies", env=env).stderr == ""
    source = next((path.parent.parent / "seeds").iterdir())
    source.write_bytes(source.read_bytes().replace(b"a", b"o"))
    warned = run("--data", str(path), "who-allies", env=env).stderr
    assert warned == run("--data", str(path), "who-allies", env={"IRAQREL_CACHE_DIR": ""}).stderr
    assert "fails verify" in warned


def test_a_file_changed_while_it_is_read_is_not_recorded(cache_dir, dataset_copy, monkeypatch):
    """The bytes checked may not be the file's as it now stands: nothing is recorded."""
    path = dataset_copy()

    def read_then_saved_anew(where: Path) -> tuple[bytes, os.stat_result]:
        found = records.read_dataset(where)
        os.utime(where, ns=(10**9, 10**9))  # another save, as the check runs
        return found

    monkeypatch.setattr(checked, "read_dataset", read_then_saved_anew)
    checked.load_checked(path)
    assert _records(cache_dir) == []
