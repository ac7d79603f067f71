"""The shipped dataset: it verifies, and it says what the sources say."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import ROOT, SHARED

from iraqrel.checks import verify
from iraqrel.errors import DataError
from iraqrel.queries.answers import who_allies
from iraqrel.queries.profile import timeline
from iraqrel.queries.readings import Filters, considered, in_force_as_of, latest_per_pair
from iraqrel.records import (
    SCHEMA_FILE_NAME,
    STANCE_SCORES,
    json_schema,
    load,
    shipped_data_path,
)


def test_shipped_dataset_passes_every_check(loaded):
    report = verify(loaded)
    assert report.problems == ()
    assert report.counts["quotes_checked"] > 100
    assert report.counts["mentions_scanned"] > 300


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="needs ../shared/seeds")
def test_seeds_are_byte_identical_to_the_shared_ones():
    for shared in sorted((SHARED / "seeds").glob("*.txt")):
        assert (ROOT / "seeds" / shared.name).read_bytes() == shared.read_bytes()


def test_sources_pin_the_seed_hashes(loaded):
    for source in loaded.data.sources:
        digest = hashlib.sha256(loaded.source_path(source).read_bytes()).hexdigest()
        assert digest == source.sha256


def test_shipped_schema_is_the_one_the_records_generate():
    shipped = json.loads((shipped_data_path().parent / SCHEMA_FILE_NAME).read_text())
    assert shipped == json_schema()


def test_data_file_is_stable_two_space_json():
    text = shipped_data_path().read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_every_relationship_is_quoted_and_summarized(loaded):
    for rel in loaded.data.relationships:
        assert rel.evidence, rel.label
        assert rel.summary.endswith("."), rel.label
        if rel.basis == "curator":
            assert rel.summary.startswith("Curator's reading"), rel.label


def _latest(loaded, as_of=None, actor="baghdad"):
    rows = latest_per_pair(in_force_as_of(considered(loaded, Filters(actor=actor)), as_of))
    return {r.entity.id: r.relationship.stance for r in rows}


def test_balancing_and_sponsorship_are_not_alliance(loaded):
    """S1: an alliance "with both" of two opposed powers is balancing (Q1), backing is support."""
    both = [
        rel
        for rel in loaded.data.relationships
        if any("alliance with both" in q.quote for q in rel.evidence)
    ]
    assert {rel.entity for rel in both} == {"USA", "IRN"}
    for rel in both:
        assert rel.stance == "partner" and {"S2", "Q1", "B2"} <= set(rel.rules), rel.label
        assert '"alliance"' in (rel.notes or ""), rel.label
    backed = [
        rel
        for rel in loaded.data.relationships
        if rel.actor == "militias"
        and any("Iranian-backed" in q.quote for q in rel.evidence)
        and rel.entity == "IRN"
    ]
    assert backed and all(rel.stance == "partner" and "S2" in rel.rules for rel in backed)


def test_every_ally_rests_on_the_sources_own_word(loaded):
    for rel in loaded.data.relationships:
        if rel.stance == "ally":
            assert any("allian" in q.quote or "ally" in q.quote for q in rel.evidence), rel.label


def test_who_allies_never_lists_an_adversary_or_a_strained_tie(loaded):
    rows = who_allies(loaded, Filters()).rows
    names = {r.entity.id for r in rows}
    assert {"USA", "IRN", "RUS", "CHN", "JOR", "EGY", "EU", "FRA", "QAT", "SAU"} <= names
    assert all(r.relationship.score >= STANCE_SCORES["partner"] for r in rows)
    assert not {"ISIS", "AQ", "ARAB-WORLD"} & names


def test_saudi_arabia_turns_from_strained_to_partner(loaded):
    assert STANCE_SCORES[_latest(loaded, "2014")["SAU"]] < 0
    assert STANCE_SCORES[_latest(loaded, "2024")["SAU"]] > 0
    assert STANCE_SCORES[_latest(loaded)["SAU"]] > 0


def test_as_of_2014_leaves_out_what_only_the_2024_article_describes(loaded):
    early = _latest(loaded, "2014")
    assert "FRA" not in early and "QAT" not in early and "COALITION" not in early
    # the 2013 paper: "very limited influence", yet "still an important factor"
    assert early["USA"] == "mixed"
    assert _latest(loaded)["USA"] == "partner"  # "its alliance with both": balancing (Q1)


def test_timeline_marks_the_change_of_stance(loaded):
    rows = [r for r in timeline(loaded, {"SAU"}) if r.relationship.period == "current"]
    assert [r.as_of for r in rows] == ["2013-12-24", "2024-06-19"]
    assert rows[1].changed_from == "strained"


def test_undated_evidence_is_never_in_force_under_as_of(loaded):
    assert "NATO" in _latest(loaded)
    assert "NATO" not in _latest(loaded, "2030")


def test_a_second_relationship_for_one_entity_actor_segment_and_period_is_refused(dataset_copy):
    def duplicate_the_first(raw):
        raw["relationships"].append({**raw["relationships"][0], "summary": "Another reading."})

    with pytest.raises(DataError, match="duplicate relationship"):
        load(dataset_copy(duplicate_the_first))
