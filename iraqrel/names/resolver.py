"""Name resolution: what a typed name means, or an honest refusal.

Order: the dataset's own names (no country data loaded), then the world's country names and
their written variants, then names known not to be countries (people, groups, regions,
former states, places), then a form of state around a name ("Republic of Syria"), then
fuzzy matching of the distinctive core with an edit limit and a margin. See README,
"How names are matched".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property

import msgspec

from iraqrel.names.answer import (
    ACTOR_KIND,
    MENTION_KIND,
    Mention,
    Resolution,
    Status,
    Target,
)
from iraqrel.names.codes import scheme_and_code
from iraqrel.names.directory import Directory, Entry, LoadedDirectory, Lookup, Names
from iraqrel.names.fuzzy import (
    FUZZY_CUTOFF,
    FUZZY_MARGIN,
    MAX_FUZZY_LENGTH,
    Candidate,
    Typos,
    max_edits,
)
from iraqrel.names.index import (
    NameIndex,
    built_world_index,
    token_key,
    world_index,
)
from iraqrel.names.places import find_place
from iraqrel.names.text import (
    ANY_STATE_WORDS,
    FORM_WORDS,
    MIN_FUZZY_LENGTH,
    Typed,
    fold,
    is_exclusion,
    is_time_qualifier,
    loose,
    name_forms,
    qualified,
    split_generic,
    without_islands,
)
from iraqrel.names.world import SOVEREIGN
from iraqrel.records import Loaded

# "IS" is Iceland's ISO code and the Islamic State's abbreviation: never guess between them.
SHARED_SHORT_NAMES: dict[str, tuple[str, ...]] = {"is": ("ISIS", "ISL")}
REGION = "a world region, not a country"

_WORD = re.compile(r"[^\W_]+")
_CODE_LIKE = re.compile(r"[a-z]{2,3}")


class Resolver:
    """Resolves names against one dataset (loaded, or its directory) and, when needed, the
    world's countries.

    `cached`: read and write the on-disk name caches; verify passes False to build afresh.
    """

    def __init__(self, dataset: Loaded | Directory, cached: bool = True) -> None:
        self._dataset = LoadedDirectory(dataset, cached) if isinstance(dataset, Loaded) else dataset
        self._cached = cached

    @property
    def directory(self) -> dict[str, Entry]:
        """Every id a loaded dataset names -> its target and its written names (verify and
        the curator's scans read them all; an index is read key by key, and lists none)."""
        if not isinstance(self._dataset, LoadedDirectory):
            raise TypeError("only a resolver on a loaded dataset lists every id")
        return self._dataset.entries()

    @property
    def _names(self) -> Names:
        return self._dataset.names

    @property
    def _local(self) -> Lookup:
        """The dataset's names, folded; marked Arabic names wait for the world tier."""
        return self._names.local

    @cached_property
    def _world(self) -> NameIndex:
        """The world's tables, read once per resolver: no process-wide state to reset."""
        return world_index() if self._cached else built_world_index()

    # --- targets -------------------------------------------------------------------------

    def target(self, ident: str) -> Target:
        known = self._dataset.entry(ident)
        if known is not None:
            return known[0]
        return Target(ident, self._world.display.get(ident, ident), "country")

    def _answer(self, query: str, ids: Iterable[str], method: str, score: float) -> Resolution:
        targets = tuple(sorted((self.target(i) for i in ids), key=lambda t: t.name))
        if len(targets) > 1:
            return Resolution(query, "ambiguous", method=method, score=score, candidates=targets)
        (target,) = targets
        if target.id == self._dataset.subject:
            status: Status = "subject"
        elif self._dataset.counterpart(target.id):
            status = "documented"
        elif target.kind == ACTOR_KIND:
            status = "actor"
        elif target.kind == MENTION_KIND:
            status = "mentioned"
        else:
            status = "no-data"
        return Resolution(query, status, target, method, score)

    def _local_method(self, key: str, ids: set[str]) -> str:
        """How an exact dataset hit matched: its id, its canonical name, or an alias."""
        targets = [self.target(i) for i in ids]
        if any(key == fold(t.id) for t in targets):
            return "id"
        return "name" if any(key == fold(t.name) for t in targets) else "alias"

    # --- the world's tables (cached on disk) and the dataset's, looked up together ---------

    @cached_property
    def _all_codes(self) -> frozenset[str]:
        """Keys that are ISO codes."""
        return frozenset(self._world.codes)

    def _is_code(self, key: str) -> bool:
        """Whether `key` is an ISO code and not also a name or alias in the dataset."""
        return key in self._all_codes and not self._local.get(key)

    def _ids(self, table: str, key: str) -> set[str]:
        return self._world.ids(table, key) | self._names.ids(table, key)

    def _words_of(self, ident: str) -> set[str]:
        return set(self._world.words.get(ident)) | set(self._names.words.get(ident))

    def world_ids(self, name: str) -> set[str]:
        """The countries whose own names (not the dataset's) are exactly `name`."""
        return self._world.ids("plain", fold(name))

    @cached_property
    def _typos(self) -> Typos:
        return Typos(self._world, self._names)

    def _exact_world(
        self, name: str, ids: Callable[[str, str], set[str]] | None = None
    ) -> tuple[set[str], str] | None:
        """A written name or variant; words in another order only around a core ("Arabia
        Saudi"), never generic words alone ("State of Islamic" is not the Islamic State).
        `ids` looks a key up (the world's and the dataset's tables by default)."""
        for form in name_forms(name):
            key = fold(form)
            loose_key = loose(key)
            reordered = token_key(loose_key) if split_generic(loose_key)[1] else ""
            for table, method, probe in (
                ("exact", "name", key),
                ("loose", "variant", loose_key),
                ("tokens", "variant", reordered),
            ):
                found = (ids or self._ids)(table, probe)
                if found:
                    return found, method
        return None

    # --- resolution ------------------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        """What `query` names; never a guess between two different entities."""
        coded = scheme_and_code(query)
        if coded is not None:  # "cow:645": a code with its scheme, never a bare number
            ident = self._dataset.coded(coded)
            return (
                self._answer(query, [ident], "code", 100) if ident else Resolution(query, "unknown")
            )
        typed = Typed(query)
        key = typed.key
        if not key:
            return Resolution(query, "unknown")
        if key in SHARED_SHORT_NAMES:
            return self._answer(query, SHARED_SHORT_NAMES[key], "name", 100)
        if typed.marked:
            # Marks decide: "عمّان" (shadda) is Amman, "عُمان" (damma) is Oman.
            marked = typed.marked
            ids = self._names.ids("marked", marked) or self._world.ids("marked", marked)
            if ids:
                return self._answer(query, ids, "alias", 100)
        ids = set(self._local.get(key))
        if ids:
            owner = {i for i in ids if fold(i) == key}  # an id beats another's alias
            ids = owner if len(owner) == 1 else ids
            method = self._local_method(key, ids)
            # "AQ" is al-Qaeda's id and Antarctica's code: like "IS", never guess between them
            return self._answer(query, ids | self._coded(key), method, 100)
        return self._resolve_world(query, typed)

    def _coded(self, key: str) -> set[str]:
        """The countries whose ISO code is `key`; the world loads only for code-like keys."""
        if not _CODE_LIKE.fullmatch(key):
            return set()
        return self._world.ids("exact", key) if key in self._all_codes else set()

    def _resolve_world(self, query: str, typed: Typed) -> Resolution:
        name = typed.repaired
        found = self._exact_world(name)
        if found and not name.isascii() and self._is_code(fold(name)):
            found = None  # "Muş" (a Turkish province) is not "MUS" (Mauritius' code)
        found = found or self._islands(name)
        if found:
            return self._answer(query, *found, 100)
        known = self._not_a_country(query, name)
        if known:
            return known
        split = qualified(name)
        if split:
            head = self._qualified(*split, excluding=is_exclusion(name))
            if isinstance(head, Resolution):
                return msgspec.structs.replace(head, query=query)
            if head:
                return self._answer(query, *head)
        return self._unqualified(query, name, typed.words)

    def _islands(self, name: str) -> tuple[set[str], str] | None:
        """ "Fiji Islands": a country's own name and a generic suffix; the dataset's names
        are no head ("West Island" is not the West, nor "French Islands" France)."""
        head = without_islands(name)
        found = self._exact_world(head, self._world.ids) if head != name else None
        ids = found[0] - self._coded(fold(head)) if found else set()
        return (ids, "variant") if ids else None

    def _not_a_country(self, query: str, name: str) -> Resolution | None:
        """A person, group, region, former state or place: refused, or a place in a country."""
        key = loose(fold(name))
        reason = self._world.refused.get(key)
        if reason:
            return Resolution(query, "unknown", reason=reason[0])
        place = find_place(key) if len(key) >= MIN_FUZZY_LENGTH else None  # "AN", "Ur"
        if place is None:
            return None
        if place.kind == "region":
            return Resolution(query, "unknown", reason=REGION)
        if place.country is None:
            names = ", ".join(self.target(c).name for c in place.countries[:5])
            more = ", ..." if len(place.countries) > 5 else ""
            return Resolution(
                query, "unknown", reason=f"a place in several countries: {names}{more}"
            )
        country = self.target(place.country)
        return Resolution(
            query, "place", country, "place", 100, reason=f"a place in {country.name}"
        )

    def _qualified(
        self, head: str, qualifier: str, excluding: bool
    ) -> tuple[set[str], str, float] | Resolution | None:
        """A head name narrowed by its qualifier: its ids, method and score; a refusal when the
        head is known not to be a country; None when the qualifier is unclear.

        "Guam (US)": the qualifier names the head's sovereign. "China excluding Taiwan": it
        names what the head leaves out. "Saint Martin (Dutch)" and "Korea, Dem. Rep.": it
        picks one of the head's candidates. Any other country ("Iran, Iraq") contradicts it.
        A head found by a typo keeps its fuzzy method and score ("Rusia (former)").
        """
        found = self._exact_world(head)
        method, score = "variant", 100.0
        if found:
            ids = found[0]
        else:
            guess = self._not_a_country(head, head) or self._unqualified(
                head, head, Typed(head).words
            )
            if guess.status in ("unknown", "place"):
                return Resolution(head, "unknown", reason=guess.reason) if guess.reason else None
            ids = {guess.target.id} if guess.target else set()
            method, score = guess.method or method, guess.score or score
        if len(ids) == 1:
            named = self._exact_world(qualifier)
            (ident,) = ids
            fits = named is not None and (excluding or named[0] <= {ident, SOVEREIGN.get(ident)})
            return (ids, method, score) if is_time_qualifier(qualifier) or fits else None
        wanted = set(loose(fold(qualifier)).split())
        picked = {i for i in ids if wanted and wanted <= self._words_of(i)}
        return (picked, method, score) if len(picked) == 1 else None

    def _unqualified(self, query: str, name: str, typed_words: int) -> Resolution:
        key = loose(fold(name))
        return self._formal(query, key) or self._fuzzy(query, key, typed_words)

    def _formal(self, query: str, key: str) -> Resolution | None:
        """ "Republic of Syria", "Iran government": a form of state around a name.

        The rest of the name must resolve exactly to one entity, not by a typo or an ISO code
        the dataset does not use; it answers only where that entity's own names carry every
        form-of-state word typed ("Kingdom of Togo" does not: Togo is a republic). A
        government or regime belongs to any state. Compass words stay in the rest ("Republic
        of South Korea"), so they never drop out.
        """
        words = key.split()
        form = {w for w in words if w in FORM_WORDS}
        rest = " ".join(w for w in words if w not in FORM_WORDS)
        if not form or not rest:
            return None
        inner = self.resolve(rest)
        if inner.status in ("unknown", "place"):
            return Resolution(query, "unknown", reason=inner.reason) if inner.reason else None
        if inner.target is None or inner.method == "fuzzy" or self._is_code(rest):
            return None  # a guess, two candidates, or a code ("republic Nam") is not enough
        if not form - ANY_STATE_WORDS <= self._words_of(inner.target.id):
            return None
        return self._answer(query, [inner.target.id], "variant", 100)

    def _fuzzy(self, query: str, key: str, typed_words: int) -> Resolution:
        """A typo of one name's distinctive core, `typed_words` words long ("EgyptIran" is
        two), or an honest refusal."""
        core = split_generic(key)[1]
        if not MIN_FUZZY_LENGTH <= len(core.replace(" ", "")) <= MAX_FUZZY_LENGTH:
            return Resolution(query, "unknown")
        ordered = self._typos.candidates(key, typed_words)
        if not ordered:
            return Resolution(query, "unknown")
        best = ordered[0]
        if best.score < FUZZY_CUTOFF or best.edits > max_edits(core, best.score):
            closest = sorted(ordered[:3], key=lambda c: (c.edits, -c.score))  # fewest edits first
            return Resolution(query, "unknown", candidates=self._targets(closest))
        # A rival is as close by similarity and needs no more edits than the best.
        rivals = [
            c for c in ordered[1:] if best.score - c.score < FUZZY_MARGIN and c.edits <= best.edits
        ]
        if rivals:
            return Resolution(
                query,
                "ambiguous",
                method="fuzzy",
                score=round(best.score),
                candidates=self._targets([best, *rivals][:3]),
            )
        return self._answer(query, [best.id], "fuzzy", round(best.score))

    def _targets(self, ranked: Iterable[Candidate]) -> tuple[Target, ...]:
        return tuple(self.target(c.id) for c in ranked)

    # --- scanning source text ------------------------------------------------------------

    def scan(self, text: str, max_words: int = 6) -> list[Mention]:
        """Every name in `text` that resolves exactly, longest first; for verify's coverage."""
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        mentions: list[Mention] = []
        i = 0
        while i < len(words):
            start = words[i][0]
            if not (text[start].isupper() or not text[start].isascii()):
                i += 1
                continue
            for n in range(min(max_words, len(words) - i), 0, -1):
                end = words[i + n - 1][1]
                surface = text[start:end]
                key = " ".join(fold(text[a:b]) for a, b in words[i : i + n])
                ids = set(self._local.get(key)) or self._ids("exact", key)
                short = len(key) <= 3 or self._is_code(key)
                if ids and (not short or surface.isupper()):
                    mentions.append(Mention(start, end, surface, frozenset(ids)))
                    i += n
                    break
            else:
                i += 1
        return mentions
