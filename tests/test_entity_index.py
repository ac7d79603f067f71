"""The entity index (issue 24): `show` answers from it exactly as from the whole dataset, and
a stale, corrupt, linked or racing index never changes an answer."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from conftest import EXE, PROCESS_ENV
from damaged import damaged
from generated_names import every_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scaled import synthetic

from iraqrel.cli import checked, entity_index
from iraqrel.cli.entity_index import INDEXED_FROM_BYTES, open_index, write_index
from iraqrel.names.resolver import Resolver
from iraqrel.names.similar import bound, bucket_of, most_like, most_like_in
from iraqrel.names.text import typo_cores
from iraqrel.queries.profile import profile
from iraqrel.records import Loaded, load, shipped_data_path

ROOT = Path(__file__).resolve().parent
COMMANDS = (
    ["show", "russia", "--json"],
    ["show", "rusia", "--json"],
    ["show", "saudi arabia"],
    ["show", "germny"],  # no data: a country the sources do not describe
    ["show", "iraq", "--json"],  # the subject
    ["show", "erbil", "--format", "plain"],  # one of Iraq's actors: the whole dataset answers
    ["show", "r0001", "--json"],  # a record id: the whole dataset answers
    ["show", "nato", "--as-of", "2013", "--json"],  # a counterpart with its parts
    ["show", "qzxv", "--json"],  # unknown: exit 1 and suggestions
    ["show", "republic of syria", "--json"],
)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped dataset scaled past INDEXED_FROM_BYTES, the least size that has an index."""
    path = synthetic(20, tmp_path_factory.mktemp("large"))
    assert path.stat().st_size >= INDEXED_FROM_BYTES
    return path


def _indexed(path: Path) -> tuple[Loaded, entity_index.EntityIndex]:
    """The dataset at `path`, checked, and its index built and opened (whatever its size)."""
    loaded = checked.load_checked(path)
    sha256 = checked.proved(loaded)
    assert sha256 is not None
    write_index(loaded, sha256)
    index = open_index(path, smallest=0)
    assert index is not None
    return loaded, index


def _queries(loaded: Loaded, every: int) -> list[str]:
    """Every generated test name (`generated_names`), the maintained test set, and each name
    the dataset writes with a letter dropped and two swapped: every `every`-th of them."""
    names = [case.name for case in every_case()]
    names += [line.split("\t")[0] for line in (ROOT / "names.tsv").read_text().splitlines()[1:]]
    for _, written in Resolver(loaded).directory.values():
        for name in written:
            names += [name, name[:-1], name[1:2] + name[:1] + name[2:], name.upper()]
    return sorted(set(names))[::every]


@pytest.mark.parametrize("factor", [1, 100])
def test_every_answer_from_the_index_equals_the_whole_datasets(cache_dir, tmp_path, factor):
    """The same resolution, and for it the same profile, for thousands of names, on the
    shipped dataset and on it a hundred times over."""
    path = shipped_data_path() if factor == 1 else synthetic(factor, tmp_path)
    loaded, index = _indexed(path)
    whole, indexed = Resolver(loaded), Resolver(index.directory)
    queries = _queries(loaded, 5 if factor == 1 else 60)
    assert len(queries) > 1000
    shown = 0
    for query in queries:
        expected = whole.resolve(query)
        assert indexed.resolve(query) == expected, query
        if expected.target and expected.status not in ("actor", "ambiguous", "unknown"):
            cut = index.sliced(expected.target.id)
            assert profile(cut, expected) == profile(loaded, expected), query
            shown += 1
    assert shown > 500
    with pytest.raises(TypeError):
        _ = indexed.directory  # read key by key: it lists no ids


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("IRAQREL_CACHE_DIR", str(folder))
    return folder


def _answers(run, data: Path, cache_dir: str) -> list[tuple[int, str, str]]:
    found = [
        run("--data", str(data), *args, env={"IRAQREL_CACHE_DIR": cache_dir}) for args in COMMANDS
    ]
    return [(r.exit_code, r.stdout, r.stderr) for r in found]


def _index_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("dataset-index-*.sqlite"))


def test_show_answers_the_same_with_the_index_as_without_it(run, tmp_path, large):
    """No cache; the first run (which builds the index); the runs that read it: the same
    bytes on stdout and stderr, and the same exit code."""
    folder = tmp_path / "cache"
    without = _answers(run, large, "")
    cold = _answers(run, large, str(folder))
    assert len(_index_files(folder)) == 1
    warm = _answers(run, large, str(folder))
    assert cold == without and warm == without
    assert [code for code, _, _ in without] == [0] * 8 + [1, 0]  # qzxv: unknown


def test_the_index_is_read_and_the_whole_file_is_not(run, cache_dir, large, monkeypatch):
    """Once a run built it, `show` answers a name from the index: the dataset file is
    never loaded whole (unless the name is one of Iraq's actors)."""
    from iraqrel.cli import options

    env = {"IRAQREL_CACHE_DIR": str(cache_dir)}
    assert run("--data", str(large), "show", "russia", env=env).exit_code == 0

    def unread(*_: object) -> None:
        raise AssertionError("the whole dataset was loaded")

    monkeypatch.setattr(options.Settings, "load", unread)
    result = run("--data", str(large), "show", "rusia", "--json", env=env)
    assert result.exit_code == 0 and '"RUS"' in result.stdout
    assert run("--data", str(large), "show", "erbil", env=env).exit_code == 70


def test_an_answer_from_the_whole_file_leaves_a_sound_index_alone(run, cache_dir, large):
    """One of Iraq's actors is answered from the whole file: the index stays as it was."""
    env = {"IRAQREL_CACHE_DIR": str(cache_dir)}
    run("--data", str(large), "show", "russia", env=env)
    (where,) = _index_files(cache_dir)
    before = where.stat()
    assert run("--data", str(large), "show", "erbil", env=env).exit_code == 0
    assert run("--data", str(large), "show", "r0001", env=env).exit_code == 0
    after = where.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_small_dataset_has_no_index(run, tmp_path):
    folder = tmp_path / "cache"
    run("show", "russia", env={"IRAQREL_CACHE_DIR": str(folder)})
    assert _index_files(folder) == []
    assert open_index(shipped_data_path()) is None  # under INDEXED_FROM_BYTES


def test_a_changed_file_is_not_answered_from_the_old_index(run, tmp_path, large):
    """The index trusts a file only while its identity holds: a file saved anew (Russia
    renamed) answers from its new bytes, and the index is built anew for them."""
    shutil.copytree(large.parent.parent, tmp_path / "copy")
    copy = tmp_path / "copy" / "data" / "iraqrel.json"
    env = {"IRAQREL_CACHE_DIR": str(tmp_path / "cache")}
    assert '"Russia"' in run("--data", str(copy), "show", "russia", "--json", env=env).stdout
    first = _index_files(tmp_path / "cache")
    copy.write_bytes(copy.read_bytes().replace(b'"name": "Russia"', b'"name": "Rossiya"', 1))
    answer = run("--data", str(copy), "show", "russia", "--json", env=env)
    assert '"Rossiya"' in answer.stdout and '"name": "Russia"' not in answer.stdout
    assert _index_files(tmp_path / "cache") == first  # the same name, a new index in it
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRAQREL_CACHE_DIR", str(tmp_path / "cache"))
        assert open_index(copy) is not None


_ROWS = ("meta", "base", "entry\0RUS", "slice\0RUS", "name\0local\0russia", "typo buckets")
_SHOWN = ("russia", "rusia", "saudi arabia", "germny", "iraq", "republic of syria")


@pytest.fixture(scope="module")
def sound_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes, dict]:
    """The shipped dataset's index (built whatever its size): its file name and bytes, and
    the whole dataset's answers to _SHOWN."""
    folder = tmp_path_factory.mktemp("sound-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRAQREL_CACHE_DIR", str(folder))
        loaded, _ = _indexed(shipped_data_path())
    (found,) = _index_files(folder)
    whole = Resolver(loaded)
    answers = {}
    for query in _SHOWN:
        resolution = whole.resolve(query)
        answers[query] = (resolution, profile(loaded, resolution))
    return found.name, found.read_bytes(), answers


def _answers_from(folder: Path, expected: dict) -> None:
    """The index in `folder` is refused, or answers each name as the whole dataset does, or
    says it cannot (IndexUnsound): never another answer."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRAQREL_CACHE_DIR", str(folder))
        index = open_index(shipped_data_path(), smallest=0)
    if index is None:
        return
    for query, (resolution, shown) in expected.items():
        try:
            found = Resolver(index.directory).resolve(query)
            cut = index.sliced(found.target.id) if found.target else None
        except entity_index.IndexUnsound:
            continue
        assert found == resolution and cut is not None and profile(cut, found) == shown


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(row=st.sampled_from(_ROWS), data=st.data())
def test_a_damaged_row_never_changes_an_answer(tmp_path_factory, sound_index, row, data):
    """Any value of a row `show` reads, damaged (a byte changed, cut short, bytes added)."""
    folder = tmp_path_factory.mktemp("damaged")
    name, raw, expected = sound_index
    (folder / name).write_bytes(raw)
    connection = sqlite3.connect(folder / name)
    (value,) = connection.execute("SELECT value FROM cell WHERE key = ?", (row,)).fetchone()
    connection.execute("UPDATE cell SET value = ? WHERE key = ?", (data.draw(damaged(value)), row))
    connection.commit()
    connection.close()
    _answers_from(folder, expected)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_damaged_index_file_never_changes_an_answer(tmp_path_factory, sound_index, data):
    """The file itself damaged: a byte changed, cut short, bytes added, or noise."""
    folder = tmp_path_factory.mktemp("damaged-file")
    name, raw, expected = sound_index
    (folder / name).write_bytes(data.draw(damaged(raw)))
    _answers_from(folder, expected)


def test_show_answers_from_the_whole_dataset_past_a_damaged_row(run, cache_dir, large):
    """A row that fails its checksum: the answer of a run without a cache, and an index
    built anew that holds the row sound."""
    env = {"IRAQREL_CACHE_DIR": str(cache_dir)}
    expected = run("--data", str(large), "show", "rusia", "--json", env={"IRAQREL_CACHE_DIR": ""})
    run("--data", str(large), "show", "russia", env=env)
    (where,) = _index_files(cache_dir)
    connection = sqlite3.connect(where)
    connection.execute(
        "UPDATE cell SET value = substr(value, 2) || x'00' WHERE key = 'slice' || char(0) || 'RUS'"
    )
    connection.commit()
    connection.close()
    found = run("--data", str(large), "show", "rusia", "--json", env=env)
    assert (found.exit_code, found.stdout, found.stderr) == (0, expected.stdout, expected.stderr)
    rebuilt = open_index(large)
    assert rebuilt is not None and "RUS" in rebuilt.sliced("RUS").entities


@pytest.fixture(scope="module")
def tested_names(sound_index: tuple[str, bytes, dict]) -> dict:
    """The whole dataset's answers to the maintained test names, beside _SHOWN's."""
    loaded = load(shipped_data_path())
    whole = Resolver(loaded)
    answers = dict(sound_index[2])
    for line in (ROOT / "names.tsv").read_text().splitlines()[1:]:
        resolution = whole.resolve(line.split("\t")[0])
        if resolution.target and resolution.status not in ("actor", "ambiguous", "unknown"):
            answers[resolution.query] = (resolution, profile(loaded, resolution))
    return answers


def test_a_page_given_another_pages_rows_never_changes_an_answer(
    tmp_path, sound_index, tested_names
):
    """Rows lost whole (a page of the file overwritten with the next page's bytes, every
    page in turn): each lookup that finds no row proves there is none, or the index says
    it cannot answer."""
    name, raw, _ = sound_index
    page = int.from_bytes(raw[16:18], "big")
    page = 65536 if page == 1 else page  # as SQLite's header writes it
    assert len(raw) // page > 3
    for at in range(1, len(raw) // page - 1):
        folder = tmp_path / f"page{at}"
        folder.mkdir(mode=0o700)
        moved = raw[: at * page] + raw[(at + 1) * page : (at + 2) * page] + raw[(at + 1) * page :]
        (folder / name).write_bytes(moved)
        _answers_from(folder, tested_names)


def test_an_entity_that_is_its_own_part_is_shown_once(cache_dir, dataset_copy):
    """A `part_of` naming the entity itself: its relationships once, as from the whole file."""
    path = dataset_copy(
        lambda d: next(e for e in d["entities"] if e["id"] == "RUS").update(part_of="RUS")
    )
    loaded, index = _indexed(path)
    resolution = Resolver(loaded).resolve("russia")
    assert profile(index.sliced("RUS"), resolution) == profile(loaded, resolution)


def test_a_build_removes_what_an_interrupted_build_left(cache_dir, large):
    """Ctrl-C leaves at once, and a partial index with it: the next build removes a partial
    file of a process no longer running, and never a running one's."""
    _indexed(large)
    (where,) = _index_files(cache_dir)
    finished = subprocess.Popen(["true"])
    finished.wait()
    with subprocess.Popen(["sleep", "60"]) as building:
        abandoned = where.with_name(f"{where.name}.{finished.pid}.tmp")
        running = where.with_name(f"{where.name}.{building.pid}.tmp")
        for partial in (abandoned, running):
            partial.write_bytes(b"SQLite format 3\x00 partial")
            partial.chmod(0o600)
        where.unlink()
        _indexed(large)
        building.kill()
    assert not abandoned.exists() and running.exists()


def test_a_missing_row_of_records_is_not_read_as_none(cache_dir, large):
    """An id the dataset names must have its row: without it the index cannot answer."""
    _indexed(large)
    (where,) = _index_files(cache_dir)
    connection = sqlite3.connect(where)
    connection.execute("DELETE FROM cell WHERE key = ?", ("slice\0RUS",))
    connection.commit()
    connection.close()
    reopened = open_index(large)
    assert reopened is not None
    with pytest.raises(entity_index.IndexUnsound):
        reopened.sliced("RUS")


def test_a_symbolic_link_in_place_of_the_index_is_not_followed(run, cache_dir, large, tmp_path):
    _indexed(large)
    (where,) = _index_files(cache_dir)
    elsewhere = tmp_path / "elsewhere.sqlite"
    where.rename(elsewhere)
    where.symlink_to(elsewhere)
    assert open_index(large) is None
    before = elsewhere.read_bytes()
    run("--data", str(large), "show", "russia", env={"IRAQREL_CACHE_DIR": str(cache_dir)})
    assert elsewhere.read_bytes() == before  # neither read through the link nor written
    assert not where.is_symlink() and open_index(large) is not None  # replaced by a file


def test_an_index_others_may_write_is_not_read(cache_dir, large):
    _indexed(large)
    (where,) = _index_files(cache_dir)
    where.chmod(0o666)
    assert open_index(large) is None


def test_twenty_first_runs_racing_give_the_same_answers(tmp_path, large):
    """Twenty processes start at once on a dataset with no index: each answers as a run
    without a cache does, and one whole index is left, no partial file."""
    env = {**PROCESS_ENV, "IRAQREL_CACHE_DIR": str(tmp_path / "cache")}
    args = [EXE, "--data", str(large), "show", "rusia", "--json"]
    expected = subprocess.run(
        args, capture_output=True, env={**env, "IRAQREL_CACHE_DIR": ""}, check=False
    )
    racing = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
              for _ in range(20)]  # fmt: skip
    answers = [(p.wait(timeout=300), *p.communicate()) for p in racing]
    assert answers == [(0, expected.stdout, expected.stderr)] * 20
    assert [p.name for p in (tmp_path / "cache").iterdir() if ".tmp" in p.name] == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRAQREL_CACHE_DIR", str(tmp_path / "cache"))
        assert open_index(large) is not None


# --- the buckets of typo cores ------------------------------------------------------------

_CORES = sorted(typo_cores(sorted({core for core in (
    "russia", "russian", "saudi arabia", "iraq", "iran", "syria", "serbia", "turkey",
    "مصر", "يونيتاد", "united states", "a1b2", "nato 12", "كردستان 4", "ß straße",
)}) ))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(typed=st.text(st.sampled_from("rusiaternby 1ßمصدأ"), min_size=1, max_size=14))
def test_no_core_is_more_similar_than_its_buckets_bound(typed):
    from rapidfuzz.distance import JaroWinkler

    for core in _CORES:
        assert JaroWinkler.normalized_similarity(typed, core) <= bound(typed, bucket_of(core))


@settings(max_examples=300, deadline=None)
@given(
    typed=st.text(st.sampled_from("rusiaternby 1ßمصدأ"), min_size=1, max_size=14),
    cores=st.lists(st.text(st.sampled_from("rusiaternby 12ßمصدأ"), min_size=1, max_size=12)),
)
def test_the_buckets_rank_as_the_whole_list_does(typed, cores):
    """Read bucket by bucket (only those that can hold one of the best), the same cores in
    the same order as from the whole list, in key order; ties included."""
    ordered = sorted(set(cores))
    buckets: dict[tuple[int, str], list[str]] = {}
    for core in ordered:
        buckets.setdefault(bucket_of(core), []).append(core)
    assert most_like_in(typed, buckets, buckets.__getitem__) == most_like(typed, ordered)


def test_a_build_prunes_older_indexes_and_only_indexes(cache_dir, large):
    """Of the indexes of other datasets, the most recent stay (cache.MAX_DATASET_CACHES in
    all); a file named as one that is no SQLite file is never removed."""
    from iraqrel.names.cache import MAX_DATASET_CACHES

    cache_dir.mkdir(mode=0o700)
    older = [
        cache_dir / f"dataset-index-{n:08x}-00000000.sqlite" for n in range(MAX_DATASET_CACHES)
    ]
    for at, path in enumerate(older):
        path.write_bytes(b"SQLite format 3\x00 another dataset's")
        path.chmod(0o600)
        os.utime(path, ns=(at * 10**9, at * 10**9))
    stranger = cache_dir / "dataset-index-ffffffff-00000000.sqlite"
    stranger.write_bytes(b"not an index")
    stranger.chmod(0o600)
    os.utime(stranger, ns=(0, 0))
    _indexed(large)
    kept = [path for path in older if path.exists()]
    assert kept == older[1:] and stranger.exists()
    assert len(_index_files(cache_dir)) == MAX_DATASET_CACHES + 1  # with the stranger
