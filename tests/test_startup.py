"""Heavy modules load only on the paths that need them (ruff TID253 keeps them off module level)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from probe import modules_loaded_by, world_built_by

HEAVY = ("rich", "rapidfuzz", "pycountry")


def _loaded_after(code: str) -> set[str]:
    """Top-level modules loaded, with the world-names cache off (a cold run)."""
    return {m for m in modules_loaded_by(code, {"IRAQREL_CACHE_DIR": ""}) if "." not in m}


def _run_cli(*args: str) -> str:
    return (
        "import io, contextlib\nfrom iraqrel.cli.app import app_for\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    try: app_for({list(args)!r})({list(args)!r})\n"
        "    except SystemExit: pass"
    )


def test_importing_the_cli_loads_no_heavy_module():
    assert not set(HEAVY) & _loaded_after("import iraqrel.cli.app")


@pytest.mark.parametrize(
    "args",
    [
        ("who-allies", "--json"),
        ("show", "russia", "--json"),
        ("who-allies", "--format", "plain"),
        ("list", "--json"),
    ],
)
def test_json_and_plain_answers_load_no_heavy_module(args):
    assert not set(HEAVY) & _loaded_after(_run_cli(*args))


def test_only_the_table_loads_rich_and_only_a_miss_loads_the_matcher():
    assert "rich" in _loaded_after(_run_cli("who-allies", "--format", "table"))
    fuzzy = _loaded_after(_run_cli("show", "rusia", "--json"))
    assert "rapidfuzz" in fuzzy and not {"rich", "pycountry"} & fuzzy


def test_pycountry_data_is_read_without_importing_pycountry():
    """Its package init looks up its version through importlib.metadata (names/iso.py)."""
    for args in [("show", "rusia", "--json"), ("verify",)]:
        env = {"IRAQREL_CACHE_DIR": ""}
        assert world_built_by(_run_cli(*args), env)
        assert not {"pycountry", "importlib.metadata"} & modules_loaded_by(_run_cli(*args), env)


def test_pydantic_stays_out():
    assert "pydantic" not in _loaded_after(_run_cli("show", "russia", "--json"))


def test_export_loads_no_heavy_module_and_no_other_command_loads_an_exporter():
    assert not set(HEAVY) & _loaded_after(_run_cli("export", "graphml"))
    answered = modules_loaded_by(_run_cli("who-allies", "--json"), {"IRAQREL_CACHE_DIR": ""})
    assert not {m for m in answered if m.startswith(("iraqrel.export.", "xml", "sqlite3"))}


def _run_main(*args: str) -> str:
    """The process as the entry point runs it, except that it stays to list its modules."""
    return (
        "import io, os, contextlib\n"
        f"sys.argv = ['iraqrel', *{list(args)!r}]\n"
        "os._exit = lambda code: None\n"
        "from iraqrel.cli.runner import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    with contextlib.redirect_stderr(io.StringIO()): run()"
    )


@pytest.mark.parametrize(
    ("args", "needed", "not_needed"),
    [
        (("show", "russia", "--json"), "iraqrel.output.documents", "iraqrel.output.views"),
        (("who-allies", "--json"), "iraqrel.output.views", "iraqrel.output.bibliography"),
        (("sources", "--json"), "iraqrel.output.bibliography", "iraqrel.output.views"),
    ],
)
def test_a_run_imports_the_view_of_its_command_and_not_the_other_commands(args, needed, not_needed):
    """The entry point registers only the command it runs: the others' epilogs, which import
    their views, are not written, and export's and the curators' modules are not imported."""
    loaded = modules_loaded_by(_run_main(*args))
    assert needed in loaded and not_needed not in loaded
    others = {"iraqrel.cli.curating", "iraqrel.cli.exporting", "iraqrel.export"}
    assert not {"iraqrel.output.differences", *others} & loaded
    assert others <= modules_loaded_by(_run_main("--help"))


def test_no_collection_runs_while_the_entry_point_imports_its_modules():
    """main() imports the modules with the collector paused; collections resume after."""
    probe = (
        "import gc, os, sys\n"
        "early, late = [], []\n"
        "def seen(phase, info):\n"  # early: Typer is being imported, runner.run not yet
        "    started = hasattr(sys.modules.get('iraqrel.cli.runner'), 'run')\n"
        "    if started or 'typer' in sys.modules:\n"
        "        (late if started else early).append(phase)\n"
        "sys.argv = ['iraqrel', 'verify']\n"
        "os._exit = lambda code: None\n"
        "from iraqrel.cli import main\n"
        "gc.callbacks.append(seen)\n"
        "main()\n"
        "print(len(early), len(late), gc.isenabled())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    early, late, enabled = done.stdout.split()[-3:]
    assert (early, enabled) == ("0", "True") and int(late) > 0


# What only other paths need: json (ASCII-only output), csv, shlex (a pager variable), the
# pager, unicodedata (text that is not ASCII), mmap (a place lookup), the codebook (changes,
# verify).
OTHER_PATHS = {
    "json",
    "csv",
    "shlex",
    "unicodedata",
    "mmap",
    "iraqrel.cli.pager",
    "iraqrel.codebook",
}


@pytest.mark.parametrize("args", [("show", "russia", "--json"), ("who-allies", "--json")])
def test_a_warm_json_answer_imports_nothing_only_other_paths_need(args, tmp_path):
    cache = {"IRAQREL_CACHE_DIR": str(tmp_path)}
    modules_loaded_by(_run_main(*args), cache)  # fills the name caches
    assert not OTHER_PATHS & modules_loaded_by(_run_main(*args), cache)
