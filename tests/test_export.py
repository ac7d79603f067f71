"""`iraqrel export`: every format written, then read back by the tool made for it."""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import fails_in_one_line

from iraqrel.export.network import network
from iraqrel.records import Loaded, all_quotes

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("csv", "jsonl", "evidence", "dyads", "graphml", "gexf", "dot", "mermaid", "annotations")


def _export(run, *args: str, code: int = 0):
    result = run("export", *args)
    assert result.exit_code == code, result.stderr
    return result


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _texts(loaded: Loaded) -> dict[str, str]:
    return {s.id: loaded.source_path(s).read_text(encoding="utf-8") for s in loaded.data.sources}


# --- the flat tables ----------------------------------------------------------------------


def test_csv_has_one_row_per_relationship_with_every_field_and_all_quotes(run, loaded):
    rows = _csv(_export(run, "csv").stdout)
    records = {r.id: r for r in loaded.data.relationships}
    assert [r["id"] for r in rows] == list(records)
    for row in rows:
        rel = records[row["id"]]
        assert (row["entity"], row["actor"], row["segment"]) == (rel.entity, rel.actor, rel.segment)
        assert (row["stance"], row["period"], row["basis"]) == (rel.stance, rel.period, rel.basis)
        assert row["rules"].split("; ") == rel.rules and row["summary"] == rel.summary
        quotes = json.loads(row["evidence"])
        assert [(q["id"], q["quote"], q["start"]) for q in quotes] == [
            (q.id, q.quote, q.start) for q in rel.evidence
        ]
        assert row["contested"] == ("true" if rel.contested else "false")
        other = rel.other_reading
        assert row["other_reading.stance"] == ((other and other.stance) or "")
        assert row["data_version"] == loaded.data.data_version
    usa = next(r for r in rows if r["entity"] == "USA")
    assert (usa["codes.cown"], usa["codes.gwn"], usa["codes.cowc"]) == ("2", "2", "USA")
    assert next(r for r in rows if r["entity"] == "ISIS")["codes.cown"] == ""


def test_jsonl_holds_the_same_records_as_the_csv(run):
    lines = _export(run, "jsonl").stdout.splitlines()
    rows = _csv(_export(run, "csv").stdout)
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [r["id"] for r in rows]
    assert records[0]["codes"]["cown"] == 2 and records[0]["evidence"][0]["id"].startswith("q")


def test_evidence_has_one_row_per_quote_each_the_source_at_its_offsets(run, loaded):
    rows = _csv(_export(run, "evidence").stdout)
    texts = _texts(loaded)
    assert rows and len(rows) == len(all_quotes(loaded.data))
    assert len({r["id"] for r in rows}) == len(rows)
    kinds = {
        "relationship": {r.id for r in loaded.data.relationships},
        "mention": {x.record_id for x in loaded.data.exclusions},
        "actor": set(loaded.actors),
    }
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert texts[row["source"]][start:end] == row["quote"]
        assert row["record"] in kinds[row["record_kind"]]
        segment = loaded.segments[row["segment"]]
        assert segment.start <= start < end <= segment.end


def test_dyads_are_the_governments_current_dated_records_with_codes_on_both_sides(run, loaded):
    result = _export(run, "dyads")
    rows = _csv(result.stdout)
    current = [r for r in loaded.data.relationships if r.period == "current"]
    dated = [r for r in current if loaded.segments[r.segment].date.value and r.actor == "baghdad"]
    assert [r["id"] for r in rows] == [r.id for r in dated]
    assert {(r["cown1"], r["gwn1"], r["cowc1"]) for r in rows} == {("645", "645", "IRQ")}
    assert {r["actor"] for r in rows} == {"baghdad"}
    by_year = {(r["year"], r["date_method"]) for r in rows}
    assert by_year == {("2013", "inferred"), ("2024", "stated")}  # never a year in between
    for row in rows:
        entity = loaded.entities[row["counterpart"]]
        codes = entity.codes
        assert row["cown2"] == (str(codes.cown) if codes else "")
        assert row["gwc2"] == ((codes and codes.gwc) or "")
    undated = [r.id for r in current if not loaded.segments[r.segment].date.value]
    assert undated and all(i in result.stderr for i in undated)
    assert "left out" in result.stderr and not set(undated) & {r["id"] for r in rows}


def test_dyads_for_every_actor_mark_each_row_and_all_carry_645(run):
    rows = _csv(_export(run, "dyads", "--actor", "all").stdout)
    assert {r["actor"] for r in rows} == {"baghdad", "erbil", "sunni", "militias"}
    units = [(r["actor"], r["counterpart"], r["year"]) for r in rows]
    assert len(set(units)) == len(units)  # one row per actor x counterpart x source year
    assert {r["cown1"] for r in rows} == {"645"}
    erbil = _csv(_export(run, "dyads", "--actor", "Erbil").stdout)
    assert erbil and {r["actor"] for r in erbil} == {"erbil"}


def test_a_dyad_table_joins_on_cow_codes_and_year(run):
    """The README's worked example: a dyad-year table keyed (ccode1, ccode2, year)."""
    dyad_years = "ccode1,ccode2,year,defense_pact\n645,2,2013,0\n645,2,2024,0\n645,630,2024,0\n"
    table = {(r["ccode1"], r["ccode2"], r["year"]): r for r in _csv(dyad_years)}
    rows = _csv(_export(run, "dyads").stdout)
    joined = [(r, table.get((r["cown1"], r["cown2"], r["year"]))) for r in rows]
    matched = sorted((r["counterpart"], r["year"], r["stance"]) for r, t in joined if t)
    assert matched == [
        ("IRN", "2024", "partner"),
        ("USA", "2013", "mixed"),
        ("USA", "2024", "partner"),
    ]
    printed = [f"`{r['counterpart']} {r['year']} {r['stance']} {r['id']}`" for r, t in joined if t]
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"prints {printed[0]}, {printed[1]} and {printed[2]}" in readme


def test_re_exporting_after_an_unrelated_change_keeps_every_other_id(run, dataset_copy):
    before = {
        r["id"]: (r["entity"], r["actor"], r["segment"], r["period"])
        for r in _csv(_export(run, "csv").stdout)
    }

    def recode_and_add(raw: dict[str, Any]) -> None:
        first = raw["relationships"][0]
        first["stance"] = "mixed"
        raw["relationships"].insert(0, {**json.loads(json.dumps(first)), "period": "past"})
        raw["relationships"][0].pop("id")
        del raw["relationships"][7]

    path = str(dataset_copy(recode_and_add))
    after = {
        r["id"]: (r["entity"], r["actor"], r["segment"], r["period"])
        for r in _csv(run("--data", path, "export", "csv").stdout)
    }
    removed = set(before) - set(after)
    assert len(removed) == 1 and len(set(after) - set(before)) == 1
    assert all(after[i] == before[i] for i in before if i not in removed)


# --- the network --------------------------------------------------------------------------


def _expected(loaded: Loaded) -> tuple[dict[str, dict], dict[str, tuple[str, str, dict]]]:
    net = network(loaded)
    nodes = {n.id: n.attributes() for n in net.nodes}
    edges = {e.id: (e.actor, e.counterpart, e.attributes()) for e in net.edges}
    return nodes, edges


def _read_back(graph: Any) -> tuple[dict[str, dict], dict[str, tuple[str, str, dict]]]:
    nodes = {n: dict(d) for n, d in graph.nodes(data=True)}
    edges = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        actor, counterpart = (u, v) if graph.nodes[u]["kind"] == "iraqi-actor" else (v, u)
        edges[key] = (
            actor,
            counterpart,
            {k: v for k, v in data.items() if k != "label"} | {"id": key},
        )
    return nodes, edges


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_back_the_same_nodes_edges_and_attributes(run, loaded, fmt, tmp_path):
    nx = pytest.importorskip("networkx")
    path = tmp_path / f"iraqrel.{fmt}"
    _export(run, fmt, "-o", str(path))
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.is_multigraph() and not graph.is_directed()
    nodes, edges = _read_back(graph)
    want_nodes, want_edges = _expected(loaded)
    assert nodes == want_nodes
    assert edges == want_edges
    assert len(edges) == len(loaded.data.relationships) == 73
    for rel in loaded.data.relationships:  # and each edge says what its record says
        actor, counterpart, data = edges[rel.id]
        first = rel.evidence[0]
        assert (actor, counterpart, data["stance"], data["score"], data["period"]) == (
            rel.actor,
            rel.entity,
            rel.stance,
            rel.score,
            rel.period,
        )
        assert (data["quote"], data["quote_id"]) == (first.quote, first.id)
        assert data.get("date") == loaded.segments[rel.segment].date.value
        assert data["contested"] is rel.contested and data["rules"] == " ".join(rel.rules)
    iraq = loaded.data.subject.codes
    assert all(nodes[a.id]["cown"] == iraq.cown for a in loaded.data.actors)
    assert all(nodes[e.id].get("gwc") == (e.codes and e.codes.gwc) for e in loaded.data.entities)
    assert len(nodes) == len(loaded.data.actors) + len(loaded.data.entities)
    assert loaded.data.data_version in path.read_text(encoding="utf-8")


def test_edges_join_only_an_iraqi_actor_and_a_counterpart(loaded):
    net = network(loaded)
    kinds = {n.id: n.kind for n in net.nodes}
    assert all(kinds[e.actor] == "iraqi-actor" != kinds[e.counterpart] for e in net.edges)


def test_graphviz_renders_the_dot(run, loaded, tmp_path):
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (Debian package graphviz)")
    path = tmp_path / "iraqrel.dot"
    _export(run, "dot", "-o", str(path))
    done = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, timeout=60, check=False)
    assert done.returncode == 0 and not done.stderr, done.stderr
    svg = done.stdout.decode()
    assert svg.count('class="edge"') == 73 and svg.count('class="node"') == 30
    shown = html.unescape(svg)
    assert all(e.name in shown for e in loaded.data.entities)


# A small grammar of the Mermaid flowchart this tool writes: every line is one of these.
_MERMAID_ID = r"n_[A-Za-z0-9_]+"
_LABEL = r'"[^"\n]*"'
MERMAID_LINES = {
    "comment": re.compile(r"%%[^\n]*"),
    "header": re.compile(r"flowchart (LR|RL|TB|TD|BT)"),
    "node": re.compile(rf"  ({_MERMAID_ID})(\[{_LABEL}\]|\(\[{_LABEL}\]\))"),
    "edge": re.compile(rf"  ({_MERMAID_ID}) (---|-\.-)\|{_LABEL}\| ({_MERMAID_ID})"),
    "style": re.compile(r"  linkStyle [0-9]+(,[0-9]+)* stroke:#[0-9a-f]{6}"),
}


def _mermaid_parse(text: str) -> dict[str, list[re.Match[str]]]:
    found: dict[str, list[re.Match[str]]] = {kind: [] for kind in MERMAID_LINES}
    for line in text.splitlines():
        kind = next((k for k, p in MERMAID_LINES.items() if p.fullmatch(line)), None)
        assert kind is not None, f"not Mermaid: {line!r}"
        found[kind].append(MERMAID_LINES[kind].fullmatch(line))  # type: ignore[arg-type]
    return found


def test_mermaid_parses_by_its_grammar_and_holds_the_network(run, loaded):
    text = _export(run, "mermaid").stdout
    parsed = _mermaid_parse(text)
    assert len(parsed["header"]) == 1 and text.splitlines()[1].startswith("flowchart")
    declared = {m[1] for m in parsed["node"]}
    assert len(declared) == len(parsed["node"]) == 30
    assert all(m[1] in declared and m[3] in declared for m in parsed["edge"])
    assert len(parsed["edge"]) == 73
    styled = sorted(int(n) for m in parsed["style"] for n in m[0].split()[1].split(","))
    assert styled == list(range(73))


def test_the_mermaid_grammar_refuses_what_mermaid_would(run):
    for bad in ('  n_A["say "hi""]', "  n_A --- n_B", "  SYR-REBELS[x]", "graph"):
        with pytest.raises(AssertionError):
            _mermaid_parse("flowchart LR\n" + bad + "\n")


# --- SQLite and Datasette -------------------------------------------------------------------


@pytest.fixture
def database(run, tmp_path) -> Path:
    path = tmp_path / "iraqrel.db"
    result = _export(run, "sqlite", "-o", str(path))
    assert "metadata.json" in result.stderr and not result.stdout
    return path


def test_sqlite_has_every_table_with_foreign_keys_and_full_text_over_quotes(database, loaded):
    db = sqlite3.connect(database)
    db.execute("PRAGMA foreign_keys = ON")
    count = {
        t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in (
            "entities",
            "actors",
            "sources",
            "segments",
            "relationships",
            "evidence",
            "mentions",
        )
    }
    assert count == {
        "entities": len(loaded.data.entities) + 1,  # and Iraq
        "actors": 4,
        "sources": 2,
        "segments": 7,
        "relationships": len(loaded.data.relationships),
        "evidence": len(all_quotes(loaded.data)),
        "mentions": len(loaded.data.exclusions),
    }
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO relationships (id, entity, actor, source, segment) "
            "VALUES ('r9999', 'XYZ', 'baghdad', 's000', 's000.nato')"
        )
    hits = db.execute(
        "SELECT e.id, e.relationship, r.entity FROM evidence_fts f JOIN evidence e "
        "ON e.rowid = f.rowid JOIN relationships r ON r.id = e.relationship "
        "WHERE evidence_fts MATCH 'alliance' ORDER BY e.id"
    ).fetchall()
    want = sorted(
        (q.id, r.id, r.entity)
        for r in loaded.data.relationships
        for q in r.evidence
        if re.search(r"\balliance\b", q.quote, re.I)
    )
    assert hits == want and hits
    iraq = db.execute("SELECT cown, gwn, cowc FROM entities WHERE role = 'subject'").fetchone()
    assert iraq == (645, 645, "IRQ")
    version = db.execute("SELECT value FROM about WHERE key = 'data_version'").fetchone()
    assert version == (loaded.data.data_version,)


def test_the_metadata_describes_every_table_and_names_the_licence(database, loaded):
    meta = json.loads((database.parent / "metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["iraqrel"]["tables"]
    db = sqlite3.connect(database)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {n for n in names if not n.startswith("evidence_fts")} <= set(tables)
    assert all(tables[t]["description"] for t in tables)
    for table, spec in tables.items():
        columns = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        assert set(spec["columns"]) <= columns, table
    assert meta["license"].startswith("CC BY 4.0") and loaded.data.data_version in meta["title"]
    assert tables["evidence"]["fts_table"] == "evidence_fts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def test_datasette_serves_a_relationships_page_and_its_json(database):
    pytest.importorskip("datasette")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(database),
            "-m",
            str(database.parent / "metadata.json"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # at most 20 s for it to start
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        page = _get(f"{base}/iraqrel/relationships/r0001").decode()
        data = json.loads(_get(f"{base}/iraqrel/relationships/r0001.json?_shape=objects"))
        search = json.loads(_get(f"{base}/iraqrel/evidence.json?_search=alliance&_shape=objects"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "r0001" in page and "partner" in page
    (row,) = data["rows"]
    assert (row["id"], row["entity"], row["stance"]) == ("r0001", "USA", "partner")
    assert search["rows"] and all("alliance" in r["quote"].lower() for r in search["rows"])


# --- W3C Web Annotations -------------------------------------------------------------------


def test_every_annotation_selector_holds_against_its_source(run, loaded):
    doc = json.loads(_export(run, "annotations").stdout)
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection"
    assert doc["schema:version"] == loaded.data.data_version
    items = doc["first"]["items"]
    assert items and len(items) == doc["total"] == len(all_quotes(loaded.data))
    by_iri = {}
    for source in loaded.data.sources:
        raw = loaded.source_path(source).read_bytes()
        digest = base64.urlsafe_b64encode(hashlib.sha256(raw).digest()).rstrip(b"=").decode()
        by_iri[f"ni:///sha-256;{digest}"] = raw.decode("utf-8")
    records = {r.id for r in loaded.data.relationships} | {
        x.record_id for x in loaded.data.exclusions
    }
    for item in items:
        assert item["type"] == "Annotation" and item["id"].startswith("#q")
        text = by_iri[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1
        identified = [b["value"] for b in item["body"] if b["purpose"] == "identifying"]
        assert identified and (identified[0] in records or identified[0] in loaded.actors)


# --- writing -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_is_the_same_bytes_as_stdout_and_follows_the_umask(run, fmt, tmp_path):
    path = tmp_path / f"out.{fmt}"
    path.write_text("old", encoding="utf-8")
    stdout = _export(run, fmt).stdout_bytes
    _export(run, fmt, "-o", str(path))
    assert path.read_bytes() == stdout and stdout
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
    assert os.listdir(tmp_path) == [path.name]  # no temporary file left


def test_export_to_an_ascii_stdout_keeps_every_character(run, loaded):
    result = run("export", "jsonl")
    ascii_run = pytest.importorskip("typer.testing").CliRunner(charset="ascii")
    from iraqrel.cli.app import app_for

    raw = ascii_run.invoke(app_for(["export"]), ["export", "jsonl"]).stdout_bytes
    assert raw == result.stdout_bytes and "“".encode() in raw


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["sqlite"], 2, "give it one with -o"),
        (["csv", "--actor", "erbil"], 2, "--actor chooses the rows of dyads"),
        (["dyads", "--actor", "nobody"], 2, "not an Iraqi actor"),
        (["xml"], 2, "'xml' is not one of"),
        (["csv", "-o", "/nonexistent-dir/x.csv"], 5, "cannot write"),
    ],
)
def test_bad_export_requests_fail_in_one_line(run, args, code, needle):
    fails_in_one_line(run("export", *args), code, needle)


def test_a_failed_write_leaves_the_old_file(run, tmp_path, monkeypatch):
    path = tmp_path / "keep.csv"
    path.write_text("old", encoding="utf-8")
    from iraqrel.export import formats

    def broken(loaded, fmt, actor):
        def chunks():
            yield "id,partial\n"
            raise OSError(28, "No space left on device")

        return formats.Exported(chunks())

    monkeypatch.setattr(formats, "exported", broken)
    fails_in_one_line(run("export", "csv", "-o", str(path)), 5, "No space left")
    assert path.read_text(encoding="utf-8") == "old" and os.listdir(tmp_path) == ["keep.csv"]


def test_a_device_is_written_straight_never_replaced(run, tmp_path):
    result = run("export", "mermaid", "-o", "/dev/null")
    assert result.exit_code == 0 and Path("/dev/null").is_char_device()
    fails_in_one_line(run("export", "sqlite", "-o", "/dev/null"), 2, "a regular file")
    assert Path("/dev/null").is_char_device()


def test_a_link_is_followed_and_stays_a_link(run, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    _export(run, "dyads", "-o", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("id,actor")
