"""--fields in every format of every command that answers, and the one flattening rule."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import fails_in_one_line

from iraqrel.flat import LIST_JOIN, flatten
from iraqrel.output import bibliography, documents, views
from iraqrel.output.report import names_of
from iraqrel.output.terminal import OutputFormat

# Every command that answers, its row spec, and the key of its JSON that holds the rows
# (None: the JSON is the array of rows).
COMMANDS = {
    "who-allies": (["who-allies"], views.reading_row(True), None),
    "show": (["show", "united", "states"], documents.TIMELINE_ROW, "relationships"),
    "list": (["list"], views.COUNTERPART_ROW, None),
    "search": (["search", "alliance"], views.SEARCH_ROW, None),
    "sources": (["sources"], bibliography.SOURCE_ROW, None),
    "resolve": (["resolve", "rusia", "IS", "erbil"], views.RESOLUTION_ROW, None),
    "changes": (["changes"], views.CHANGE_ROW, None),
    "changes-new": (["changes", "--new"], views.reading_row(True), None),
    "verify": (["verify"], documents.PROBLEM_ROW, "problems"),
}


def test_flatten_names_nested_values_by_dots_and_joins_lists_item_by_item():
    record = {
        "entity": {"id": "USA", "aliases": ["US", "America"]},
        "evidence": [{"quote": "a", "start": 1}, {"quote": "b", "start": 2}],
        "other_reading": None,
        "contested": False,
        "domains": [],
        "as_of": None,
    }
    assert flatten(record) == {
        "entity.id": "USA",
        "entity.aliases": f"US{LIST_JOIN}America",
        "evidence.quote": f"a{LIST_JOIN}b",
        "evidence.start": f"1{LIST_JOIN}2",
        "other_reading": "",
        "contested": "false",
        "domains": "",
        "as_of": "",
    }


def test_the_list_join_is_in_no_text_of_the_dataset(loaded):
    """So a joined cell splits back into its items exactly."""
    import msgspec

    texts = []

    def strings(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                strings(item)
        elif isinstance(value, list):
            for item in value:
                strings(item)

    strings(msgspec.to_builtins(loaded.data))
    assert len(texts) > 1000 and not [t for t in texts if LIST_JOIN.strip() in t]


def _rows(data, rows_key):
    return data[rows_key] if rows_key else data


def _asked(spec) -> list[str]:
    """Three fields of a spec: its first, its last, and a nested one where it has one."""
    names = names_of(spec)
    nested = next((n for n in names if "." in n), names[1])
    return list(dict.fromkeys([names[-1], nested, names[0]]))


@pytest.mark.parametrize("fmt", list(OutputFormat))
@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_fields_select_and_order_in_every_format(run, run_json, command, fmt):
    args, spec, rows_key = COMMANDS[command]
    asked = _asked(spec)
    records = _rows(run_json(*args), rows_key)
    flat = [flatten(r) for r in records]
    result = run(*args, "--fields", ",".join(asked), "--format", fmt.value)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        data = (
            json.loads(out)
            if fmt is OutputFormat.json
            else [json.loads(x) for x in out.split("\n") if x]
        )
        rows = _rows(data[0] if rows_key and fmt is OutputFormat.jsonl else data, rows_key)
        tops = list(dict.fromkeys(a.partition(".")[0] for a in asked))
        assert [list(r) for r in rows] == [tops] * len(records)
        got = [flatten(r) for r in rows]
        assert [[g.get(a, "") for a in asked] for g in got] == [
            [f.get(a, "") for a in asked] for f in flat
        ]
    elif fmt is OutputFormat.csv:
        read = list(csv.reader(io.StringIO(out)))
        assert read[0] == asked
        assert read[1:] == [[f.get(a, "") for a in asked] for f in flat]
    elif fmt is OutputFormat.plain:
        written = [line.split("\t") for line in out.splitlines()]
        expected = [[" ".join(f.get(a, "").split()) for a in asked] for f in flat]
        assert written == expected
    elif fmt is OutputFormat.markdown:
        assert f"| {' | '.join(asked)} |" in out
    else:  # the table: a column per field, where there are rows
        assert all(a in out for a in asked) if records else "┃" not in out


def test_a_name_with_names_under_it_stands_for_all_of_them(run):
    whole = run("who-allies", "--fields", "entity", "--format", "csv").stdout.splitlines()[0]
    codes = ",".join(f"entity.codes.{k}" for k in ("cown", "cowc", "gwn", "gwc", "iso3n"))
    assert whole == f"entity.id,entity.name,entity.kind,entity.aliases,{codes}"


def test_without_fields_json_is_whole_and_plain_writes_the_reports_own_fields(run, run_json):
    rows = run_json("who-allies")
    assert set(rows[0]) >= {"entity", "evidence", "summary", "notes", "other_reading"}
    header = run("who-allies", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header == list(views.READING_FIELDS)
    # nothing a reader sees is dropped: summary, notes, every quote, the other reading
    assert {"summary", "notes", "evidence.quote", "other_reading.why"} <= set(header)


@pytest.mark.parametrize(("bad", "name"), [("nope", "nope"), ("entity.nope", "entity.nope")])
def test_an_unknown_field_is_a_usage_error_that_lists_the_fields(run, bad, name):
    result = run("who-allies", "--fields", f"entity,,{bad}")
    fails_in_one_line(result, 2, f"no field {name!r} here; the fields are: entity.id, entity.name")


def test_no_field_at_all_is_a_usage_error(run):
    fails_in_one_line(run("list", "--fields", " , "), 2, "--fields needs field names")


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_help_lists_every_field(run, command):
    args, spec, _ = COMMANDS[command]
    words = " ".join(run(args[0], "--help", env={"COLUMNS": "200"}).stdout.split())
    said = "With --new or --gone, who-allies' fields:" if "--new" in args else "Fields (--fields):"
    assert f"{said} {', '.join(names_of(spec))}." in words


def test_plain_columns_do_not_follow_the_width_of_the_terminal(run):
    narrow = run("who-allies", "--format", "plain", env={"COLUMNS": "60"}).stdout
    assert narrow == run("who-allies", "--format", "plain", env={"COLUMNS": "400"}).stdout


def test_the_readme_lists_each_commands_plain_columns_as_the_code_has_them():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = {
        line.split(":")[0].strip("- `"): re.findall(r"`([\w.]+)`", line.split(":", 1)[1])
        for line in readme.splitlines()
        if line.startswith("  - `") and ": `" in line
    }
    assert listed["who-allies`, `changes --new`, `changes --gone"] == list(views.READING_FIELDS)
    assert listed["show"] == list(documents.SHOW_FIELDS)
    assert listed["list"] == list(views.COUNTERPART_FIELDS)
    assert listed["search"] == list(views.SEARCH_FIELDS)
    assert listed["sources"] == list(bibliography.SOURCE_FIELDS)
    assert listed["resolve"] == list(views.RESOLUTION_FIELDS)
    assert listed["changes"] == list(views.CHANGE_FIELDS)
    assert listed["verify"] == list(names_of(documents.PROBLEM_ROW))
    assert listed["context"] == list(views.PASSAGE_FIELDS)
