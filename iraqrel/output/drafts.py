"""The draft of a new document as a Document: its JSON is the draft itself, in the dataset's
own format, and its table lists what was found, one finding a row.

Every key named `draft`, at any depth, is a note for the curator; `add` drops them all. The
records hold nothing the curator must decide: stance, period, basis, rules, summary and
`when` are empty, dates and segments are left undetermined, and a cue word's suggestion
stays in its record's `draft` note.
"""

from __future__ import annotations

import shlex

import msgspec

from iraqrel.curate.date_strings import DateString
from iraqrel.curate.draft import CandidateRecord, Draft, KnownName, SentenceIndex
from iraqrel.curate.name_scan import NameHit
from iraqrel.curate.sentences import TextSpan
from iraqrel.curate.unknown_names import UnknownName
from iraqrel.output.report import Document, Field, Json, columns_of, lines

ABOUT = (
    "A draft of iraqrel records for a new document. Code it, then merge it with "
    "'iraqrel --data DATASET add THIS-FILE'. Every key named 'draft' is a note for you and "
    "add drops it. To code: give the source its origin, citation and date (pick one of "
    "draft.dates, or none), and adjust its segments; for each relationship keep the ones the "
    "sentence supports (delete the rest) and fill entity where it is null, stance, basis, "
    "domains, summary, rules, period and when by the codebook, trimming the quote if you "
    "like (start, end and quote must stay verbatim); give each exclusion its reason, or make "
    "it an entity with a relationship. Suggestions are the codebook's cue words, never codes."
)
ARABIC_UNKNOWN = (
    "Arabic script has no capitals: the draft finds every Arabic name the resolver knows, "
    "with the prefixes و ف ب ل ك and ال attached, but cannot tell an unknown Arabic name from "
    "an ordinary word. It lists only names after a noun that introduces one (حزب party, حركة "
    "movement, كتائب brigades, منظمة, جماعة, تيار, جبهة, مدينة city, محافظة, مخيم camp, and the "
    "like); read the Arabic text for other parties, militias and places."
)
UNDETERMINED = {"value": None, "method": "undetermined", "evidence": ""}
_NEEDS = {
    "no-data": "in no record of the dataset: give it an exclusion (one is drafted) or, if you "
    "code a relationship with it, an entity",
    "ambiguous": "could name any of its ids: choose one",
    "mentioned": "a mentioned-only name: a relationship with it needs it moved to the "
    "entities first, by hand",
}


def _span(text: str, span: TextSpan) -> Json:
    return {"start": span.start, "end": span.end, "text": text[span.start : span.end]}


def _hit_json(draft: Draft, sentences: SentenceIndex, hit: NameHit) -> Json:
    sentence = sentences.at(hit.start)
    return {
        "start": hit.start,
        "end": hit.end,
        "text": hit.text,
        "prefix": hit.prefix,
        "sentence": None if sentence is None else _span(draft.text, sentence),
    }


def _name_json(draft: Draft, sentences: SentenceIndex, name: KnownName) -> Json:
    return {
        "ids": list(name.ids),
        "names": list(name.names),
        "status": name.status,
        "needs": "" if name.covered else _NEEDS.get(name.status, ""),
        "occurrences": [_hit_json(draft, sentences, h) for h in name.hits],
    }


def _date_json(draft: Draft, date: DateString) -> Json:
    return {
        "start": date.start,
        "end": date.end,
        "text": date.text,
        "segment": _segment_at(draft, date.start),
        "readings": [msgspec.to_builtins(r) for r in date.readings],
    }


def _segment_at(draft: Draft, at: int) -> str:
    section = next(s for s in reversed(draft.sections) if s.start <= at)
    return draft.segment_id(section)


def _unknown_json(draft: Draft, name: UnknownName) -> Json:
    return {
        "text": name.text,
        "found_by": name.found_by,
        "contains": list(name.contains),
        "occurrences": [_span(draft.text, o) for o in name.occurrences],
    }


def _sentences_json(
    draft: Draft, found: tuple[tuple[TextSpan, tuple[NameHit, ...]], ...]
) -> list[Json]:
    return [{**_span(draft.text, span), "names": [h.text for h in hits]} for span, hits in found]


def _quote(draft: Draft, span: TextSpan) -> Json:
    return {
        "source": draft.source_id,
        "start": span.start,
        "end": span.end,
        "quote": draft.text[span.start : span.end],
    }


def _named(hit: NameHit) -> str:
    return f"{hit.text} ({'/'.join(hit.ids)})"


def _relationship(draft: Draft, group: list[CandidateRecord], known: KnownName) -> Json:
    """One record to code for a counterpart, an actor and a segment (the codebook's unit),
    quoting every candidate sentence of theirs."""
    first = group[0]
    names = dict.fromkeys(_named(h) for c in group for h in c.names)
    note: Json = {
        "names": list(names),
        "counterpart": f"{', '.join(known.names)}: {known.status}",
        "suggestions": [
            {"quote": n, **msgspec.structs.asdict(s)}
            for n, candidate in enumerate(group)
            for s in candidate.suggestions
        ],
    }
    if known.status in _NEEDS:
        note["needs"] = _NEEDS[known.status]
    return {
        "entity": first.counterpart[0] if len(first.counterpart) == 1 else None,
        "actor": first.actor,
        "segment": first.segment,
        "stance": None,
        "basis": None,
        "domains": [],
        "summary": "",
        "evidence": [_quote(draft, c.sentence) for c in group],
        "rules": [],
        "period": None,
        "when": "",
        "contested": False,
        "other_reading": None,
        "notes": "",
        "draft": note,
    }


def _relationships(draft: Draft) -> list[Json]:
    """The candidates grouped by counterpart, actor and segment, in the order they begin."""
    groups: dict[tuple[tuple[str, ...], str, str], list[CandidateRecord]] = {}
    for candidate in draft.candidates:
        unit = (candidate.counterpart, candidate.actor, candidate.segment)
        groups.setdefault(unit, []).append(candidate)
    known = {name.ids: name for name in draft.names}
    return [_relationship(draft, group, known[unit[0]]) for unit, group in groups.items()]


def _exclusion(draft: Draft, name: KnownName) -> Json:
    """A drafted exclusion for a name no record covers yet; its reason is the curator's."""
    first = name.hits[0]
    sentence = SentenceIndex(draft.sentences).at(first.start) or TextSpan(first.start, first.end)
    single = len(name.ids) == 1
    written = list(dict.fromkeys(h.text for h in name.hits))
    title = name.names[0] if single else written[0]
    return {
        "name": title,
        "id": name.ids[0] if single else None,
        "reason": "",
        "evidence": [_quote(draft, sentence)],
        "aliases": [w for w in written if w != title],
        "codes": None,
        "draft": {"status": name.status, "needs": _NEEDS.get(name.status, "")},
    }


def _source(draft: Draft) -> Json:
    return {
        "id": draft.source_id,
        "file": draft.file,
        "sha256": draft.sha256,
        "title": draft.title,
        "origin": "",
        "language": draft.language,
        "date": dict(UNDETERMINED),
        "citation": {k: "" for k in ("url", "author", "publisher", "retrieved", "translation")},
        "segments": [
            {
                "id": draft.segment_id(s),
                "start": s.start,
                "end": s.end,
                "origin": "",
                "date": dict(UNDETERMINED),
                "draft": f"the layout shows {s.shows} here",
            }
            for s in draft.sections
        ],
        "notes": "",
        "draft": {
            "language": "a guess from the script",
            "file": f"{draft.file!r} is the document's path from the dataset's folder: add "
            "finds it there, so keep the document where it is or change 'file'",
        },
    }


def draft_json(draft: Draft) -> Json:
    """The draft in the dataset's own format, with its notes under `draft` keys."""
    sentences = SentenceIndex(draft.sentences)
    notes: Json = {
        "about": ABOUT,
        "document": draft.document,
        "dataset": draft.dataset,
        "dates": [_date_json(draft, d) for d in draft.dates],
        "names": [_name_json(draft, sentences, n) for n in draft.names],
        "unknown_names": [_unknown_json(draft, u) for u in draft.unknown],
        "coverage": {
            "iraq_without_counterpart": _sentences_json(draft, draft.iraq_alone),
            "counterparts_without_iraq": _sentences_json(draft, draft.counterparts_alone),
        },
    }
    if draft.arabic:
        notes["arabic"] = ARABIC_UNKNOWN
    return {
        "draft": notes,
        "sources": [_source(draft)],
        "entities": [],
        "relationships": _relationships(draft),
        "exclusions": [_exclusion(draft, n) for n in draft.names if not n.covered],
    }


# --- the table: one finding a row ---------------------------------------------------------


class Finding(msgspec.Struct, frozen=True):
    what: str
    text: str
    where: str
    detail: str


FINDING_ROW: tuple[Field[Finding], ...] = (
    Field(header="found", cell=lambda f: f.what),
    Field(header="text", cell=lambda f: f.text, grow=True),
    Field(header="where", cell=lambda f: f.where),
    Field(header="detail", cell=lambda f: f.detail, grow=True),
)


def _where(start: int, end: int) -> str:
    return f"{start}-{end}"


def _readings(date: DateString) -> str:
    return "; ".join(f"{r.value} ({r.calendar}, {r.order})" for r in date.readings)


def _candidate_detail(candidate: CandidateRecord) -> str:
    suggested = ", ".join(f"{s.value} ({s.rule}: {s.cue!r})" for s in candidate.suggestions)
    pair = f"{candidate.actor} and {'/'.join(candidate.counterpart)} in {candidate.segment}"
    return f"{pair}; suggests {suggested}" if suggested else pair


def findings(draft: Draft) -> list[Finding]:
    """What a person reads: dates, segments, names, unknown names, candidates, coverage."""
    text = draft.text
    found = [Finding("date", d.text, _where(d.start, d.end), _readings(d)) for d in draft.dates]
    found += [
        Finding("segment", draft.segment_id(s), _where(s.start, s.end), f"shows {s.shows}")
        for s in draft.sections
    ]
    found += [
        Finding(
            "name",
            h.prefix + h.text,
            _where(h.start, h.end),
            f"{'/'.join(n.ids)} {', '.join(n.names)} ({n.status})",
        )
        for n in draft.names
        for h in n.hits
    ]
    found += [
        Finding(
            "unknown name",
            u.text,
            ", ".join(_where(o.start, o.end) for o in u.occurrences),
            f"contains {', '.join(u.contains)}" if u.contains else u.found_by,
        )
        for u in draft.unknown
    ]
    found += [
        Finding(
            "candidate",
            text[c.sentence.start : c.sentence.end],
            _where(c.sentence.start, c.sentence.end),
            _candidate_detail(c),
        )
        for c in draft.candidates
    ]
    for what, group in (
        ("Iraq, no counterpart", draft.iraq_alone),
        ("no Iraqi actor", draft.counterparts_alone),
    ):
        found += [
            Finding(
                what, text[s.start : s.end], _where(s.start, s.end), ", ".join(h.text for h in hits)
            )
            for s, hits in group
        ]
    return found


def summary(draft: Draft) -> str:
    occurrences = sum(len(n.hits) for n in draft.names)
    return (
        f"draft of {draft.document!r} as source {draft.source_id}: {len(draft.dates)} date(s), "
        f"{len(draft.sections)} segment(s), {len(draft.names)} known name(s) in {occurrences} "
        f"place(s), {len(draft.candidates)} candidate record(s), {len(draft.unknown)} unknown "
        f"name(s), {sum(not n.covered for n in draft.names)} name(s) that need a record"
    )


def next_step(result: Draft, where: str | None, own_dataset: bool) -> str:
    """What to do with the draft: save it, code it, and add it to the dataset it was made for
    (a dataset of one's own: add never writes the shipped one)."""
    saved = f"written to {where!r}" if where else "save it with -o FILE"
    file = shlex.quote(where or "FILE")
    add = (
        f"'iraqrel --data {shlex.quote(result.dataset)} add {file}'"
        if own_dataset
        else f"'iraqrel --data DATASET add {file}' on a copy of the dataset ('iraqrel add --help')"
    )
    return f"{saved}; code it, then run {add}"


def draft(result: Draft, *, where: str | None = None, own_dataset: bool = True) -> Document:
    """The draft: its JSON the draft itself, its table what was found. `where`: the file the
    draft is written to; `own_dataset`: the draft was made for a dataset the user named."""
    return Document(
        columns=columns_of(FINDING_ROW),
        lines=tuple(lines(FINDING_ROW, findings(result))),
        note=f"{summary(result)}; {next_step(result, where, own_dataset)}",
        record=draft_json(result),
    )
