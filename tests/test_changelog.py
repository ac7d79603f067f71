"""LICENSE, the dataset's licence, CITATION.cff (valid per the CFF schema) and CHANGELOG.md,
checked against the dataset they describe."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iraqrel.ids import format_id, parse_id
from iraqrel.records import all_quotes

ROOT = Path(__file__).resolve().parent.parent
KINDS = {"relationships": "relationship", "quotes": "quote", "mentions": "mention"}


def _ids(listed: str) -> set[str]:
    """Ids written as ranges ("r0001", an en dash, "r0073") and single ids, in a line."""
    found: set[str] = set()
    for first, last in re.findall(r"\b([rqx][0-9]{4,})(?:[–-]([rqx][0-9]{4,}))?", listed):
        kind, start = parse_id(first)
        end = parse_id(last)[1] if last else start
        found |= {format_id(kind, n) for n in range(start, end + 1)}
    return found


def changelog() -> list[tuple[str, dict[str, set[str]]]]:
    """Each version, newest first, with the ids it added, changed and removed."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = []
    for version, body in re.findall(r"^## (\S+)\n(.*?)(?=^## |\Z)", text, re.M | re.S):
        lists = {
            what: _ids(line)
            for what in ("Added", "Changed", "Removed")
            for line in re.findall(rf"^- {what}: (.*)$", body, re.M)
        }
        versions.append((version, lists))
    return versions


def test_the_changelog_accounts_for_every_id_in_the_data(loaded):
    versions = changelog()
    assert versions[0][0] == loaded.data.data_version  # the newest entry is this data's
    added = set().union(*(v["Added"] for _, v in versions))
    removed = set().union(*(v["Removed"] for _, v in versions))
    data = loaded.data
    present = {r.id for r in data.relationships} | {q.id for q in all_quotes(data)}
    present |= {x.record_id for x in data.exclusions}
    assert present == added - removed
    assert not removed & present
    for ident in added | removed:  # every id listed was minted
        kind, number = parse_id(ident)
        assert number < getattr(data.next_ids, kind)


def test_the_changelog_parser_reads_ranges_and_single_ids():
    assert _ids("relationships r0001–r0003, r0007; quotes q0010") == {
        "r0001",
        "r0002",
        "r0003",
        "r0007",
        "q0010",
    }


def test_citation_cff_is_valid_and_names_this_data_version(loaded):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(loaded.data.data_version)}$", text, re.M)
    cffconvert = shutil.which("cffconvert", path=str(Path(sys.executable).parent))
    if cffconvert is None:
        pytest.skip("cffconvert is not installed (a development dependency)")
    done = subprocess.run(
        [cffconvert, "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_cffconvert_refuses_an_invalid_citation(tmp_path):
    cffconvert = shutil.which("cffconvert", path=str(Path(sys.executable).parent))
    if cffconvert is None:
        pytest.skip("cffconvert is not installed (a development dependency)")
    bad = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    bad.write_text(text.replace("license: CC-BY-4.0", "license: not-a-licence"), encoding="utf-8")
    done = subprocess.run(
        [cffconvert, "--validate", "-i", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0


def test_the_licences_are_apart_and_the_seeds_excluded():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    data = (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    assert code.startswith("MIT License") and "data/LICENSE.md" in code
    assert "CC BY 4.0" in data and "seeds/" in data and "Not covered" in data
