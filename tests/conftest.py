"""Shared fixtures and helpers: the dataset, the CLI in-process and as the installed entry
point, each with a fixed environment, broken copies, and the checks many tests make."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from mint_ids import mint, renumber_copies
from typer.testing import CliRunner, Result

from iraqrel.cli.app import app_for
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

# --- the installed entry point, run as a person runs it ------------------------------------

EXE = shutil.which("iraqrel", path=str(Path(sys.executable).parent)) or "iraqrel"
# What real processes get: this environment, less the variables that change the output.
PROCESS_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("NO_COLOR", "FORCE_COLOR", "IRAQREL_DATA", "COLUMNS")
}


def installed(
    args: list[str | bytes],
    *,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[bytes]:
    """The installed `iraqrel` with `args` in a real process, stdout and stderr captured."""
    return subprocess.run(
        [EXE, *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env={**PROCESS_ENV, **(env or {})},
        check=False,
    )


# --- the CLI as another user: permissions mean nothing to root ------------------------------

# another coding's reading of a record as an ally: tests/test_codebook.py, test_readings.py
ALLY_READING = {
    "stance": "ally",
    "period": "current",
    "rules": ["S1", "T2", "B1"],
    "why": "The article calls the tie an alliance.",
    "by": "second coding",
}

OTHER_UID = 65534  # nobody
UNLISTED_UID = 4242  # a user without an entry in the password database, so without a home


def _as_user(uid: int) -> list[str]:
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]


_MAIN = "import sys; sys.argv[0] = 'iraqrel'; from iraqrel.cli import main; main()"


def _python_for_other_user() -> list[str] | None:
    """A Python of this version that OTHER_UID can run, with this environment's packages on its
    path (this venv's interpreter may live in a folder only its owner can enter); None if none."""
    import site

    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    path = os.pathsep.join([str(ROOT), *site.getsitepackages()])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    places = [*os.get_exec_path(), "/usr/local/bin", "/usr/bin"]
    found = [os.path.join(d, version) for d in places if os.path.isfile(os.path.join(d, version))]
    for python in dict.fromkeys([sys.executable, *found]):
        command = ["env", "-i", f"PYTHONPATH={path}", python, "-S"]
        probe = [*_as_user(OTHER_UID), *command, "-c", "import iraqrel.cli.app, msgspec, rapidfuzz"]
        if subprocess.run(probe, capture_output=True, check=False).returncode == 0:
            return command
    return None


@pytest.fixture(scope="session")
def as_other_user() -> Callable[..., subprocess.CompletedProcess[bytes]]:
    """Run the CLI as another user (OTHER_UID unless `uid` says; root only, via setpriv), in
    an environment of only `env` (a None value: unset) and no cache unless it says; skips
    where that is impossible."""
    python = _python_for_other_user()
    if python is None:
        pytest.skip("needs root, setpriv and a Python another user can run")

    def run(
        args: list[str],
        *,
        cwd: Path,
        env: dict[str, str | None] | None = None,
        uid: int = OTHER_UID,
    ) -> subprocess.CompletedProcess[bytes]:
        given = {"IRAQREL_CACHE_DIR": "", **(env or {})}
        settings = [f"{k}={v}" for k, v in given.items() if v is not None]
        command = [*_as_user(uid), *python[:2], *settings, *python[2:], "-c", _MAIN, *args]
        return subprocess.run(command, cwd=cwd, capture_output=True, timeout=60, check=False)

    return run


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder every user can enter and write (pytest's own is its owner's only)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o777)
        yield Path(folder)


# --- what many tests check -------------------------------------------------------------------


def no_traceback(stderr: str | bytes) -> None:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text


def one_line(stderr: str | bytes, needle: str = "") -> None:
    """stderr is one line, `iraqrel: ` and then `needle` somewhere, and no traceback."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    no_traceback(text)
    assert text.startswith("iraqrel: ") and text.count("\n") == 1, text
    assert needle in text, text


def fails_in_one_line(result: Result, code: int, needle: str = "") -> None:
    """A CliRunner result: exit `code`, one line on stderr, no traceback anywhere."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    one_line(result.stderr, needle)
    no_traceback(result.stdout)
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- fixtures --------------------------------------------------------------------------------


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
def run() -> Callable[..., Result]:
    """Invoke the CLI in-process, as a process would (with the app `app_for` gives it); returns
    the click Result (stdout and stderr apart)."""
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None):
        environ = {**CLEAN_ENV, **(env or {})}
        return runner.invoke(app_for(args, environ), list(args), input=input, env=environ)

    return invoke


@pytest.fixture
def run_json(run: Callable[..., Result]) -> Callable[..., Any]:
    """Run a command with --json (on `data`, if given) and parse its answer; the exit code
    must be `code`."""

    def parsed(*args: str, data: Path | str | None = None, code: int = 0) -> Any:
        prefix = ("--data", str(data)) if data else ()
        result = run(*prefix, *args, "--json")
        assert result.exit_code == code, result.stderr
        return json.loads(result.stdout)

    return parsed


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Callable[..., Path]:
    """A copy of data/ and seeds/ in tmp_path; `edit(fn)` mutates the JSON and returns its path."""
    shutil.copytree(shipped_data_path().parent, tmp_path / "data")
    seeds = shipped_data_path().parent.parent / "seeds"
    shutil.copytree(seeds, tmp_path / "seeds")
    path = tmp_path / "data" / "iraqrel.json"

    def edit(change: Callable[[dict[str, Any]], None] | None = None) -> Path:
        """The copy changed by `change`, as a curator saves an edit: copies of a record and
        new records get new ids (tests/mint_ids.py)."""
        if change is not None:
            raw = json.loads(path.read_text(encoding="utf-8"))
            change(raw)
            renumber_copies(raw)
            mint(raw)
            path.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
        return path

    return edit


@pytest.fixture(scope="session")
def coded_english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English test document's draft, made against the shipped dataset, coded as
    tests/drafting.py codes it; its document is found from the shipped dataset's folder."""
    from drafting import ENGLISH, ENGLISH_CODING, ENGLISH_REASONS, coded

    args = ["draft", str(ENGLISH)]
    result = CliRunner().invoke(app_for(args, CLEAN_ENV), args, env=CLEAN_ENV)
    assert result.exit_code == 0, result.stderr
    draft = coded(json.loads(result.stdout), ENGLISH_CODING, ENGLISH_REASONS, "2025-03-14")
    path = tmp_path_factory.mktemp("drafts") / "english.coded.json"
    path.write_text(json.dumps(draft, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def recoded_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped dataset with one record re-coded: r0001's stance and summary changed."""
    raw = json.loads(shipped_data_path().read_text(encoding="utf-8"))
    first = raw["relationships"][0]
    first["stance"], first["rules"][0] = "mixed", "S3"
    first["summary"] += " (re-coded)"
    path = tmp_path_factory.mktemp("recoded") / "iraqrel.json"
    path.write_text(json.dumps(raw, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
