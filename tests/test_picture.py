"""The README's picture is what `iraqrel who-allies` prints today."""

from __future__ import annotations

import re

import make_picture


def test_the_committed_picture_matches_the_current_output():
    committed = make_picture.PICTURE.read_text(encoding="utf-8")
    assert committed == make_picture.picture(), "run: python tests/make_picture.py"


def test_the_picture_is_drawn_from_every_row_of_the_command(loaded):
    import json
    import subprocess
    import sys

    rows = json.loads(
        subprocess.run(
            [sys.executable, "-m", "iraqrel", *make_picture.COMMAND, "--json"],
            capture_output=True,
            text=True,
            check=True,
            cwd=make_picture.ROOT,
        ).stdout
    )
    drawn = make_picture.terminal_output()
    words = set(re.sub(r"\x1b\[[0-9;]*m", "", drawn).split())
    shown = {e.id: e.short_name or e.name for e in loaded.data.entities}  # as tables name them
    assert rows and all(set(shown[r["entity"]["id"]].split()) <= words for r in rows)
    assert "\x1b[" in drawn  # in color, as on a terminal
