"""The documented JSON contract, key by key, and answers whose order and counts are promised."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from iraqrel.dates import sort_key

QUOTE = {"id", "source", "quote", "start", "end"}
RELATIONSHIP = {
    "id", "actor", "stance", "score", "as_of", "domains", "basis", "period", "when", "rules",
    "summary", "source", "segment", "evidence", "notes", "contested", "other_reading",
}  # fmt: skip


def test_changes_keys(run_json):
    rows = run_json("changes")
    assert rows
    for row in rows:
        assert set(row) == {"entity", "actor", "from", "to", "described"}
        for side in (row["from"], row["to"]):
            assert set(side) == {"id", "stance", "score", "as_of", "source", "segment", "quote"}
            assert set(side["quote"]) == QUOTE and side["source"] == side["quote"]["source"]


def test_sources_keys(run_json):
    for source in run_json("sources"):
        assert set(source) == {
            "id", "file", "title", "origin", "language", "citation", "sha256", "date",
            "segments", "quotes", "notes",
        }  # fmt: skip
        assert set(source["date"]) == {"value", "precision", "method", "evidence"}
        for segment in source["segments"]:
            assert set(segment) == {"id", "start", "end", "origin", "date", "citation"}
            assert segment["id"].startswith(source["id"] + ".")


def test_list_keys_and_counts_every_period(run_json, loaded):
    rows = {r["entity"]["id"]: r for r in run_json("list")}
    for row in rows.values():
        assert set(row) == {"entity", "part_of", "latest", "relationships", "sources"}
        assert all(set(s) == {"id", "actor", "stance", "score", "as_of"} for s in row["latest"])
    records = [r for r in loaded.data.relationships if r.entity == "IND"]
    assert {r.period for r in records} == {"outlook"}  # India: only the paper's forecast
    assert rows["IND"]["relationships"] == len(records) and rows["IND"]["latest"] == []


def test_show_keys(run_json):
    shown = run_json("show", "usa")
    assert set(shown) == {
        "query", "status", "match", "entity", "notes", "note", "relationships", "parts",
        "mentions", "evidence",
    }  # fmt: skip
    for row in shown["relationships"]:
        assert set(row) == RELATIONSHIP | {"entity", "changed_from"}
        assert all(set(q) == QUOTE for q in row["evidence"])


def test_verify_keys(run_json):
    report = run_json("verify")
    assert set(report) == {"ok", "counts", "problems", "warnings", "agreement"}
    assert set(report["agreement"]) == {"file", "method", "pairs", "contested"}
    assert set(report["agreement"]["method"]) == {"scale", "resamples", "seed"}
    for pair in report["agreement"]["pairs"]:
        assert set(pair) == {"codings", "stance", "period", "basis", "existence"}
        assert set(pair["stance"]) == {
            "n",
            "percent",
            "kappa_linear",
            "alpha_ordinal",
            "alpha_ci95",
        }
        assert all(set(pair[k]) == {"n", "percent"} for k in ("period", "basis", "existence"))
    assert set(report["counts"]) == {
        "sources", "segments", "entities", "relationships", "quotes_checked", "exclusions",
        "mentions_scanned",
    }  # fmt: skip


def test_show_is_oldest_first_undated_first(run_json):
    """By date, not by segment name: the undated fact sheet sorts after "s000.carnegie"."""
    dates = [r["as_of"] for r in run_json("show", "usa")["relationships"]]
    assert None in dates and "2013-12-24" in dates
    assert dates == sorted(dates, key=sort_key)


def test_new_and_gone_are_empty_when_one_date_is_in_force(run_json):
    assert run_json("changes", "--new", "--as-of", "2013") == []
    assert run_json("changes", "--gone", "--as-of", "2013") == []


def test_a_word_found_only_inside_longer_words_is_not_found_without_a_star(run_json, loaded):
    assert run_json("search", "alli") == []
    assert run_json("search", "alli*")


def test_the_last_word_of_every_quote_is_found(run_json, loaded):
    last_words = {
        re.findall(r"[^\W_]+", q.quote)[-1] for r in loaded.data.relationships for q in r.evidence
    }
    for word in sorted(last_words)[:25]:
        quotes = {h["quote"] for h in run_json("search", word)}
        assert any(re.findall(r"[^\W_]+", q)[-1].lower() == word.lower() for q in quotes), word


def test_an_id_beats_another_names_alias(run_json, dataset_copy):
    def give_iraq_the_alias_baghdad(raw: dict[str, Any]) -> None:
        raw["subject"]["aliases"].append("Baghdad")
        actor = next(a for a in raw["actors"] if a["id"] == "baghdad")
        actor["aliases"].remove("Baghdad")

    path = str(dataset_copy(give_iraq_the_alias_baghdad))
    shown = run_json("--data", path, "show", "baghdad")
    assert (shown["status"], shown["entity"]["id"]) == ("actor", "baghdad")


@pytest.mark.parametrize(("typed", "status"), [("Jordna", "documented"), ("Jrodna", "unknown")])
def test_a_short_name_forgives_one_typo_not_two(run, typed, status):
    result = run("resolve", typed, "--json")
    assert json.loads(result.stdout)[0]["status"] == status


def test_search_highlights_its_words_in_color(run):
    result = run(
        "search", "alliance", "--format", "table", env={"FORCE_COLOR": "1", "COLUMNS": "200"}
    )
    assert re.search(r"\x1b\[[0-9;]*7[0-9;]*m[Aa]lliance", result.stdout), result.stdout[:400]


def test_every_relationship_and_quote_in_an_answer_carries_its_records_id(run_json, loaded):
    """The ids in who-allies, show, list, search and changes are the dataset's, on the same
    records: the counterpart, actor and segment match, and so does each quote."""
    records = {r.id: r for r in loaded.data.relationships}
    quotes = {q.id: q for r in loaded.data.relationships for q in r.evidence}

    def same(row: dict[str, Any], entity: str) -> None:
        rel = records[row["id"]]
        assert (rel.entity, rel.segment) == (entity, row["segment"])
        for quote in row.get("evidence", []):
            assert quotes[quote["id"]].start == quote["start"]

    rows = run_json("who-allies", "--all", "--actor", "all")
    for row in rows + run_json("show", "nato")["relationships"]:
        same(row, row["entity"]["id"])
    for row in run_json("changes"):
        for side in (row["from"], row["to"]):
            same(side, row["entity"]["id"])
            assert quotes[side["quote"]["id"]].quote == side["quote"]["quote"]
    for row in run_json("list"):
        assert all(records[s["id"]].entity == row["entity"]["id"] for s in row["latest"])
    for hit in run_json("search", "oil"):
        assert quotes[hit["id"]].start == hit["start"] and quotes[hit["id"]] in (
            records[hit["relationship"]].evidence
        )
    mention = run_json("show", "pkk")["mentions"][0]
    assert mention["id"] == next(x.record_id for x in loaded.data.exclusions if "PKK" in x.aliases)
