"""The test documents for `draft` and `add`, and a curator's coding of their drafts.

tests/data/drafting/english.txt and arabic.txt were written for these tests (see
tests/data/README.md). `coded` does to a draft what a curator does by hand: it keeps the
records it has a coding for, codes them, drops the rest, and fills in the source.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "data" / "drafting"
ENGLISH = DOCUMENTS / "english.txt"
ARABIC = DOCUMENTS / "arabic.txt"

Json = dict[str, Any]


def placed(text: str, expected: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Where each expected (written, what) stands in `text`, each searched for after the one
    before it: (start, end, what). The expectation is the test's, not the draft's."""
    found, at = [], 0
    for written, what in expected:
        start = text.index(written, at)
        found.append((start, start + len(written), what))
        at = start + len(written)
    return found


# A coding of the English test document: (counterpart, actor, segment part) -> its fields, and
# which of the drafted quotes it keeps (by their place in the drafted record).
CURATOR = "Curator's reading"
ENGLISH_CODING: dict[tuple[str, str, str], Json] = {
    ("TUR", "baghdad", "title"): {
        "stance": "partner",
        "basis": "stated",
        "domains": ["economic"],
        "summary": "The headline says Baghdad and Ankara agree on water.",
        "rules": ["S2", "T2", "B1"],
        "period": "current",
        "when": "when the article was written",
    },
    ("TUR", "baghdad", "body"): {
        "keep": [0, 2],
        "stance": "mixed",
        "basis": "curator",
        "domains": ["economic", "security", "diplomatic"],
        "summary": f"{CURATOR}: an agreement on the Tigris beside Turkish drone strikes that "
        "Baghdad protested.",
        "rules": ["S3", "T2", "B2"],
        "period": "current",
        "when": "when the article was written",
    },
    ("USA", "militias", "body"): {
        "stance": "strained",
        "basis": "curator",
        "domains": ["security"],
        "summary": f"{CURATOR}: the militias' spokesman demands that US forces leave.",
        "rules": ["S4", "T2", "B2"],
        "period": "current",
        "when": "when the article was written",
    },
    ("TUR", "militias", "body"): {
        "stance": "adversary",
        "basis": "curator",
        "domains": ["security"],
        "summary": f"{CURATOR}: the militias say they would treat any Turkish base as a target.",
        "rules": ["S5", "T3", "B2"],
        "period": "outlook",
        "when": "the militias' stated intention",
    },
    ("SAU", "baghdad", "body"): {
        "stance": "partner",
        "basis": "curator",
        "domains": ["economic"],
        "summary": f"{CURATOR}: last year Riyadh announced an investment fund for Iraq.",
        "rules": ["S2", "T1", "B2"],
        "period": "past",
        "when": "the year before the article",
    },
}
ENGLISH_REASONS = {
    "BRA": "Named only as where Iraq bought water pumps; no relationship of Iraq with Brazil "
    "is described (codebook X1)."
}
ARABIC_CODING: dict[tuple[str, str, str], Json] = {
    ("TUR", "baghdad", "title"): {
        "stance": "partner",
        "basis": "stated",
        "domains": ["economic"],
        "summary": "The headline says Iraq and Turkey agree on the waters of the Tigris.",
        "rules": ["S2", "T2", "B1"],
        "period": "current",
        "when": "when the article was written",
    },
    ("TUR", "baghdad", "body"): {
        "stance": "partner",
        "basis": "stated",
        "domains": ["economic"],
        "summary": "Iraq and Turkey signed a water agreement, and Ankara pledged more water.",
        "rules": ["S2", "T2", "B1"],
        "period": "current",
        "when": "when the article was written",
    },
    ("SAU", "baghdad", "body"): {
        "stance": "partner",
        "basis": "curator",
        "domains": ["economic"],
        "summary": f"{CURATOR}: Baghdad and Riyadh exchanged delegations on investment.",
        "rules": ["S2", "T2", "B2"],
        "period": "current",
        "when": "when the article was written",
    },
}


def coded(
    draft: Json,
    coding: dict[tuple[str, str, str], Json],
    reasons: dict[str, str],
    stated: str,
) -> Json:
    """The draft as a curator codes it: the source's origin, citation and date (`stated`, a
    date the text states), each kept record coded, the others gone. The notes stay: add
    drops every key named `draft`."""
    out = copy.deepcopy(draft)
    source = out["sources"][0]
    date = {"value": stated, "method": "stated", "evidence": f"The text states the date {stated}."}
    source.update(origin="An article written for iraqrel's tests", date=date)
    source["citation"] = dict.fromkeys(source["citation"], "not stated")
    for segment in source["segments"]:
        segment.update(origin=f"The test article: {segment['id']}", date=dict(date))
    kept = []
    for record in out["relationships"]:
        part = record["segment"].split(".", 1)[1]
        decision = coding.get((record["entity"], record["actor"], part))
        if decision is None:
            continue
        decision = dict(decision)
        keep = decision.pop("keep", range(len(record["evidence"])))
        record["evidence"] = [record["evidence"][n] for n in keep]
        record.update(decision)
        kept.append(record)
    out["relationships"] = kept
    for exclusion in out["exclusions"]:
        exclusion["reason"] = reasons[exclusion["id"]]
    return out


# Shapes of text that could make a scan backtrack or loop: tests/test_draft.py drafts each,
# and tests/bench.py times each against ordinary text of the same length.
HOSTILE = {
    "a.a.a": ("a." * 10_000)[:-1] + "b",  # an abbreviation that never ends
    "!!!": "!" * 20_000,  # a full stop that never meets a space
    "spaces": "Iraq" + " " * 20_000 + "Iran",
    "1-1-1": "1-" * 10_000,
    "وووو": "و" * 20_000,  # a prefix, over and over
    "لللل": "ل" * 20_000,
    "lines": "A\n" * 10_000,
    "CAPS": "AA " * 6_667,
    "the the": "the " * 5_000,
}
