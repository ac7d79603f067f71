"""What the resolver answers: a target, how it matched, or why nothing matched."""

from __future__ import annotations

from typing import Literal

import msgspec

from iraqrel.errors import NameAmbiguous, NameIsPlace, NameNotFound

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

    def raise_if_unresolved(self) -> None:
        """An ambiguous, unknown or place name is an error (exit 3, 1 or 6) that names the
        candidates, the reason it was refused, or the place's country."""
        names = ", ".join(f"{c.name} ({c.id})" for c in self.candidates)
        shown = self.query if len(self.query) <= 60 else self.query[:59] + "…"
        if self.status == "ambiguous":
            raise NameAmbiguous(f"{shown!r} could mean {names}; give the full name or the id")
        if self.status == "place" and self.target:
            country = f"{self.target.name} ({self.target.id})"
            raise NameIsPlace(f"{shown!r} is a place in {country}, not a country or group")
        if self.status == "unknown":
            hint = f"; did you mean {names}?" if names else "; try 'iraqrel list' for every name"
            why = f": {self.reason}" if self.reason else hint
            raise NameNotFound(f"{shown!r} matches no country, organization or group{why}")


class Mention(msgspec.Struct, frozen=True):
    """A name the resolver recognizes in a source text."""

    start: int
    end: int
    text: str
    ids: frozenset[str]
