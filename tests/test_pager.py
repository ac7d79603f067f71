"""The pager: which one, when, and that the process waits for it; in a real terminal, the
first screen of who-allies at 60, 80, 120 and 200 columns, `q` and Ctrl-C."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXE

from iraqrel.cli.emit import emit
from iraqrel.cli.pager import page, taller_than_screen
from iraqrel.output.report import Field, tabulate
from iraqrel.output.terminal import DEFAULT_PAGER, OutputFormat, Terminal, pager_command

# --- which pager ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "command"),
    [
        ({}, DEFAULT_PAGER),
        ({"PAGER": "more -s"}, ("more", "-s")),
        ({"PAGER": "more", "IRAQREL_PAGER": "less -R"}, ("less", "-R")),
        ({"PAGER": "more", "IRAQREL_PAGER": ""}, ()),  # set but empty: no pager
        ({"PAGER": "cat"}, ()),
        ({"PAGER": "less 'unclosed"}, ()),
    ],
)
def test_the_pager_is_iraqrels_then_the_users_then_less(env, command):
    assert pager_command(env) == command


def test_the_default_less_quits_on_one_screen_keeps_colors_and_leaves_at_ctrl_c():
    assert DEFAULT_PAGER[0] == "less" and set("FRXK") <= set(DEFAULT_PAGER[1])


def test_no_pager_turns_it_off_and_a_pipe_never_has_one(run):
    terminal = Terminal(stdout=None, is_tty=True, pager=DEFAULT_PAGER)
    assert terminal.asked(None, no_pager=True).pager == ()
    assert terminal.asked(None).pager == DEFAULT_PAGER
    piped = subprocess.run(
        [EXE, "who-allies", "--format", "table"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PAGER": "false", "COLUMNS": "80", "LINES": "5"},
        timeout=60,
    )
    assert piped.returncode == 0 and "┃ counterpart" in piped.stdout.decode()


def test_only_what_leaves_no_room_on_the_screen_is_paged():
    terminal = Terminal(stdout=None, width=10, height=5)
    assert not taller_than_screen("a\nb\nc\nd\n", terminal)  # 4 lines and the prompt
    assert taller_than_screen("a\nb\nc\nd\ne\n", terminal)
    assert taller_than_screen("x" * 41 + "\n", terminal)  # one line, wrapped on 5 rows
    assert not taller_than_screen("\x1b[1;32m" + "x" * 30 + "\x1b[0m\n", terminal)  # colors


# --- the process waits for the pager ------------------------------------------------------------


def _copying_pager(into: Path) -> tuple[str, ...]:
    """A pager that copies what it is given into a file, then leaves."""
    code = "import shutil, sys; shutil.copyfileobj(sys.stdin.buffer, open(sys.argv[1], 'wb'))"
    return (sys.executable, "-c", code, str(into))


def _long_report(rows: int = 40):
    return tabulate((Field(header="n", value=lambda n: n),), range(rows), title="Numbers")


def _screen(
    out: io.StringIO, height: int, pager: tuple[str, ...], err: io.StringIO | None = None
) -> Terminal:
    """A terminal 80 columns wide and `height` rows high, plain text asked, with `pager`."""
    return Terminal(
        stdout=out, stderr=err, is_tty=True, width=80, height=height, pager=pager
    ).asked(OutputFormat.plain)


def test_a_long_answer_goes_through_the_pager_whole_and_is_waited_for(tmp_path):
    out = io.StringIO()
    paged = tmp_path / "paged.txt"
    terminal = _screen(out, 10, _copying_pager(paged))
    emit(_long_report(), terminal)  # returns once the pager has finished
    assert out.getvalue() == ""  # all of it went to the pager
    assert paged.read_text().splitlines() == [str(n) for n in range(40)]


def test_a_short_answer_is_written_without_the_pager(tmp_path):
    out = io.StringIO()
    paged = tmp_path / "paged.txt"
    terminal = _screen(out, 50, _copying_pager(paged))
    emit(_long_report(), terminal)
    assert out.getvalue().splitlines() == [str(n) for n in range(40)] and not paged.exists()


def test_a_pager_that_cannot_start_is_said_and_the_answer_written(tmp_path):
    out, err = io.StringIO(), io.StringIO()
    terminal = _screen(out, 10, ("no-such-pager-x",), err)
    emit(_long_report(), terminal)
    assert len(out.getvalue().splitlines()) == 40
    said = err.getvalue().splitlines()  # the title (stdout is a terminal), then the failure
    assert said[0] == "Numbers" and said[1].startswith("iraqrel: cannot run the pager 'no-such-")


def test_a_pager_that_quits_before_reading_everything_is_a_quiet_zero():
    terminal = Terminal(stdout=None, width=80, height=10, pager=(sys.executable, "-c", "pass"))
    assert page("x\n" * 200_000, terminal) == 0


# --- a real terminal ------------------------------------------------------------------------

SCREEN_HEIGHT = 24
needs_tmux_and_less = pytest.mark.skipif(
    not (shutil.which("tmux") and shutil.which("less")), reason="needs tmux and less"
)


class Screen:
    """A bash in a tmux terminal of a given size, with iraqrel on its PATH and no pager set."""

    def __init__(self, width: int, tmp: Path) -> None:
        self.tmux = ["tmux", "-L", f"iraqrel-pager-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]
        env = f"PATH={Path(EXE).parent}:/usr/bin:/bin TERM=xterm-256color HOME={tmp}"
        env += f" IRAQREL_CACHE_DIR={tmp} PS1='$ '"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", "s", "-x", str(width),
             "-y", str(SCREEN_HEIGHT), f"env -i {env} bash --norc --noprofile"],
            check=True,
        )  # fmt: skip

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "s", *keys], check=True)

    def text(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", "s"], capture_output=True, text=True
        ).stdout

    def until(self, pattern: str, timeout: float = 20) -> str:
        """The screen, once `pattern` is on it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if re.search(pattern, screen, re.MULTILINE):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never came on screen:\n{self.text()}")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False)


@pytest.fixture
def screen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Screen]:
    opened = Screen(request.param, tmp_path)
    try:
        yield opened
    finally:
        opened.close()


def _first_row_name(run_json, loaded) -> str:
    first = run_json("who-allies")[0]["entity"]["id"]
    entity = next(e for e in loaded.data.entities if e.id == first)
    return entity.short_name or entity.name


@needs_tmux_and_less
@pytest.mark.parametrize("screen", [60, 80, 120, 200], indirect=True)
def test_who_allies_answers_on_its_first_screen_and_q_returns_to_the_shell(
    screen, run_json, loaded
):
    screen.until(r"^\$\s*$")
    screen.keys("iraqrel who-allies; echo rc=$?", "Enter")
    first = screen.until(r"^:")  # less's prompt: the answer is taller than the screen
    lines = first.splitlines()
    assert len(lines) <= SCREEN_HEIGHT
    assert lines[0].startswith("Federal government (Baghdad): its allies and partners")
    summary = " ".join(lines[1:3])
    assert re.search(r"0 allies, \d+ partners \(\d+ contested\) as of 2024-06-19", summary)
    assert _first_row_name(run_json, loaded).split()[0] in first  # the top row
    assert "rc=" not in first  # the shell waits for the pager
    screen.keys("q")
    after = screen.until(r"^rc=\d+\n\$")  # the exit code, then the prompt back
    assert "rc=0" in after and after.rstrip().endswith("\n$")


@needs_tmux_and_less
@pytest.mark.parametrize("screen", [80], indirect=True)
def test_ctrl_c_in_the_pager_leaves_with_130_and_a_sane_terminal(screen):
    screen.until(r"^\$\s*$")
    screen.keys("iraqrel who-allies; echo rc=$?", "Enter")
    screen.until(r"^:")
    screen.keys("C-c")
    after = screen.until(r"^rc=\d+$")
    assert "rc=130" in after and "Traceback" not in after
    screen.keys("clear; stty -a", "Enter")
    modes = " ".join(screen.until(r"\bicanon\b|-icanon").split())
    assert re.search(r"(?<!-)\bicanon\b", modes) and re.search(r"(?<!-)\becho\b", modes)
    assert re.search(r"(?<!-)\bisig\b", modes), modes


@needs_tmux_and_less
@pytest.mark.parametrize("screen", [80], indirect=True)
def test_short_answers_and_no_pager_print_as_usual(screen):
    screen.until(r"^\$\s*$")
    screen.keys("iraqrel show kuwait; echo rc=$?", "Enter")
    assert "rc=0" in screen.until(r"^rc=\d+$")  # one screen: no pager to leave
    screen.keys("clear; iraqrel who-allies --no-pager | tail -1; echo rc=$?", "Enter")
    assert "rc=0" in screen.until(r"^rc=\d+$")
    screen.keys("clear; iraqrel who-allies --no-pager; echo rc=$?", "Enter")
    shown = screen.until(r"^rc=\d+$")
    assert "rc=0" in shown and not re.search(r"^:", shown, re.MULTILINE)


@needs_tmux_and_less
@pytest.mark.parametrize("screen", [80], indirect=True)
def test_resolve_dash_at_a_terminal_says_it_reads_names_until_ctrl_d(screen):
    screen.until(r"^\$\s*$")
    screen.keys("iraqrel resolve -; echo rc=$?", "Enter")
    said = screen.until("Ctrl-D ends the input")
    assert "iraqrel: reading names from the terminal, one per line; Ctrl-D" in said
    screen.keys("rusia", "Enter", "xyzzy", "Enter", "C-d")
    answered = screen.until(r"^rc=\d+$")
    assert "rc=0" in answered  # an unknown name is a row of its own, not a failure
    assert re.search(r"│ rusia +│ documented", answered) and re.search(
        r"│ xyzzy +│ unknown", answered
    )
