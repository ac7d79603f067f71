"""The CLI through Typer's CliRunner: every command, every format, the JSON contract."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import fails_in_one_line, installed
from drafting import ENGLISH

from iraqrel.cli.app import COMMANDS as REGISTERED
from iraqrel.errors import ExitCode
from iraqrel.output.terminal import OutputFormat
from iraqrel.records import shipped_data_path

COMMANDS = {
    "who-allies": [],
    "show": ["russia"],
    "list": [],
    "search": ["alliance"],
    "sources": [],
    "resolve": ["rusia", "germany"],
    "changes": [],
    "verify": [],
    "context": ["s000:1245-1289"],
    "draft": [str(ENGLISH)],
    "add": ["--dry-run", "{coded_english}"],
    "diff": [str(shipped_data_path()), "{recoded_dataset}"],
}
EXIT = {"diff": ExitCode.DIFFERENT}  # the other commands answer with 0
ENTITY_FIELDS = {"id", "name", "kind", "aliases", "codes"}
RELATIONSHIP_FIELDS = {
    "id",
    "actor",
    "stance",
    "score",
    "as_of",
    "domains",
    "basis",
    "summary",
    "source",
    "segment",
    "evidence",
    "notes",
    "period",
    "when",
    "rules",
    "contested",
    "other_reading",
}


def test_every_command_is_tested_here():
    assert set(REGISTERED) == set(COMMANDS) | {"export"}  # export writes files: test_export.py


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_examples(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and f"iraqrel {command}" in result.stdout


def test_top_level_help_documents_exit_codes(run):
    result = run("--help")
    assert result.exit_code == 0
    assert "Exit codes:" in result.stdout and "3 name is ambiguous" in result.stdout


@pytest.fixture
def args_of(request: pytest.FixtureRequest):
    """A command's arguments, each "{fixture}" replaced by that fixture's path."""

    def args(command: str) -> list[str]:
        return [
            str(request.getfixturevalue(a[1:-1])) if a.startswith("{") else a
            for a in COMMANDS[command]
        ]

    return args


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_answers_in_every_format(run, args_of, command, fmt):
    result = run(command, *args_of(command), "--format", fmt)
    assert result.exit_code == EXIT.get(command, 0), result.stderr
    out = result.stdout
    if command == "verify" and fmt == "plain":
        assert out == "" and "all checks pass" in result.stderr  # no problem rows
        return
    assert out.strip()
    assert "\x1b[" not in out
    if fmt == "json":
        json.loads(out)
    elif fmt == "jsonl":
        assert all(json.loads(line) for line in out.splitlines())
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len({len(r) for r in rows}) == 1
    elif fmt == "plain":
        assert "┃" not in out and "│" not in out
        assert len({line.count("\t") for line in out.splitlines()}) == 1
    elif fmt == "markdown":
        assert out.splitlines()[-1].startswith("|")


def test_json_flag_is_format_json(run):
    assert run("who-allies", "--json").stdout == run("who-allies", "--format", "json").stdout


def test_conflicting_format_flags_are_a_usage_error(run):
    result = run("who-allies", "--json", "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "conflicts" in result.stderr


def test_who_allies_json_rows_carry_entity_and_relationship(run):
    rows = json.loads(run("who-allies", "--json").stdout)
    assert rows
    for row in rows:
        assert set(row) == {"entity", "recency"} | RELATIONSHIP_FIELDS
        assert set(row["entity"]) == ENTITY_FIELDS
        assert row["score"] >= 1
        for quote in row["evidence"]:
            assert set(quote) == {"id", "source", "quote", "start", "end"}
    by_id = {(r["entity"]["id"], r["actor"]): r for r in rows}
    assert by_id["USA", "baghdad"]["stance"] == "partner"
    assert (
        "alliance with both the United States and Iran"
        in by_id["IRN", "baghdad"]["evidence"][0]["quote"]
    )
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_who_allies_all_includes_adversaries(run):
    ids = {r["entity"]["id"] for r in json.loads(run("who-allies", "--all", "--json").stdout)}
    assert {"ISIS", "AQ"} <= ids
    default = {r["entity"]["id"] for r in json.loads(run("who-allies", "--json").stdout)}
    assert not {"ISIS", "AQ"} & default


def test_who_allies_filters(run):
    erbil = json.loads(run("who-allies", "--actor", "erbil", "--json").stdout)
    assert erbil and {r["actor"] for r in erbil} == {"erbil"}
    energy = json.loads(run("who-allies", "--domain", "energy", "--json").stdout)
    assert energy and all("energy" in r["domains"] for r in energy)
    partners = json.loads(run("who-allies", "--min-stance", "partner", "--json").stdout)
    assert partners and {r["stance"] for r in partners} <= {"ally", "partner"}
    mixed = json.loads(run("who-allies", "--min-stance", "mixed", "--json").stdout)
    assert {r["stance"] for r in mixed} == {"partner", "mixed"}


def test_who_allies_as_of_2014_omits_the_2024_only_counterparts(run):
    result = run("who-allies", "--as-of", "2014", "--fields", "entity.id")
    names = set(result.stdout.splitlines())
    assert "JOR" in names and not {"FRA", "QAT", "NMI"} & names
    title = run("who-allies", "--as-of", "2014", "--format", "markdown").stdout
    assert "as of 2014" in title and "undated" in title


def test_header_counts_only_the_undated_evidence_the_filters_would_keep(run):
    erbil = run("who-allies", "--as-of", "2014", "--actor", "erbil", "--format", "markdown")
    assert "; sources s000\n" in erbil.stdout and "undated" not in erbil.stdout
    baghdad = run("who-allies", "--as-of", "2014", "--actor", "baghdad", "--format", "markdown")
    # the fact sheet and the NATO page (NMI is past)
    assert "; 2 undated relationships left out\n" in baghdad.stdout


def test_header_line_says_what_the_list_rests_on(run):
    result = run("list", "--format", "markdown")
    assert "rests on 2 sources (s000, s002), latest dated 2024-06-19" in result.stdout
    assert "rests on" not in run("list", "--format", "plain").stdout


def test_show_json_contract(run):
    data = json.loads(run("show", "Saudi Arabia", "--json").stdout)
    assert {"query", "match", "entity", "relationships", "status"} <= set(data)
    assert data["match"] == {"method": "name", "score": 100}
    assert data["entity"]["id"] == "SAU" and set(data["entity"]) == ENTITY_FIELDS
    stances = [(r["as_of"], r["stance"], r["score"]) for r in data["relationships"]]
    assert stances == [
        ("2013-12-24", "strained", -1),
        ("2013-12-24", "partner", 1),
        ("2024-06-19", "partner", 1),
        ("2024-06-19", "partner", 1),
    ]
    assert [r["period"] for r in data["relationships"]] == ["current", "outlook", "past", "current"]
    assert data["relationships"][3]["changed_from"] == "strained"


def test_show_says_how_a_fuzzy_name_was_matched(run):
    result = run("show", "rusia", "--json")
    assert json.loads(result.stdout)["match"] == {"method": "fuzzy", "score": 96}
    assert "rusia -> Russia (fuzzy, 96)" in result.stderr


def test_show_a_country_without_data_exits_0_with_a_note(run):
    result = run("show", "kuwait", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["status"], data["entity"]["id"], data["relationships"]) == ("no-data", "KWT", [])
    assert "Reconstruction conference in Kuwait" in data["mentions"][0]["evidence"][0]["quote"]


def test_show_iraq_points_to_who_allies(run):
    result = run("show", "العراق", "--json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["status"], data["entity"]["id"]) == (0, "subject", "IRQ")
    assert "who-allies" in data["note"]


def test_show_unknown_name_exits_1_with_suggestions(run):
    result = run("show", "lybia")
    assert result.exit_code == 1 and result.stdout == ""
    assert "did you mean" in result.stderr and "Libya" in result.stderr


def test_show_ambiguous_name_exits_3_with_both(run):
    result = run("show", "IS")
    assert result.exit_code == 3
    assert "Iceland (ISL)" in result.stderr and "Islamic State (ISIS)" in result.stderr


def test_show_lists_parts_of_an_organization(run):
    data = json.loads(run("show", "NATO", "--json").stdout)
    assert [p["id"] for p in data["parts"]] == ["NMI"]


def test_list_filters(run):
    groups = json.loads(run("list", "--kind", "armed-group", "--json").stdout)
    raw = json.loads(shipped_data_path().read_text(encoding="utf-8"))
    armed = {e["id"] for e in raw["entities"] if e["kind"] == "armed-group"}
    assert armed and {r["entity"]["id"] for r in groups} == armed
    adversaries = json.loads(run("list", "--stance", "adversary", "--json").stdout)
    assert {r["entity"]["id"] for r in adversaries} == {"AQ", "ISIS", "USA"}  # USA: militias
    only_2024 = json.loads(run("list", "--source", "s002", "--json").stdout)
    assert all(r["sources"] == ["s002"] or "s002" in r["sources"] for r in only_2024)
    assert "FRA" in {r["entity"]["id"] for r in only_2024}
    assert "IND" not in {r["entity"]["id"] for r in only_2024}


def test_search_is_case_and_accent_insensitive(run):
    rows = json.loads(run("search", "ALLIANCE", "--json").stdout)
    assert rows and all("alliance" in r["quote"].lower() for r in rows)
    assert json.loads(run("search", "Türkiye", "--json").stdout) == json.loads(
        run("search", "turkiye", "--json").stdout
    )


def test_sources_lists_dates_segments_and_quote_counts(run, loaded):
    rows = json.loads(run("sources", "--json").stdout)
    assert [r["id"] for r in rows] == ["s000", "s002"]
    carnegie = next(s for s in rows[0]["segments"] if s["id"] == "s000.carnegie")
    assert carnegie["date"] == {
        **carnegie["date"],
        "value": "2013-12-24",
        "precision": "day",
        "method": "inferred",
    }
    assert rows[1]["date"]["method"] == "stated"
    total = sum(len(r.evidence) for r in loaded.data.relationships)
    assert sum(r["quotes"] for r in rows) == total


def test_resolve_reads_names_from_stdin_and_every_row_has_a_status(run):
    result = run("resolve", "-", "--json", input="rusia\n\nxyzzy\nعمان\nKSA\n")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["query"], r["status"]) for r in rows] == [
        ("rusia", "documented"),
        ("xyzzy", "unknown"),
        ("عمان", "ambiguous"),
        ("KSA", "documented"),
    ]
    assert set(rows[0]) == {
        "query", "status", "entity", "method", "score", "candidates", "reason",
    }  # fmt: skip
    assert rows[0]["entity"] == {"id": "RUS", "name": "Russia", "kind": "country"}
    assert rows[1]["entity"] is None


def test_changes_lists_saudi_arabia_with_both_quotes(run):
    rows = json.loads(run("changes", "--json").stdout)
    saudi = next(r for r in rows if r["entity"]["id"] == "SAU")
    assert (saudi["from"]["stance"], saudi["to"]["stance"]) == ("strained", "partner")
    assert (saudi["from"]["as_of"], saudi["to"]["as_of"]) == ("2013-12-24", "2024-06-19")
    assert "refuses to deal with Baghdad" in saudi["from"]["quote"]["quote"]


def test_changes_new_and_gone(run):
    new = {r["entity"]["id"] for r in json.loads(run("changes", "--new", "--json").stdout)}
    gone = {r["entity"]["id"] for r in json.loads(run("changes", "--gone", "--json").stdout)}
    assert {"FRA", "QAT", "COALITION"} <= new
    assert {"RUS", "CHN", "JOR", "EGY"} <= gone and "IND" not in gone  # India: outlook only
    assert not new & gone and "SAU" not in new | gone


def test_table_is_colored_only_when_asked(run):
    plain = run("who-allies", "--format", "table")
    assert "\x1b[" not in plain.stdout and "counterpart" in plain.stdout
    forced = run("who-allies", "--format", "table", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["who-allies", "--format", "table", "--no-color"], {}),
        (["--no-color", "who-allies", "--format", "table"], {}),
        (["who-allies", "--format", "table"], {"NO_COLOR": "1"}),
    ],
    ids=["command-option", "global-option", "NO_COLOR"],
)
def test_no_color_wins_over_force_color(run, args, env):
    result = run(*args, env={"FORCE_COLOR": "1", **env})
    assert result.exit_code == 0
    assert "counterpart" in result.stdout and "\x1b[" not in result.stdout


def test_narrow_terminal_still_renders(run):
    result = run("show", "russia", "--format", "table", env={"COLUMNS": "40"})
    assert result.exit_code == 0 and "Russia" in result.stdout


def test_data_option_and_env_var_pick_the_dataset(run, dataset_copy):
    path = dataset_copy(lambda raw: raw["entities"][0].update(name="Renamed States"))
    by_option = run("--data", str(path), "show", "USA", "--json")
    by_env = run("show", "USA", "--json", env={"IRAQREL_DATA": str(path)})
    assert json.loads(by_option.stdout)["entity"]["name"] == "Renamed States"
    assert by_env.stdout == by_option.stdout


@pytest.mark.parametrize(
    ("given", "shown"), [("option", "--data 'nope.json'"), ("env", "IRAQREL_DATA='nope.json'")]
)
def test_a_dataset_message_names_what_named_the_file(run, given, shown):
    """--data wins over the variable, and a message names the one that named the file."""
    if given == "option":
        result = run("--data", "nope.json", "list", env={"IRAQREL_DATA": "other.json"})
    else:
        result = run("list", env={"IRAQREL_DATA": "nope.json"})
    fails_in_one_line(result, 4, f"iraqrel: {shown}: no such dataset file")


def test_an_empty_data_variable_means_the_shipped_dataset(run):
    assert run("list", env={"IRAQREL_DATA": ""}).stdout == run("list").stdout


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("iraqrel ")


def test_show_completes_counterpart_names(run):
    result = run(
        "show",
        "",
        env={
            "_IRAQREL_COMPLETE": "complete_bash",
            "COMP_WORDS": "iraqrel show Sa",
            "COMP_CWORD": "2",
        },
    )
    assert "Saudi\\ Arabia" in result.stdout
    assert "Russia" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["who-allies", "--domain", "Security", "--actor", "Baghdad", "--json"],
        ["who-allies", "--domain", "SECURITY", "--actor", "BAGHDAD", "--json"],
        ["who-allies", "--domain", "security", "--actor", "baghdad", "--json"],
    ],
)
def test_choices_ignore_case(run, args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["actor"] == "baghdad" and "security" in r["domains"] for r in rows)


@pytest.mark.parametrize(
    ("command", "values"),
    [
        (
            "who-allies",
            ["baghdad", "erbil", "security", "humanitarian", "adversary", "armed-group"],
        ),
        ("list", ["baghdad", "security", "adversary", "armed-group"]),
    ],
)
def test_help_lists_the_valid_values(run, command, values):
    text = run(command, "--help").stdout
    assert all(v in text for v in values)


def test_usage_says_name_and_version_has_a_short_flag(run):
    assert "Usage: iraqrel show [OPTIONS] NAME" in run("show", "--help").stdout
    assert run("-V").stdout == run("--version").stdout != ""
    top = run("--help").stdout
    assert "Examples:" in top and "iraqrel who-allies" in top
    assert (
        top.count("--no-color") == 0 and run("who-allies", "--help").stdout.count("--no-color") == 1
    )


@pytest.mark.parametrize(
    ("option", "suggestion"),
    [("--asof", "--as-of"), ("--as_of", "--as-of"), ("--jsn", "--json"), ("--zzz", None)],
)
def test_an_unknown_option_gets_one_close_suggestion_or_none(run, option, suggestion):
    result = run("who-allies", option, "2014")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("iraqrel: no such option") and line.count("\n") == 0
    assert "Possible options" not in line
    if suggestion:
        assert f"did you mean {suggestion}?" in line
    else:
        assert "did you mean" not in line


def test_all_with_min_stance_is_a_usage_error(run):
    result = run("who-allies", "--all", "--min-stance", "ally")
    assert result.exit_code == 2 and "--all" in result.stderr and "--min-stance" in result.stderr
    assert run("who-allies", "--all").exit_code == 0


def test_who_allies_takes_kind(run):
    rows = json.loads(run("who-allies", "--kind", "Organization", "--json").stdout)
    assert rows and {r["entity"]["kind"] for r in rows} == {"organization"}


@pytest.mark.parametrize("command", [["who-allies"], ["list"], ["show", "usa"], ["search", "Iraq"]])
def test_as_of_before_every_source_says_so_in_a_sentence(run, command):
    result = run(*command, "--as-of", "2012", "--format", "table")
    assert result.exit_code == 0
    assert result.stdout.strip().startswith("No source is dated 2012 or earlier")
    assert "2013-12-24" in result.stdout and "┃" not in result.stdout
    assert "counterpart:" not in result.stdout


def test_show_and_search_take_actor_and_as_of(run):
    erbil = json.loads(run("show", "usa", "--actor", "Erbil", "--json").stdout)
    assert erbil["relationships"] and {r["actor"] for r in erbil["relationships"]} == {"erbil"}
    early = json.loads(run("show", "usa", "--as-of", "2014", "--json").stdout)
    assert early["relationships"] and all(r["as_of"] <= "2014" for r in early["relationships"])
    hits = json.loads(run("search", "Iraq", "--actor", "militias", "--json").stdout)
    assert hits and {h["actor"] for h in hits} == {"militias"}


def test_show_iraq_explains_the_subject_without_a_table(run):
    result = run("show", "iraq", "--format", "table")
    assert result.exit_code == 0 and "subject" in result.stdout
    assert "┃" not in result.stdout and "as_of:" not in result.stdout


def test_a_mistyped_command_gets_its_suggestion_and_the_help_in_one_clean_line(run):
    result = run("who-ally")
    fails_in_one_line(result, 2, "No such command 'who-ally'. Did you mean 'who-allies'?")
    assert "?;" not in result.stderr and "(see 'iraqrel --help')" in result.stderr


def test_data_may_follow_the_command(run, run_json, dataset_copy):
    path = dataset_copy(lambda raw: raw["entities"][0].update(name="Renamed"))
    after = run("who-allies", "--data", str(path), "--fields", "entity.name", "--all")
    assert after.exit_code == 0 and "Renamed" in after.stdout.splitlines()
    before = run("--data", str(path), "who-allies", "--fields", "entity.name", "--all")
    assert before.stdout == after.stdout
    assert "Renamed" not in run("who-allies", "--fields", "entity.name", "--all").stdout


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("command", ["", *sorted(COMMANDS)])
def test_help_fits_the_screen_and_never_breaks_a_word(command, width):
    """No line wider than the screen (the terminal would cut it anywhere), and no word split
    at a hyphen ("YYYY-" / "MM"). A real process: CliRunner lays help out 80 wide."""
    args = [*([command] if command else []), "--help"]
    shown = installed(args, env={"COLUMNS": str(width)}).stdout.decode()
    assert shown.count("\n") > 5
    for line in shown.splitlines():
        assert len(line) <= width, line
        assert not re.search(r"[A-Za-z]-$", line), line
