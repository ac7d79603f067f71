"""The parts a document's layout shows: a title, a byline or date line, headed sections, a
footer. A guess from line lengths and punctuation, for the curator to adjust.

The parts tile the text: each runs from its first line to the start of the next part, the
last to the end of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from iraqrel.curate.date_strings import DateString

_WORD = re.compile(r"[^\W_]+")
_BYLINE = re.compile(r"(?:by|written by|بقلم|كتب|إعداد)\b", re.IGNORECASE)
_FOOTER = re.compile(r"(?:©|copyright|source:|المصدر)", re.IGNORECASE)
SHORT_WORDS, SHORT_CHARS = 12, 100  # a line this short, without a full stop, is a heading
FOOTER_WORDS, FOOTER_LINES = 8, 3


class Section(msgspec.Struct, frozen=True):
    """One part of the document: its name, its range, and what the layout shows there."""

    name: str  # "title", "byline", "body", "section-1", "footer"
    start: int
    end: int
    shows: str  # what the layout shows, in words: "the first line", "the heading “…”"


class _Line(msgspec.Struct, frozen=True):
    start: int
    end: int
    text: str
    words: int


def _lines(text: str) -> list[_Line]:
    found = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match[0].strip()
        if stripped:
            start = match.start() + match[0].index(stripped[0])
            words = len(_WORD.findall(stripped))
            found.append(_Line(start, start + len(stripped), stripped, words))
    return found


def _short(line: _Line) -> bool:
    """A heading-like line: few words, and no full stop, comma or colon at its end."""
    ends = line.text[-1] in ".,;:،"
    return line.words <= SHORT_WORDS and len(line.text) <= SHORT_CHARS and not ends


def _dated(line: _Line, dates: Sequence[DateString]) -> bool:
    """A date line: a date, and at most three other words ("Baghdad, 14 March 2025")."""
    inside = [d for d in dates if line.start <= d.start and d.end <= line.end]
    if not inside:
        return False
    rest = sum(len(_WORD.findall(d.text)) for d in inside)
    return line.words - rest <= 3


def _front_kind(line: _Line, dates: Sequence[DateString]) -> str | None:
    """ "byline" for a byline or date line, "title" for another short line, None for text."""
    if _dated(line, dates) or (_BYLINE.match(line.text) and line.words <= SHORT_WORDS):
        return "byline"
    return "title" if _short(line) else None


def _footer_start(lines: list[_Line], first_body: int) -> int:
    """The index of the first footer line, or len(lines) when there is no footer."""
    at = len(lines)
    while at - 1 > first_body and len(lines) - at < FOOTER_LINES:
        line = lines[at - 1]
        if not (_FOOTER.match(line.text) or (line.words <= FOOTER_WORDS and _short(line))):
            break
        at -= 1
    return at


def _headings(text: str, lines: list[_Line], first: int, last: int) -> list[int]:
    """Body lines that stand alone between blank lines, short, before a longer line."""
    found = []
    for i in range(first + 1, last - 1):
        line, following = lines[i], lines[i + 1]
        alone = "\n\n" in text[lines[i - 1].end : line.start].replace(" ", "")
        if alone and _short(line) and not _short(following):
            found.append(i)
    return found


def _starts(
    text: str, lines: list[_Line], dates: Sequence[DateString]
) -> list[tuple[int, str, str]]:
    """Where each part starts: (line index, name, what the layout shows)."""
    starts = [(0, "title", "the first line")]
    at, byline = 1, False
    while at < len(lines) and (kind := _front_kind(lines[at], dates)) is not None:
        if kind == "byline" and not byline:
            starts.append((at, "byline", "a byline or date line under the title"))
            byline = True
        at += 1
    if at >= len(lines):
        return starts
    footer = _footer_start(lines, at)
    heads = _headings(text, lines, at, footer)
    if not heads or heads[0] != at:
        starts.append((at, "body", "the text"))
    starts += [
        (i, f"section-{n}", f"the heading “{lines[i].text}”") for n, i in enumerate(heads, 1)
    ]
    if footer < len(lines):
        starts.append((footer, "footer", "short lines at the end"))
    return starts


def sections(text: str, dates: Sequence[DateString]) -> list[Section]:
    """The parts of `text` as its layout shows them; one "body" when it shows none."""
    lines = _lines(text)
    if len(lines) < 2:
        return [Section("body", 0, len(text), "the text")] if text else []
    starts = _starts(text, lines, dates)
    bounds = [0, *(lines[i].start for i, _, _ in starts[1:]), len(text)]
    return [
        Section(name, bounds[n], bounds[n + 1], shows) for n, (_, name, shows) in enumerate(starts)
    ]
