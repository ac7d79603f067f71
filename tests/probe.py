"""Which modules a fresh interpreter has loaded after running some code."""

from __future__ import annotations

import os
import subprocess
import sys


def modules_loaded_by(code: str, env: dict[str, str] | None = None) -> set[str]:
    """Run `code` in a new `python -c` and return every name in its `sys.modules`.

    `env` is added to the current environment. A failing `code` raises CalledProcessError.
    """
    return set(printed_by(f"import sys\n{code}\nprint(' '.join(sys.modules))", env).split())


def world_built_by(code: str, env: dict[str, str] | None = None) -> bool:
    """Whether running `code` in a new `python -c` built the world's name tables: read
    pycountry's countries (names/iso.py) instead of the world cache."""
    read = "from iraqrel.names import iso\nprint(iso.countries.cache_info().misses > 0)"
    return printed_by(f"{code}\n{read}", env) == "True"


def printed_by(code: str, env: dict[str, str] | None = None) -> str:
    """The last line `code` prints, run in a new `python -c` with `env` added."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    return done.stdout.splitlines()[-1]
