"""Sentences of a text: character ranges, trimmed, never across a line that ends one.

A sentence ends at . ! ? or ؟ (and any closing quote or bracket) before a space, unless the
next word starts in lower case or the stop ends an abbreviation ("U.S.", "Mr.", an initial);
and at a line break, unless the line runs on (it ends in a lower-case word or a comma and
the next starts in lower case).
"""

from __future__ import annotations

import re

import msgspec

# Bounded runs: a text of ten thousand "!" costs linear time, not quadratic.
_BOUNDARY = re.compile(r"(?P<stop>[.!?؟]{1,8}[\"'”’»)\]]{0,4})(?=\s)|(?P<newline>\n)")
_LAST_WORD = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]")  # "H", "U.S", "e.g"
_ABBREVIATED = (
    "mr mrs ms dr st gen col lt sgt capt maj gov sen rep prof jr sr vs etc no nos approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec fig al"
)
_ABBREVIATIONS = frozenset(_ABBREVIATED.split())
_WORD_CHAR = re.compile(r"[^\W_]")


class TextSpan(msgspec.Struct, frozen=True):
    """A range [start, end) of a text."""

    start: int
    end: int


def _abbreviation(text: str, stop: int) -> bool:
    """Whether the "." at `stop` ends an abbreviation or an initial, not a sentence."""
    found = _LAST_WORD.search(text, max(0, stop - 24), stop)
    if found is None:
        return False
    word = found[1].lstrip("(\"'“‘")
    return bool(_INITIALS.fullmatch(word)) or word.casefold() in _ABBREVIATIONS


def _next_char(text: str, at: int, end: int) -> str:
    while at < end and text[at].isspace():
        at += 1
    return text[at] if at < end else ""


def _ends_sentence(text: str, found: re.Match[str], end: int) -> bool:
    following = _next_char(text, found.end(), end)
    if following.isascii() and following.islower():
        return False
    return not (found["stop"].startswith(".") and _abbreviation(text, found.start()))


def _runs_on(text: str, newline: int, start: int, end: int) -> bool:
    """A line that continues on the next: it ends in a lower-case letter or a comma, and the
    next line (not a blank one) starts with a lower-case letter."""
    following = newline + 1
    while following < end and text[following] in " \t\r":
        following += 1
    if following >= end or not (text[following].isascii() and text[following].islower()):
        return False
    last = text[start:newline].rstrip()[-1:]
    return last in (",", ";", "-", "–") or (last.isascii() and last.islower())


def _trimmed(text: str, start: int, end: int) -> TextSpan | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return TextSpan(start, end) if _WORD_CHAR.search(text, start, end) else None


def sentences(text: str, start: int = 0, end: int | None = None) -> list[TextSpan]:
    """The sentences of text[start:end], in order, each trimmed of surrounding space."""
    end = len(text) if end is None else end
    found: list[TextSpan] = []
    begin = start
    for boundary in _BOUNDARY.finditer(text, start, end):
        if boundary["stop"] and not _ends_sentence(text, boundary, end):
            continue
        if boundary["newline"] and _runs_on(text, boundary.start(), begin, end):
            continue
        span = _trimmed(text, begin, boundary.end())
        if span:
            found.append(span)
        begin = boundary.end()
    span = _trimmed(text, begin, end)
    if span:
        found.append(span)
    return found


def line_around(text: str, start: int, end: int) -> str:
    """The whole line (or lines) that text[start:end] stands on."""
    line_end = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : len(text) if line_end < 0 else line_end]
