"""Citing and reusing an answer: the data version, the sources' citations, --envelope, a record
by its id, and countries by their COW, Gleditsch-Ward or ISO numeric code."""

from __future__ import annotations

import json

import pytest
from conftest import fails_in_one_line

from iraqrel import __version__
from iraqrel.records import NOT_STATED


def test_version_shows_the_package_and_the_data_version(run, loaded):
    result = run("--version")
    assert (
        result.stdout
        == f"iraqrel {__version__}, data {loaded.data.data_version} (the shipped dataset)\n"
    )
    assert loaded.data.data_version != __version__ or loaded.data.data_version.startswith("1.")


def test_sources_give_every_citation_field_and_never_invent_one(run_json, run, loaded):
    for source in run_json("sources"):
        assert set(source["citation"]) == {"url", "author", "publisher", "retrieved", "translation"}
        text = loaded.source_path(loaded.sources[source["id"]]).read_text(encoding="utf-8")
        for field, value in source["citation"].items():
            if value != NOT_STATED and field == "publisher":
                assert value in text  # a stated publisher is in the document's own words
        assert source["citation"]["url"] == NOT_STATED  # neither document states its URL
    table = run("sources", "--format", "markdown").stdout
    assert f"iraqrel data {loaded.data.data_version}" in table
    assert "rawabetcenter.com (publisher)" in table


def test_a_citation_in_an_answer_expands_to_its_source(run_json, run):
    cited = run_json("show", "iran")["relationships"][0]["evidence"][0]["source"]
    (source,) = run_json("sources", cited)
    assert source["id"] == cited
    (by_segment,) = run_json("sources", "s000.carnegie")
    assert by_segment["id"] == "s000"
    fails_in_one_line(run("sources", "s9"), 2, "no source or segment 's9'")


@pytest.mark.parametrize(
    "args",
    [
        ["who-allies"],
        ["show", "russia"],
        ["list", "--kind", "country"],
        ["search", "oil"],
        ["sources"],
        ["resolve", "cow:645", "iraq"],
        ["changes"],
        ["verify"],
    ],
)
def test_envelope_wraps_any_json_answer_and_keeps_it_whole(run, args, loaded):
    plain = json.loads(run(*args, "--json").stdout)
    wrapped = json.loads(run(*args, "--envelope").stdout)
    assert list(wrapped) == ["data_version", "sources", "query", "results"]
    assert wrapped["results"] == plain
    assert wrapped["data_version"] == loaded.data.data_version
    assert [s["sha256"] for s in wrapped["sources"]] == [s.sha256 for s in loaded.data.sources]
    assert wrapped["query"]["command"] == args[0]


def test_envelope_records_the_query_as_given(run):
    head = json.loads(
        run("who-allies", "--as-of", "2014", "--domain", "energy", "--envelope").stdout
    )
    assert head["query"]["arguments"]["as_of"] == "2014"
    assert head["query"]["arguments"]["domain"] == "energy"


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "table"])
def test_envelope_is_for_json_only(run, fmt):
    fails_in_one_line(run("list", "--envelope", "--format", fmt), 2, "--envelope wraps JSON")


# --- a record by its id ----------------------------------------------------------------------


def test_show_a_relationship_id_answers_with_that_record_alone(run_json, loaded):
    for rel in loaded.data.relationships[::7]:
        shown = run_json("show", rel.id)
        (row,) = shown["relationships"]
        assert (row["id"], row["entity"]["id"], row["actor"], row["period"]) == (
            rel.id,
            rel.entity,
            rel.actor,
            rel.period,
        )
        assert shown["match"]["method"] == "record id" and shown["query"] == rel.id


def test_show_a_quote_id_answers_with_the_record_that_holds_it(run_json, loaded):
    rel = loaded.data.relationships[10]
    shown = run_json("show", rel.evidence[-1].id)
    assert [r["id"] for r in shown["relationships"]] == [rel.id]
    actor = loaded.data.actors[0]
    by_actor = run_json("show", actor.evidence[1].id)
    assert by_actor["status"] == "actor" and by_actor["relationships"] == []
    assert [q["id"] for q in by_actor["evidence"]] == [actor.evidence[1].id]


def test_show_a_mention_id_answers_with_that_mention(run_json, loaded):
    for mention in loaded.data.exclusions:
        shown = run_json("show", mention.record_id)
        assert [m["id"] for m in shown["mentions"]] == [mention.record_id]
        assert shown["relationships"] == []
        assert shown["status"] == ("no-data" if mention.id else "mentioned")


def test_an_id_no_record_has_is_not_found(run):
    fails_in_one_line(run("show", "r9999"), 1, "no record in the dataset has the id 'r9999'")


# --- codes as names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "status", "ident"),
    [
        ("cow:645", "subject", "IRQ"),
        ("gw:630", "documented", "IRN"),
        ("COW: FRN", "documented", "FRA"),  # COW's letters, not ISO's FRA
        ("gw:UKG", "no-data", "GBR"),
        ("iso:368", "subject", "IRQ"),
        ("iso:076", None, None),  # Brazil's ISO numeric: not a country of the dataset
        ("cow:255", None, None),  # Germany's COW code: not in the dataset either
        ("645", None, None),  # a bare number is never a country
        ("368", None, None),
        ("cow:", None, None),
    ],
)
def test_resolve_reads_a_code_only_with_its_scheme(run_json, typed, status, ident):
    (row,) = run_json("resolve", typed)
    if status is None:
        assert row["status"] == "unknown" and row["entity"] is None
    else:
        assert (row["status"], row["entity"]["id"], row["method"]) == (status, ident, "code")


def test_every_code_of_every_country_resolves_to_it(run_json, loaded):
    countries = [loaded.data.subject, *(e for e in loaded.data.entities if e.codes)]
    typed = [
        f"{scheme}:{value}"
        for c in countries
        for scheme, value in (("cow", c.codes.cown), ("gw", c.codes.gwc), ("iso", c.codes.iso3n))
    ]
    rows = run_json("resolve", *typed)
    assert [r["entity"]["id"] for r in rows] == [c.id for c in countries for _ in range(3)]


def test_each_scheme_reads_its_own_codes_only(run_json, dataset_copy):
    """A country whose COW and GW codes differ (as Germany's do: 255 and 260) answers each
    scheme's own code, never the other's."""

    def split_the_schemes(raw):
        usa = next(e for e in raw["entities"] if e["id"] == "USA")
        usa["codes"] = {**usa["codes"], "gwn": 999, "gwc": "XYZ"}

    path = dataset_copy(split_the_schemes)
    rows = run_json("resolve", "gw:999", "cow:2", "gw:2", "cow:999", "gw:XYZ", "cow:XYZ", data=path)
    assert [r["entity"] and r["entity"]["id"] for r in rows] == [
        "USA",
        "USA",
        None,
        None,
        "USA",
        None,
    ]
