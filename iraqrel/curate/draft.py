"""A draft of the records a new document gives: what `iraqrel draft` finds, before any coding.

It reads the document (a UTF-8 text file, with the bounds of every file the tool reads) and
finds its date-like strings, the parts its layout shows, every name the resolver knows, the
sentences that join an Iraqi actor and a counterpart (candidate records), the proper names
the resolver does not know, and what the candidates leave out. The words a person reads are
the view's (output/drafts.py).
"""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path

import msgspec

from iraqrel.curate.cues import Suggestion, suggestions
from iraqrel.curate.date_strings import DateString, date_strings
from iraqrel.curate.name_scan import NameHit, NameScan, NameTables
from iraqrel.curate.sections import Section, sections
from iraqrel.curate.sentences import TextSpan, sentences
from iraqrel.curate.unknown_names import UnknownName, unknown_names
from iraqrel.errors import DataError
from iraqrel.files import read_regular_file, shown
from iraqrel.names.index import world_index
from iraqrel.names.resolver import ACTOR_KIND, MENTION_KIND, Resolver
from iraqrel.records import Loaded

DEFAULT_ACTOR = "baghdad"  # the actor a record takes when the text says Iraq (codebook R1)
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_SOURCE_ID = re.compile(r"s([0-9]+)")


class KnownName(msgspec.Struct, frozen=True):
    """A name the resolver knows, and every place the text writes it."""

    ids: tuple[str, ...]  # one id, or the candidates of an ambiguous name
    names: tuple[str, ...]  # each id's name
    status: str  # subject, actor, documented, mentioned, no-data or ambiguous
    covered: bool  # the dataset already has a record for it: verify's coverage holds
    hits: tuple[NameHit, ...]


class CandidateRecord(msgspec.Struct, frozen=True):
    """A sentence that joins an Iraqi actor and a counterpart: a record to code, or drop."""

    sentence: TextSpan
    segment: str  # the draft segment it stands in
    actor: str
    counterpart: tuple[str, ...]  # its id, or the candidates of an ambiguous name
    names: tuple[NameHit, ...]  # how the sentence names the two
    suggestions: tuple[Suggestion, ...]


class Draft(msgspec.Struct, frozen=True):
    """Everything `draft` found in one document, against one dataset."""

    document: str  # the document's path as given
    dataset: str  # the dataset's path
    text: str
    source_id: str
    file: str  # the document's path relative to the dataset's folder
    sha256: str
    title: str
    language: str
    dates: tuple[DateString, ...]
    sections: tuple[Section, ...]
    sentences: tuple[TextSpan, ...]
    names: tuple[KnownName, ...]
    candidates: tuple[CandidateRecord, ...]
    unknown: tuple[UnknownName, ...]
    iraq_alone: tuple[tuple[TextSpan, tuple[NameHit, ...]], ...]  # Iraq, no counterpart
    counterparts_alone: tuple[tuple[TextSpan, tuple[NameHit, ...]], ...]  # no Iraqi actor
    arabic: bool  # the text has Arabic script

    def segment_id(self, section: Section) -> str:
        return f"{self.source_id}.{section.name}"


# About 300,000 words; a draft of 2.5 MB took 15 s and 416 MB here, and its cost grows faster
# than its length beyond that.
MAX_DOCUMENT_BYTES = 2 * 2**20


def read_document(path: Path) -> tuple[bytes, str]:
    """The document's bytes and its text: a regular UTF-8 file with some text in it."""
    raw = read_regular_file(path, "document", MAX_DOCUMENT_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{shown(path)}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the document as UTF-8 text"
        ) from None
    if not text.lstrip("\ufeff").strip():
        raise DataError(f"{shown(path)}: the document has no text")
    return raw, text


def next_source_id(loaded: Loaded) -> str:
    """The next "sNNN" after the dataset's highest."""
    numbers = [int(m[1]) for s in loaded.data.sources if (m := _SOURCE_ID.fullmatch(s.id))]
    return f"s{max(numbers, default=-1) + 1:03d}"


def _language(text: str) -> str:
    """A guess from the script: Arabic or English."""
    arabic = len(_ARABIC_LETTER.findall(text))
    return "ar" if arabic > len(_LATIN_LETTER.findall(text)) else "en"


class _Sides(msgspec.Struct, frozen=True):
    """One sentence's names: its Iraqi actors and its counterparts, in order."""

    actors: dict[str, list[NameHit]]
    counterparts: dict[tuple[str, ...], list[NameHit]]


class _Drafting:
    """The pieces of one draft, computed once."""

    def __init__(self, loaded: Loaded, resolver: Resolver, text: str) -> None:
        self.loaded = loaded
        self.resolver = resolver
        self.text = text
        self.subject = loaded.data.subject.id
        self.mentioned = {ex.id for ex in loaded.data.exclusions if ex.id}
        self.default_actor = (
            DEFAULT_ACTOR if DEFAULT_ACTOR in loaded.actors else next(iter(loaded.actors), "")
        )
        self.dates = date_strings(text)
        self.sections = sections(text, self.dates)
        self.sentences = [
            s for part in self.sections for s in sentences(text, part.start, part.end)
        ]
        self.hits = NameScan(NameTables(resolver, world_index()), text).hits()
        self.hit_starts = [h.start for h in self.hits]
        self.section_starts = [s.start for s in self.sections]

    def status(self, ids: tuple[str, ...]) -> str:
        if len(ids) > 1:
            return "ambiguous"
        (ident,) = ids
        if ident == self.subject:
            return "subject"
        if ident in self.loaded.entities:
            return "documented"
        if ident in self.mentioned:
            return "mentioned"
        kind = self.resolver.target(ident).kind
        return {ACTOR_KIND: "actor", MENTION_KIND: "mentioned"}.get(kind, "no-data")

    def known(self) -> list[KnownName]:
        grouped: dict[tuple[str, ...], list[NameHit]] = {}
        for hit in self.hits:
            grouped.setdefault(hit.ids, []).append(hit)
        covered = {self.subject, *self.loaded.entities, *self.resolver.directory}
        covered |= {ex.id for ex in self.loaded.data.exclusions if ex.id}
        return [
            KnownName(
                ids,
                tuple(self.resolver.target(i).name for i in ids),
                self.status(ids),
                bool(set(ids) & covered),
                tuple(hits),
            )
            for ids, hits in grouped.items()
        ]

    def actor_of(self, hit: NameHit) -> str | None:
        """The Iraqi actor a name stands for: Iraq is the default actor."""
        if len(hit.ids) != 1:
            return None
        (ident,) = hit.ids
        if ident == self.subject:
            return self.default_actor
        return ident if ident in self.loaded.actors else None

    def sides(self, sentence: TextSpan) -> _Sides:
        actors: dict[str, list[NameHit]] = {}
        counterparts: dict[tuple[str, ...], list[NameHit]] = {}
        for hit in self.hits_in(sentence):
            actor = self.actor_of(hit)
            if actor is not None:
                actors.setdefault(actor, []).append(hit)
            elif not set(hit.ids) & {self.subject, *self.loaded.actors}:
                counterparts.setdefault(hit.ids, []).append(hit)
        return _Sides(actors, counterparts)

    def hits_in(self, span: TextSpan) -> list[NameHit]:
        first = bisect_right(self.hit_starts, span.start - 1)
        last = bisect_right(self.hit_starts, span.end - 1)
        return [h for h in self.hits[first:last] if h.end <= span.end]

    def segment_of(self, source_id: str, span: TextSpan) -> str:
        at = bisect_right(self.section_starts, span.start) - 1
        return f"{source_id}.{self.sections[at].name}"


def _candidates(drafting: _Drafting, source_id: str) -> tuple[list[CandidateRecord], list, list]:
    candidates: list[CandidateRecord] = []
    iraq_alone, counterparts_alone = [], []
    for sentence in drafting.sentences:
        sides = drafting.sides(sentence)
        if sides.actors and not sides.counterparts:
            iraq_alone.append((sentence, tuple(h for hs in sides.actors.values() for h in hs)))
        elif sides.counterparts and not sides.actors:
            named = tuple(h for hs in sides.counterparts.values() for h in hs)
            counterparts_alone.append((sentence, named))
        if not (sides.actors and sides.counterparts):
            continue
        cues = tuple(suggestions(drafting.text, sentence.start, sentence.end))
        segment = drafting.segment_of(source_id, sentence)
        candidates += [
            CandidateRecord(sentence, segment, actor, ids, _in_order(*by, *named), cues)
            for actor, by in sides.actors.items()
            for ids, named in sides.counterparts.items()
        ]
    return candidates, iraq_alone, counterparts_alone


def _in_order(*hits: NameHit) -> tuple[NameHit, ...]:
    return tuple(sorted(hits, key=lambda h: h.start))


def _relative(document: Path, dataset: Path) -> str:
    """The document's path from the dataset's folder, as the dataset writes a source's file."""
    return Path(os.path.relpath(document.resolve(), dataset.resolve().parent)).as_posix()


def draft(loaded: Loaded, document: Path, raw: bytes, text: str) -> Draft:
    """Everything the draft of `document` holds, against the dataset `loaded`."""
    drafting = _Drafting(loaded, Resolver(loaded), text)
    source_id = next_source_id(loaded)
    candidates, iraq_alone, counterparts_alone = _candidates(drafting, source_id)
    title = next((line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    return Draft(
        document=str(document),
        dataset=str(loaded.path),
        text=text,
        source_id=source_id,
        file=_relative(document, loaded.path),
        sha256=hashlib.sha256(raw).hexdigest(),
        title=title,
        language=_language(text),
        dates=tuple(drafting.dates),
        sections=tuple(drafting.sections),
        sentences=tuple(drafting.sentences),
        names=tuple(drafting.known()),
        candidates=tuple(candidates),
        unknown=tuple(unknown_names(text, drafting.sentences, drafting.hits, drafting.dates)),
        iraq_alone=tuple(iraq_alone),
        counterparts_alone=tuple(counterparts_alone),
        arabic=bool(_ARABIC_LETTER.search(text)),
    )


class SentenceIndex:
    """Finds the sentence that holds an offset."""

    def __init__(self, spans: Sequence[TextSpan]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]

    def at(self, offset: int) -> TextSpan | None:
        found = bisect_right(self.starts, offset) - 1
        span = self.spans[found] if found >= 0 else None
        return span if span is not None and span.start <= offset < span.end else None
