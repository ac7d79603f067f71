"""search: whole words, any case and accents, `*` as an explicit prefix, grouped by counterpart."""

from __future__ import annotations

import re

from iraqrel.names.text import fold
from iraqrel.queries import answers


def test_isis_finds_only_isis_never_crisis(run_json, loaded):
    hits = run_json("search", "ISIS")
    assert hits and all(re.search(r"\bISIS\b", h["quote"]) for h in hits)
    crisis = [q.quote for r in loaded.data.relationships for q in r.evidence if "crisis" in q.quote]
    assert crisis, "the sources speak of a crisis: the test needs one"
    assert not any(h["quote"] in crisis and "ISIS" not in h["quote"] for h in hits)


def test_a_word_is_not_a_part_of_a_longer_word(run_json):
    assert not any("internationally" in h["quote"] for h in run_json("search", "ally"))
    assert all(
        re.search(r"\bally\b", h["quote"], re.IGNORECASE) for h in run_json("search", "ally")
    )


def test_a_trailing_star_is_a_prefix(run_json):
    exact = run_json("search", "alliance")
    prefix = run_json("search", "alli*")
    assert len(prefix) > len(exact) > 0
    assert any("Allied" in h["quote"] for h in prefix)
    assert all(re.search(r"\balli\w*", h["quote"], re.IGNORECASE) for h in prefix)


def test_case_and_accents_do_not_matter(run_json):
    assert run_json("search", "türkiye") == run_json("search", "TURKIYE")
    assert run_json("search", "Alliance") == run_json("search", "ALLIANCE")


def test_every_word_must_appear(run_json):
    both = run_json("search", "Baghdad", "Moscow")
    assert both and all("Baghdad" in h["quote"] and "Moscow" in h["quote"] for h in both)


def test_results_are_grouped_by_counterpart_with_source_and_position(loaded):
    hits = answers.search(loaded, "Baghdad").rows
    names = [h.entity.name.casefold() for h in hits]
    assert names == sorted(names)
    for hit in hits:
        text = loaded.source_path(loaded.sources[hit.quote.source]).read_text(encoding="utf-8")
        assert text[hit.quote.start : hit.quote.end] == hit.quote.quote


def test_source_means_the_source_id_in_every_format(run, run_json):
    records = run_json("search", "alliance")
    plain = run("search", "alliance", "--format", "plain").stdout.splitlines()
    csv_head = run("search", "alliance", "--format", "csv").stdout.splitlines()[0].split(",")
    assert {r["source"] for r in records} <= {"s000", "s002"}
    assert {"source", "start", "end", "segment"} <= set(csv_head)
    for key in ("source", "start", "end"):
        at = csv_head.index(key)
        assert [line.split("\t")[at] for line in plain] == [str(r[key]) for r in records]
    assert all({"start", "end", "segment"} <= set(r) for r in records)


def test_multi_word_terms_fold_like_names(loaded):
    assert answers._terms("U.S. al-Qaeda*") == [(("us",), False), (("al", "qaeda"), True)]
    assert fold("al-Qaeda") == "al qaeda"
