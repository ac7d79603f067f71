"""`iraqrel diff OLD NEW`: differences by record id and field, in every format, exit 8 when the
datasets differ and 0 when they hold the same records."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from conftest import fails_in_one_line
from drafting import ENGLISH

from iraqrel.errors import ExitCode
from iraqrel.records import data_version_of, shipped_data_path

SHIPPED = str(shipped_data_path())


def _edit(raw: dict[str, Any]) -> None:
    """Re-code r0001, drop r0002, and move r0003's last quote to a new relationship."""
    rels = {r["id"]: r for r in raw["relationships"]}
    first = rels["r0001"]
    first["stance"], first["rules"][0] = "mixed", "S3"
    first["summary"] = "Re-coded."
    raw["relationships"].remove(rels["r0002"])
    moved = rels["r0003"]["evidence"].pop()
    added = copy.deepcopy(rels["r0003"])  # the same unit in another period
    del added["id"]
    added["period"], added["rules"][1] = "outlook", "T3"
    added["evidence"] = [{k: v for k, v in moved.items() if k != "id"}]
    raw["relationships"].append(added)


def test_the_same_dataset_differs_in_nothing_and_exits_0(run):
    result = run("diff", SHIPPED, SHIPPED, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "same records" in result.stderr


def test_a_changed_record_is_named_by_its_id_and_field(run, recoded_dataset):
    result = run("diff", SHIPPED, str(recoded_dataset), "--json")
    assert result.exit_code == ExitCode.DIFFERENT == 8
    rows = [
        (r["change"], r["kind"], r["id"], r["field"], r["old"], r["new"])
        for r in json.loads(result.stdout)
    ]
    old = json.loads(shipped_data_path().read_text(encoding="utf-8"))["relationships"][0]
    assert rows == [
        ("changed", "relationship", "r0001", "stance", "partner", "mixed"),
        (
            "changed",
            "relationship",
            "r0001",
            "summary",
            old["summary"],
            old["summary"] + " (re-coded)",
        ),
        ("changed", "relationship", "r0001", "rules", old["rules"], ["S3", *old["rules"][1:]]),
    ]


def test_records_and_quotes_added_and_removed_are_listed_by_id(run_json, run, dataset_copy):
    new = dataset_copy(_edit)
    result = run("diff", SHIPPED, str(new), "--json")
    assert result.exit_code == ExitCode.DIFFERENT
    rows = {(r["change"], r["kind"], r["id"], r["field"]) for r in json.loads(result.stdout)}
    assert ("removed", "relationship", "r0002", None) in rows
    assert ("added", "relationship", "r0074", None) in rows
    assert ("changed", "relationship", "r0001", "stance") in rows
    quote_rows = {row for row in rows if row[1] == "quote"}
    # r0003's last quote is gone from it; the same words came back as a new quote of r0074,
    # whose row holds it; r0002's quotes went with r0002
    assert len(quote_rows) == 1 and next(iter(quote_rows))[0] == "removed"
    added = next(r for r in json.loads(result.stdout) if r["id"] == "r0074")
    assert added["new"]["evidence"][0]["id"].startswith("q") and added["old"] is None


def test_markdown_is_a_changelog_entry(run, recoded_dataset):
    result = run("diff", SHIPPED, str(recoded_dataset), "--format", "markdown")
    lines = result.stdout.splitlines()
    version = data_version_of(shipped_data_path())
    assert lines[0] == (
        f"From data {version} ({SHIPPED!r}) to {version} ({str(recoded_dataset)!r}): "
        "1 relationship changed"
    )
    assert lines[2] == "| change | kind | id | counterpart | actor | field | old | new |"
    assert "| changed | relationship | r0001 | USA | baghdad | stance | partner | mixed |" in lines


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "jsonl"])
def test_every_format_names_the_record_and_the_field(run, recoded_dataset, fmt):
    result = run("diff", SHIPPED, str(recoded_dataset), "--format", fmt)
    assert result.exit_code == ExitCode.DIFFERENT
    assert "r0001" in result.stdout and "stance" in result.stdout


def test_what_add_reports_is_what_diff_shows(run, dataset_copy, coded_english, tmp_path):
    data = dataset_copy()
    before = tmp_path / "before.json"
    before.write_bytes(data.read_bytes())
    folder = data.parent.parent / "tests" / "data" / "drafting"  # where the draft's file points
    folder.mkdir(parents=True)
    (folder / "english.txt").write_bytes(ENGLISH.read_bytes())
    added = run("--data", str(data), "add", str(coded_english), "--json")
    assert added.exit_code == 0, added.stderr
    shown = run("diff", str(before), str(data), "--json")
    assert json.loads(shown.stdout) == json.loads(added.stdout)
    assert {r["change"] for r in json.loads(shown.stdout)} == {"added"}


def test_a_dataset_that_does_not_load_is_exit_4(run, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")
    fails_in_one_line(run("diff", SHIPPED, str(broken)), ExitCode.BAD_DATA, "broken.json")
