"""Every name the resolver knows, found in running text. Scanning is not resolving a typed name:

- a name is matched exactly, after folding (names.text.fold), word for word, and each match
  is mapped back to the offsets of the original text (folding changes lengths); never fuzzy,
  so "Sudani" is not Sudan;
- a name of three letters or fewer in Latin script (a code: "US", "IT", "IN", "IS") counts
  only in capitals, and a country's code not at all in a line written all in capitals;
- any other Latin-script name counts only when written with a capital, other than in a
  leading "the" ("turkey" and "china" are words, "western Iraq" is not the West), unless
  the dataset itself writes it in lower case ("the coalition", "federal government");
- in Arabic, a name may carry the conjunctions و and ف, the prepositions ب, ل and ك, and the
  article ال, attached: "وأنقرة", "بالعراق"; ل before the article makes لل ("للعراق"). The
  match names the span after the prefix, and `prefix` says what was attached.

The names are the dataset's (its entities, Iraq, Iraq's actors, its mentions) and the
world's country names and codes, read from the resolver's public tables; where the dataset
names a key, its ids win, as they do in the resolver.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

import msgspec

from iraqrel.curate.sentences import line_around
from iraqrel.names.index import NameIndex
from iraqrel.names.resolver import SHARED_SHORT_NAMES, Resolver
from iraqrel.names.text import fold, has_arabic_marks

# Arabic marks, tatweel and the zero-width joiners: inside a word, dropped by folding.
_IGNORED = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d"
)
# A word, or letters with full stops ("U.S."), at most six: bounded, so that a long run of
# "a.a.a" costs linear time, not quadratic.
_TOKEN = re.compile(
    rf"(?:[A-Za-z]\.){{2,6}}(?![A-Za-z])|[^\W_](?:[^\W_]|[\u0300-\u036f{_IGNORED}])*"
)
_IGNORABLE = re.compile(rf"[\u0300-\u036f{_IGNORED}]")
# What may stand between two words of one name: spaces, one line break, hyphens, apostrophes,
# quotation marks, a slash. A full stop, a comma or a bracket ends the name.
_GAP = re.compile(r"[ \t\u00a0\-\u2010\u2011\u2013'\u2019\u201c\u201d\"/]{0,4}|[ \t]*\n[ \t]*")
_INITIAL_GAP = re.compile(r"\.[ \t]{1,2}")  # "Malcolm H. Kerr"
_LEADING_THE = re.compile(r"the[\s\-]+", re.IGNORECASE)
CONJUNCTIONS, PREPOSITIONS, ARTICLE = ("و", "ف"), ("ب", "ل", "ك"), "ال"
MIN_STEM = 2  # letters left once the prefixes are taken off


class NameHit(msgspec.Struct, frozen=True):
    """A known name at text[start:end], as the text writes it."""

    start: int
    end: int
    text: str
    prefix: str  # the Arabic prefix attached just before `start` ("و", "بال"), or ""
    key: str  # the folded name it is
    ids: tuple[str, ...]  # what it names; two or more when it is ambiguous ("IS", "عمان")


def _arabic(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u06ff"


def arabic_stems(key: str) -> list[tuple[int, str]]:
    """The ways a folded Arabic word splits into attached prefixes and a name: (letters of
    prefix, the name's key), the word itself first."""
    found = [(0, key)]
    for conjunction in ("", *CONJUNCTIONS):
        if not key.startswith(conjunction):
            continue
        after = key[len(conjunction) :]
        for preposition in ("", *PREPOSITIONS):
            if not after.startswith(preposition):
                continue
            stem, taken = after[len(preposition) :], len(conjunction) + len(preposition)
            if taken:
                found.append((taken, stem))
            if preposition == "ل" and stem.startswith("ل"):
                found.append((taken, "ا" + stem))  # لل: ل and the article, its alif dropped
            if stem.startswith(ARTICLE):
                found.append((taken + len(ARTICLE), stem[len(ARTICLE) :]))
    return [(n, stem) for n, stem in dict.fromkeys(found) if len(stem) >= MIN_STEM]


def after_letters(word: str, letters: int) -> int:
    """The offset in `word` after its first `letters` letters and the marks that follow them."""
    at = 0
    for _ in range(letters):
        at += 1
        while at < len(word) and _IGNORABLE.match(word, at):
            at += 1
    return at


def _capital_in(written: str) -> bool:
    """Whether a name is written with a capital, other than in a leading "the"."""
    rest = written[m.end() :] if (m := _LEADING_THE.match(written)) else written
    return any(c.isupper() for c in rest)


def _shouted(text: str, start: int, end: int) -> bool:
    """Whether the line around [start, end) is written all in capitals (a heading)."""
    line = line_around(text, start, end)
    letters = [c for c in line if c.isalpha()]
    return len(line.split()) >= 3 and all(c.isupper() for c in letters)


class NameTables:
    """Folded name -> ids, from the dataset's names and the world's, as the scan reads them."""

    def __init__(self, resolver: Resolver, world: NameIndex) -> None:
        local: defaultdict[str, set[str]] = defaultdict(set)
        self.marked: defaultdict[str, set[str]] = defaultdict(set)
        self.unmarked: defaultdict[str, set[str]] = defaultdict(set)  # marked names, bare
        self.lower_case: set[str] = set()  # names the dataset writes in lower case
        for ident, (_, names) in resolver.directory.items():
            for name in names:
                if has_arabic_marks(name):
                    self.marked[fold(name, keep_arabic_marks=True)].add(ident)
                    self.unmarked[fold(name)].add(ident)
                elif fold(name):
                    local[fold(name)].add(ident)
                    if name != ident and not _capital_in(name):
                        self.lower_case.add(fold(name))
        for key in world.marked.keys:
            self.marked[key].update(world.marked.get(key))
        self.local = {key: self._owner(key, ids) for key, ids in local.items()}
        self.world = world.exact
        self.shared = {key: set(ids) for key, ids in SHARED_SHORT_NAMES.items()}
        self.lengths: defaultdict[str, set[int]] = defaultdict(set)
        for key in (*self.local, *self.world.keys, *self.unmarked, *self.shared):
            words = key.split()
            self.lengths[words[0]].add(len(words))

    @staticmethod
    def _owner(key: str, ids: set[str]) -> set[str]:
        """An id beats another's alias, as in the resolver."""
        owner = {i for i in ids if fold(i) == key}
        return owner if len(owner) == 1 else ids

    def ids(self, key: str) -> set[str]:
        """What `key` names: a name shared by several countries, else the dataset's meaning,
        else the world's."""
        if key in self.shared:
            return self.shared[key]
        if key in self.local:
            return self.local[key]
        return set(self.world.get(key)) | self.unmarked.get(key, set())

    def longest_first(self, first: str) -> list[int]:
        return sorted(self.lengths.get(first, ()), reverse=True)


class _Tokens(msgspec.Struct, frozen=True):
    """The words of a text: their spans, folded keys, and whether each may join the next."""

    spans: list[tuple[int, int]]
    keys: list[str]
    joins: list[bool]  # joins[i]: words i and i + 1 can be one name


def _tokens(text: str) -> _Tokens:
    spans = [m.span() for m in _TOKEN.finditer(text)]
    folded: dict[str, str] = {}  # a word's key, folded once however often it is written
    keys = [
        folded.get(word) or folded.setdefault(word, fold(word))
        for word in (text[a:b] for a, b in spans)
    ]
    joins = []
    for (a, b), (c, _) in pairwise(spans):
        gap = text[b:c]
        initial = b - a == 1 and text[a].isupper() and _INITIAL_GAP.fullmatch(gap)
        joins.append(bool(_GAP.fullmatch(gap) or initial))
    return _Tokens(spans, keys, joins)


class NameScan:
    """Finds every known name in one text."""

    def __init__(self, tables: NameTables, text: str) -> None:
        self.tables = tables
        self.text = text
        self.words = _tokens(text)
        self.stems: dict[str, list[tuple[int, str]]] = {}

    def _stems(self, key: str) -> list[tuple[int, str]]:
        """An Arabic word's prefixes and names (`arabic_stems`), worked out once per word."""
        if key not in self.stems:
            self.stems[key] = [
                v for v in arabic_stems(key) if v[1].split()[0] in self.tables.lengths
            ]
        return self.stems[key]

    def _accepted(self, key: str, start: int, end: int) -> bool:
        """The rules of case: codes in capitals, and not in a line all in capitals, where
        "US" may be "us"; other Latin names with a capital."""
        if not key.isascii():
            return True
        surface = self.text[start:end]
        if len(key.replace(" ", "")) <= 3:
            return surface.isupper() and not _shouted(self.text, start, end)
        return key in self.tables.lower_case or _capital_in(surface)

    def _hit(self, i: int, length: int, letters: int, key: str) -> NameHit | None:
        """The name `key` over words i to i+length-1, after `letters` letters of prefix."""
        ids = self.tables.ids(key)
        if not ids:
            return None
        (a, b), end = self.words.spans[i], self.words.spans[i + length - 1][1]
        start = a + after_letters(self.text[a:b], letters)
        if not self._accepted(key, start, end):
            return None
        written = fold(self.text[start:end])
        if written != key and "ا" + written != key:  # the offsets must hold the name
            return None
        prefix = self.text[a:start]
        return NameHit(start, end, self.text[start:end], prefix, key, tuple(sorted(ids)))

    def _joined(self, i: int, length: int) -> bool:
        return i + length <= len(self.words.keys) and all(self.words.joins[i : i + length - 1])

    def _marked(self, i: int) -> NameHit | None:
        """A one-word Arabic name written with its marks, a prefix attached or not: the
        marks decide (عمّان, وعُمان)."""
        a, b = self.words.spans[i]
        word = self.text[a:b]
        if not has_arabic_marks(word):
            return None
        for letters, stem in self._stems(self.words.keys[i]):
            start = a + after_letters(word, letters)
            ids = self.tables.marked.get(fold(self.text[start:b], keep_arabic_marks=True))
            if ids:
                prefix = self.text[a:start]
                return NameHit(start, b, self.text[start:b], prefix, stem, tuple(sorted(ids)))
        return None

    def at(self, i: int) -> tuple[NameHit, int] | None:
        """The longest name starting at word i, and how many words it takes."""
        key = self.words.keys[i]
        if not key:
            return None
        marked = self._marked(i)
        if marked:
            return marked, 1
        variants = self._stems(key) if _arabic(key) else [(0, key)]
        best: tuple[NameHit, int] | None = None
        for letters, first in variants:
            for length in self.tables.longest_first(first):
                if (best and length <= best[1]) or not self._joined(i, length):
                    continue
                rest = self.words.keys[i + 1 : i + length]
                hit = self._hit(i, length, letters, " ".join([first, *rest]))
                if hit:
                    best = (hit, length)
                    break
        return best

    def hits(self) -> list[NameHit]:
        found = []
        i = 0
        while i < len(self.words.keys):
            hit = self.at(i)
            if hit:
                found.append(hit[0])
                i += hit[1]
            else:
                i += 1
        return found


def known_names(resolver: Resolver, world: NameIndex, texts: Iterable[str]) -> list[list[NameHit]]:
    """Every known name in each text, in order."""
    tables = NameTables(resolver, world)
    return [NameScan(tables, text).hits() for text in texts]
