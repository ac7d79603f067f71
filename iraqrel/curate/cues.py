"""Suggestions from the codebook's cue words: "alliance" (S1), "agreement" (S2), "protest"
(S4), "strikes" (S5), "Last year" (T1), "will" (T3). A suggestion is only that: it names the
words that prompted it and the rule to read, and it never fills a record's stance or period.

The cues are the words the codebook's rules quote (S1 to S5, T1 to T3), their inflections,
and near synonyms of them; the rule each suggests is the one its stance or period fixes.
"""

from __future__ import annotations

import re

import msgspec

from iraqrel.codebook import PERIOD_RULES, STANCE_RULES

_CUES: dict[tuple[str, str], str] = {
    ("stance", "ally"): r"allian(?:ce|ces)|ally|allies|allied",
    ("stance", "partner"): (
        r"cooperat\w*|co-operat\w*|partner\w*|support\w*|backed|backing|agreements?|accords?"
        r"|memorand\w*|(?:good|close|strong|important|friendly) (?:relations|ties)|aid"
    ),
    ("stance", "mixed"): r"mixed|ambivalen\w*|less convincing|wind(?:s|ing)? down|reduc\w*",
    ("stance", "strained"): (
        r"protest\w*|refus\w*|condemn\w*|hostil\w*|oppos\w*|tensions?|disputes?|summon\w*"
        r"|sanction\w*|expel\w*|reject\w*|criticis\w*|criticiz\w*|sided with"
    ),
    ("stance", "adversary"): (
        r"strikes?|struck|attack\w*|fight\w*|fought|wars?|bomb\w*|shell(?:ed|ing)|killed"
        r"|clash\w*|invad\w*|invasion|drones?|threats?"
    ),
    ("period", "past"): (
        r"last (?:year|month|week)|in (?:1[89]|20)[0-9]{2}|previously|formerly|used to|ago"
        r"|had been"
    ),
    ("period", "current"): r"now|currently|today|(?:has|have) become|continues? to|remains?",
    ("period", "outlook"): (
        r"will|would|could|should|must|may|might|(?:is|are) likely to|expected to"
        r"|plans? to|intends? to|appears? set to"
    ),
}
_RULES = {"stance": STANCE_RULES, "period": PERIOD_RULES}
_PATTERNS = {
    field_value: re.compile(rf"(?<![^\W_])(?:{words})(?![^\W_])", re.IGNORECASE)
    for field_value, words in _CUES.items()
}


class Suggestion(msgspec.Struct, frozen=True):
    """A stance or period that a cue word in the sentence suggests; never a coding."""

    field: str  # "stance" or "period"
    value: str  # "adversary", "past"
    rule: str  # the codebook rule that value names: "S5", "T1"
    cue: str  # the words that suggest it, as the text writes them
    start: int
    end: int


def suggestions(text: str, start: int, end: int) -> list[Suggestion]:
    """What the cue words in text[start:end] suggest, in the order they stand."""
    found = [
        Suggestion(field, value, _RULES[field][value], cue[0], cue.start(), cue.end())
        for (field, value), pattern in _PATTERNS.items()
        for cue in pattern.finditer(text, start, end)
    ]
    return sorted(found, key=lambda s: (s.start, s.field))
