"""Bad input and broken data: one line on stderr, the documented exit code, no traceback."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import get_args

import pytest
from conftest import fails_in_one_line, no_traceback
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iraqrel.errors import DataError, ExitCode
from iraqrel.names.answer import Status
from iraqrel.names.resolver import Resolver
from iraqrel.names.text import fold
from iraqrel.records import load, shipped_data_path


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", 2),
        ("   ", 2),
        ("!!! ... ???", 2),
        ("x" * 10_000, 2),  # longer than any name: a usage error
        ("\x1b[31mxyzzy\x07", 1),
        ("'; DROP TABLE countries; --", 1),
        ("{0}{name!r}%s%n", 1),
        ("../../etc/passwd", 1),
        ("C:\\Windows\\system32", 1),
        ("\u202e\u200fxyzzy", 1),
        ("🇷🇺🦄", 2),
    ],
)
def test_bad_names_fail_in_one_line(run, name, code):
    fails_in_one_line(run("show", name), code)


@pytest.mark.parametrize("name", ["روسيا 🇷🇺", "\u200fروسيا\u200e", "R\u0336ussia", "ＲＵＳＳＩＡ"])
def test_decorated_names_still_resolve(run, name):
    result = run("show", name, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["entity"]["id"] == "RUS"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["bogus"], "No such command 'bogus'"),
        (["who-allies", "--frob"], "no such option --frob"),
        (["who-allies", "--as-of", "2014-13"], "YYYY, YYYY-MM or YYYY-MM-DD"),
        (["who-allies", "--as-of", "last year"], "is not a date"),
        (["who-allies", "--format", "yaml"], "'yaml' is not one of 'table'"),
        (["who-allies", "--json", "--format", "plain"], "conflicts"),
        (["who-allies", "--domain", "war"], "'security', 'economic', 'energy'"),
        (["list", "--stance", "friend"], "'ally', 'partner', 'mixed', 'strained', 'adversary'"),
        (["who-allies", "--actor", "kurds"], "use one of: baghdad, erbil, sunni, militias"),
        (["list", "--source", "s001"], "use one of: s000, s002"),
        (["changes", "--new", "--gone"], "give one of them"),
        (["search", "..."], "WORDS have no letters"),
        (["show"], "Missing argument 'NAME'"),
    ],
)
def test_usage_errors_exit_2_in_one_line(run, args, needle):
    result = run(*args)
    fails_in_one_line(result, 2)
    assert needle in result.stderr


def _data_with(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "broken.json"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def _edit(change):
    raw = json.loads(shipped_data_path().read_text(encoding="utf-8"))
    change(raw)
    return json.dumps(raw)


BROKEN = {
    "empty": ("", "is empty"),
    "truncated": (shipped_data_path().read_text(encoding="utf-8")[:700], "not valid JSON"),
    "binary": (bytes(range(256)) * 4, "not valid JSON"),
    "wrong shape": ("[1, 2, 3]", "Expected `object`, got `array`"),
    "deep wrong type": (
        _edit(lambda r: r["relationships"][4]["evidence"][0].update(start="12")),
        "Expected `int`, got `str` - at `$.relationships[4].evidence[0].start`",
    ),
    "unknown stance": (
        _edit(lambda r: r["relationships"][2].update(stance="frenemy")),
        "Invalid enum value 'frenemy' - at `$.relationships[2].stance`"
        " (record relationships[2] r0003/NMI/",
    ),
    "dangling reference": (
        _edit(lambda r: r["relationships"][0].update(entity="XYZ")),
        "relationships[0] r0001/XYZ/baghdad/s000.fact-sheet/current: unknown entity 'XYZ'",
    ),
    "unknown field": (
        _edit(lambda r: r["entities"][0].update(colour="red")),
        "unknown field `colour`",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_datasets_exit_4_naming_file_and_record(run, tmp_path, case):
    content, needle = BROKEN[case]
    path = _data_with(tmp_path, content)
    result = run("--data", str(path), "who-allies")
    fails_in_one_line(result, 4)
    assert str(path) in result.stderr and needle in result.stderr


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_missing_or_directory_dataset_exits_4(run, tmp_path, kind):
    path = tmp_path / "nope.json"
    if kind == "directory":
        path.mkdir()
    result = run("--data", str(path), "show", "russia")
    fails_in_one_line(result, 4)
    assert str(path) in result.stderr


def test_queries_work_without_the_sources_and_only_verify_needs_them(run, dataset_copy):
    path = dataset_copy()
    for seed in (path.parent.parent / "seeds").glob("*.txt"):
        seed.unlink()
    for args in (
        ["who-allies"],
        ["show", "iran"],
        ["list"],
        ["search", "oil"],
        ["sources"],
        ["changes"],
        ["resolve", "moscow"],
    ):
        assert run("--data", str(path), *args).exit_code == 0, args
    assert run("--data", str(path), "verify").exit_code == 4


def _checksums(root: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "args",
    [
        ["who-allies"],
        ["show", "saudi"],
        ["show", "germany"],
        ["list"],
        ["search", "oil"],
        ["sources"],
        ["resolve", "rusia"],
        ["changes"],
        ["verify"],
        ["show", "xyzzy"],
    ],
)
def test_commands_never_write_to_the_dataset_or_sources(run, dataset_copy, args):
    path = dataset_copy()
    before = _checksums(path.parent.parent)
    run("--data", str(path), *args, "--json")
    assert _checksums(path.parent.parent) == before


@pytest.fixture(scope="module")
def resolver():
    return Resolver(load(shipped_data_path()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60))
def test_resolver_never_raises_on_any_unicode(resolver, name):
    result = resolver.resolve(name)
    assert result.status in get_args(Status)
    assert (result.target is None) == (result.status in ("ambiguous", "unknown"))


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=40))
def test_show_gives_the_documented_code_for_any_unicode(run, resolver, name):
    """The code the name calls for, not just any small one: a crash must not pass as 1."""
    result = run("show", "--", name)  # "--": a name such as "-0" is a name, not an option
    if not fold(name):
        expected = ExitCode.USAGE
    else:
        status = resolver.resolve(name).status
        expected = {
            "ambiguous": ExitCode.AMBIGUOUS,
            "unknown": ExitCode.NOT_FOUND,
            "place": ExitCode.PLACE,
        }.get(status, ExitCode.OK)
    assert result.exit_code == expected, (name, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if expected == ExitCode.OK:  # rows on stdout, or (plain, no rows) the note on stderr
        assert (result.stdout + result.stderr).strip()
        no_traceback(result.stdout + result.stderr)
    else:
        fails_in_one_line(result, expected)


def _mutations(raw: str, rng: random.Random) -> str:
    """Flip, drop or duplicate a few characters of the JSON text."""
    chars = list(raw)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(chars))
        op = rng.choice(("flip", "drop", "dup", "swap-digit"))
        if op == "flip":
            chars[i] = rng.choice('{}[]",:0123456789abcxyz \n')
        elif op == "drop":
            del chars[i]
        elif op == "dup":
            chars.insert(i, chars[i])
        elif chars[i].isdigit():
            chars[i] = str((int(chars[i]) + 1) % 10)
    return "".join(chars)


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False))
def test_mutated_datasets_load_or_fail_cleanly(tmp_path_factory, rng):
    raw = shipped_data_path().read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("fuzz") / "iraqrel.json"
    path.write_text(_mutations(raw, rng), encoding="utf-8")
    try:
        load(path)
    except DataError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc).strip()


def test_no_arguments_shows_the_whole_help_on_stderr(run):
    result = run()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Usage: iraqrel") and "who-allies" in result.stderr
    assert result.stderr.count("\n") > 10
