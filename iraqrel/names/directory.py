"""What a resolver knows of one dataset: every id it names, the folded tables of its names,
and the codes its countries carry.

A resolver reads them through `Directory`. `LoadedDirectory` answers from a loaded dataset;
the entity index (`cli/entity_index.py`) answers key by key from disk, so that resolving one
name never decodes a large dataset whole. Both are built by the code here, and a resolver
answers the same from either.
"""

from __future__ import annotations

from functools import cached_property
from typing import Protocol

from iraqrel.names.answer import ACTOR_KIND, MENTION_KIND, Target
from iraqrel.names.codes import code_table
from iraqrel.names.index import DatasetNames, build_dataset, dataset_names
from iraqrel.records import Loaded, mention_id

Entry = tuple[Target, tuple[str, ...]]  # an id's target, and every name written for it


class Lookup(Protocol):
    def get(self, key: str) -> list[str]: ...


class Names(Protocol):
    """A dataset's folded name tables, as `index.DatasetNames` holds them."""

    @property
    def local(self) -> Lookup: ...
    @property
    def words(self) -> Lookup: ...
    @property
    def cores(self) -> Lookup: ...

    def ids(self, table: str, key: str) -> set[str]: ...

    def most_like(self, core: str) -> list[tuple[str, float]]:
        """The dataset's typo cores most like `core`, as `similar.most_like` ranks them."""


class Directory(Protocol):
    """One dataset as a resolver reads it."""

    @property
    def subject(self) -> str:
        """Iraq's id."""

    @property
    def names(self) -> Names: ...

    def entry(self, ident: str) -> Entry | None:
        """The target `ident` names and its written names; None when the dataset has none."""

    def counterpart(self, ident: str) -> bool:
        """Whether `ident` is one of the dataset's entities (a counterpart of Iraq)."""

    def coded(self, scheme_code: tuple[str, str]) -> str | None:
        """The id of the dataset's country that carries this (scheme, code)."""


def entries_of(loaded: Loaded) -> dict[str, Entry]:
    """Every id the dataset names -> its target and its written names.

    Iraq, the counterparts, Iraq's own actors, and the names mentioned without a
    relationship (an ISO-coded one resolves as its country, with the mention attached).
    """
    data = loaded.data
    found: dict[str, Entry] = {}
    for entity in [data.subject, *data.entities]:
        found[entity.id] = (
            Target(entity.id, entity.name, entity.kind),
            (entity.id, entity.name, *entity.aliases),
        )
    for actor in data.actors:
        written = (actor.id, actor.name, *actor.aliases)
        found[actor.id] = (Target(actor.id, actor.name, ACTOR_KIND), written)
    for ex in data.exclusions:
        if ex.id is None:
            ident = mention_id(ex.name)
            found[ident] = (Target(ident, ex.name, MENTION_KIND), (ident, ex.name, *ex.aliases))
        else:
            found[ex.id] = (Target(ex.id, ex.name, "country"), (ex.id, ex.name, *ex.aliases))
    return found


def written_names(entries: dict[str, Entry]) -> list[tuple[str, str]]:
    """Every (written name, id) pair the dataset's name tables are built from."""
    return [(w, ident) for ident, (_, names) in entries.items() for w in names]


class LoadedDirectory:
    """A loaded dataset's directory. `cached`: its name tables come from the on-disk cache
    (and go into it); verify passes False to build them afresh."""

    def __init__(self, loaded: Loaded, cached: bool = True) -> None:
        self._loaded = loaded
        self._cached = cached
        self.subject = loaded.data.subject.id

    def entries(self) -> dict[str, Entry]:
        return self._entries

    @cached_property
    def _entries(self) -> dict[str, Entry]:
        return entries_of(self._loaded)

    def entry(self, ident: str) -> Entry | None:
        return self._entries.get(ident)

    @cached_property
    def names(self) -> DatasetNames:
        """The dataset's folded tables, from the on-disk cache when it holds these names."""
        if not self._cached:
            return build_dataset(written_names(self._entries))
        loaded = self._loaded
        return dataset_names(loaded.path, loaded.fingerprint, lambda: written_names(self._entries))

    def counterpart(self, ident: str) -> bool:
        return ident in self._loaded.entities

    @cached_property
    def _codes(self) -> dict[tuple[str, str], str]:
        return code_table(self._loaded)

    def coded(self, scheme_code: tuple[str, str]) -> str | None:
        return self._codes.get(scheme_code)
