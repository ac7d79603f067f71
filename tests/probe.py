"""Which modules a fresh interpreter has loaded after running some code."""

from __future__ import annotations

import os
import subprocess
import sys


def modules_loaded_by(code: str, env: dict[str, str] | None = None) -> set[str]:
    """Run `code` in a new `python -c` and return every name in its `sys.modules`.

    `env` is added to the current environment. A failing `code` raises CalledProcessError.
    """
    probe = f"import sys\n{code}\nprint(' '.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    return set(done.stdout.splitlines()[-1].split())
