"""names/iso.py reads pycountry's data files as pycountry's own API reads them."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from iraqrel.names import iso

COUNTRY_FIELDS = ("alpha_2", "alpha_3", "name", "official_name", "common_name")
FORMER_FIELDS = ("alpha_4", "name", "withdrawal_date")


@pytest.fixture(scope="module")
def pycountry() -> ModuleType:
    """pycountry's own API, the reference (the CLI never imports it)."""
    import pycountry

    return pycountry


def _fields(entry: object, names: tuple[str, ...]) -> tuple[str | None, ...]:
    return tuple(getattr(entry, name, None) for name in names)


def test_the_countries_are_pycountrys_in_its_order(pycountry: ModuleType):
    ours = [_fields(c, COUNTRY_FIELDS) for c in iso.countries()]
    assert ours == [_fields(c, COUNTRY_FIELDS) for c in pycountry.countries]
    assert len(ours) > 240 and any(c.common_name for c in iso.countries())


def test_the_former_countries_are_pycountrys_in_its_order(pycountry: ModuleType):
    ours = [_fields(c, FORMER_FIELDS) for c in iso.former_countries()]
    assert ours == [_fields(c, FORMER_FIELDS) for c in pycountry.historic_countries]
    assert ours and all(withdrawn for *_, withdrawn in ours)


def test_the_data_files_are_where_pycountry_reads_them(pycountry: ModuleType):
    assert iso.database("iso3166-1") == Path(pycountry.DATABASE_DIR) / "iso3166-1.json"
    assert iso.pycountry_folder() / "locales" == Path(pycountry.LOCALES_DIR)


def test_the_arabic_names_are_pycountrys(pycountry: ModuleType):
    import gettext

    theirs = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    ours = iso.arabic_translation()
    written = [(c.name, getattr(c, "official_name", None)) for c in pycountry.countries]
    names = [name for pair in written for name in pair if name]
    translated = [ours.gettext(name) for name in names]
    assert translated == [theirs.gettext(name) for name in names]
    assert sum(t != n for t, n in zip(translated, names, strict=True)) > 200  # in Arabic


def test_without_pycountry_no_folder_is_guessed(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(iso, "find_spec", lambda name: None)
    iso.pycountry_folder.cache_clear()  # a folder found earlier is remembered
    with pytest.raises(ModuleNotFoundError, match="pycountry"):
        iso.pycountry_folder()
