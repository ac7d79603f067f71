"""Every country's COW, Gleditsch-Ward and ISO numeric codes are countrycode's, not typed."""

from __future__ import annotations

import json

import country_codes
import pytest

from iraqrel.records import shipped_data_path


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(shipped_data_path().read_text(encoding="utf-8"))


def test_every_countrys_codes_match_the_crosswalk(raw):
    table = country_codes.crosswalk()
    found = list(country_codes.countries(raw))
    assert len(found) == 19  # Iraq, 12 country entities, 6 mentioned countries
    for record in found:
        assert record["codes"] == table[record["id"]], record["id"]
    assert country_codes.coded(raw)[1] == []


def test_nothing_but_a_country_carries_codes(raw):
    others = [e for e in raw["entities"] if e["kind"] != "country"]
    others += [x for x in raw["exclusions"] if not x.get("id")]
    assert others and not [r.get("name") for r in others if "codes" in r]


def test_the_letter_codes_are_each_schemes_own(raw):
    """COW's and GW's letters differ from ISO alpha-3 where the schemes differ."""
    by_id = {r["id"]: r["codes"] for r in country_codes.countries(raw)}
    assert by_id["IRQ"] == {"cown": 645, "cowc": "IRQ", "gwn": 645, "gwc": "IRQ", "iso3n": 368}
    assert by_id["FRA"]["cowc"] == "FRN" and by_id["GBR"]["cowc"] == "UKG"
    differ = [i for i, c in by_id.items() if c["cowc"] != i]
    assert set(differ) >= {"FRA", "GBR", "ESP", "KWT", "LBN"}


def test_a_code_changed_by_hand_is_caught(raw):
    edited = json.loads(json.dumps(raw))
    edited["entities"][0]["codes"]["cown"] = 3
    assert country_codes.coded(edited)[1] == [edited["entities"][0]["id"]]
