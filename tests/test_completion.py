"""Shell completion through Typer's completion environment variables, as each shell calls it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import EXE, fails_in_one_line, no_traceback

from iraqrel.cli.completion import INSTRUCTIONS, SHELLS


def _bash(run, line: str, cword: int | None = None) -> list[str]:
    words = line.split(" ")
    env = {
        "_IRAQREL_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1 if cword is None else cword),
    }
    result = run(env=env)
    assert result.exit_code == 0
    no_traceback(result.output)
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("Ru", ["Russia"]),
        ("ru", ["russia"]),
        ("RU", ["RUssia"]),
        ("Sau", ["Saudi\\ Arabia"]),
        ("sau", ["saudi\\ arabia"]),
        ("ksa", ["ksa"]),  # an alias
        ("Daes", ["Daesh"]),
        ("الس", ["السعودية"]),  # an Arabic name
        (
            "iraq",
            ["iraq", "iraqi\\ government", "iraqi\\ kurds", "iraqi\\ militias", "iraqi\\ sunnis"],
        ),
        ("erb", ["erbil"]),  # one of Iraq's own actors, by its id
        ("zzz", []),
    ],
)
def test_bash_completion_ignores_case_and_matches_aliases(run, typed, offered):
    assert _bash(run, f"iraqrel show {typed}") == offered


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("iraqrel show saudi a", ["arabia"]),  # unquoted words are one name: the next word
        ("iraqrel show united s", ["states", "states\\ minor\\ outlying\\ islands"]),
        ("iraqrel show united k", ["kingdom"]),  # a country the dataset does not describe
        ("iraqrel show united a", ["arab\\ emirates"]),  # the rest of the name, escaped
        ("iraqrel show al-qae", ["al-qaeda"]),
    ],
)
def test_a_multi_word_name_completes_word_by_word(run, line, offered):
    assert _bash(run, line) == offered


def test_an_escaped_multi_word_name_completes_past_its_first_word(run):
    assert _bash(run, "iraqrel show united\\ k", cword=2) == ["united kingdom"]
    assert _bash(run, "iraqrel show saudi\\ a", cword=2) == ["saudi arabia"]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("iraqrel list --actor ", ["baghdad", "erbil", "sunni", "militias"]),
        ("iraqrel show iran --actor m", ["militias"]),
        ("iraqrel who-allies --actor ", ["baghdad", "erbil", "sunni", "militias", "all"]),
        ("iraqrel who-allies --actor a", ["all"]),
    ],
)
def test_actor_completes_the_actors_not_files(run, line, offered):
    assert _bash(run, line) == offered


def test_bash_completion_of_an_empty_word_offers_every_counterpart_once(run, loaded):
    offered = _bash(run, "iraqrel show ")
    # and Iraq, the subject, and Iraq's own actors
    assert len(offered) == len(loaded.data.entities) + 1 + len(loaded.data.actors)
    assert "United\\ States" in offered and "Iraq" in offered


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_the_name_unescaped_with_its_label(run, shell):
    env = {
        "_IRAQREL_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": "iraqrel show sau",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = run(env=env)
    assert result.exit_code == 0
    assert "saudi arabia" in result.stdout and "Saudi Arabia (SAU)" in result.stdout
    assert "\\ " not in result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_without_a_traceback(shell):
    result = subprocess.run(
        [EXE, "--show-completion", shell],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SHELL": f"/bin/{shell}", "HOME": "/nonexistent"},
        timeout=20,
    )
    no_traceback(result.stderr)
    assert result.returncode == 0 and "_IRAQREL_COMPLETE" in result.stdout


def test_install_completion_writes_the_script_and_exits_zero(tmp_path):
    result = subprocess.run(
        [EXE, "--install-completion", "bash"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "SHELL": "/bin/bash", "HOME": str(tmp_path)},
        timeout=20,
    )
    no_traceback(result.stderr)
    assert result.returncode == 0
    assert "_IRAQREL_COMPLETE" in (tmp_path / ".bash_completions" / "iraqrel.sh").read_text()


@pytest.mark.skipif(not __import__("shutil").which("tmux"), reason="needs tmux")
def test_tab_in_a_real_bash_completes_a_multi_word_name(tmp_path):
    """Real bash under tmux, with the script `--show-completion bash` prints: Sau<TAB>."""
    import time

    bin_dir = Path(EXE).parent
    script = tmp_path / "iraqrel-completion.sh"
    shown = subprocess.run(
        [EXE, "--show-completion", "bash"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "SHELL": "/bin/bash"},
        timeout=20, check=True,
    )  # fmt: skip
    script.write_text(shown.stdout)
    session = f"iraqrel-complete-{tmp_path.name}"
    tmux = ["tmux", "-L", session]
    env = f"PATH={bin_dir}:/usr/bin:/bin IRAQREL_CACHE_DIR={tmp_path} PS1='$ '"
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "10",
                    f"env -i {env} bash --norc --noprofile"], check=True)  # fmt: skip
    try:
        for typed, completed in [
            ("iraqrel show Sau", "iraqrel show Saudi\\ Arabia"),
            ("iraqrel show united k", "iraqrel show united kingdom"),
            ("iraqrel list --actor mil", "iraqrel list --actor militias"),
        ]:
            keys = (
                ["C-u", typed, "Tab"]
                if typed != "iraqrel show Sau"
                else [f"source {script}", "Enter", typed, "Tab"]
            )
            subprocess.run([*tmux, "send-keys", "-t", session, *keys], check=True)
            screen = ""
            for _ in range(50):
                time.sleep(0.2)
                shown = [*tmux, "capture-pane", "-p", "-t", session]
                screen = subprocess.run(shown, capture_output=True, text=True, check=True).stdout
                if completed in screen:
                    break
            assert completed in screen, screen
            no_traceback(screen)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)


def test_completion_reads_the_dataset_the_variable_names(run, dataset_copy):
    path = dataset_copy(lambda raw: raw["entities"][0]["aliases"].append("Zanzibarland"))
    env = {
        "_IRAQREL_COMPLETE": "complete_bash",
        "COMP_WORDS": "iraqrel show zanz",
        "COMP_CWORD": "2",
        "IRAQREL_DATA": str(path),
    }
    result = run(env=env)
    assert result.exit_code == 0 and result.stdout.split() == ["zanzibarland"]


@pytest.mark.parametrize("value", ["bogus_shell", "complete_bogus", "nonsense", "frob_bash", "_"])
def test_a_malformed_completion_variable_is_a_usage_error(run, value):
    """Typer's own answer was exit 1 ("Shell shell not supported."), which means not found."""
    result = run(env={"_IRAQREL_COMPLETE": value})
    fails_in_one_line(result, 2, f"_IRAQREL_COMPLETE={value!r} is not '<instruction>_<shell>'")


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("instruction", INSTRUCTIONS)
def test_every_shell_and_instruction_the_check_allows_typer_answers(run, shell, instruction):
    env = {"_IRAQREL_COMPLETE": f"{instruction}_{shell}", "_TYPER_COMPLETE_ARGS": "iraqrel sh"}
    env |= {
        "COMP_WORDS": "iraqrel sh",
        "COMP_CWORD": "1",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    result = run(env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() and not result.stderr
