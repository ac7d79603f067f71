"""The answer a careful reader accepts: whose allies, history as history, the ranking rule."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from iraqrel.codebook import STANCE_RULES
from iraqrel.records import STANCES


def _relationship(raw: dict[str, Any], entity: str, actor: str, segment: str) -> dict[str, Any]:
    return next(
        r
        for r in raw["relationships"]
        if (r["entity"], r["actor"], r["segment"], r["period"])
        == (entity, actor, segment, "current")
    )


def test_who_allies_speaks_for_the_government_by_default(run, run_json):
    rows = run_json("who-allies")
    assert rows and {r["actor"] for r in rows} == {"baghdad"}
    result = run("who-allies", "--format", "markdown")
    assert result.stdout.startswith("Federal government (Baghdad): its allies and partners")


def test_who_allies_all_actors_adds_the_sub_state_ones(run, run_json):
    rows = run_json("who-allies", "--actor", "all")
    assert {"baghdad", "erbil"} <= {r["actor"] for r in rows}
    titled = run("who-allies", "--actor", "all", "--format", "markdown").stdout
    assert titled.startswith("Every Iraqi actor: their allies and partners")


def test_an_unknown_actor_is_a_usage_error(run):
    result = run("who-allies", "--actor", "kurds")
    assert result.exit_code == 2 and "baghdad" in result.stderr


def test_who_allies_uses_only_what_held_when_each_source_was_written(run_json, dataset_copy):
    def recount_as_past(raw: dict[str, Any]) -> None:
        raw["relationships"] = [
            r
            for r in raw["relationships"]
            if (r["entity"], r["segment"], r["period"]) != ("SAU", "s002.article", "past")
        ]
        _relationship(raw, "SAU", "baghdad", "s002.article")["period"] = "past"

    before = {r["entity"]["id"] for r in run_json("who-allies")}
    path = str(dataset_copy(recount_as_past))
    after = {r["entity"]["id"] for r in run_json("who-allies", data=path)}
    assert "SAU" in before and "SAU" not in after
    shown = run_json("show", "saudi", "arabia", data=path)
    assert [r["period"] for r in shown["relationships"] if r["as_of"] == "2024-06-19"] == ["past"]


def test_show_lists_a_sources_past_before_its_present(run_json, dataset_copy):
    def current_first(raw: dict[str, Any]) -> None:
        current = _relationship(raw, "SAU", "baghdad", "s002.article")
        raw["relationships"].remove(current)
        raw["relationships"].insert(0, current)

    shown = run_json("show", "SAU", data=str(dataset_copy(current_first)))
    periods = [(r["as_of"], r["period"]) for r in shown["relationships"]]
    assert periods.index(("2024-06-19", "past")) < periods.index(("2024-06-19", "current"))
    change = [r["changed_from"] for r in shown["relationships"] if r["as_of"] == "2024-06-19"]
    assert change == [None, "strained"]  # the past record is history, not the change


def test_ranking_is_stance_then_contested_then_date_never_quote_count(run_json, dataset_copy):
    rows = run_json("who-allies", "--actor", "all", "--all")
    assert any(r["contested"] for r in rows) and not all(r["contested"] for r in rows)
    keys = [(-r["score"], r["contested"], r["as_of"] or "") for r in rows]
    for (score_a, cont_a, date_a), (score_b, cont_b, date_b) in itertools.pairwise(keys):
        assert score_a < score_b or (
            score_a == score_b and (cont_a < cont_b or (cont_a == cont_b and date_a >= date_b))
        )

    def pile_quotes_on_the_last(raw: dict[str, Any]) -> None:
        last = rows[-1]
        rel = _relationship(raw, last["entity"]["id"], last["actor"], last["segment"])
        rel["evidence"] = rel["evidence"] * 20

    path = str(dataset_copy(pile_quotes_on_the_last))
    again = run_json("who-allies", "--actor", "all", "--all", data=path)
    assert [r["entity"]["id"] for r in again] == [r["entity"]["id"] for r in rows]


def test_rows_say_whether_the_latest_source_describes_them(run_json):
    rows = run_json("who-allies", "--all")
    latest = max(r["as_of"] for r in rows if r["as_of"])
    said = {(r["as_of"], r["recency"]) for r in rows}
    assert said == {(latest, "latest"), ("2013-12-24", "earlier"), (None, "undated")}


def test_a_change_is_described_only_when_the_later_source_recounts_it(run_json, dataset_copy):
    rows = run_json("changes")
    assert rows and all(isinstance(r["described"], bool) for r in rows)
    saudi = next(r for r in rows if r["entity"]["id"] == "SAU")

    def recounted(raw: dict[str, Any]) -> None:
        _relationship(raw, "SAU", "baghdad", "s002.article")["rules"].append("D1")

    again = run_json("changes", data=str(dataset_copy(recounted)))
    saudi_again = next(r for r in again if r["entity"]["id"] == "SAU")
    assert (saudi["described"], saudi_again["described"]) == (False, True)


@pytest.mark.parametrize(
    ("name", "status", "ident"),
    [
        (["erbil"], "actor", "erbil"),
        (["Kurdistan", "Region"], "actor", "erbil"),
        (["Islamic Resistance in Iraq"], "actor", "militias"),
        (["baghdad"], "actor", "baghdad"),
        (["saudi", "arabia"], "documented", "SAU"),
        (["PKK"], "mentioned", "mention:Kurdistan Workers' Party"),
        (["Global Coalition against ISIS"], "documented", "COALITION"),
    ],
)
def test_every_actor_and_part_can_be_looked_up(run_json, name, status, ident):
    shown = run_json("show", *name)
    assert (shown["status"], shown["entity"]["id"]) == (status, ident)


def test_show_an_iraqi_actor_lists_its_own_relationships(run_json):
    shown = run_json("show", "erbil")
    assert shown["relationships"] and {r["actor"] for r in shown["relationships"]} == {"erbil"}
    assert shown["entity"]["kind"] == "iraqi-actor"


def test_show_an_organization_includes_its_parts(run_json):
    shown = run_json("show", "nato")
    entities = {r["entity"]["id"] for r in shown["relationships"]}
    assert {"NATO", "NMI"} <= entities
    assert "2024-06-19" in {
        r["as_of"] for r in shown["relationships"] if r["entity"]["id"] == "NMI"
    }
    un = run_json("show", "united", "nations")
    assert {"UNAMI", "UNITAD"} <= {r["entity"]["id"] for r in un["relationships"]}


def test_show_a_mentioned_name_quotes_the_mention_and_the_reason(run):
    result = run("show", "gaza", "--json")
    shown = json.loads(result.stdout)
    assert shown["status"] == "mentioned" and shown["mentions"][0]["evidence"]
    assert shown["mentions"][0]["reason"] in result.stderr
    assert result.stderr.count(shown["mentions"][0]["reason"]) == 1


def test_show_a_mentioned_name_lists_its_aliases(run_json):
    shown = run_json("show", "PKK")
    assert shown["entity"]["name"] == "Kurdistan Workers' Party"
    assert "PKK" in shown["entity"]["aliases"]


def test_show_prints_the_entitys_notes(run):
    shown = run("show", "ISIS", "--format", "table")
    assert "Note: " in shown.stdout and "al-Qaeda" in shown.stdout


def test_strongest_first_breaks_ties_by_date_then_basis_then_name(loaded):
    import msgspec

    from iraqrel.queries.answers import who_allies
    from iraqrel.queries.readings import Filters, strongest_first

    rows = who_allies(loaded, Filters(actor="baghdad")).rows
    base = next(r for r in rows if r.relationship.basis == "stated")

    def variant(name: str, as_of: str | None, basis: str) -> object:
        rel = msgspec.structs.replace(base.relationship, basis=basis, stance="partner")
        entity = msgspec.structs.replace(base.entity, name=name)
        return msgspec.structs.replace(base, entity=entity, relationship=rel, as_of=as_of)

    mixed = [
        variant("A old stated", "2013-12-24", "stated"),
        variant("B new curator", "2024-06-19", "curator"),
        variant("C new stated", "2024-06-19", "stated"),
        variant("D undated", None, "stated"),
        variant("A new stated", "2024-06-19", "stated"),
    ]
    ordered = [r.entity.name for r in strongest_first(mixed)]
    assert ordered == ["A new stated", "C new stated", "B new curator", "A old stated", "D undated"]


def test_strongest_first_puts_a_contested_row_after_every_uncontested_one_of_its_stance(loaded):
    import msgspec

    from iraqrel.queries.answers import who_allies
    from iraqrel.queries.readings import Filters, strongest_first

    base = who_allies(loaded, Filters(actor="baghdad")).rows[0]

    def variant(name: str, stance: str, as_of: str | None, contested: bool) -> object:
        rel = msgspec.structs.replace(base.relationship, stance=stance, contested=contested)
        entity = msgspec.structs.replace(base.entity, name=name)
        return msgspec.structs.replace(base, entity=entity, relationship=rel, as_of=as_of)

    rows = [
        variant("A contested new partner", "partner", "2024-06-19", True),
        variant("B undated partner", "partner", None, False),
        variant("C contested ally", "ally", None, True),
        variant("D old partner", "partner", "2013-12-24", False),
        variant("E mixed", "mixed", "2024-06-19", False),
    ]
    ordered = [r.entity.name for r in strongest_first(rows)]
    assert ordered == [
        "C contested ally",
        "D old partner",
        "B undated partner",
        "A contested new partner",
        "E mixed",
    ]


# --- what "ally" means: said at a terminal, under the title --------------------------------

MEANING = "No formal alliance (treaty) of Iraq is described in these sources"
NO_ALLY = "No ally: no counterpart's latest stance here is ally, a committed and unqualified"


def _recode(stance_from: str, stance_to: str, rule_to: str, only: str | None = None):
    def change(raw: dict[str, Any]) -> None:
        for rel in raw["relationships"]:
            if rel["stance"] == stance_from and only in (None, rel["entity"]):
                rules = [r for r in rel["rules"] if r not in STANCE_RULES.values()]
                rel.update(stance=stance_to, rules=[rule_to, *rules])

    return change


def test_who_allies_says_at_a_terminal_what_ally_means(run):
    table = run("who-allies", "--format", "table", env={"COLUMNS": "400"}).stdout.splitlines()
    assert table[0] == "Federal government (Baghdad): its allies and partners, strongest first"
    assert table[2] == (
        f"{MEANING}; ties are ranked by stance as the sources describe them (codebook S1 to S5)."
    )
    plain = run("who-allies", "--format", "plain")  # not a terminal: data only, no title
    assert MEANING not in plain.stdout + plain.stderr and plain.stdout
    as_json = run("who-allies", "--json")
    assert MEANING not in as_json.stdout + as_json.stderr
    json.loads(as_json.stdout)


def test_with_no_ally_who_allies_says_so_plainly_and_lists_the_partners(
    run, run_json, dataset_copy
):
    path = str(dataset_copy(_recode("ally", "partner", "S2")))
    result = run("--data", path, "who-allies", "--format", "table", env={"COLUMNS": "400"})
    lines = result.stdout.splitlines()
    assert lines[3] == (f"{NO_ALLY} alliance (codebook S1). Partners follow.")
    rows = run_json("who-allies", data=path)
    assert rows and {r["stance"] for r in rows} == {"partner"}
    alone = run("--data", path, "who-allies", "--min-stance", "ally", "--format", "table").stdout
    assert f"{NO_ALLY} alliance (codebook S1).\n" in alone and "Partners follow" not in alone


def test_with_an_ally_who_allies_does_not_say_there_is_none(run, run_json, dataset_copy):
    path = str(dataset_copy(_recode("partner", "ally", "S1", only="FRA")))
    table = run("--data", path, "who-allies", "--format", "table", env={"COLUMNS": "400"}).stdout
    assert MEANING in table and "No ally" not in table
    assert "ally" in {r["stance"] for r in run_json("who-allies", data=path)}


@pytest.mark.parametrize(
    "args", [[], ["--all"], ["--actor", "all"], ["--as-of", "2014"], ["--stance", "mixed"]]
)
def test_the_summary_line_counts_the_rows_and_says_as_of_when(run, run_json, args):
    """How many of each stance asked for (0 too), how many contested, as of which date:
    counted from the JSON rows of the same question."""
    rows = run_json("who-allies", *args)
    table = run("who-allies", *args, "--format", "table", env={"COLUMNS": "400"}).stdout
    summary = table.splitlines()[1]
    asked = {"--all": STANCES, "--stance": ("mixed",)}.get(args[0] if args else "")
    plurals = dict(
        zip(STANCES, ("allies", "partners", "mixed", "strained", "adversaries"), strict=True)
    )
    counts = [f"{sum(r['stance'] == s for r in rows)} {plurals[s]}" for s in asked or STANCES[:2]]
    assert summary.startswith(", ".join(counts) + " "), summary
    contested = sum(r["contested"] for r in rows)
    assert (f"({contested} contested)" in summary) == bool(contested)
    dates = sorted(r["as_of"] for r in rows if r["as_of"])
    as_of = f"as of 2014 (latest evidence {dates[-1]})" if "2014" in args else f"as of {dates[-1]}"
    assert as_of in summary, summary
