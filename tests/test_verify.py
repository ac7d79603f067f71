"""Each check of `iraqrel verify` fails on a deliberately broken copy, naming the record."""

from __future__ import annotations

import copy
import itertools
import json
from typing import Any

import msgspec
import pytest

from iraqrel.checks import MAX_LISTED
from iraqrel.codebook import MAX_NAMED


def _verify_json(run, path):
    result = run("--data", str(path), "verify", "--json")
    return result, json.loads(result.stdout) if result.stdout.strip() else None


def test_verify_passes_on_the_copy(run, dataset_copy):
    result, report = _verify_json(run, dataset_copy())
    assert result.exit_code == 0, result.stderr
    assert report["ok"] is True and report["problems"] == []


def test_a_changed_quote_fails(run, dataset_copy):
    def change(raw):
        quote = raw["relationships"][0]["evidence"][0]
        quote["quote"] = quote["quote"].replace("United States", "United Kingdom", 1)

    result, report = _verify_json(run, dataset_copy(change))
    assert result.exit_code == 4
    (problem,) = report["problems"]
    assert problem["check"] == "quotes"
    assert (
        problem["record"] == "relationships[0] r0001/USA/baghdad/s000.fact-sheet/current, quote 1"
    )
    assert "nowhere in the source" in problem["message"]


def test_a_wrong_offset_fails_and_says_where_the_quote_is(run, dataset_copy):
    def change(raw):
        quote = raw["relationships"][3]["evidence"][1]
        quote["start"] += 1
        quote["end"] += 1

    result, report = _verify_json(run, dataset_copy(change))
    assert result.exit_code == 4
    (problem,) = report["problems"]
    assert problem["check"] == "quotes" and ", quote 2" in problem["record"]
    assert "the quote stands at [" in problem["message"]


def test_a_changed_source_byte_fails(run, dataset_copy):
    path = dataset_copy()
    seed = next((path.parent.parent / "seeds").glob("002_*.txt"))
    seed.write_bytes(seed.read_bytes().replace(b"alliance", b"allianse", 1))
    result, report = _verify_json(run, path)
    assert result.exit_code == 4
    assert [p["check"] for p in report["problems"]] == ["sources"]
    assert (
        "sha256" in report["problems"][0]["message"]
        and seed.name in report["problems"][0]["message"]
    )


def test_a_missing_source_file_fails_naming_it(run, dataset_copy):
    path = dataset_copy()
    seed = next((path.parent.parent / "seeds").glob("000_*.txt"))
    seed.unlink()
    result, report = _verify_json(run, path)
    assert result.exit_code == 4
    assert report["problems"][0]["record"] == "source s000"
    assert seed.name in report["problems"][0]["message"]


def test_a_duplicate_alias_fails(run, dataset_copy):
    def change(raw):
        qatar = next(e for e in raw["entities"] if e["id"] == "QAT")
        qatar["aliases"].append("Riyadh")

    result, report = _verify_json(run, dataset_copy(change))
    assert result.exit_code == 4
    assert {
        "check": "aliases",
        "record": "name 'riyadh'",
        "message": "points to QAT, SAU",
    } in report["problems"]


def test_an_alias_that_names_another_country_fails(run, dataset_copy):
    def change(raw):
        next(e for e in raw["entities"] if e["id"] == "JOR")["aliases"].append("Oman")

    result, report = _verify_json(run, dataset_copy(change))
    assert result.exit_code == 4
    assert any(p["check"] == "aliases" and "OMN" in p["message"] for p in report["problems"])


def test_a_missing_referenced_entity_fails_at_load_naming_the_record(run, dataset_copy):
    def change(raw):
        raw["relationships"][5]["entity"] = "NOPE"

    result = run("--data", str(dataset_copy(change)), "verify")
    assert result.exit_code == 4
    assert (
        "relationships[5] r0006/NOPE/" in result.stderr and "unknown entity 'NOPE'" in result.stderr
    )
    assert "iraqrel.json" in result.stderr


def test_an_uncovered_mention_fails(run, dataset_copy):
    def change(raw):
        raw["exclusions"] = [x for x in raw["exclusions"] if x["id"] != "KWT"]

    result, report = _verify_json(run, dataset_copy(change))
    assert result.exit_code == 4
    (problem,) = report["problems"]
    assert problem["check"] == "coverage"
    assert "'Kuwait' names KWT (Kuwait)" in problem["message"]


def test_a_removed_entity_leaves_its_mentions_uncovered(run, dataset_copy):
    def change(raw):
        raw["entities"] = [e for e in raw["entities"] if e["id"] != "IND"]
        raw["relationships"] = [r for r in raw["relationships"] if r["entity"] != "IND"]

    result, report = _verify_json(run, dataset_copy(change))
    assert result.exit_code == 4
    assert any("IND (India)" in p["message"] for p in report["problems"])


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "markdown", "jsonl"])
def test_problems_are_reported_in_every_format(run, dataset_copy, fmt):
    def change(raw):
        raw["relationships"][0]["evidence"][0]["start"] += 3

    result = run("--data", str(dataset_copy(change)), "verify", "--format", fmt)
    assert result.exit_code == 4
    assert "relationships[0]" in result.stdout


def test_a_new_quote_with_zero_offsets_gets_its_place_from_verify(run, dataset_copy):
    def change(raw):
        raw["relationships"][0]["evidence"].append(
            {
                "source": "s000",
                "start": 0,
                "end": 0,
                "quote": "Iraq maintains an embassy in the United States",
            }
        )

    path = dataset_copy(change)
    result, report = _verify_json(run, path)
    assert result.exit_code == 4
    (problem,) = report["problems"]
    assert (
        problem["record"] == "relationships[0] r0001/USA/baghdad/s000.fact-sheet/current, quote 6"
    )
    seed = next((path.parent.parent / "seeds").glob("000_*.txt")).read_bytes().decode()
    start = seed.index("Iraq maintains an embassy in the United States")
    assert f"the quote stands at [{start}, {start + 46})" in problem["message"]


def test_a_quote_outside_its_segment_fails(run, dataset_copy):
    def change(raw):
        # a real sentence of s000, but from the Carnegie paper, not the fact sheet
        raw["relationships"][0]["evidence"][0] = next(
            r for r in raw["relationships"] if r["segment"] == "s000.carnegie"
        )["evidence"][0]

    result, report = _verify_json(run, dataset_copy(change))
    assert result.exit_code == 4
    assert "lies outside its segment" in report["problems"][0]["message"]


# --- datasets built to be slow: near-linear checks, one problem per group (issue 21) ------


def _many_on_one_quote(count: int, notes: str = ""):
    """`count` records of new armed groups drawn from the first record's first quote, their
    stances alternating partner and strained."""

    def change(raw: dict[str, Any]) -> None:
        base = raw["relationships"][0]
        for n in range(count):
            ident, strained = f"Q{n:05d}", n % 2 == 1
            raw["entities"].append(
                {"id": ident, "kind": "armed-group", "name": f"Quoted Group {n}", "aliases": []}
            )
            rel = copy.deepcopy(base) | {"entity": ident, "notes": notes}
            rel |= {"stance": "strained", "rules": ["S4", "T2", "B1"]} if strained else {}
            raw["relationships"].append(rel)

    return change


def test_many_records_on_one_quote_are_one_problem_naming_a_few(run, dataset_copy):
    """2,000 records on one quote took 32 s, 3.7 GiB and listed every pair (540 MB)."""
    _, report = _verify_json(run, dataset_copy(_many_on_one_quote(300)))
    shared = [p for p in report["problems"] if "shares the quote" in p["message"]]
    assert len(shared) == 1, len(shared)
    (problem,) = shared
    # the record, the other record it leaves out, and MAX_NAMED - 1 more that are silent
    assert (
        problem["record"].startswith("USA/") and problem["message"].count("/baghdad/") == MAX_NAMED
    )
    assert problem["message"].endswith(f" and {301 - MAX_NAMED} more")


def test_records_on_one_quote_that_name_each_other_pass(run, dataset_copy):
    every = " ".join(["USA", *(f"Q{n:05d}" for n in range(40))])
    change = _many_on_one_quote(40, notes=f"Differs from {every}: a test of the check.")

    def and_explain(raw: dict[str, Any]) -> None:
        change(raw)
        raw["relationships"][0]["notes"] += f" Differs from {every}."

    _, report = _verify_json(run, dataset_copy(and_explain))
    assert not [p for p in report["problems"] if "shares the quote" in p["message"]]


CASES_OF_ONE_ID = [
    "".join(c) for c in itertools.product(*zip("QWERTYUI", "qwertyui", strict=True))
][:150]


def test_ids_that_fold_alike_are_each_reported_once_against_the_first(run, dataset_copy):
    """150 ids that fold alike listed 11,175 pairs; now each id once, against the first."""

    def change(raw: dict[str, Any]) -> None:
        raw["entities"] += [
            {"id": ident, "kind": "armed-group", "name": f"Folded Group {n}", "aliases": []}
            for n, ident in enumerate(CASES_OF_ONE_ID)
        ]

    _, report = _verify_json(run, dataset_copy(change))
    ids = [p for p in report["problems"] if p["check"] == "ids"]
    *listed, more = ids
    assert len(listed) == MAX_LISTED and more["record"] == "more"
    assert more["message"].startswith(f"{len(CASES_OF_ONE_ID) - 1 - MAX_LISTED} more problems")
    first = min(CASES_OF_ONE_ID)
    assert len({p["record"] for p in listed}) == MAX_LISTED
    assert all(f"is {first!r} written differently" in p["message"] for p in listed)


def test_the_id_check_looks_ids_up_instead_of_comparing_every_pair(loaded, monkeypatch):
    """3,000 extra entities took 15 s: every pair was compared (9 million comparisons)."""
    from iraqrel import checks
    from iraqrel.records import Entity

    extra = [Entity(f"E{n:05d}", "armed-group", f"Extra Group {n}", []) for n in range(3_000)]
    data = msgspec.structs.replace(loaded.data, entities=[*loaded.data.entities, *extra])
    bigger = msgspec.structs.replace(loaded, data=data)
    compared: list[tuple[str, str]] = []
    real = checks._near_duplicate

    def counted(ident: str, other: str, *rest: Any) -> str:
        compared.append((ident, other))
        return real(ident, other, *rest)

    monkeypatch.setattr(checks, "_near_duplicate", counted)
    assert checks._near_duplicate_ids(bigger, checks._iso_alpha2()) == []
    assert len(compared) < len(data.entities)


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda e: e.pop("short_name"), "give it a short_name"),  # a long name without one
        (lambda e: e.update(short_name="UN Team"), "not one of its aliases"),  # a name made up
        (lambda e: e.update(short_name=e["name"]), "not one of its aliases shorter"),
    ],
    ids=["missing", "not-an-alias", "not-shorter"],
)
def test_a_long_name_needs_a_short_name_from_its_aliases(run, dataset_copy, change, needle):
    def edit(raw):
        unitad = next(e for e in raw["entities"] if e["id"] == "UNITAD")
        if needle.endswith("shorter"):
            unitad["aliases"].append(unitad["name"])
        change(unitad)

    result, report = _verify_json(run, dataset_copy(edit))
    assert result.exit_code == 4
    (problem,) = report["problems"]
    assert problem["check"] == "names" and problem["record"] == "entity UNITAD"
    assert needle in problem["message"]


def test_a_record_has_one_number_in_load_errors_and_in_verify(run, dataset_copy):
    """Numbered from 0, as the JSON path of a load error numbers it, and named alike."""
    broken = dataset_copy(lambda raw: raw["relationships"][2].update(stance="frenemy"))
    at_load = run("--data", str(broken), "list").stderr

    def restance(raw):  # a stance its rules contradict
        rel = raw["relationships"][2]
        rel["stance"] = "adversary" if rel["stance"] != "adversary" else "ally"

    edited = dataset_copy(restance)
    rel = json.loads(edited.read_text(encoding="utf-8"))["relationships"][2]
    named = "/".join(rel[k] for k in ("id", "entity", "actor", "segment", "period"))
    label = f"relationships[2] {named}"
    assert f"$.relationships[2].stance` (record {label})" in at_load
    in_verify = {p["record"] for p in _verify_json(run, edited)[1]["problems"]}
    assert label in in_verify  # the stance contradicts the rules it names


def test_a_quote_that_differs_says_where_not_two_equal_beginnings(run, dataset_copy):
    def change(raw):
        quote = raw["relationships"][0]["evidence"][0]
        quote["quote"] = quote["quote"][:-3] + "X" + quote["quote"][-2:]

    (problem,) = _verify_json(run, dataset_copy(change))[1]["problems"]
    message = problem["message"]
    at = int(message.split("differ at character ")[1].split()[0])
    assert message.startswith("[192, 341) of s000 and the quote differ at character 146")
    assert at == 146 and "the source reads '…" in message and "U.'" in message
    assert "the quote '…" in message and "theXU.'" in message


def test_querying_a_dataset_that_fails_verify_warns_on_stderr(run, dataset_copy):
    def change(raw):
        raw["relationships"][0]["evidence"][0]["quote"] += " (edited)"

    path = dataset_copy(change)
    result = run("--data", str(path), "who-allies", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert result.stderr.startswith(f"iraqrel: warning: {str(path)!r} fails verify (1 problem;")
    assert "relationships[0] r0001/USA/baghdad/s000.fact-sheet/current, quote 1" in result.stderr
    assert result.stderr.count("\n") == 1


def test_querying_a_sound_copy_says_nothing_on_stderr(run, dataset_copy):
    assert run("--data", str(dataset_copy()), "who-allies", "--json").stderr == ""
