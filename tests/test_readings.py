"""Contested records: answers carry the other reading, screens mark it, ranking demotes it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ALLY_READING

from iraqrel.codebook import STANCE_RULES

READING_KEYS = {"stance", "period", "rules", "why", "by"}
NO_RECORD = {
    "stance": None,
    "period": None,
    "rules": ["C1", "X1"],
    "why": "No act of France toward Baghdad is described.",
    "by": "second coding",
}
FRANCE = ("FRA", "baghdad", "s002.article", "current")


def _contested(
    dataset_copy: Callable[..., Path], reading: dict[str, Any], key: tuple[str, ...] = FRANCE
) -> str:
    """A copy with no shipped reading, whose record `key` (if any) is a contested partner."""

    def change(raw: dict[str, Any]) -> None:
        for other in raw["relationships"]:  # the shipped readings stay out of the way
            other.update(contested=False, other_reading=None)
        if not key:  # only the shipped readings cleared
            return
        (rel,) = [
            r
            for r in raw["relationships"]
            if (r["entity"], r["actor"], r["segment"], r["period"]) == key
        ]
        rules = [r for r in rel["rules"] if r not in STANCE_RULES.values()]
        rel.update(stance="partner", rules=["S2", *rules], contested=True, other_reading=reading)

    return str(dataset_copy(change))


def test_the_shipped_records_say_whether_they_are_contested(loaded):
    for rel in loaded.data.relationships:
        assert rel.contested == (rel.other_reading is not None), rel.label


@pytest.mark.parametrize(
    ("args", "rows"),
    [
        (("who-allies",), lambda answer: answer),
        (("show", "france"), lambda answer: answer["relationships"]),
        (("changes", "--new"), lambda answer: answer),
    ],
)
def test_every_answer_with_relationship_records_carries_the_other_reading(
    run_json, dataset_copy, args, rows
):
    path = _contested(dataset_copy, ALLY_READING)
    answer = rows(run_json(*args, data=path))
    assert answer and all({"contested", "other_reading"} <= set(r) for r in answer)
    key = [(r["entity"]["id"], r["actor"], r["segment"], r["period"]) for r in answer]
    france = answer[key.index(FRANCE)]
    assert france["contested"] is True and france["stance"] == "partner"
    assert france["other_reading"] == ALLY_READING and set(france["other_reading"]) == READING_KEYS
    others = [r for r in answer if r is not france]
    assert all(r["contested"] is False and r["other_reading"] is None for r in others)


def _csv_row(run, path: str, *args: str) -> dict[str, str]:
    result = run("--data", path, *args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    (france,) = [r for r in rows if r["entity.name"] == "France"]
    return france


def test_plain_and_csv_carry_the_stance_and_the_other_reading_in_columns_of_their_own(
    run, dataset_copy
):
    path = _contested(dataset_copy, ALLY_READING)
    row = _csv_row(run, path, "who-allies")
    assert (row["stance"], row["contested"]) == ("partner", "true")
    other = {k.removeprefix("other_reading."): v for k, v in row.items() if "other_r" in k}
    assert other == {**ALLY_READING, "rules": "S1 | T2 | B1"}
    plain = run("--data", path, "who-allies", "--format", "plain").stdout.splitlines()
    assert "\t".join(row.values()) in plain  # plain: the same columns, without the header
    usa = _csv_row(run, _contested(dataset_copy, ALLY_READING, key=()), "who-allies")
    assert usa["contested"] == "false" and usa["other_reading.stance"] == ""


@pytest.mark.parametrize(
    ("reading", "mark", "stance"),
    [
        (NO_RECORD, "contested: no record", ""),
        (
            {**ALLY_READING, "stance": "partner", "period": "past", "rules": ["S2", "T1", "B1"]},
            "contested: partner (past)",
            "partner",
        ),
    ],
)
def test_a_reading_of_no_record_or_another_period_says_so(run, dataset_copy, reading, mark, stance):
    path = _contested(dataset_copy, reading)
    assert _csv_row(run, path, "who-allies")["other_reading.stance"] == stance
    stacked = run("--data", path, "who-allies", "--format", "table", env={"COLUMNS": "60"})
    assert f"\n             {mark}\n" in stacked.stdout  # under the stance, on a line of its own


def test_markdown_carries_the_other_reading(run, dataset_copy):
    path = _contested(dataset_copy, ALLY_READING)
    markdown = run("--data", path, "who-allies", "--format", "markdown").stdout
    (line,) = [line for line in markdown.splitlines() if line.startswith("| France |")]
    assert "| partner |" in line and "| The article calls the tie an alliance. |" in line


def test_the_table_marks_a_contested_row_and_colors_it_by_its_stance(run, dataset_copy):
    path = _contested(dataset_copy, ALLY_READING)
    env = {"COLUMNS": "400", "FORCE_COLOR": "1"}
    table = run("--data", path, "who-allies", "--format", "table", env=env).stdout
    lines = table.splitlines()
    at = next(n for n, line in enumerate(lines) if "France" in line)
    green = r"\x1b\[[0-9;]*32m(\x1b\[[0-9;]*m)*"  # the stance's own color, as for partner
    assert re.search(green + "partner", lines[at]), lines[at]
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines[at : at + 3]]
    assert "│ curator's reading " in plain[1] and "│ contested: ally " in plain[2], plain


def test_show_puts_the_other_reading_under_the_summary(run, dataset_copy):
    path = _contested(dataset_copy, ALLY_READING)
    shown = run("--data", path, "show", "france", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(shown)))
    (row,) = [r for r in rows if (r["segment"], r["period"]) == FRANCE[2:]]
    assert (row["stance"], row["other_reading.why"]) == ("partner", ALLY_READING["why"])
    assert all(r["other_reading.why"] == "" for r in rows if r is not row)
    table = run("--data", path, "show", "france", "--format", "table", env={"COLUMNS": "200"})
    words = " ".join(re.sub(r"[│┃|]", " ", table.stdout).split())
    assert "Other reading, second coding: ally, current (S1, T2, B1)." in words
    assert "contested: ally" in words


def test_a_contested_row_never_outranks_an_uncontested_one_of_its_stance(run_json, dataset_copy):
    before = run_json("who-allies", "--all", data=_contested(dataset_copy, ALLY_READING, key=()))
    after = run_json("who-allies", "--all", data=_contested(dataset_copy, ALLY_READING))
    ids = [r["entity"]["id"] for r in after]
    partners = [r["entity"]["id"] for r in after if r["stance"] == "partner"]
    assert partners[-1] == "FRA"  # after every uncontested partner, the undated and older too
    assert any(r["as_of"] != "2024-06-19" for r in after if r["stance"] == "partner")
    assert [i for i in ids if i != "FRA"] == [
        r["entity"]["id"] for r in before if r["entity"]["id"] != "FRA"
    ]
    stronger = [r for r in after if r["score"] > 1]
    assert ids.index("FRA") > len(stronger) - 1  # still above every weaker stance
    assert all(r["score"] < 1 for r in after[ids.index("FRA") + 1 :])


@pytest.mark.parametrize("args", [["list", "--kind", "country"], ["search", "Rafale"]])
def test_list_and_search_mark_the_stance_too(run, dataset_copy, args):
    path = _contested(dataset_copy, ALLY_READING)
    table = run("--data", path, *args, "--format", "table", env={"COLUMNS": "200"}).stdout
    words = " ".join(re.sub(r"[│┃]", " ", table).split())
    assert "contested: ally" in words and "curator's reading" in words
    clean = run(
        "--data", _contested(dataset_copy, ALLY_READING, key=()), *args, "--format", "table"
    )
    assert "contested" not in clean.stdout
