"""Typos: fuzzy matching on the distinctive core of a name, never on its generic words.

"Republic of Syria" is not a typo of "Republic of Serbia": the shared "Republic of" lends
no similarity, because similarity and edits are measured on the cores ("syria", "serbia")
alone, and a candidate's generic words must equal the typed ones exactly (text.split_generic).
A typed word that is itself a country's or the dataset's name ("Iran", "Iceland") is no
typo either: in a candidate, the word in its place must name the same ("Kurds of Iran" is
not "Kurds of Iraq"; "French Guyana" may be "French Guiana": "Guiana" also names Guyana).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from iraqrel.names.index import NameIndex
from iraqrel.names.similar import RANKED, most_like
from iraqrel.names.text import MIN_FUZZY_LENGTH, split_generic, typo_cores

if TYPE_CHECKING:
    from iraqrel.names.directory import Names

# Measured on tests/names.tsv and the peers' set (uv run python tests/bench.py names).
FUZZY_CUTOFF = 85.0  # Jaro-Winkler similarity of the cores, 0-100
FUZZY_MARGIN = 5.0  # over the best candidate that is a different entity
BEYOND_TYPOS = 99  # the edits of a candidate some word of which changed beyond a typo
TWO_EDITS_CUTOFF = 90.0  # two edits only in a close match: "North Caledonia" is 88
MAX_FUZZY_LENGTH = 80  # longer than any country name: not a typo of one


def max_edits(core: str, score: float = 100.0) -> int:
    """Typos forgiven: one edit in a short name, two in a longer one if it is close enough."""
    return 1 if len(core) <= 6 or score < TWO_EDITS_CUTOFF else 2


def _typo_sized(typed: list[str], choice: list[str]) -> bool:
    """Each word carries no more edits than a typo in a word of its length: "Côte Islands"
    is not "Cook Islands", nor "Sint Marino" "San Marino" (checked where words pair up)."""
    from rapidfuzz.distance import OSA

    if len(typed) != len(choice):
        return True  # "Saudiarabia": the edit limit on the whole core decides
    return all(OSA.distance(a, b) <= max_edits(a) for a, b in zip(typed, choice, strict=True))


class Candidate(NamedTuple):
    """One entity a typed name may be a typo of: its best similarity, and the edits needed."""

    id: str
    score: float  # Jaro-Winkler of the cores, 0-100
    edits: int  # optimal string alignment distance between the cores


class Typos:
    """Candidates for a typed name among the world's names and one dataset's."""

    def __init__(self, world: NameIndex, dataset: Names) -> None:
        self._world = world
        self._dataset = dataset
        self._codes = frozenset(world.codes)

    @cached_property
    def _world_cores(self) -> list[str]:
        """The world's cores long enough to be typed with a typo."""
        return typo_cores(self._world.cores.keys)

    def _ranked(self, core: str) -> list[tuple[str, float]]:
        """The RANKED cores most like `core`, the world's and the dataset's, best first, ties
        in key order."""
        found = dict(most_like(core, self._world_cores))
        found.update(self._dataset.most_like(core))
        return sorted(found.items(), key=lambda item: (-item[1], item[0]))[:RANKED]

    def _named(self, word: str) -> set[str]:
        """What a word names whole: a country, or a name in the dataset (codes aside)."""
        if len(word) < MIN_FUZZY_LENGTH or word in self._codes:
            return set()
        return self._world.ids("exact", word) | self._dataset.ids("local", word)

    def _keeps_names(self, typed: list[tuple[str, set[str]]], choice: list[str]) -> bool:
        """Every typed word that is a name (with what it names) stays that name, or becomes
        one sharing its entity."""
        for at, (word, named) in enumerate(typed):
            if named and word not in choice:
                other = choice[at] if len(choice) == len(typed) else ""
                if not named & self._named(other):
                    return False
        return True

    def candidates(self, key: str, typed_words: int) -> list[Candidate]:
        """Each entity `key` (a loose key) may be a typo of, best first.

        `typed_words`: how many words were typed ("EgyptIran" is two), never fewer than a
        candidate's, so two names typed are no typo of one.
        """
        from rapidfuzz.distance import OSA

        generic, core = split_generic(key)
        named = self._named(core)  # "Republic of Dominica" is Dominica or nothing
        if len(named) > 1:
            return []  # "republic Guiana": a typo does not settle what a name leaves open
        words = set(key.split())
        typed = [(word, self._named(word)) for word in core.split()]
        best: dict[str, Candidate] = {}
        for choice_core, similarity in self._ranked(core):
            if not self._keeps_names(typed, choice_core.split()):
                continue  # "Iran Kurds" is not "Iraqi Kurds": a typed name is no typo
            edits = OSA.distance(core, choice_core)
            if len(typed) > 1 and not _typo_sized(core.split(), choice_core.split()):
                edits = BEYOND_TYPOS  # still a suggestion ("lybia": Libya), never an answer
            for choice in self._keys_of(choice_core):
                others = set(choice.split())
                if split_generic(choice)[0] != generic or typed_words > len(choice.split()):
                    continue
                if words < others or others < words:
                    continue  # a word added or dropped ("N Ireland" / "Ireland") is no typo
                for ident in self._ids(choice) & named if named else self._ids(choice):
                    found = Candidate(ident, similarity * 100, edits)
                    if ident not in best or (found.score, -edits) > (
                        best[ident].score,
                        -best[ident].edits,
                    ):
                        best[ident] = found
        return sorted(best.values(), key=lambda c: (-c.score, c.edits, c.id))

    def _keys_of(self, core: str) -> list[str]:
        return [*self._world.cores.get(core), *self._dataset.cores.get(core)]

    def _ids(self, loose_key: str) -> set[str]:
        return self._world.ids("loose", loose_key) | self._dataset.ids("loose", loose_key)
