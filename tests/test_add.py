"""`iraqrel add`: the whole loop (draft, code, add, verify, show) on the two test documents, and
every kind of bad draft refused in one line with exit 7, the dataset byte-identical."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PROCESS_ENV, fails_in_one_line, no_traceback
from drafting import (
    ARABIC,
    ARABIC_CODING,
    ENGLISH,
    ENGLISH_CODING,
    ENGLISH_REASONS,
    coded,
)

from iraqrel.curate import merge
from iraqrel.errors import ExitCode, UsageError

Json = dict[str, Any]


class Workspace:
    """A copy of the dataset and its sources, with the test documents placed among the seeds."""

    def __init__(self, data: Path, run: Callable[..., Any]) -> None:
        self.data = data
        self.seeds = data.parent.parent / "seeds"
        self.run = run
        for name, path in (("003_english.txt", ENGLISH), ("004_arabic.txt", ARABIC)):
            (self.seeds / name).write_bytes(path.read_bytes())

    def draft(self, name: str) -> Json:
        result = self.run("--data", str(self.data), "draft", str(self.seeds / name))
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    def write(self, draft: Json, name: str = "coded.json") -> Path:
        path = self.data.parent.parent / name
        path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
        return path

    def add(self, draft: Json, *args: str) -> Any:
        return self.run("--data", str(self.data), "add", str(self.write(draft)), *args)

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in self.data.parent.iterdir() if p.name.startswith("."))


@pytest.fixture
def space(dataset_copy, run) -> Workspace:
    return Workspace(dataset_copy(), run)


@pytest.fixture
def english(space) -> Json:
    """The English document's draft, coded."""
    return coded(space.draft("003_english.txt"), ENGLISH_CODING, ENGLISH_REASONS, "2025-03-14")


def test_the_whole_loop_adds_both_documents_and_show_finds_their_records(space, english, run_json):
    before = space.data.read_bytes()
    result = space.add(english)
    assert result.exit_code == 0, result.stderr
    assert "passes verify" in result.stderr
    text = space.data.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    old, new = json.loads(before), json.loads(text)
    for collection in ("sources", "entities", "relationships", "exclusions", "actors"):
        assert new[collection][: len(old[collection])] == old[collection]  # untouched
    arabic = coded(space.draft("004_arabic.txt"), ARABIC_CODING, {}, "2025-03-14")
    assert arabic["sources"][0]["id"] == "s004"  # drafted against the dataset as it now is
    assert space.add(arabic).exit_code == 0
    assert run_json("verify", data=space.data)["ok"] is True
    turkey = run_json("show", "turkey", data=space.data)["relationships"]
    new = [
        (r["id"], r["segment"], r["stance"], r["period"]) for r in turkey if r["source"] != "s000"
    ]
    new = sorted(row for row in new if row[1].split(".")[0] in ("s003", "s004"))
    assert new == [
        ("r0074", "s003.title", "partner", "current"),
        ("r0075", "s003.body", "mixed", "current"),
        ("r0077", "s003.body", "adversary", "outlook"),
        ("r0079", "s004.title", "partner", "current"),
        ("r0080", "s004.body", "partner", "current"),
    ]
    quotes = {q["quote"] for r in turkey if r["id"] == "r0075" for q in r["evidence"]}
    assert len(quotes) == 2 and any(q.startswith("Turkish drones") for q in quotes)
    raw = json.loads(space.data.read_text(encoding="utf-8"))
    minted = {"relationship": 8, "quote": 11, "mention": 1}  # both documents' coded records
    assert raw["next_ids"] == {kind: old["next_ids"][kind] + n for kind, n in minted.items()}
    assert "draft" not in text  # every note was dropped
    brazil = run_json("show", "brazil", data=space.data)
    assert brazil["status"] == "no-data" and "water pumps" in brazil["mentions"][0]["reason"]


def _uncoded(draft: Json) -> None:
    draft["relationships"][0]["stance"] = None


def _not_verbatim(draft: Json) -> None:
    draft["relationships"][0]["evidence"][0]["start"] += 1


def _other_sha256(draft: Json) -> None:
    draft["sources"][0]["sha256"] = "0" * 64


def _taken_source(draft: Json) -> None:
    draft["sources"][0]["id"] = "s000"


def _taken_segment(draft: Json) -> None:
    draft["sources"][0]["segments"][0]["id"] = "s000.title"


def _given_record_id(draft: Json) -> None:
    draft["relationships"][0] = {"id": "r0001", **draft["relationships"][0]}


def _unstated_rule(draft: Json) -> None:
    draft["relationships"][0]["rules"] = ["S2", "T2", "B1", "Z9"]


def _contradicted_rule(draft: Json) -> None:
    draft["relationships"][0]["rules"] = ["S1", "T2", "B1"]  # the stance is partner


def _uncovered_name(draft: Json) -> None:
    draft["exclusions"] = []  # Brazil, named in the text, in no record


def _missing_document(draft: Json) -> None:
    draft["sources"][0]["file"] = "../seeds/no-such.txt"


def _entity_without_relationship(draft: Json) -> None:
    draft["entities"] = [{"id": "XYZ", "kind": "country", "name": "Nowhere"}]


def _schema(draft: Json) -> None:
    draft["relationships"][0]["stance"] = "frenemy"


def _unknown_counterpart(draft: Json) -> None:
    draft["relationships"][0]["entity"] = "BRA"  # an exclusion, not an entity


def _unknown_key(draft: Json) -> None:
    draft["actors"] = []


def _nothing(draft: Json) -> None:
    draft.clear()


REFUSALS = {
    "uncoded": (_uncoded, "not coded yet, the first: relationships[0] (TUR/baghdad) has no stance"),
    "not verbatim": (_not_verbatim, "is not verbatim at"),
    "sha256": (_other_sha256, "the draft pins 0000"),
    "source id taken": (_taken_source, "the source id 's000' is already taken"),
    "segment id taken": (_taken_segment, "the segment id 's000.title' is already taken"),
    "record id given": (_given_record_id, "'r0001'; ids of relationships"),
    "rule not stated": (_unstated_rule, "fails verify with 1 problem(s), the first: codebook"),
    "rule contradicted": (_contradicted_rule, "fails verify"),
    "name uncovered": (_uncovered_name, "the first: coverage: s003"),
    "document missing": (_missing_document, "its document must be at"),
    "entity unused": (_entity_without_relationship, "entity 'XYZ' has no relationship"),
    "schema": (_schema, "would not load: Invalid enum value 'frenemy'"),
    "counterpart unknown": (_unknown_counterpart, "unknown entity 'BRA'"),
    "key unknown": (_unknown_key, "the draft has the key 'actors'"),
    "nothing": (_nothing, "the draft adds nothing"),
}


@pytest.mark.parametrize("kind", REFUSALS)
def test_a_bad_draft_is_refused_in_one_line_and_the_dataset_is_unchanged(space, english, kind):
    spoil, needle = REFUSALS[kind]
    draft = copy.deepcopy(english)
    spoil(draft)
    before = space.data.read_bytes()
    fails_in_one_line(space.add(draft), ExitCode.REFUSED, needle)
    assert space.data.read_bytes() == before
    assert space.leftovers() == []


def test_a_document_changed_after_its_draft_is_refused(space, english):
    with (space.seeds / "003_english.txt").open("a", encoding="utf-8") as document:
        document.write("One more line.\n")
    fails_in_one_line(space.add(english), ExitCode.REFUSED, "sha256")


def test_the_good_draft_is_refused_the_second_time(space, english):
    assert space.add(english).exit_code == 0
    fails_in_one_line(space.add(english), ExitCode.REFUSED, "'s003' is already taken")
    again = coded(space.draft("003_english.txt"), ENGLISH_CODING, ENGLISH_REASONS, "2025-03-14")
    assert again["sources"][0]["id"] == "s004"  # a new id, but the same document
    fails_in_one_line(space.add(again), ExitCode.REFUSED, "is already the dataset's source s003")


def test_a_dry_run_shows_what_it_would_add_and_writes_nothing(space, english):
    before = space.data.read_bytes()
    result = space.add(english, "--dry-run", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert space.data.read_bytes() == before and space.leftovers() == []
    rows = [line.split("\t")[:3] for line in result.stdout.splitlines()]
    assert rows[0] == ["added", "source", "s003"]
    assert ["added", "relationship", "r0074"] in rows and ["added", "mention", "x0022"] in rows
    assert "dry run, nothing written" in result.stderr


def test_the_shipped_dataset_is_never_written_and_add_says_how_to_copy_it(run, english, tmp_path):
    path = tmp_path / "coded.json"
    path.write_text(json.dumps(english), encoding="utf-8")
    result = run("add", str(path))
    fails_in_one_line(result, ExitCode.USAGE, "add writes only a dataset you name with --data")
    assert "cp -r" in result.stderr and "--data DIR/data/iraqrel.json" in result.stderr


def test_a_dataset_inside_the_installed_package_is_never_written(tmp_path):
    inside = Path(merge.__file__).resolve().parent.parent / "_shipped" / "data" / "iraqrel.json"
    with pytest.raises(UsageError, match="inside the installed package"):
        merge.writable(inside, named=True)
    merge.writable(tmp_path / "iraqrel.json", named=True)  # anywhere else, a named one is fine


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "a draft is a JSON object"), (b"\xff", "UTF-8")],
)
def test_a_draft_file_that_is_not_a_draft_is_refused(space, content, needle):
    path = space.data.parent.parent / "bad.json"
    path.write_bytes(content)
    result = space.run("--data", str(space.data), "add", str(path))
    fails_in_one_line(result, ExitCode.BAD_DATA, needle)


def test_a_dataset_changed_while_add_ran_is_not_overwritten(space, english, monkeypatch):
    real = merge.verify

    def verify_while_another_edit_lands(loaded):
        space.data.write_bytes(space.data.read_bytes() + b" ")
        return real(loaded)

    monkeypatch.setattr(merge, "verify", verify_while_another_edit_lands)
    before = space.data.read_bytes()
    fails_in_one_line(space.add(english), ExitCode.REFUSED, "changed while add ran")
    assert space.data.read_bytes() == before + b" " and space.leftovers() == []


def test_a_failed_write_leaves_the_dataset_and_no_temporary_file(space, english, monkeypatch):
    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    before = space.data.read_bytes()
    fails_in_one_line(space.add(english), ExitCode.OUTPUT, "No space left on device")
    assert space.data.read_bytes() == before and space.leftovers() == []


PAUSED_ADD = """
import sys, time
from iraqrel.curate import merge
real = merge.unchanged_since
def paused(path, original):
    print("ready", file=sys.stderr, flush=True)
    time.sleep(30)
    real(path, original)
merge.unchanged_since = paused
from iraqrel.cli import main
main()
"""


def test_ctrl_c_while_add_writes_leaves_the_dataset_and_no_temporary_file(space, english):
    """Interrupted with the merged dataset written to its temporary file, before the rename."""
    path = space.write(english)
    before = space.data.read_bytes()
    env = {**PROCESS_ENV, "IRAQREL_CACHE_DIR": ""}
    argv = [sys.executable, "-c", PAUSED_ADD, "--data", str(space.data), "add", str(path)]
    with subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.PIPE, env=env) as process:
        assert process.stderr is not None
        assert process.stderr.readline() == b"ready\n"
        assert [n for n in space.leftovers() if n.endswith(".tmp")]  # the merged text, waiting
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.INTERRUPTED
    no_traceback(stderr)
    assert space.data.read_bytes() == before and space.leftovers() == []
