"""The documented JSON of draft, add and diff (README, "JSON contract"), key by key."""

from __future__ import annotations

import json

from drafting import ENGLISH

from iraqrel.records import Exclusion, Relationship, Source, shipped_data_path

DIFFERENCE = {"change", "kind", "id", "entity", "actor", "field", "old", "new"}


def _fields(struct: type) -> set[str]:
    return set(struct.__struct_fields__)


def test_draft_keys_are_the_dataset_s_own_and_its_notes(run_json):
    draft = run_json("draft", str(ENGLISH))
    assert list(draft) == ["draft", "sources", "entities", "relationships", "exclusions"]
    assert set(draft["draft"]) == {
        "about", "document", "dataset", "dates", "names", "unknown_names", "coverage", "arabic",
    }  # fmt: skip
    (source,) = draft["sources"]
    assert set(source) - {"draft"} == _fields(Source)
    for record in draft["relationships"]:
        assert set(record) - {"draft"} == _fields(Relationship) - {"id"}
        assert set(record["draft"]) <= {"names", "counterpart", "suggestions", "needs"}
        for suggestion in record["draft"]["suggestions"]:
            assert set(suggestion) == {"quote", "field", "value", "rule", "cue", "start", "end"}
    for record in draft["exclusions"]:
        assert set(record) - {"draft"} == _fields(Exclusion) - {"record_id"}
    notes = draft["draft"]
    assert all(set(d) == {"start", "end", "text", "segment", "readings"} for d in notes["dates"])
    for date in notes["dates"]:
        assert all(set(r) == {"value", "calendar", "order"} for r in date["readings"])
    for name in notes["names"]:
        assert set(name) == {"ids", "names", "status", "needs", "occurrences"}
        assert all(
            set(o) == {"start", "end", "text", "prefix", "sentence"} for o in name["occurrences"]
        )
    assert all(
        set(u) == {"text", "found_by", "contains", "occurrences"} for u in notes["unknown_names"]
    )
    assert set(notes["coverage"]) == {"iraq_without_counterpart", "counterparts_without_iraq"}


def test_add_and_diff_rows(run, recoded_dataset, coded_english):
    added = json.loads(run("add", "--dry-run", str(coded_english), "--json").stdout)
    changed = json.loads(
        run("diff", str(shipped_data_path()), str(recoded_dataset), "--json").stdout
    )
    for row in added + changed:
        assert set(row) == DIFFERENCE
        assert row["change"] in {"added", "removed", "changed"}
        assert row["kind"] in {
            "dataset", "source", "entity", "actor", "relationship", "mention", "quote",
        }  # fmt: skip
        assert (row["field"] is None) == (row["change"] != "changed")
