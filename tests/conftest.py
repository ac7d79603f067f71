"""Shared fixtures: the shipped dataset, a CLI runner with a fixed environment, broken copies."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iraqrel.cli.app import app
from iraqrel.records import Loaded, load, shipped_data_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# CI sets variables such as FORCE_COLOR; every CLI test runs with this environment instead.
CLEAN_ENV = {
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "COLUMNS": "120",
    "IRAQREL_DATA": None,
    "TERM": "xterm-256color",
}


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The world-names cache goes to a temporary folder, never the user's home; restored after."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IRAQREL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def loaded() -> Loaded:
    return load(shipped_data_path())


@pytest.fixture
def run() -> Callable[..., Any]:
    """Invoke the CLI in-process; returns the click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env={**CLEAN_ENV, **(env or {})})

    return invoke


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Callable[..., Path]:
    """A copy of data/ and seeds/ in tmp_path; `edit(fn)` mutates the JSON and returns its path."""
    shutil.copytree(shipped_data_path().parent, tmp_path / "data")
    seeds = shipped_data_path().parent.parent / "seeds"
    shutil.copytree(seeds, tmp_path / "seeds")
    path = tmp_path / "data" / "iraqrel.json"

    def edit(change: Callable[[dict[str, Any]], None] | None = None) -> Path:
        if change is not None:
            raw = json.loads(path.read_text(encoding="utf-8"))
            change(raw)
            path.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    return edit
