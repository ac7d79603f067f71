"""Stable record ids: minted once, never derived from what a record says, never reused."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from mint_ids import mint, renumber_copies

from iraqrel.errors import DataError
from iraqrel.ids import format_id, id_problems, parse_id
from iraqrel.records import all_quotes, load, shipped_data_path

Json = dict[str, Any]


def _raw() -> Json:
    return json.loads(shipped_data_path().read_text(encoding="utf-8"))


def _content(rel: Json) -> tuple[Any, ...]:
    """What a relationship is about, apart from its coding: counterpart, actor, segment, quotes."""
    return (rel["entity"], rel["actor"], rel["segment"], tuple(q["start"] for q in rel["evidence"]))


def _quote_ids(raw: Json) -> dict[str, tuple[str, int, int]]:
    holders = [*raw["actors"], *raw["relationships"], *raw["exclusions"]]
    return {q["id"]: (q["source"], q["start"], q["end"]) for h in holders for q in h["evidence"]}


def test_every_record_and_quote_of_the_shipped_dataset_has_a_well_formed_unique_id(loaded):
    data = loaded.data
    rel_ids = [r.id for r in data.relationships]
    quote_ids = [q.id for q in all_quotes(data)]
    mention_ids = [x.record_id for x in data.exclusions]
    for kind, ids in (("relationship", rel_ids), ("quote", quote_ids), ("mention", mention_ids)):
        assert len(ids) == len(set(ids))
        assert all(parse_id(i) is not None and parse_id(i)[0] == kind for i in ids)
    assert quote_ids and rel_ids and mention_ids


def test_insert_delete_reorder_and_recoding_keep_every_other_id(dataset_copy):
    """The curator's edits of a release: every id that was there stays on its record."""
    before = _raw()
    old = {r["id"]: _content(r) for r in before["relationships"]}
    old_quotes = _quote_ids(before)
    removed = before["relationships"][4]

    def edit(raw: Json) -> None:
        rels = raw["relationships"]
        rels.remove(next(r for r in rels if r["id"] == removed["id"]))  # delete
        rels.reverse()  # reorder
        recoded = next(r for r in rels if r["id"] == "r0010")  # re-code stance and period
        recoded["stance"] = "strained" if recoded["stance"] != "strained" else "mixed"
        recoded["period"] = "outlook" if recoded["period"] != "outlook" else "past"
        new = copy.deepcopy(rels[0])  # insert: a new record, with new quotes, no ids yet
        new.pop("id")
        new["period"] = "past" if new["period"] != "past" else "outlook"
        for quote in new["evidence"]:
            quote.pop("id")
        rels.insert(3, new)

    after = json.loads(dataset_copy(edit).read_text(encoding="utf-8"))
    load(dataset_copy())  # the edited file loads: ids unique and minted
    now = {r["id"]: _content(r) for r in after["relationships"]}
    kept = {i: c for i, c in old.items() if i != removed["id"]}
    assert {i: now[i] for i in kept} == kept  # every other id is on the same record
    assert removed["id"] not in now  # the removed id is gone, and not given again
    (new_id,) = set(now) - set(old)
    assert new_id == format_id("relationship", before["next_ids"]["relationship"])
    quotes = _quote_ids(after)
    gone = {q["id"] for q in removed["evidence"]}
    assert {i: quotes[i] for i in old_quotes if i not in gone} == {
        i: v for i, v in old_quotes.items() if i not in gone
    }
    assert not gone & set(quotes)
    assert after["next_ids"]["quote"] > before["next_ids"]["quote"]


def test_a_removed_records_id_is_never_minted_again():
    raw = _raw()
    last = raw["relationships"].pop()  # the highest id: "max + 1" would give it again
    fresh = copy.deepcopy(raw["relationships"][0])
    fresh.pop("id")
    raw["relationships"].append(fresh)
    (given,) = [i for i in mint(raw) if i.startswith("r")]
    assert given != last["id"]
    assert parse_id(given)[1] == parse_id(last["id"])[1] + 1


def test_copies_keep_the_first_id_and_the_others_get_new_ones():
    raw = _raw()
    raw["relationships"].append(copy.deepcopy(raw["relationships"][0]))
    taken = renumber_copies(raw)
    given = mint(raw)
    assert raw["relationships"][0]["id"] == "r0001"
    assert raw["relationships"][-1]["id"] == "r0074" and "r0074" in given
    assert "r0001" in taken and len(taken) == 1 + len(raw["relationships"][0]["evidence"])


def test_minting_twice_gives_nothing_new():
    raw = _raw()
    assert mint(raw) == []
    assert raw == _raw()


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("r0001", ("relationship", 1)),
        ("q0235", ("quote", 235)),
        ("x0021", ("mention", 21)),
        ("r12345", ("relationship", 12345)),
        ("r001", None),
        ("r00001", None),  # not how 1 is written
        ("r0000", None),
        ("R0001", None),
        ("s0001", None),
        ("r0001 ", None),
        ("r٠٠٠١", None),  # Arabic-Indic digits
    ],
)
def test_ids_parse_only_in_their_one_written_form(text, parsed):
    assert parse_id(text) == parsed


def test_id_problems_name_each_bad_id():
    problems = id_problems(
        {"relationship": ["r0001", "r0001", "q0002", "r0009"]}, {"relationship": 5}
    )
    assert problems == [
        "relationship id 'q0002' is not of the form 'r0001'",
        "relationship id 'r0009' was never minted: next_ids.relationship is 5",
        "relationship id 'r0001' is given to 2 records",
    ]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda raw: raw["relationships"][1].update(id="r0001"), "'r0001' is given to 2"),
        (lambda raw: raw["relationships"][1].update(id="r9999"), "'r9999' was never minted"),
        (lambda raw: raw["exclusions"][0].update(record_id="r0001"), "'r0001' is not of the"),
        (lambda raw: raw.update(data_version="1.0"), "is not a semantic version"),
        (lambda raw: raw["next_ids"].update(quote=3), "'q0003' was never minted"),
    ],
)
def test_a_bad_id_or_version_is_refused_on_load(tmp_path, change, needle):
    raw = _raw()
    change(raw)
    path = tmp_path / "iraqrel.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DataError, match=needle):
        load(path)
