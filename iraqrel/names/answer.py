"""What the resolver answers: a target, how it matched, or why nothing matched."""

from __future__ import annotations

from typing import Literal

import msgspec

Status = Literal[
    "documented", "actor", "mentioned", "no-data", "subject", "place", "ambiguous", "unknown"
]
ACTOR_KIND = "iraqi-actor"  # one of Iraq's own actors: the government, Erbil, Sunnis, militias
MENTION_KIND = "mentioned"  # a name the sources mention without a relationship


class Target(msgspec.Struct, frozen=True):
    id: str
    name: str
    kind: str


class Resolution(msgspec.Struct, frozen=True):
    """What a typed name means. `place`: a place in `target`, the country, not the country.

    `reason` says why a name known not to be a country is refused, or what place it is.
    """

    query: str
    status: Status
    target: Target | None = None
    method: str | None = None
    score: float | None = None
    candidates: tuple[Target, ...] = ()
    reason: str | None = None

    @property
    def exact(self) -> bool:
        return self.method is not None and self.method != "fuzzy"


class Mention(msgspec.Struct, frozen=True):
    """A name the resolver recognizes in a source text."""

    start: int
    end: int
    text: str
    ids: frozenset[str]
