"""The cores most like a typed one, by Jaro-Winkler similarity: over a list, or over a
large dataset's cores kept in buckets on disk, of which only those that can hold one of the
best are read.

The buckets make no answer differ from the list's. A bucket holds the cores of one length
and one set of character classes (`classes`); for a typed core, each bucket has a bound on
the similarity any of its cores can reach (`bound`). Buckets are read best bound first,
and reading stops when no bucket left can reach the RANKED best found so far; a bucket
whose classes share none with the typed core's cannot share a character, so it scores 0.

The bound: Jaro is (m/a + m/b + (m - t)/m) / 3 for m matching characters of lengths a and
b, t of them transposed; m is at most min(a, b) and t at least 0. Winkler adds
p * 0.1 * (1 - Jaro) for a common prefix of p <= 4 characters, only where Jaro exceeds 0.7
(rapidfuzz's JaroWinkler, the scorer used).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

SUGGEST_CUTOFF = 75.0  # the least similarity (0-100) of a core suggested or matched
RANKED = 25  # how many of the most similar cores are kept
_ROUNDING = 1e-9  # a bound is raised by this, so float rounding never makes it too low

Bucket = tuple[int, str]  # a length, and a set of character classes (`classes`)


def most_like(core: str, choices: list[str]) -> list[tuple[str, float]]:
    """The RANKED `choices` most like `core` (at least SUGGEST_CUTOFF), best first, ties in
    the order of `choices`."""
    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler

    found = process.extract(
        core,
        choices,
        scorer=JaroWinkler.normalized_similarity,
        limit=RANKED,
        score_cutoff=SUGGEST_CUTOFF / 100,
    )
    return [(choice, similarity) for choice, similarity, _ in found]


def classes(text: str) -> str:
    """Which classes of character `text` holds: " " a space, "0" a digit, "a" any other ASCII
    character, "*" any other character. No character is in two classes."""
    found = {
        " " if ch == " " else "0" if ch.isdigit() else "a" if ch.isascii() else "*" for ch in text
    }
    return "".join(sorted(found))


def bucket_of(core: str) -> Bucket:
    return len(core), classes(core)


def bound(typed: str, bucket: Bucket) -> float:
    """The highest Jaro-Winkler similarity any core of `bucket` can have to `typed`."""
    length, held = bucket
    if not set(classes(typed)) & set(held):
        return 0.0
    matched = min(len(typed), length)
    jaro = (matched / len(typed) + matched / length + 1) / 3
    return (jaro + 4 * 0.1 * (1 - jaro) if jaro > 0.7 else jaro) + _ROUNDING


def most_like_in(
    core: str, buckets: Iterable[Bucket], cores_in: Callable[[Bucket], list[str]]
) -> list[tuple[str, float]]:
    """`most_like(core, cores)` for the cores, in key order, of all `buckets`, each bucket's
    in key order (`cores_in`): the same answer, reading only the buckets that can hold one."""
    best: list[tuple[str, float]] = []
    bounded = sorted(((bound(core, b), b) for b in buckets), key=lambda found: -found[0])
    for reach, bucket in bounded:
        least = best[-1][1] if len(best) == RANKED else SUGGEST_CUTOFF / 100
        if reach < least:
            break
        best += most_like(core, cores_in(bucket))
        best = sorted(best, key=lambda found: (-found[1], found[0]))[:RANKED]
    return best
