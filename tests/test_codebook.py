"""verify enforces the codebook: each check fails on a copy broken in its own way."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ALLY_READING

from iraqrel.checks import MAX_LISTED
from iraqrel.codebook import BASIS_RULES, PERIOD_RULES, STANCE_RULES, read_rules
from iraqrel.records import shipped_data_path


def _problems(run, path: Path, check: str = "codebook") -> list[dict[str, str]]:
    """verify's problems of one check on the dataset at `path`; exit 0 exactly when ok."""
    result = run("--data", str(path), "verify", "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == (0 if report["ok"] else 4)
    return [p for p in report["problems"] if p["check"] == check]


def _first(raw: dict[str, Any], stance: str) -> dict[str, Any]:
    return next(r for r in raw["relationships"] if r["stance"] == stance)


def test_the_shipped_codebook_states_every_fixed_rule():
    rules = read_rules(shipped_data_path().parent / "codebook.md")
    fixed = {*STANCE_RULES.values(), *PERIOD_RULES.values(), *BASIS_RULES.values(), "D1"}
    assert fixed <= set(rules)
    assert rules["S1"].startswith("S1. Ally")


def test_the_shipped_dataset_follows_the_codebook(run, dataset_copy):
    assert _problems(run, dataset_copy()) == []


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda r: r["rules"].append("Z9"), "names rule 'Z9', which the codebook does not state"),
        (lambda r: r["rules"].clear(), "names no codebook rule"),
        (lambda r: r.update(stance="mixed"), "its stance is 'mixed', so it names rule S3"),
        (
            lambda r: r.update(rules=["T3" if x == "T2" else x for x in r["rules"]]),
            "its period is 'current', so it names rule T2",
        ),
        (lambda r: r.update(basis="curator"), "its basis is 'curator', so it names rule B2"),
        (lambda r: r["rules"].append("S5"), "its stance is 'partner', so it names rule S2"),
    ],
)
def test_a_record_that_breaks_a_rule_fails_naming_it(run, dataset_copy, break_it, expected):
    label: list[str] = []

    def change(raw: dict[str, Any]) -> None:
        rel = _first(raw, "partner")
        label.append(f"{rel['entity']}/{rel['actor']}/{rel['segment']}/{rel['period']}")
        break_it(rel)

    problems = _problems(run, dataset_copy(change))
    assert any(expected in p["message"] and label[0] in p["record"] for p in problems), problems


def test_records_from_one_quote_carry_one_stance_or_say_why(run, dataset_copy):
    def share_a_quote(raw: dict[str, Any], note: str) -> None:
        mixed = _first(raw, "mixed")
        partner = next(
            r
            for r in raw["relationships"]
            if r["stance"] == "partner"
            and (r["segment"], r["period"]) == (mixed["segment"], mixed["period"])
        )
        partner["evidence"].append(dict(mixed["evidence"][0]))
        mixed["notes"] = mixed.get("notes", "") + note.format(other=partner["entity"])
        partner["notes"] = partner.get("notes", "") + note.format(other=mixed["entity"])

    silent = _problems(run, dataset_copy(lambda raw: share_a_quote(raw, "")))
    assert any("shares the quote" in p["message"] for p in silent), silent
    explained = dataset_copy(lambda raw: share_a_quote(raw, " Differs from {other}: why."))
    assert not any("shares the quote" in p["message"] for p in _problems(run, explained))


def test_a_missing_or_emptied_codebook_fails(run, dataset_copy):
    path = dataset_copy()
    codebook = path.parent / "codebook.md"
    codebook.write_text("# no rules here\n", encoding="utf-8")
    *problems, more = _problems(run, path)  # every record fails: verify lists the first 100
    assert len(problems) == MAX_LISTED and all(
        "does not state" in p["message"] or "names rule" in p["message"] for p in problems
    )
    assert more["record"] == "more" and "more problems of this check" in more["message"]
    codebook.unlink()
    (missing,) = _problems(run, path)
    assert "no such codebook file" in missing["message"]


# --- other readings: a contested record gives the reading another coding made ---------------


def _contest(raw: dict[str, Any], label: list[str], **reading: Any) -> dict[str, Any]:
    """Mark the first current partner record contested, with ALLY_READING changed by `reading`."""
    rel = next(
        r for r in raw["relationships"] if r["stance"] == "partner" and r["period"] == "current"
    )
    label.append(f"{rel['entity']}/{rel['actor']}/{rel['segment']}/{rel['period']}")
    rel.update(contested=True, other_reading=copy.deepcopy({**ALLY_READING, **reading}))
    return rel


@pytest.mark.parametrize(
    "reading",
    [
        ALLY_READING,
        {"stance": None, "period": None, "rules": ["C1", "X1"]},  # the other coding has no record
        {"stance": "partner", "period": "past", "rules": ["S2", "T1", "B1"]},  # another period
    ],
)
def test_a_contested_record_with_a_sound_other_reading_passes(run, dataset_copy, reading):
    label: list[str] = []
    path = dataset_copy(lambda raw: _contest(raw, label, **reading))
    assert _problems(run, path, "readings") == []
    assert _problems(run, path) == []


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (
            lambda r: r.update(other_reading=None),
            "contested is true but other_reading is null; a record is contested exactly when",
        ),
        (
            lambda r: r.update(contested=False),
            "contested is false but other_reading is given",
        ),
        (
            lambda r: r["other_reading"].update(stance="partner", rules=["S2", "T2"]),
            "its other reading has the record's own stance and period: not contested",
        ),
        (
            lambda r: r["other_reading"].update(period=None, rules=["S1"]),
            "its other reading's stance and period are null together, or neither",
        ),
        (
            lambda r: r["other_reading"]["rules"].append("Z9"),
            "its other reading names rule 'Z9', which the codebook does not state",
        ),
        (
            lambda r: r["other_reading"].update(rules=[]),
            "its other reading names no codebook rule",
        ),
        (
            lambda r: r["other_reading"].update(rules=["S2", "T2"]),
            "its other reading's stance is 'ally', so it names rule S1 (and no other stance rule)",
        ),
        (
            lambda r: r["other_reading"]["rules"].append("S5"),
            "its other reading's stance is 'ally', so it names rule S1 (and no other stance rule)",
        ),
        (
            lambda r: r["other_reading"].update(rules=["S1", "T1"]),
            "its other reading's period is 'current', so it names rule T2",
        ),
        (
            lambda r: r["other_reading"].update(stance=None, period=None, rules=["S1", "C1"]),
            "its other reading's stance is null, so it names no stance rule",
        ),
        (
            lambda r: r["other_reading"].update(stance=None, period=None, rules=["T2", "C1"]),
            "its other reading's period is null, so it names no period rule",
        ),
        (lambda r: r["other_reading"].update(why=" "), "its other reading gives no why"),
        (lambda r: r["other_reading"].update(by=""), "its other reading gives no coding in 'by'"),
    ],
)
def test_an_other_reading_that_breaks_a_check_fails_naming_the_record(
    run, dataset_copy, break_it, expected
):
    label: list[str] = []
    path = dataset_copy(lambda raw: break_it(_contest(raw, label)))
    problems = _problems(run, path, "readings")
    assert any(expected in p["message"] and label[0] in p["record"] for p in problems), problems
