"""Typed records of the dataset, its vocabularies, and loading with validation.

Its annotations are evaluated at import, not kept as strings: msgspec reads every record
type's annotations on the first decode, and strings it must evaluate then (about 1 ms)."""

import os
import re
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, get_args

import msgspec

from iraqrel.dates import DateError, parse_partial
from iraqrel.errors import DataError
from iraqrel.files import read_regular_file, read_regular_file_with_status, shown
from iraqrel.ids import id_problems

Stance = Literal["ally", "partner", "mixed", "strained", "adversary"]
Domain = Literal["security", "economic", "energy", "diplomatic", "humanitarian", "political"]
Kind = Literal[
    "country",
    "organization",
    "mission",
    "coalition",
    "armed-group",
    "state-group",
    "community",
    "aggregate",
]
Basis = Literal["stated", "curator"]
DateMethod = Literal["stated", "inferred", "undetermined"]
# Which time a relationship describes, relative to when its source was written (codebook T1-T3).
Period = Literal["past", "current", "outlook"]

STANCES: tuple[str, ...] = get_args(Stance)
DOMAINS: tuple[str, ...] = get_args(Domain)
KINDS: tuple[str, ...] = get_args(Kind)
PERIODS: tuple[str, ...] = get_args(Period)  # in time order

STANCE_SCORES: dict[str, int] = dict(zip(STANCES, (2, 1, 0, -1, -2), strict=True))

_PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FILE_NAME = "iraqrel.json"
SCHEMA_FILE_NAME = "iraqrel.schema.json"


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of every dataset record: immutable, unknown fields rejected."""


class Dating(Record):
    """A date as far as the text supports one: YYYY, YYYY-MM or YYYY-MM-DD, or none."""

    value: str | None
    method: DateMethod
    evidence: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}.get(len(self.value or ""), "unknown")


class Quote(Record):
    """A verbatim quote: `quote == text_of(source)[start:end]`."""

    id: str  # its stable id, "q0001" (see the `ids` module)
    source: str
    start: int
    end: int
    quote: str


NOT_STATED = "not stated"  # a citation field the document does not state


class Citation(Record):
    """What a document states of itself for a citation; NOT_STATED where it states nothing.

    Its date and language are the source's own `date` and `language`.
    """

    url: str
    author: str
    publisher: str
    retrieved: str  # when it was retrieved
    translation: str  # whether it reads as a translation, and from what


class Segment(Record):
    """A character range of a source with one origin and one date."""

    id: str
    start: int
    end: int
    origin: str
    date: Dating
    citation: Citation | None = None  # its own, where it states more than its source does


class Source(Record):
    id: str
    file: str
    sha256: str
    title: str
    origin: str
    language: str
    date: Dating
    citation: Citation
    segments: list[Segment]
    notes: str = ""


class Actor(Record):
    """An Iraqi actor: the federal government by default, or one the text singles out."""

    id: str
    name: str
    description: str
    aliases: list[str] = []
    notes: str = ""
    evidence: list[Quote] = []  # quotes on the actor itself, e.g. its relation with Baghdad


class Codes(Record):
    """A state's codes in the schemes other datasets join on; None where a scheme has none.

    Generated from a maintained crosswalk (tests/country_codes.py), never typed by hand.
    """

    cown: int | None  # Correlates of War numeric: ATOP's statea, peacesciencer's ccode
    cowc: str | None  # COW letters, not ISO's: France is FRN, the United Kingdom UKG
    gwn: int | None  # Gleditsch-Ward numeric: UCDP's gwno
    gwc: str | None  # Gleditsch-Ward letters
    iso3n: int | None  # ISO 3166-1 numeric (written with three digits: 4 is "004")


class Entity(Record):
    """A counterpart of Iraq: country, organization, mission, coalition or group."""

    id: str
    kind: Kind
    name: str
    short_name: str | None = None  # what tables show when the name is long: one of its aliases
    aliases: list[str] = []
    part_of: str | None = None
    codes: Codes | None = None  # a country's codes in the schemes other datasets join on
    notes: str = ""


class OtherReading(Record):
    """Another coding's reading of the same unit, kept where a judgment call stays contested."""

    stance: Stance | None  # None: the other coding has no record for this unit
    period: Period | None  # None exactly when the stance is None
    rules: list[str]  # the codebook rules that reading applies
    why: str  # one sentence
    by: str  # which coding, e.g. "second coding"


class Relationship(Record):
    """One counterpart's stance toward one Iraqi actor, as one segment describes it."""

    id: str  # its stable id, "r0001" (see the `ids` module)
    entity: str
    actor: str
    segment: str
    stance: Stance
    basis: Basis
    domains: list[Domain]
    summary: str
    evidence: list[Quote]
    rules: list[str]  # the codebook rules this record applies, e.g. ["S2", "T1"]
    period: Period  # the time described: before the source was written, at writing, or ahead
    when: str  # that time in the curator's words, without a year the source does not give
    contested: bool  # another coding read this unit otherwise, and it stays a judgment call
    other_reading: OtherReading | None  # that reading, exactly when contested
    notes: str = ""

    @property
    def score(self) -> int:
        return STANCE_SCORES[self.stance]

    @property
    def label(self) -> str:
        return f"{self.entity}/{self.actor}/{self.segment}/{self.period}"


class Exclusion(Record):
    """A name the sources mention without describing a relationship of Iraq with it."""

    record_id: str  # its stable id, "x0001" (`id` is the country's ISO code, if it has one)
    name: str
    id: str | None
    reason: str
    evidence: list[Quote]
    aliases: list[str] = []
    codes: Codes | None = None  # a country's codes, like an entity's


class NextIds(Record):
    """The number the next id of each kind takes: raised as ids are minted, never lowered,
    so an id once given is never given again, even after its record is removed."""

    relationship: int
    quote: int
    mention: int


class Dataset(Record):
    format_version: Literal[2]
    data_version: str  # the data's own semantic version, apart from the package's
    next_ids: NextIds
    codebook: str  # the coding manual, relative to the dataset file
    subject: Entity
    actors: list[Actor]
    sources: list[Source]
    entities: list[Entity]
    relationships: list[Relationship]
    exclusions: list[Exclusion]
    agreement: str | None = None  # the agreement between codings, relative to the dataset file


class Loaded(msgspec.Struct, frozen=True):
    """A validated dataset with the indexes every query needs, built once."""

    path: Path
    data: Dataset
    entities: dict[str, Entity]
    segments: dict[str, Segment]
    sources: dict[str, Source]
    actors: dict[str, Actor]
    segment_sources: dict[str, Source]
    # The bytes this was loaded from: the file's identity as it was read (device, inode,
    # modification time), their length and their CRC-32; "" when not loaded from a file.
    fingerprint: str = ""

    @property
    def file_identity(self) -> str:
        """The fingerprint's first part: the file's identity as its bytes were read."""
        return self.fingerprint.partition(";")[0]

    @property
    def size(self) -> int:
        """How many bytes it was loaded from (0 when not loaded from a file)."""
        return int(self.file_identity.rpartition(":")[2] or 0)

    def source_path(self, source: Source) -> Path:
        return self.path.parent / source.file


MENTION_PREFIX = "mention:"


def mention_id(name: str) -> str:
    """The id of a name mentioned without a relationship and without an ISO code."""
    return MENTION_PREFIX + name


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]


def _duplicate_ids(data: Dataset) -> list[str]:
    problems: list[str] = []
    for what, ids in (
        ("source id", [s.id for s in data.sources]),
        ("segment id", [s.id for src in data.sources for s in src.segments]),
        ("entity id", [*(e.id for e in data.entities), data.subject.id]),
        ("actor id", [a.id for a in data.actors]),
        ("relationship", [r.label for r in data.relationships]),
    ):
        problems += [f"duplicate {what} {dup!r}" for dup in _duplicates(ids)]
    return problems


def _actors_named_as_entities(data: Dataset) -> list[str]:
    """An Iraqi actor's id is no counterpart's id, nor Iraq's: names resolve to one of them."""
    entities = {e.id for e in data.entities} | {data.subject.id}
    return [
        f"actor {a.id}: its id is also the id of the entity {a.id!r}; give it an id of its own"
        for a in data.actors
        if a.id in entities
    ]


def _bad_ranges(data: Dataset) -> list[str]:
    return [
        f"segment {seg.id}: bad range [{seg.start}, {seg.end})"
        for src in data.sources
        for seg in src.segments
        if not 0 <= seg.start < seg.end
    ]


def _unknown_parents(data: Dataset) -> list[str]:
    entities = {e.id for e in data.entities}
    return [
        f"entity {e.id}: part_of names unknown entity {e.part_of!r}"
        for e in data.entities
        if e.part_of is not None and e.part_of not in entities
    ]


def _bad_quotes(where: str, quotes: list[Quote], sources: set[str]) -> list[str]:
    problems = []
    for n, q in enumerate(quotes, 1):
        if q.source not in sources:
            problems.append(f"{where}, quote {n}: unknown source {q.source!r}")
        elif not 0 <= q.start <= q.end:
            problems.append(f"{where}, quote {n}: bad offsets [{q.start}, {q.end})")
    return problems


def _bad_relationships(data: Dataset) -> list[str]:
    segment_sources = {seg.id: src.id for src in data.sources for seg in src.segments}
    sources, entities = set(segment_sources.values()), {e.id for e in data.entities}
    actors = {a.id for a in data.actors}
    problems = []
    for n, rel in enumerate(data.relationships):
        where = record_name("relationships", n, f"{rel.id}/{rel.label}")
        if rel.entity not in entities:
            problems.append(f"{where}: unknown entity {rel.entity!r}")
        if rel.actor not in actors:
            problems.append(f"{where}: unknown actor {rel.actor!r}")
        if rel.segment not in segment_sources:
            problems.append(f"{where}: unknown segment {rel.segment!r}")
            continue
        if not rel.evidence:
            problems.append(f"{where}: no evidence")
        source = segment_sources[rel.segment]
        wrong_source = [q for q in rel.evidence if q.source != source]
        if wrong_source:
            problems.append(f"{where}: a quote cites {wrong_source[0].source!r}, not {source!r}")
        problems += _bad_quotes(where, rel.evidence, sources)
    return problems


def _bad_other_quotes(data: Dataset) -> list[str]:
    sources = {src.id for src in data.sources}
    problems = []
    for ex in data.exclusions:
        problems += _bad_quotes(f"exclusion {ex.record_id} ({ex.name!r})", ex.evidence, sources)
    for actor in data.actors:
        problems += _bad_quotes(f"actor {actor.id}", actor.evidence, sources)
    return problems


def _date_problems(record: str, dating: Dating) -> list[str]:
    """A date that is not a real YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits, named by record."""
    if dating.value is None:
        return []
    try:
        parse_partial(dating.value)
    except DateError as exc:
        return [f"{record}: date {exc}"]
    if dating.value != dating.value.strip():
        return [f"{record}: date {dating.value!r} has surrounding spaces"]
    return []


def _bad_dates(data: Dataset) -> list[str]:
    problems = []
    for src in data.sources:
        problems += _date_problems(f"source {src.id}", src.date)
        for seg in src.segments:
            problems += _date_problems(f"segment {seg.id}", seg.date)
    return problems


def _nul_file_names(data: Dataset) -> list[str]:
    return [
        f"source {src.id}: file name {src.file!r} contains a NUL byte"
        for src in data.sources
        if "\0" in src.file
    ]


def all_quotes(data: Dataset) -> list[Quote]:
    """Every quote of the dataset: its actors', its relationships' and its mentions'."""
    holders = [*data.actors, *data.relationships, *data.exclusions]
    return [quote for holder in holders for quote in holder.evidence]


def _bad_record_ids(data: Dataset) -> list[str]:
    ids = {
        "relationship": [r.id for r in data.relationships],
        "quote": [q.id for q in all_quotes(data)],
        "mention": [x.record_id for x in data.exclusions],
    }
    return id_problems(ids, msgspec.structs.asdict(data.next_ids))


# Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH, an optional pre-release and build metadata.
_SEMVER = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?"
)


def _bad_data_version(data: Dataset) -> list[str]:
    if _SEMVER.fullmatch(data.data_version):
        return []
    return [f"data_version {data.data_version!r} is not a semantic version such as '1.0.0'"]


INTEGRITY_RULES = (
    _duplicate_ids,
    _actors_named_as_entities,
    _bad_record_ids,
    _bad_data_version,
    _bad_ranges,
    _unknown_parents,
    _bad_relationships,
    _bad_other_quotes,
    _bad_dates,
    _nul_file_names,
)


def integrity_problems(data: Dataset) -> list[str]:
    """Unique ids, resolvable references and sane offsets: cheap, checked on every load.

    Where a quote stands in its text, and in its segment, is verify's to check.
    """
    return [problem for rule in INTEGRITY_RULES for problem in rule(data)]


def shipped_data_path() -> Path:
    """The dataset inside the installed wheel, or in the source checkout."""
    shipped = _PACKAGE_DIR / "_shipped" / "data" / DATA_FILE_NAME
    return shipped if shipped.exists() else _PACKAGE_DIR.parent / "data" / DATA_FILE_NAME


def record_name(collection: str, index: int, label: str) -> str:
    """How every message names a record: where it stands in the file, numbered from 0 as a
    JSON path numbers it, and what it is: `relationships[2] NMI/baghdad/s000.nato/current`."""
    return f"{collection}[{index}] {label}".rstrip()


def _record_at(raw: bytes, json_path: str) -> str:
    """Describe the top-level record a msgspec error path like `$.relationships[3].x` is in."""
    parts = json_path.split(".")
    if len(parts) < 2 or "[" not in parts[1]:
        return ""
    collection, _, index = parts[1].partition("[")
    try:
        items = msgspec.json.decode(raw)[collection]
        record = items[int(index.rstrip("]"))]
    except (ValueError, LookupError, TypeError, RecursionError, msgspec.DecodeError):
        return ""
    if isinstance(record, dict):
        keys = ("id", "name", "entity", "actor", "segment", "period")
        named = "/".join(str(record[k]) for k in keys if isinstance(record.get(k), str))
        return f" (record {record_name(collection, int(index.rstrip(']')), named)})"
    return ""


def _not_utf8(raw: bytes) -> str:
    """Where `raw` stops being UTF-8 (msgspec's own error does not say)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}"
    return "not UTF-8"


def _decode(path: Path, raw: bytes) -> Dataset:
    """The Dataset in `raw`; every way it can fail is a one-line DataError naming the file."""
    try:
        return msgspec.json.decode(raw, type=Dataset)
    except msgspec.ValidationError as exc:
        message = str(exc)
        where = message.rpartition(" - at `")[2].rstrip("`") if " - at `" in message else ""
        raise DataError(f"{shown(path)}: {message}{_record_at(raw, where)}") from None
    except msgspec.DecodeError as exc:
        raise DataError(f"{shown(path)}: not valid JSON: {exc}") from None
    except UnicodeDecodeError:
        raise DataError(
            f"{shown(path)}: {_not_utf8(raw)}; save the dataset as UTF-8 JSON"
        ) from None
    except RecursionError:
        raise DataError(f"{shown(path)}: JSON nested too deeply to be a dataset") from None


def load(path: Path) -> Loaded:
    """Read, decode and validate a dataset file; any problem is a DataError naming it."""
    return loaded_from(path, *read_dataset(path))


def read_dataset(path: Path) -> tuple[bytes, os.stat_result]:
    """A dataset file's bytes, not yet decoded, and the status of the file they were read
    from; DataError when there are none."""
    raw, status = read_regular_file_with_status(path, "dataset file")
    if not raw.strip():
        raise DataError(f"{shown(path)}: the dataset file is empty")
    return raw, status


def loaded_from(path: Path, raw: bytes, status: os.stat_result, *, checked: bool = True) -> Loaded:
    """The dataset `raw` (read from `path`, whose status was `status`), decoded and, when
    `checked`, held to `integrity_problems`. Only bytes already proved by those checks (the
    checked index says which) go unchecked."""
    return parse(path, raw, _fingerprint(raw, status), checked=checked)


def parse(path: Path, raw: bytes, fingerprint: str = "", *, checked: bool = True) -> Loaded:
    """Decode and validate the bytes of a dataset that lives at `path` (its sources and
    codebook are found relative to it); any problem is a DataError naming it. `fingerprint`
    is the read file's (empty for bytes no file holds: they are never cached)."""
    if not raw.strip():
        raise DataError(f"{shown(path)}: the dataset file is empty")
    data = _decode(path, raw)
    problem = next(iter(integrity_problems(data)), None) if checked else None
    if problem:
        raise DataError(f"{shown(path)}: {problem}")
    return loaded_of(path, data, fingerprint)


def loaded_of(path: Path, data: Dataset, fingerprint: str = "") -> Loaded:
    """`data`, which lives at `path`, with the indexes every query needs."""
    return Loaded(
        path=path,
        data=data,
        entities={e.id: e for e in data.entities},
        segments={s.id: s for src in data.sources for s in src.segments},
        sources={s.id: s for s in data.sources},
        actors={a.id: a for a in data.actors},
        segment_sources={s.id: src for src in data.sources for s in src.segments},
        fingerprint=fingerprint,
    )


def identity(raw: bytes, status: os.stat_result) -> str:
    """The identity of `raw`, read from the file whose status is `status`: device, inode,
    modification time (ns) and length, as `Loaded.fingerprint` begins."""
    return f"{status.st_dev}:{status.st_ino}:{status.st_mtime_ns}:{len(raw)}"


def _fingerprint(raw: bytes, status: os.stat_result) -> str:
    """What `Loaded.fingerprint` says of `raw`, read from the file whose status is `status`."""
    return f"{identity(raw, status)};{zlib.crc32(raw):08x}"


class _Versioned(msgspec.Struct):
    data_version: str = "not stated"


def data_version_of(path: Path) -> str:
    """The data version a dataset file states, read without decoding the rest of it."""
    raw = read_regular_file(path, "dataset file")
    try:
        return msgspec.json.decode(raw, type=_Versioned).data_version
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        raise DataError(f"{shown(path)}: not a dataset; its data version cannot be read") from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the dataset format, as shipped beside the data."""
    return msgspec.json.schema(Dataset)
