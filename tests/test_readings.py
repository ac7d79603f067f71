"""Contested records: answers carry the other reading, screens mark it, ranking demotes it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iraqrel.codebook import STANCE_RULES

READING_KEYS = {"stance", "period", "rules", "why", "by"}
ALLY = {
    "stance": "ally",
    "period": "current",
    "rules": ["S1", "T2", "B1"],
    "why": "The article calls the tie an alliance.",
    "by": "second coding",
}
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
    path = _contested(dataset_copy, ALLY)
    answer = rows(run_json(*args, data=path))
    assert answer and all({"contested", "other_reading"} <= set(r) for r in answer)
    key = [(r["entity"]["id"], r["actor"], r["segment"], r["period"]) for r in answer]
    france = answer[key.index(FRANCE)]
    assert france["contested"] is True and france["stance"] == "partner"
    assert france["other_reading"] == ALLY and set(france["other_reading"]) == READING_KEYS
    others = [r for r in answer if r is not france]
    assert all(r["contested"] is False and r["other_reading"] is None for r in others)


def _plain_row(run, path: str, *args: str) -> list[str]:
    result = run("--data", path, *args, "--format", "plain")
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("France\t")]
    return line.split("\t")


def test_plain_carries_the_other_reading_beside_the_stance(run, dataset_copy):
    path = _contested(dataset_copy, ALLY)
    row = _plain_row(run, path, "who-allies")
    assert row[3] == "partner · contested: ally"
    assert row[-1] == (
        "second coding: ally, current (S1, T2, B1). The article calls the tie an alliance."
    )
    usa = next(line for line in run("who-allies", "--format", "plain").stdout.splitlines())
    assert usa.split("\t")[-1] == ""  # an uncontested record leaves the column empty


@pytest.mark.parametrize(
    ("reading", "cell", "said"),
    [
        (NO_RECORD, "partner · contested: no record", "second coding: no record (C1, X1)."),
        (
            {**ALLY, "stance": "partner", "period": "past", "rules": ["S2", "T1", "B1"]},
            "partner · contested: partner (past)",
            "second coding: partner, past (S2, T1, B1).",
        ),
    ],
)
def test_a_reading_of_no_record_or_another_period_says_so(run, dataset_copy, reading, cell, said):
    path = _contested(dataset_copy, reading)
    row = _plain_row(run, path, "who-allies")
    assert row[3] == cell and row[-1].startswith(said)


def test_csv_and_markdown_carry_the_other_reading(run, dataset_copy):
    path = _contested(dataset_copy, ALLY)
    rows = list(
        csv.DictReader(io.StringIO(run("--data", path, "who-allies", "--format", "csv").stdout))
    )
    (france,) = [r for r in rows if r["counterpart"] == "France"]
    assert france["stance"] == "partner · contested: ally"
    assert france["other reading"].startswith("second coding: ally, current (S1, T2, B1).")
    markdown = run("--data", path, "who-allies", "--format", "markdown").stdout
    (line,) = [line for line in markdown.splitlines() if line.startswith("| France |")]
    assert (
        "| partner · contested: ally |" in line and "The article calls the tie an alliance." in line
    )


def test_the_table_marks_a_contested_row_and_colors_it_by_its_stance(run, dataset_copy):
    path = _contested(dataset_copy, ALLY)
    env = {"COLUMNS": "400", "FORCE_COLOR": "1"}
    table = run("--data", path, "who-allies", "--format", "table", env=env).stdout
    lines = table.splitlines()
    at = next(n for n, line in enumerate(lines) if "France" in line)
    green = r"\x1b\[[0-9;]*32m(\x1b\[[0-9;]*m)*"  # the stance's own color, as for partner
    assert re.search(green + "partner ·", lines[at]), lines[at]
    assert re.search(green + "contested: ally", lines[at + 1]), lines[at + 1]


def test_show_puts_the_other_reading_under_the_summary(run, dataset_copy):
    path = _contested(dataset_copy, ALLY)
    shown = run("--data", path, "show", "france", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(shown)))
    (row,) = [r for r in rows if (r["segment"], r["period"]) == FRANCE[2:]]
    assert row["stance"] == "partner · contested: ally"
    assert row["summary"].endswith(
        "\nOther reading, second coding: ally, current (S1, T2, B1). The article calls the tie"
        " an alliance."
    )
    assert all("Other reading" not in r["summary"] for r in rows if r is not row)
    table = run("--data", path, "show", "france", "--format", "table", env={"COLUMNS": "200"})
    words = " ".join(re.sub(r"[│┃|]", " ", table.stdout).split())
    assert "Other reading, second coding: ally, current (S1, T2, B1)." in words
    assert "contested:" in words


def test_a_contested_row_never_outranks_an_uncontested_one_of_its_stance(run_json, dataset_copy):
    before = run_json("who-allies", "--all", data=_contested(dataset_copy, ALLY, key=()))
    after = run_json("who-allies", "--all", data=_contested(dataset_copy, ALLY))
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
