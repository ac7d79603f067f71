"""Merging a coded draft into a dataset (`iraqrel add`), or refusing it in one line.

A draft is refused when a record is not coded yet, a quote is not verbatim at its offsets,
its document is not where the dataset finds sources or its sha256 differs, an id it gives
is already taken (or is a record id, which only minting gives), or the merged dataset
fails to load or to verify. Nothing is written here: the merged text is returned, and the
caller writes it in one step.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec

from iraqrel.checks import verify
from iraqrel.errors import DataError, DraftRefused, UsageError
from iraqrel.files import MAX_FILE_BYTES, read_regular_file, shown
from iraqrel.minting import ID_KEY, mint
from iraqrel.records import Loaded, parse

Json = dict[str, Any]
NOTES = "draft"  # every key of this name, at any depth, is a note for the curator
COLLECTIONS = ("sources", "entities", "relationships", "exclusions")
_PACKAGE = Path(__file__).resolve().parent.parent


class Merged(msgspec.Struct, frozen=True):
    """The dataset before, the dataset merged (as it will be written), and its text."""

    before: Loaded
    after: Loaded
    text: str
    original: bytes  # the dataset file's bytes as read: it must be so when it is replaced


def house_json(raw: Any) -> str:
    """JSON as the house writes the dataset: two-space indent, UTF-8 as is, a final newline."""
    return json.dumps(raw, indent=2, ensure_ascii=False) + "\n"


def _copy_hint(path: Path) -> str:
    """How to make a dataset of one's own from this one, with its sources beside it."""
    folder = path.resolve().parent
    return (
        f"copy it with its sources first (cp -r {str(folder)!r} "
        f"{str(folder.parent / 'seeds')!r} DIR/) and give --data DIR/{folder.name}/{path.name}"
    )


def writable(path: Path, named: bool) -> None:
    """`add` writes only a dataset the user named, and never inside the installed package."""
    copy_hint = _copy_hint(path)
    if not named:
        raise UsageError(f"add writes only a dataset you name with --data; {copy_hint}")
    if _PACKAGE in path.resolve().parents:
        raise UsageError(
            f"{shown(path)} is inside the installed package, which add never writes; {copy_hint}"
        )


def read_draft(path: Path) -> Json:
    """The draft file's JSON object: a regular file, bounded, UTF-8 JSON."""
    raw = read_regular_file(path, "draft file", MAX_FILE_BYTES)
    try:
        found = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataError(f"{shown(path)}: not UTF-8; a draft is UTF-8 JSON") from None
    except (ValueError, RecursionError) as exc:
        raise DataError(f"{shown(path)}: not valid JSON: {exc}") from None
    if not isinstance(found, dict):
        raise DataError(f"{shown(path)}: not a draft: a draft is a JSON object")
    return found


def without_notes(value: Any) -> Any:
    """`value` with every key named `draft` dropped, at any depth."""
    if isinstance(value, dict):
        return {k: without_notes(v) for k, v in value.items() if k != NOTES}
    if isinstance(value, list):
        return [without_notes(v) for v in value]
    return value


def _shape(draft: Json) -> dict[str, list[Json]]:
    """The draft's four lists of records, each checked to be a list of objects."""
    unknown = sorted(set(draft) - set(COLLECTIONS))
    if unknown:
        raise DraftRefused(
            f"the draft has the key {unknown[0]!r}; a draft holds only {', '.join(COLLECTIONS)}"
            f" (and notes under '{NOTES}')"
        )
    lists = {name: draft.get(name, []) for name in COLLECTIONS}
    for name, records in lists.items():
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise DraftRefused(f"the draft's {name!r} is not a list of records")
    if not any(lists.values()):
        raise DraftRefused(
            "the draft adds nothing: its sources, entities, relationships and "
            "exclusions are all empty"
        )
    return lists


# --- coded: every field a curator must decide is decided -----------------------------------

_RELATIONSHIP_FIELDS = (
    "entity",
    "stance",
    "basis",
    "period",
    "rules",
    "domains",
    "summary",
    "when",
)
_CITATION_FIELDS = ("url", "author", "publisher", "retrieved", "translation")


def _blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _uncoded(records: dict[str, list[Json]]) -> Iterator[str]:
    """Each field still to be coded, named by its record."""
    for n, rel in enumerate(records["relationships"]):
        where = f"relationships[{n}] ({rel.get('entity')}/{rel.get('actor')})"
        yield from (f"{where} has no {f}" for f in _RELATIONSHIP_FIELDS if _blank(rel.get(f)))
    for n, ex in enumerate(records["exclusions"]):
        if _blank(ex.get("reason")):
            yield f"exclusions[{n}] ({ex.get('name')}) has no reason"
    for n, source in enumerate(records["sources"]):
        where = f"sources[{n}] ({source.get('id')})"
        if _blank(source.get("origin")):
            yield f"{where} has no origin"
        citation = source.get("citation")
        citation = citation if isinstance(citation, dict) else {}
        yield from (
            f"{where} has no citation {f} (write what the document states, or 'not stated')"
            for f in _CITATION_FIELDS
            if _blank(citation.get(f))
        )
    for n, entity in enumerate(records["entities"]):
        if _blank(entity.get("name")) or _blank(entity.get("kind")):
            yield f"entities[{n}] ({entity.get('id')}) has no name or kind"


def _refuse_uncoded(records: dict[str, list[Json]]) -> None:
    gaps = list(_uncoded(records))
    if gaps:
        raise DraftRefused(
            f"{len(gaps)} field(s) of the draft are not coded yet, the first: {gaps[0]}; "
            "code them, or delete the records you do not keep"
        )


# --- ids: a draft's own ids are new, and record ids are minted, never given -----------------


def _quotes(records: dict[str, list[Json]]) -> Iterator[Json]:
    for name in ("relationships", "exclusions"):
        for record in records[name]:
            evidence = record.get("evidence")
            yield from (
                (q for q in evidence if isinstance(q, dict)) if isinstance(evidence, list) else ()
            )


def _given_ids(records: dict[str, list[Json]]) -> Iterator[tuple[str, str]]:
    """(what, id) of every id the draft gives: its own, and any record id it should not."""
    for source in records["sources"]:
        yield "source", str(source.get("id"))
        segments = source.get("segments")
        for segment in segments if isinstance(segments, list) else []:
            yield "segment", str(segment.get("id") if isinstance(segment, dict) else None)
    yield from (("entity", str(e.get("id"))) for e in records["entities"])
    minted = [
        *(("relationship", r.get(ID_KEY["relationship"])) for r in records["relationships"]),
        *(("mention", x.get(ID_KEY["mention"])) for x in records["exclusions"]),
        *(("quote", q.get(ID_KEY["quote"])) for q in _quotes(records)),
    ]
    yield from ((what, f"minted:{ident}") for what, ident in minted if ident)


def _taken(before: Loaded) -> dict[str, set[str]]:
    data = before.data
    return {
        "source": set(before.sources),
        "segment": set(before.segments),
        "entity": {*before.entities, data.subject.id, *before.actors},
    }


def _refuse_taken(records: dict[str, list[Json]], before: Loaded) -> None:
    taken = _taken(before)
    for what, ident in _given_ids(records):
        if ident.startswith("minted:"):
            raise DraftRefused(
                f"the draft gives the {what} id {ident.removeprefix('minted:')!r}; ids of "
                "relationships, quotes and mentions are minted by add: leave them out"
            )
        if ident in taken[what]:
            raise DraftRefused(f"the {what} id {ident!r} is already taken in the dataset")


# --- the documents and the quotes ----------------------------------------------------------


def _documents(records: dict[str, list[Json]], before: Loaded) -> dict[str, str]:
    """Each draft source's text, read where the dataset finds sources and checked against
    the sha256 the draft pins."""
    texts = {}
    folder = before.path.parent
    for source in records["sources"]:
        ident, file = source.get("id"), source.get("file")
        if not isinstance(file, str) or not file:
            raise DraftRefused(f"source {ident!r} names no file")
        path = folder / file
        try:
            raw = read_regular_file(path, "source document")
        except DataError as exc:
            reason = str(exc).removeprefix(f"{shown(path)}: ")
            raise DraftRefused(
                f"source {ident!r}: its document must be at {shown(path)} ({file!r} from the "
                f"dataset's folder: sources are found relative to the dataset), but: {reason}"
            ) from None
        digest = hashlib.sha256(raw).hexdigest()
        known = next((s.id for s in before.data.sources if s.sha256 == digest), None)
        if known is not None:
            raise DraftRefused(
                f"source {ident!r}: {shown(path)} is already the dataset's source {known}"
            )
        if digest != source.get("sha256"):
            raise DraftRefused(
                f"source {ident!r}: {shown(path)} has sha256 {digest}, the draft pins "
                f"{source.get('sha256')}; the document was edited or is another one"
            )
        try:
            texts[str(ident)] = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DraftRefused(f"source {ident!r}: {shown(path)} is not UTF-8") from None
    return texts


def _refuse_unquoted(records: dict[str, list[Json]], texts: dict[str, str]) -> None:
    """Every quote on a draft source is its text at its offsets."""
    for quote in _quotes(records):
        text = texts.get(str(quote.get("source")))
        start, end, words = quote.get("start"), quote.get("end"), quote.get("quote")
        if text is None or not (isinstance(start, int) and isinstance(end, int)):
            continue  # a quote of a dataset source, or malformed: the merged load decides
        if not (0 <= start <= end <= len(text)) or text[start:end] != words:
            found = text.find(words) if isinstance(words, str) and words else -1
            hint = f"; it stands at [{found}, {found + len(words)})" if found >= 0 else ""
            raise DraftRefused(
                f"the quote {str(words)[:60]!r} is not verbatim at [{start}, {end}) of "
                f"{quote.get('source')}{hint}"
            )


# --- the merged dataset --------------------------------------------------------------------


def _merged_raw(original: bytes, records: dict[str, list[Json]]) -> Json:
    raw: Json = json.loads(original.decode("utf-8"))
    for name in COLLECTIONS:
        raw.setdefault(name, [])
        raw[name] += records[name]
    mint(raw)
    return raw


def _loaded(path: Path, text: str) -> Loaded:
    try:
        return parse(path, text.encode("utf-8"))
    except DataError as exc:
        detail = str(exc).removeprefix(f"{shown(path)}: ")
        raise DraftRefused(f"the merged dataset would not load: {detail}") from None


def _refuse_unused_entities(records: dict[str, list[Json]], after: Loaded) -> None:
    """A counterpart without a relationship is a mention (codebook X1), not an entity."""
    used = {r.entity for r in after.data.relationships} | {
        e.part_of for e in after.data.entities if e.part_of
    }
    for entity in records["entities"]:
        if entity.get("id") not in used:
            raise DraftRefused(
                f"entity {entity.get('id')!r} has no relationship: a name the document only "
                "mentions is an exclusion (codebook X1)"
            )


def _refuse_unverified(after: Loaded) -> None:
    result = verify(after)
    if not result.ok:
        first = result.problems[0]
        raise DraftRefused(
            f"the merged dataset fails verify with {len(result.problems)} problem(s), the "
            f"first: {first.check}: {first.record}: {first.message}"
        )


def merge(path: Path, draft: Json) -> Merged:
    """The dataset at `path` with the coded `draft` merged and its new records' ids minted,
    proven by verify; or DraftRefused, naming the first reason."""
    original = read_regular_file(path, "dataset file")
    before = parse(path, original)
    records = _shape(without_notes(draft))
    _refuse_uncoded(records)
    _refuse_taken(records, before)
    _refuse_unquoted(records, _documents(records, before))
    text = house_json(_merged_raw(original, records))
    after = _loaded(path, text)
    _refuse_unused_entities(records, after)
    _refuse_unverified(after)
    return Merged(before, after, text, original)


def unchanged_since(path: Path, original: bytes) -> None:
    """Refuses to replace a dataset that changed since it was read (another edit, another add)."""
    try:
        now = read_regular_file(path, "dataset file")
    except DataError as exc:
        raise DraftRefused(f"the dataset cannot be read again before writing: {exc}") from None
    if now != original:
        raise DraftRefused(f"{shown(path)} changed while add ran; run add again")
