"""Proper names the resolver does not know, for the curator to add as aliases, entities or
exclusions.

Latin script: a run of capitalised words ("Popular Mobilization Forces", "Mohammed Shia
al-Sudani", "KDP"), joined by "of", "the", "al" and the like, that is not wholly a known
name. A run that contains a known name is listed whole, with the names it contains
("Kataib Hezbollah" contains Hezbollah). A sentence's first word is capitalised anyway: it
starts a name only when it also stands capitalised inside a sentence, and a common opener
("The", "However") is dropped. Lines written in title case or capitals (headings), months,
weekdays and words inside a date string are left out.

Arabic script has no capitals, so an unknown Arabic name cannot be told from an ordinary
word. What can be found is a name introduced by a noun that names what follows: حزب (party),
حركة (movement), كتائب (brigades), منظمة, جماعة, تيار, جبهة, مدينة (city), محافظة, مخيم, and the
like; that noun and the word after it are listed, and a second word with the article
(حزب العمال الكردستاني). Other Arabic names are not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import msgspec

from iraqrel.curate.date_strings import DateString
from iraqrel.curate.name_scan import NameHit, after_letters, arabic_stems
from iraqrel.curate.sentences import TextSpan, line_around
from iraqrel.names.text import fold

_WORD = re.compile(r"[^\W\d_][^\W_]*")
_JOIN = re.compile(r"[ \t\u00a0]?[\-\u2010\u2011'’]?[ \t\u00a0]?|[ \t\u00a0]{1,2}")
_CONNECTING = "of the for al el bin ibn bint abu de du la le van von"
CONNECTORS = frozenset(_CONNECTING.split())
# Words that never start or end a name: dropped from a run's ends wherever it stands.
_FUNCTION_WORDING = """the a an in on at by for from to of with as and but or nor so yet if this
    that these those it its he she they we i you his her their our my your what which who"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDING.split())
# Words that often open a sentence: dropped from the start of a run that starts one, and from
# the end of any run.
_OPENING = """when while after before since until although though because despite however
    moreover meanwhile therefore thus also still there here some many most much more all both
    each every any no not neither either such other another one two three last next first
    second new recent recently today yesterday now then later earlier according during over
    under against between among within without following amid"""
OPENERS = frozenset(_OPENING.split())
_CALENDAR_WORDS = """january february march april may june july august september october
    november december monday tuesday wednesday thursday friday saturday sunday"""
MONTHS_AND_DAYS = frozenset(_CALENDAR_WORDS.split())
# Nouns that introduce an Arabic name: party, movement, brigades, leagues, organization,
# group, current, coalition, front, faction, city, province, district, town, camp. Compared
# folded, as the text is (hamza on a seat and ta marbuta fold away).
_INTRODUCING = "حزب حركة كتائب عصائب منظمة جماعة تيار ائتلاف جبهة فصيل مدينة محافظة قضاء بلدة مخيم"
INTRODUCERS = frozenset(fold(noun) for noun in _INTRODUCING.split())
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff][\u0621-\u065f\u0670-\u06ff]*")
_ARABIC_FUNCTION_WORDS = (
    "في من على الى إلى عن مع التي الذي الذين و او أو ثم قد لا ما ان أن إن هو هي هم كان كانت"
)
_ARABIC_STOPS = frozenset(_ARABIC_FUNCTION_WORDS.split())
TITLE_CASE_SHARE = 0.7  # a line with at least this share of capitalised words is a heading


class UnknownName(msgspec.Struct, frozen=True):
    """A name the resolver does not know, once, with every place the text writes it."""

    text: str  # as first written
    occurrences: tuple[TextSpan, ...]
    contains: tuple[str, ...]  # known names inside it, as written
    found_by: str  # "capitals" or "an introducing noun (حزب)"


def _capitalised(word: str) -> bool:
    return word[0].isupper()


@lru_cache(maxsize=1024)  # the lines of one document: each is asked about once per run on it
def _heading(line: str) -> bool:
    """A line in title case or capitals without a full stop: of four words or more, or of
    two or more all capitalised."""
    words = _WORD.findall(line)
    capitals = [w for w in words if _capitalised(w) or w.casefold() in CONNECTORS]
    if line.rstrip()[-1:] in (".", ",", ";", ":") or len(words) < 2:
        return False
    return len(capitals) == len(words) or (
        len(words) >= 4 and len(capitals) >= TITLE_CASE_SHARE * len(words)
    )


class _Words(msgspec.Struct, frozen=True):
    spans: list[tuple[int, int]]
    texts: list[str]


def _latin_words(text: str) -> _Words:
    spans = [m.span() for m in _WORD.finditer(text) if m[0].isascii() or m[0][0] < "\u0600"]
    return _Words(spans, [text[a:b] for a, b in spans])


def _runs(text: str, words: _Words) -> list[tuple[int, int]]:
    """Runs of capitalised words (index ranges), connectors only between them."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(words.texts):
        if not _capitalised(words.texts[i]):
            i += 1
            continue
        end = i + 1
        while end < len(words.texts) and _JOIN.fullmatch(
            text[words.spans[end - 1][1] : words.spans[end][0]]
        ):
            if _capitalised(words.texts[end]):
                end += 1
            elif words.texts[end].casefold() in CONNECTORS and end + 1 < len(words.texts):
                if not (
                    _capitalised(words.texts[end + 1])
                    and _JOIN.fullmatch(text[words.spans[end][1] : words.spans[end + 1][0]])
                ):
                    break
                end += 2
            else:
                break
        runs.append((i, end))
        i = end
    return runs


class _Context(msgspec.Struct, frozen=True):
    """What the Latin search needs to know about the whole text."""

    text: str
    words: _Words
    sentence_starts: list[int]
    lower: frozenset[str]  # words written in lower case somewhere
    inside: frozenset[str]  # capitalised words that also stand inside a sentence
    known: list[NameHit]
    known_starts: list[int]
    dates: Sequence[DateString]


def _starts_sentence(context: _Context, start: int) -> bool:
    at = bisect_right(context.sentence_starts, start) - 1
    return at >= 0 and context.sentence_starts[at] == start


def _leading(context: _Context, first: int, end: int) -> bool:
    """Whether a run's first word is not part of a name: a function word, a month, a connector,
    or, when it opens a sentence, an opener, a word written in lower case elsewhere, or a word
    alone that is never capitalised inside a sentence."""
    word = context.words.texts[first]
    folded = word.casefold()
    if folded in FUNCTION_WORDS or folded in MONTHS_AND_DAYS or folded in CONNECTORS:
        return True
    if not _starts_sentence(context, context.words.spans[first][0]):
        return False
    lone = end - first == 1 and word not in context.inside
    return folded in OPENERS or folded in context.lower or lone


def _trailing(word: str) -> bool:
    folded = word.casefold()
    return any(folded in words for words in (FUNCTION_WORDS, OPENERS, MONTHS_AND_DAYS, CONNECTORS))


def _trimmed_run(context: _Context, first: int, end: int) -> tuple[int, int]:
    while first < end and _leading(context, first, end):
        first += 1
    while end > first and _trailing(context.words.texts[end - 1]):
        end -= 1
    return first, end


def _touching(context: _Context, start: int, end: int) -> list[NameHit]:
    """The known names that overlap [start, end): they stand in order and never overlap."""
    at = max(bisect_right(context.known_starts, start) - 1, 0)
    found = []
    while at < len(context.known) and context.known[at].start < end:
        if start < context.known[at].end:
            found.append(context.known[at])
        at += 1
    return found


def _covered(context: _Context, start: int, end: int) -> tuple[bool, tuple[str, ...]]:
    """Whether known names cover [start, end) whole, and the known names wholly inside it."""
    touching = _touching(context, start, end)
    letters = [i for i in range(start, end) if context.text[i].isalnum()]
    covered = all(any(h.start <= i < h.end for h in touching) for i in letters)
    inside = (h.text for h in touching if start <= h.start and h.end <= end)
    return covered, tuple(dict.fromkeys(inside))


def _skipped(context: _Context, start: int, end: int) -> bool:
    """In a heading line, inside a date, or a month or weekday alone."""
    line = line_around(context.text, start, end)
    if _heading(line) or any(d.start <= start and end <= d.end for d in context.dates):
        return True
    written = context.text[start:end]
    return written.casefold() in MONTHS_AND_DAYS or len(written) < 2


def _latin(context: _Context) -> list[tuple[int, int, tuple[str, ...]]]:
    found = []
    for run in _runs(context.text, context.words):
        first, end = _trimmed_run(context, *run)
        if first >= end:
            continue
        start, stop = context.words.spans[first][0], context.words.spans[end - 1][1]
        covered, contains = _covered(context, start, stop)
        if not covered and not _skipped(context, start, stop):
            found.append((start, stop, contains))
    return found


def _context(
    text: str, sentences: Sequence[TextSpan], known: list[NameHit], dates: Sequence[DateString]
) -> _Context:
    words = _latin_words(text)
    starts = [s.start for s in sentences]
    lower = frozenset(w for w in words.texts if w.islower())
    starting = set(starts)
    inside = frozenset(
        w
        for w, (a, _) in zip(words.texts, words.spans, strict=True)
        if _capitalised(w) and a not in starting
    )
    return _Context(text, words, starts, lower, inside, known, [h.start for h in known], dates)


def _arabic(text: str, known: list[NameHit]) -> list[tuple[int, int, tuple[str, ...], str]]:
    """An introducing noun (with its attached prefixes) and up to two words after it."""
    words = [m.span() for m in _ARABIC_WORD.finditer(text)]
    found = []
    for n, (a, b) in enumerate(words):
        key = fold(text[a:b])
        found_noun = next(((n, stem) for n, stem in arabic_stems(key) if stem in INTRODUCERS), None)
        if found_noun is None:
            continue
        letters, noun = found_noun
        if key[max(letters - 2, 0) : letters] == "ال":
            letters -= 2  # the article stays with the name (الحزب الديمقراطي)
        a += after_letters(text[a:b], letters)  # the name starts after an attached و, ب, ...
        end = b
        for c, d in words[n + 1 : n + 3]:
            after = end != b  # a second word counts only with the article (العمال الكردستاني)
            joined = re.fullmatch(r"\s{1,2}", text[end:c])
            if (
                not joined
                or text[c:d] in _ARABIC_STOPS
                or (after and not text[c:d].startswith("ال"))
            ):
                break
            end = d
        if end == b:
            continue
        inside = [h for h in known if a <= h.start and h.end <= end]
        if any(h.start <= a and end <= h.end for h in known):
            continue
        found.append((a, end, tuple(h.text for h in inside), f"an introducing noun ({noun})"))
    return found


def unknown_names(
    text: str, sentences: Sequence[TextSpan], known: list[NameHit], dates: Sequence[DateString]
) -> list[UnknownName]:
    """Every unknown name, once, in order of first occurrence, with all its occurrences."""
    found = [
        (a, b, contains, "capitals")
        for a, b, contains in _latin(_context(text, sentences, known, dates))
    ]
    found += _arabic(text, known)
    groups: defaultdict[str, list[tuple[int, int, tuple[str, ...], str]]] = defaultdict(list)
    for item in sorted(found):
        groups[fold(text[item[0] : item[1]])].append(item)
    return [
        UnknownName(
            text[items[0][0] : items[0][1]],
            tuple(TextSpan(a, b) for a, b, _, _ in items),
            items[0][2],
            items[0][3],
        )
        for items in groups.values()
    ]
