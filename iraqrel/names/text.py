"""Text folding for name lookup: one key for all the ways a name is written."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

# Arabic short vowels, tanween, shadda, sukun, dagger alef: dropped from the bare key.
_ARABIC_MARKS = frozenset(chr(c) for c in [*range(0x064B, 0x0653), 0x0670])
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_TATWEEL = "\u0640"
# "U.S." -> "US": a dot between or after letters disappears; other punctuation separates.
_DOTS = re.compile(r"(?<=\w)\.")
_SEPARATORS = re.compile(r"[\W_]+")
# Filler words, and the remnants of "People's" and "d'Ivoire" once punctuation is gone.
_STOPWORDS = frozenset({"the", "of", "and", "da", "de", "in", "s", "d"})
_ABBREVIATIONS = {
    "rep": "republic",
    "dem": "democratic",
    "st": "saint",
    "ste": "sainte",
    "is": "island",
    "isds": "island",
    "isl": "island",
    "terr": "territory",
    "fed": "federated",
    "occ": "occupied",
    "n": "north",
    "northern": "north",
    "islands": "island",
    "tfyr": "the former yugoslav republic",
    "br": "british",
    "fs": "federated states",
    "peoples": "people",
}


_ARABIC_MARK = re.compile("[" + "".join(sorted(_ARABIC_MARKS)) + "]")


def has_arabic_marks(text: str) -> bool:
    return _ARABIC_MARK.search(text) is not None


_ASCII_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


@lru_cache(maxsize=8192)  # verify folds its 3,200 names 22,000 times (60 ms, not 10)
def fold(text: str, *, keep_arabic_marks: bool = False) -> str:
    """The lookup key: NFKC, controls as spaces, case-folded, no accents or punctuation.

    A control character (tab, newline) separates words, so "Iran\nIraq" is two words.
    """
    if text.isascii():  # most names: the same key, without the Unicode passes
        text = _DOTS.sub("", _ASCII_CONTROLS.sub(" ", text).lower())
        return " ".join(_SEPARATORS.sub(" ", text).split())
    return fold_unicode(text, keep_arabic_marks=keep_arabic_marks)


def _visible_part(ch: str) -> str:
    import unicodedata

    kind = unicodedata.category(ch)
    return " " if kind == "Cc" else "" if kind[0] == "C" else ch


def fold_unicode(text: str, *, keep_arabic_marks: bool = False) -> str:
    """`fold` for any text; `fold` takes a shortcut for ASCII that must give the same key."""
    import unicodedata  # an extension module (0.4 ms): only for text that is not ASCII

    text = unicodedata.normalize("NFKC", text)
    # Controls (Cc) separate words as in the ASCII path; format marks (Cf: ZWJ, ZWNJ) go.
    if not text.isprintable():  # which it is for any character of a category C*
        text = "".join(_visible_part(ch) for ch in text)
    text = text.casefold().replace(_TATWEEL, "").translate(_ARABIC_LETTERS)
    text = _DOTS.sub("", text)
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) or (keep_arabic_marks and ch in _ARABIC_MARKS)
    )
    return " ".join(_SEPARATORS.sub(" ", unicodedata.normalize("NFC", kept)).split())


# A leading "S" is South ("S. Sudan"), never the remnant of a possessive ("People's").
_LEADING = {"s": "south"}


def loose(key: str) -> str:
    """A folded key with abbreviations spelled out and filler words dropped."""
    words = key.split()
    if len(words) > 1:
        words = [_LEADING.get(words[0], words[0]), *words[1:]]
        words = " ".join(_ABBREVIATIONS.get(w, w) for w in words).split()
    return " ".join(w for w in words if w not in _STOPWORDS)


# Words that say what kind of state a name means, or which part of it, not which one
# (issue 18). They are compared exactly, never fuzzily: a differing one makes another name.
# A form-of-state word may wrap a country's own name ("Republic of Syria"); a compass word
# never does ("West Timor" is not Timor-Leste, "South Sudan" is not Sudan).
FORM_WORDS = frozenset(
    {
        "republic", "kingdom", "federal", "federation", "federative", "people", "islamic",
        "democratic", "socialist", "government", "regime", "state", "sultanate", "principality",
        "duchy", "commonwealth", "confederation", "union", "independent",
    }
)  # fmt: skip
# "Southern Africa" is a region, "South Africa" a country: an -ern form is a word of its own.
COMPASS_WORDS = frozenset(
    {"north", "south", "east", "west", "central", "southern", "eastern", "western"}
)
# Any state has a government: "Iran government" is Iran's, whatever Iran's official name.
ANY_STATE_WORDS = frozenset({"government", "regime"})


MIN_FUZZY_LENGTH = 4  # cores of 3 characters or fewer are never fuzzy-matched


def typo_cores(cores: list[str]) -> list[str]:
    """The cores long enough to be typed with a typo: MIN_FUZZY_LENGTH letters or more."""
    return [core for core in cores if len(core) - core.count(" ") >= MIN_FUZZY_LENGTH]


@lru_cache(maxsize=4096)  # each candidate key of a fuzzy search, again and again
def split_generic(loose_key: str) -> tuple[tuple[str, ...], str]:
    """The generic words of a loose key, sorted, and its distinctive core, in order.

    "republic syria" -> (("republic",), "syria"); "western" -> (("western",), "").
    """
    generic: list[str] = []
    core: list[str] = []
    for word in loose_key.split():
        (generic if word in FORM_WORDS or word in COMPASS_WORDS else core).append(word)
    return tuple(sorted(generic)), " ".join(core)


def name_forms(name: str, *, with_head: bool = False) -> list[str]:
    """The ways one written name is also said: "Korea, Republic of" -> "Republic of Korea".

    `with_head` adds the name without its bracket ("Holy See (Vatican City State)" ->
    "Holy See"): right for reference names, wrong for queries ("Georgia (US state)").
    """
    forms = [name]
    head, comma, tail = name.partition(",")
    if comma and tail.strip():
        forms.append(f"{tail.strip()} {head.strip()}")
    split = parenthetical(name)
    if split:
        forms.append(f"{split[1]} {split[0]}")
        if with_head:
            forms.append(split[0])
    return forms


def parenthetical(name: str) -> tuple[str, str] | None:
    """Split "Guam (US)" into ("Guam", "US"), or None when there is no trailing bracket.

    String scans, not a regex: a run of spaces costs linear time, never quadratic.
    """
    text = name.strip()
    opening = text.find("(", 1)
    if opening < 0 or not text.endswith(")"):
        return None
    head, inner = text[:opening].rstrip(), text[opening + 1 : -1]
    return (head, inner) if head and inner else None


# The patterns from here on are compiled where they are used (re keeps what it compiled):
# only building the world's names (a cold cache) and a name that misses read them.
# Each alternative is a fixed string, so finding them all is one linear scan.
_QUALIFIER_MARK = r",|:|\bexcluding\b|\bexcept\b"
_LOCAL_NAME = r"^\s*local name\s*:\s*"
# "Sudan (former)", "Sudan (up to 2011)": a qualifier of time, not of place.
_TIME_QUALIFIER = r"\s*(?:former|formerly|(?:up to|until|before|pre)[\s-]*\d{4})\s*"
_ISLANDS_WORD = r"islands?|isds?\.?|is\."


def qualified(name: str) -> tuple[str, str] | None:
    """Split a name and its qualifier: "Guam (US)", "Hong Kong, China", "China excluding Taiwan"."""
    split = parenthetical(name)
    if split:
        return split[0], re.sub(_LOCAL_NAME, "", split[1], flags=re.IGNORECASE)
    text = name.strip()
    for mark in re.compile(_QUALIFIER_MARK, re.IGNORECASE).finditer(text, 1):
        head, tail = text[: mark.start()].rstrip(), text[mark.end() :].strip()
        if head and tail:
            return head, tail
    return None


_EXCLUDING = r"\b(?:excluding|except)\b"


def is_exclusion(name: str) -> bool:
    """ "China excluding Taiwan": the qualifier names what the name leaves out."""
    return re.search(_EXCLUDING, name, re.IGNORECASE) is not None


def is_time_qualifier(qualifier: str) -> bool:
    return bool(re.fullmatch(_TIME_QUALIFIER, qualifier, re.IGNORECASE))


def without_islands(name: str) -> str:
    """ "Fiji Islands" -> "Fiji": for names that carry a generic suffix the standard lacks."""
    words = name.rsplit(None, 1)
    if len(words) == 2 and re.fullmatch(_ISLANDS_WORD, words[1], re.IGNORECASE):
        return words[0]
    return name


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Latin-1, once or twice; else return the text unchanged."""
    for _ in range(2):
        try:
            repaired = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            try:
                repaired = text.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                return text
        if repaired == text:
            return text
        text = repaired
    return text


_CAMEL = r"(?<=[a-z])(?=[A-Z])"


class Typed:
    """A typed name in the forms the lookup reads, each made once, when first read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.key = fold(text)

    @cached_property
    def marked(self) -> str | None:
        """Folded with its Arabic marks kept, when it has any: there, the marks decide."""
        return fold(self.text, keep_arabic_marks=True) if has_arabic_marks(self.text) else None

    @cached_property
    def repaired(self) -> str:
        """With UTF-8 read as Latin-1 undone."""
        return repair_mojibake(self.text)

    @cached_property
    def words(self) -> int:
        """How many words were typed: a change of case inside a word starts one ("EgyptIran")."""
        return len(loose(fold(re.sub(_CAMEL, " ", self.text))).split())
