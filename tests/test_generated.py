"""Issue 18: large name sets generated from maintained data give no wrong country.

The sets and their oracle are in generated_names.py. Counts are printed by
`uv run python tests/bench.py names`.
"""

from __future__ import annotations

from collections import Counter

import generated_names as gen
import pytest

from iraqrel.names.answer import Resolution, Target
from iraqrel.names.resolver import Resolver


@pytest.fixture(scope="module")
def resolver(loaded) -> Resolver:
    return Resolver(loaded)


@pytest.fixture(scope="module")
def cases() -> list[gen.Case]:
    return gen.every_case()


def test_the_sets_are_generated_whole_from_the_data(cases):
    import pycountry

    groups = Counter(c.group for c in cases)
    subdivisions = {(s.name, s.country_code) for s in pycountry.subdivisions}
    assert groups["subdivision"] == len(subdivisions) > 5000
    countries = len(gen.short_names())
    assert countries == len(pycountry.countries)
    assert groups["template"] >= 5 * countries and groups["compass"] >= 4 * countries
    assert groups["swap"] > 100 and groups["replace"] > 3000 and groups["capital"] > 200


def test_no_generated_name_answers_a_wrong_country(resolver, cases):
    counts, wrong = gen.measure(resolver, cases)
    assert wrong == []
    verdicts = Counter(verdict for (_, verdict), n in counts.items() for _ in range(n))
    assert verdicts["place"] > 4000 and verdicts["right"] > 1000  # refusing all is no answer


class _Says:
    """A resolver stand-in that gives one answer to everything."""

    def __init__(self, real: Resolver, status: str, ident: str) -> None:
        self.directory = real.directory
        self._answer = Resolution("", status, Target(ident, ident, "country"), "fuzzy", 96)  # type: ignore[arg-type]

    def resolve(self, query: str) -> Resolution:
        return self._answer


@pytest.mark.parametrize(
    ("name", "group", "right", "status", "ident", "verdict"),
    [
        ("Republic of Syria", "template", {"SYR"}, "no-data", "SRB", "wrong"),
        ("Republic of Syria", "template", {"SYR"}, "documented", "SYR", "right"),
        ("North Africa", "compass", set(), "no-data", "ZAF", "wrong"),
        ("Colombo", "capital", {"LKA"}, "place", "LKA", "place"),
        ("Colombo", "capital", {"LKA"}, "place", "COL", "wrong"),
        ("Georgia", "subdivision", {"USA"}, "no-data", "GEO", "right"),  # a country's name
        ("Government of Iran", "template", {"IRN"}, "actor", "baghdad", "wrong"),
        ("Government of Iraq", "template", {"IRQ"}, "actor", "baghdad", "right"),
    ],
)
def test_the_oracle_tells_a_wrong_country(resolver, name, group, right, status, ident, verdict):
    case = gen.Case(name, group, frozenset(right))
    assert gen.judge(_Says(resolver, status, ident), case)[0] == verdict  # type: ignore[arg-type]
