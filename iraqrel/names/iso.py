"""ISO 3166 as pycountry ships it, read from its data files without importing pycountry.

pycountry's package init looks up its own version through importlib.metadata and
importlib.resources, which costs about 20 ms before a country is read; its countries are
the entries of `databases/iso3166-1.json` in file order, read here the same way (test_iso
holds the two equal). `find_spec` locates the package without running it.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from gettext import GNUTranslations


class Country(msgspec.Struct, frozen=True):
    """An ISO 3166-1 entry: the fields of pycountry's Country that iraqrel reads."""

    alpha_2: str
    alpha_3: str
    name: str
    official_name: str | None = None
    common_name: str | None = None


class FormerCountry(msgspec.Struct, frozen=True):
    """An ISO 3166-3 entry (a country withdrawn from ISO 3166-1)."""

    alpha_4: str
    name: str
    withdrawal_date: str = ""


@cache
def pycountry_folder() -> Path:
    """Where pycountry is installed."""
    spec = find_spec("pycountry")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pycountry is not installed", name="pycountry")
    return Path(spec.origin).parent


def database(name: str) -> Path:
    """pycountry's data file of one standard ("iso3166-1")."""
    return pycountry_folder() / "databases" / f"{name}.json"


def arabic_catalog() -> Path:
    """pycountry's Arabic translations of the ISO 3166-1 names (a gettext catalog)."""
    return pycountry_folder() / "locales" / "ar" / "LC_MESSAGES" / "iso3166-1.mo"


def data_files() -> list[Path]:
    """Every file of pycountry's that the functions here read."""
    return [database("iso3166-1"), database("iso3166-3"), arabic_catalog()]


@cache
def countries() -> tuple[Country, ...]:
    """Every current country (ISO 3166-1), in pycountry's order."""
    data = database("iso3166-1").read_bytes()
    return tuple(msgspec.json.decode(data, type=dict[str, list[Country]])["3166-1"])


@cache
def former_countries() -> tuple[FormerCountry, ...]:
    """Every former country (ISO 3166-3), in pycountry's order."""
    data = database("iso3166-3").read_bytes()
    return tuple(msgspec.json.decode(data, type=dict[str, list[FormerCountry]])["3166-3"])


def arabic_translation() -> GNUTranslations:
    """pycountry's Arabic names of the ISO 3166-1 countries."""
    from gettext import GNUTranslations

    with arabic_catalog().open("rb") as catalog:
        return GNUTranslations(catalog)
