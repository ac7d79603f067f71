"""Name resolution: what a typed name means, or an honest refusal.

Order: the dataset's own names (no country data loaded), then the world's country names and
their written variants, then fuzzy matching with an edit limit and a margin. See README,
"How names are matched".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from typing import Literal

import msgspec

from iraqrel.errors import NameAmbiguous, NameNotFound
from iraqrel.names.codes import code_table, scheme_and_code
from iraqrel.names.index import (
    DatasetNames,
    NameIndex,
    Table,
    build_dataset,
    built_world_index,
    dataset_names,
    token_key,
    world_index,
)
from iraqrel.names.text import (
    Typed,
    fold,
    is_exclusion,
    is_time_qualifier,
    loose,
    name_forms,
    qualified,
    without_islands,
)
from iraqrel.names.world import SOVEREIGN
from iraqrel.records import Entity, Loaded, mention_id

Status = Literal["documented", "actor", "mentioned", "no-data", "subject", "ambiguous", "unknown"]
ACTOR_KIND = "iraqi-actor"  # one of Iraq's own actors: the government, Erbil, Sunnis, militias
MENTION_KIND = "mentioned"  # a name the sources mention without a relationship

# Measured on tests/names.tsv and the peers' set (uv run python tests/bench.py names).
FUZZY_CUTOFF = 85.0  # Jaro-Winkler similarity, 0-100
FUZZY_MARGIN = 5.0  # over the best candidate that is a different entity
SUGGEST_CUTOFF = 75.0
MIN_FUZZY_LENGTH = 4  # inputs of 3 characters or fewer are never fuzzy-matched
MAX_FUZZY_LENGTH = 80  # longer than any country name: not a typo of one
# "IS" is Iceland's ISO code and the Islamic State's abbreviation: never guess between them.
SHARED_SHORT_NAMES: dict[str, tuple[str, ...]] = {"is": ("ISIS", "ISL")}

_WORD = re.compile(r"[^\W_]+")


def max_edits(key: str) -> int:
    """Typos forgiven: one edit in a short name, two in a longer one."""
    return 1 if len(key) <= 6 else 2


class Target(msgspec.Struct, frozen=True):
    id: str
    name: str
    kind: str


class Resolution(msgspec.Struct, frozen=True):
    query: str
    status: Status
    target: Target | None = None
    method: str | None = None
    score: float | None = None
    candidates: tuple[Target, ...] = ()

    @property
    def exact(self) -> bool:
        return self.method is not None and self.method != "fuzzy"

    def raise_if_unresolved(self) -> None:
        """An ambiguous or unknown name is an error (exit 3 or 1) that names the candidates."""
        names = ", ".join(f"{c.name} ({c.id})" for c in self.candidates)
        shown = self.query if len(self.query) <= 60 else self.query[:59] + "…"
        if self.status == "ambiguous":
            raise NameAmbiguous(f"{shown!r} could mean {names}; give the full name or the id")
        if self.status == "unknown":
            hint = f"; did you mean {names}?" if names else "; try 'iraqrel list' for every name"
            raise NameNotFound(f"{shown!r} matches no country, organization or group{hint}")


class Mention(msgspec.Struct, frozen=True):
    """A name the resolver recognizes in a source text."""

    start: int
    end: int
    text: str
    ids: frozenset[str]


class Resolver:
    """Resolves names against one loaded dataset and, when needed, the world's countries.

    `cached`: read and write the on-disk name caches; verify passes False to build afresh.
    """

    def __init__(self, loaded: Loaded, cached: bool = True) -> None:
        self._loaded = loaded
        self._subject = loaded.data.subject
        self._cached = cached

    @cached_property
    def directory(self) -> dict[str, tuple[Target, tuple[str, ...]]]:
        """Every id the dataset names -> its target and its written names.

        Iraq, the counterparts, Iraq's own actors, and the names mentioned without a
        relationship (an ISO-coded one resolves as its country, with the mention attached).
        """
        found: dict[str, tuple[Target, tuple[str, ...]]] = {}
        for entity in [self._subject, *self._loaded.data.entities]:
            found[entity.id] = (
                Target(entity.id, entity.name, entity.kind),
                tuple(self._written_names(entity)),
            )
        for actor in self._loaded.data.actors:
            found[actor.id] = (
                Target(actor.id, actor.name, ACTOR_KIND),
                (actor.id, actor.name, *actor.aliases),
            )
        for ex in self._loaded.data.exclusions:
            if ex.id is None:
                ident = mention_id(ex.name)
                found[ident] = (Target(ident, ex.name, MENTION_KIND), (ident, ex.name, *ex.aliases))
            else:
                found[ex.id] = (Target(ex.id, ex.name, "country"), (ex.id, ex.name, *ex.aliases))
        return found

    def _local_names(self) -> list[tuple[str, str]]:
        """Every (written name, id) pair the dataset's tables are built from."""
        return [(w, ident) for ident, (_, names) in self.directory.items() for w in names]

    @cached_property
    def _names(self) -> DatasetNames:
        """The dataset's folded tables, from the on-disk cache when it holds these names."""
        if not self._cached:
            return build_dataset(self._local_names())
        return dataset_names(self._loaded.path, self._loaded.fingerprint, self._local_names)

    @property
    def _local(self) -> Table:
        """The dataset's names, folded; marked Arabic names wait for the world tier."""
        return self._names.local

    @cached_property
    def _world(self) -> NameIndex:
        """The world's tables, read once per resolver: no process-wide state to reset."""
        return world_index() if self._cached else built_world_index()

    @staticmethod
    def _written_names(entity: Entity) -> list[str]:
        return [entity.id, entity.name, *entity.aliases]

    # --- targets -------------------------------------------------------------------------

    def target(self, ident: str) -> Target:
        known = self.directory.get(ident)
        if known is not None:
            return known[0]
        return Target(ident, self._world.display.get(ident, ident), "country")

    def _answer(self, query: str, ids: Iterable[str], method: str, score: float) -> Resolution:
        targets = tuple(sorted((self.target(i) for i in ids), key=lambda t: t.name))
        if len(targets) > 1:
            return Resolution(query, "ambiguous", method=method, score=score, candidates=targets)
        (target,) = targets
        if target.id == self._subject.id:
            status: Status = "subject"
        elif target.id in self._loaded.entities:
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
        targets = [self.directory[i][0] for i in ids]
        if any(key == fold(t.id) for t in targets):
            return "id"
        return "name" if any(key == fold(t.name) for t in targets) else "alias"

    # --- the world's tables (cached on disk) and the dataset's, looked up together ---------

    @property
    def _dataset_index(self) -> DatasetNames:
        return self._names

    @cached_property
    def _codes_by_scheme(self) -> dict[tuple[str, str], str]:
        return code_table(self._loaded)

    @cached_property
    def _codes(self) -> frozenset[str]:
        """Keys that are ISO codes and not also a name or alias in the dataset."""
        return frozenset(self._world.codes) - set(self._local.keys)

    def _ids(self, table: str, key: str) -> set[str]:
        return self._world.ids(table, key) | self._dataset_index.ids(table, key)

    def _words_of(self, ident: str) -> set[str]:
        return set(self._world.words.get(ident, ())) | set(self._dataset_index.words.get(ident))

    def world_ids(self, name: str) -> set[str]:
        """The countries whose own names (not the dataset's) are exactly `name`."""
        return self._world.ids("plain", fold(name))

    @cached_property
    def _fuzzy_choices(self) -> tuple[list[str], list[str]]:
        """Loose keys of every name but codes, the world's and the dataset's, each sorted.

        Typos are judged after abbreviations. Two lists, so the dataset's keys come straight
        from its cached table, with no merging or id lookups per key.
        """
        world = sorted(k for k in self._world.loose if len(k) >= MIN_FUZZY_LENGTH)
        local = [k for k in self._dataset_index.loose.keys if len(k) >= MIN_FUZZY_LENGTH]
        return world, local

    def _ranked(self, key: str) -> list[tuple[str, float]]:
        """The 25 keys most like `key`, best first, ties in key order."""
        from rapidfuzz import process
        from rapidfuzz.distance import JaroWinkler

        found: dict[str, float] = {}
        for keys in self._fuzzy_choices:
            for choice, similarity, _ in process.extract(
                key,
                keys,
                scorer=JaroWinkler.normalized_similarity,
                limit=25,
                score_cutoff=SUGGEST_CUTOFF / 100,
            ):
                found[choice] = similarity
        return sorted(found.items(), key=lambda item: (-item[1], item[0]))[:25]

    def _exact_world(self, name: str) -> tuple[set[str], str] | None:
        for form in name_forms(name):
            key = fold(form)
            loose_key = loose(key)
            for table, method, probe in (
                ("exact", "name", key),
                ("loose", "variant", loose_key),
                ("tokens", "variant", token_key(loose_key)),
            ):
                ids = self._ids(table, probe)
                if ids:
                    return ids, method
        return None

    # --- resolution ------------------------------------------------------------------------

    def resolve(self, query: str) -> Resolution:
        """What `query` names; never a guess between two different entities."""
        coded = scheme_and_code(query)
        if coded is not None:  # "cow:645": a code with its scheme, never a bare number
            ident = self._codes_by_scheme.get(coded)
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
            ids = self._dataset_index.ids("marked", marked) or self._world.ids("marked", marked)
            if ids:
                return self._answer(query, ids, "alias", 100)
        ids = set(self._local.get(key))
        if ids:
            owner = {i for i in ids if fold(i) == key}  # an id beats another's alias
            ids = owner if len(owner) == 1 else ids
            return self._answer(query, ids, self._local_method(key, ids), 100)
        return self._resolve_world(query, typed)

    def _resolve_world(self, query: str, typed: Typed) -> Resolution:
        name = typed.repaired
        found = self._exact_world(name) or self._exact_world(without_islands(name))
        if found:
            return self._answer(query, found[0], found[1], 100)
        split = qualified(name)
        if split:
            ids = self._qualified(*split, excluding=is_exclusion(name))
            if ids:
                return self._answer(query, ids, "variant", 100)
        return self._fuzzy(query, loose(fold(name)), typed.words)

    def _qualified(self, head: str, qualifier: str, excluding: bool) -> set[str]:
        """A head name narrowed by its qualifier, or nothing when the qualifier is unclear.

        "Guam (US)": the qualifier names the head's sovereign. "China excluding Taiwan": it
        names what the head leaves out. "Saint Martin (Dutch)" and "Korea, Dem. Rep.": it
        picks one of the head's candidates. Any other country ("Iran, Iraq") contradicts it.
        """
        found = self._exact_world(head)
        if found:
            ids = found[0]
        else:
            guess = self._fuzzy(head, loose(fold(head)), Typed(head).words)
            ids = {guess.target.id} if guess.target else set()
        if len(ids) == 1:
            named = self._exact_world(qualifier)
            (ident,) = ids
            fits = named is not None and (excluding or named[0] <= {ident, SOVEREIGN.get(ident)})
            return ids if is_time_qualifier(qualifier) or fits else set()
        wanted = set(loose(fold(qualifier)).split())
        picked = {i for i in ids if wanted and wanted <= self._words_of(i)}
        return picked if len(picked) == 1 else set()

    def _fuzzy(self, query: str, key: str, typed_words: int) -> Resolution:
        """A typo of one name, `typed_words` words long, or an honest refusal."""
        if not MIN_FUZZY_LENGTH <= len(key.replace(" ", "")) <= MAX_FUZZY_LENGTH:
            return Resolution(query, "unknown")
        from rapidfuzz.distance import OSA

        best_by_id: dict[str, tuple[float, int]] = {}
        words = set(key.split())
        for choice, similarity in self._ranked(key):
            if words < set(choice.split()) or set(choice.split()) < words:
                continue  # a word added or dropped ("N Ireland" / "Ireland") is no typo
            if typed_words > len(choice.split()):
                continue  # two names typed ("Egypt Iran") are no typo of one ("Egyptian")
            edits = OSA.distance(key, choice)
            for ident in self._ids("loose", choice):
                score = similarity * 100
                if ident not in best_by_id or (score, -edits) > (
                    best_by_id[ident][0],
                    -best_by_id[ident][1],
                ):
                    best_by_id[ident] = (score, edits)
        ordered = sorted(best_by_id.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))
        if not ordered:
            return Resolution(query, "unknown")
        best_id, (best_score, best_edits) = ordered[0]
        if best_score < FUZZY_CUTOFF or best_edits > max_edits(key):  # suggest, fewest edits first
            closest = sorted(ordered[:3], key=lambda item: (item[1][1], -item[1][0]))
            return Resolution(query, "unknown", candidates=self._targets(closest))
        # A rival is as close by similarity and needs no more edits than the best.
        rivals = [
            item
            for item in ordered[1:]
            if best_score - item[1][0] < FUZZY_MARGIN and item[1][1] <= best_edits
        ]
        if rivals:
            return Resolution(
                query,
                "ambiguous",
                method="fuzzy",
                score=round(best_score),
                candidates=self._targets([ordered[0], *rivals][:3]),
            )
        return self._answer(query, [best_id], "fuzzy", round(best_score))

    def _targets(self, ranked: Iterable[tuple[str, tuple[float, int]]]) -> tuple[Target, ...]:
        return tuple(self.target(ident) for ident, _ in ranked)

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
                short = len(key) <= 3 or key in self._codes
                if ids and (not short or surface.isupper()):
                    mentions.append(Mention(start, end, surface, frozenset(ids)))
                    i += n
                    break
            else:
                i += 1
        return mentions
