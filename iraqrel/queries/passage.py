"""A quote in its context (`context`): the paragraph of the source around a span of it.

The source's text is read as verify reads it, and proved against its pinned sha256 first:
offsets into an edited file would point at other words.
"""

from __future__ import annotations

import msgspec

from iraqrel.errors import DataError, UsageError
from iraqrel.files import read_regular_file, shown
from iraqrel.records import Loaded, Segment, Source

# A paragraph longer than this is shown as this much around the quote, cut between words.
MAX_AROUND = 600


class Passage(msgspec.Struct, frozen=True):
    """A span of a source, and the paragraph (line of text) it stands in."""

    source: Source
    segment: Segment | None
    start: int
    end: int
    quote: str
    paragraph_start: int
    paragraph_end: int
    paragraph: str
    cut_before: bool  # the paragraph begins earlier than shown
    cut_after: bool  # and ends later


def source_text(loaded: Loaded, source: Source) -> str:
    """A source's text, proved against its pinned sha256."""
    import hashlib  # only here: no other query hashes

    path = loaded.source_path(source)
    raw = read_regular_file(path, "source file")
    if hashlib.sha256(raw).hexdigest() != source.sha256:
        raise DataError(
            f"{shown(path)}: its sha256 is not the one the dataset pins; the file was edited "
            "or replaced, so its offsets cannot be trusted (run 'iraqrel verify')"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{shown(path)}: not UTF-8 ({exc.reason})") from None


def _bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line (paragraph) around [start, end), at most MAX_AROUND either side, between words."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    if start - first > MAX_AROUND:
        cut = text.find(" ", start - MAX_AROUND, start)
        first = cut + 1 if cut >= 0 else start - MAX_AROUND
    if last - end > MAX_AROUND:
        cut = text.rfind(" ", end, end + MAX_AROUND)
        last = cut if cut >= 0 else end + MAX_AROUND
    return first, last


def passage(loaded: Loaded, source_id: str, start: int, end: int) -> Passage:
    """The paragraph around `source_id`'s characters [start, end)."""
    source = loaded.sources.get(source_id)
    if source is None:
        raise UsageError(f"no source {source_id!r}; the sources are {', '.join(loaded.sources)}")
    text = source_text(loaded, source)
    if not 0 <= start < end <= len(text):
        raise UsageError(
            f"{source_id}:{start}-{end} is not a span of {source_id}, whose text has "
            f"{len(text)} characters; give start-end with start before end"
        )
    first, last = _bounds(text, start, end)
    segment = next((s for s in source.segments if s.start <= start < s.end), None)
    return Passage(
        source=source,
        segment=segment,
        start=start,
        end=end,
        quote=text[start:end],
        paragraph_start=first,
        paragraph_end=last,
        paragraph=text[first:last],
        cut_before=first > 0 and text[first - 1] != "\n",
        cut_after=last < len(text) and text[last] != "\n",
    )
