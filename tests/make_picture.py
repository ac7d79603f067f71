"""Draw the README's picture from the real output of `iraqrel who-allies`.

    python tests/make_picture.py          # rewrite data/who-allies.svg
    python tests/make_picture.py --check  # exit 1 when the committed picture is stale

The command runs as a user would run it, on a fixed 160-column color terminal with a fixed
environment, so the picture depends on the code and the data only.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PICTURE = ROOT / "data" / "who-allies.svg"
COMMAND = ["who-allies"]
WIDTH = 160


def terminal_output() -> str:
    """What `iraqrel who-allies` prints on a WIDTH-column color terminal."""
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "SYSTEMROOT") if k in os.environ}
    env = {**keep, "COLUMNS": str(WIDTH), "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, "-m", "iraqrel", *COMMAND, "--format", "table"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        check=True,
    )
    return result.stdout


def picture() -> str:
    """The SVG of that output, as Rich exports a terminal."""
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=io.StringIO(), record=True, width=WIDTH, force_terminal=True, color_system="truecolor"
    )
    console.print(Text.from_ansi(terminal_output()), end="")
    return console.export_svg(title="iraqrel " + " ".join(COMMAND))


def main() -> int:
    drawn = picture()
    if "--check" in sys.argv[1:]:
        stale = PICTURE.read_text(encoding="utf-8") != drawn
        if stale:
            print(f"{PICTURE.name} is stale: run python tests/make_picture.py", file=sys.stderr)
        return int(stale)
    PICTURE.write_text(drawn, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
