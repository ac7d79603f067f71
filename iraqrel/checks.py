"""`iraqrel verify`: every check that proves the dataset against its sources."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from iraqrel.errors import DataError
from iraqrel.files import read_regular_file, shown
from iraqrel.records import Loaded, Quote, Source, record_name
from iraqrel.reliability import NOT_READ, Summary, read_agreement

if TYPE_CHECKING:
    from iraqrel.names.resolver import Resolver


class Problem(msgspec.Struct, frozen=True):
    check: str
    record: str
    message: str


class VerifyResult(msgspec.Struct, frozen=True):
    """Every problem verify found, and how much it checked."""

    problems: tuple[Problem, ...]
    counts: dict[str, int]
    agreement: Summary = NOT_READ  # the figures file's agreement, and how many are contested
    warnings: tuple[Problem, ...] = ()  # sound, but worth knowing; verify still passes

    @property
    def ok(self) -> bool:
        return not self.problems


def read_sources(loaded: Loaded, pinned: bool = True) -> tuple[dict[str, str], list[Problem]]:
    """Each source's text, checked against its pinned sha256 unless not `pinned` (the quick
    checks of every query compare the quotes with the text instead)."""
    texts: dict[str, str] = {}
    problems = []
    for source in loaded.data.sources:
        path = loaded.source_path(source)
        record = f"source {source.id}"
        try:
            raw = read_regular_file(path, "source file")
        except DataError as exc:
            problems.append(Problem("sources", record, str(exc)))
            continue
        digest = _sha256(raw) if pinned else source.sha256
        if digest != source.sha256:
            problems.append(
                Problem(
                    "sources",
                    record,
                    f"{shown(path)}: sha256 is {digest}, the dataset pins "
                    f"{source.sha256}; the file was edited or replaced",
                )
            )
            continue
        try:
            texts[source.id] = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem("sources", record, f"{shown(path)}: not UTF-8 ({exc.reason})"))
            continue
        problems += _segment_problems(source, len(texts[source.id]))
    return texts, problems


def _sha256(raw: bytes) -> str:
    import hashlib  # only verify hashes: a query's quick checks read the text alone

    return hashlib.sha256(raw).hexdigest()


def _segment_problems(source: Source, length: int) -> list[Problem]:
    return [
        Problem(
            "sources",
            f"segment {seg.id}",
            f"ends at {seg.end}, past the text's {length} characters",
        )
        for seg in source.segments
        if seg.end > length
    ]


AROUND = 25  # characters shown on either side of where a quote and its source differ


def _differs(found: str, quote: str) -> str:
    """Where the source's text and the quote part, and a few words either side of it."""
    at = next(
        (i for i, (a, b) in enumerate(zip(found, quote, strict=False)) if a != b),
        min(len(found), len(quote)),
    )
    first = max(0, at - AROUND)

    def around(text: str) -> str:
        cut = ("…" if first else "") + text[first : at + AROUND]
        return repr(cut + ("…" if at + AROUND < len(text) else ""))

    return (
        f"differ at character {at} of the quote: the source reads {around(found)}, "
        f"the quote {around(quote)}"
    )


def _quote_problem(record: str, n: int, quote: Quote, text: str) -> Problem | None:
    found = text[quote.start : quote.end]
    if found == quote.quote:
        return None
    where = text.find(quote.quote)
    hint = (
        f"; the quote stands at [{where}, {where + len(quote.quote)})"
        if where >= 0
        else ("; the quote is nowhere in the source")
    )
    return Problem(
        "quotes",
        f"{record}, quote {n}",
        f"[{quote.start}, {quote.end}) of {quote.source} and the quote "
        f"{_differs(found, quote.quote)}{hint}",
    )


def quote_problems(loaded: Loaded, texts: dict[str, str]) -> tuple[list[Problem], int]:
    """Each quote is its source's text at its offsets, inside its relationship's segment."""
    problems = []
    checked = 0
    quoted: list[tuple[str, list[Quote], tuple[int, int] | None]] = [
        (
            record_name("relationships", n, f"{rel.id}/{rel.label}"),
            rel.evidence,
            (loaded.segments[rel.segment].start, loaded.segments[rel.segment].end),
        )
        for n, rel in enumerate(loaded.data.relationships)
    ]
    quoted += [
        (f"exclusion {ex.record_id} ({ex.name!r})", ex.evidence, None)
        for ex in loaded.data.exclusions
    ]
    quoted += [(f"actor {a.id}", a.evidence, None) for a in loaded.data.actors]
    for record, quotes, span in quoted:
        for n, quote in enumerate(quotes, 1):
            if quote.source not in texts:
                continue
            checked += 1
            problem = _quote_problem(record, n, quote, texts[quote.source])
            if problem is None and span and not span[0] <= quote.start < quote.end <= span[1]:
                problem = Problem(
                    "quotes",
                    f"{record}, quote {n}",
                    f"[{quote.start}, {quote.end}) lies outside its segment [{span[0]}, {span[1]})",
                )
            if problem:
                problems.append(problem)
    return problems, checked


def alias_problems(loaded: Loaded, resolver: Resolver) -> list[Problem]:
    """No written name may lead to two entities, nor to a country other than its own."""
    from iraqrel.names.text import fold, has_arabic_marks

    owners: dict[str, set[str]] = defaultdict(set)
    for ident, (target, names) in resolver.directory.items():
        for name in names:
            if name != ident or target.kind == "mentioned":
                owners[fold(name)].add(ident)
    problems = [
        Problem("aliases", f"name {key!r}", f"points to {', '.join(sorted(ids))}")
        for key, ids in sorted(owners.items())
        if len(ids) > 1
    ]
    for entity in loaded.data.entities:
        for name in entity.aliases:
            if has_arabic_marks(name):
                continue  # matched only with its marks: "عمّان" is Amman, "عمان" stays ambiguous
            world = resolver.world_ids(name)
            if world and entity.id not in world:
                problems.append(
                    Problem(
                        "aliases",
                        f"entity {entity.id}",
                        f"alias {name!r} is also the name of {', '.join(sorted(world))}",
                    )
                )
    return problems


# A name longer than this is too long for a table's column: it needs a short name.
LONG_NAME = 20


def short_name_problems(loaded: Loaded) -> list[Problem]:
    """A long name has a short name for tables, and a short name is one of the entity's own
    aliases, shorter than its name: tables never cut a name, and add none."""
    problems = []
    for entity in loaded.data.entities:
        short, record = entity.short_name, f"entity {entity.id}"
        if short is None and len(entity.name) > LONG_NAME:
            problems.append(
                Problem(
                    "names",
                    record,
                    f"name is {len(entity.name)} characters long, over {LONG_NAME}: give it a "
                    "short_name, one of its aliases, for tables",
                )
            )
        elif short is not None and (short not in entity.aliases or len(short) >= len(entity.name)):
            problems.append(
                Problem(
                    "names",
                    record,
                    f"short_name {short!r} is not one of its aliases shorter than its name",
                )
            )
    return problems


def coverage_problems(
    loaded: Loaded, resolver: Resolver, texts: dict[str, str]
) -> tuple[list[Problem], int]:
    """Every name the resolver finds in a source is an entity, an exclusion or Iraq."""
    known = {e.id for e in loaded.data.entities} | {loaded.data.subject.id}
    excluded = {ex.id for ex in loaded.data.exclusions if ex.id} | set(resolver.directory)
    problems = []
    mentions = 0
    for source_id, text in texts.items():
        for mention in resolver.scan(text):
            mentions += 1
            if mention.ids & (known | excluded):
                continue
            names = ", ".join(f"{i} ({resolver.target(i).name})" for i in sorted(mention.ids))
            problems.append(
                Problem(
                    "coverage",
                    f"{source_id} [{mention.start}, {mention.end})",
                    f"{mention.text!r} names {names}: add it as an entity or an exclusion",
                )
            )
    for ex in loaded.data.exclusions:
        if ex.id in known:
            problems.append(
                Problem(
                    "coverage",
                    f"exclusion {ex.record_id} ({ex.name!r})",
                    f"{ex.id} is an entity as well as an exclusion",
                )
            )
    return problems, mentions


def codebook_problems(loaded: Loaded) -> list[Problem]:
    """Every record, and its other reading, names rules the codebook states and agrees with the
    rules its fields fix."""
    from iraqrel.codebook import (
        CodebookError,
        codebook_path,
        consistency_problems,
        read_rules,
        reading_problems,
        rule_problems,
    )

    try:
        rules = read_rules(codebook_path(loaded))
    except CodebookError as exc:
        return [Problem("codebook", "codebook", str(exc))]
    problems = [
        Problem(check, record_name("relationships", n, f"{rel.id}/{rel.label}"), message)
        for n, rel in enumerate(loaded.data.relationships)
        for check, messages in (
            ("codebook", rule_problems(rel, rules)),
            ("readings", reading_problems(rel, rules)),
        )
        for message in messages
    ]
    problems += [
        Problem("codebook", label, message) for label, message in consistency_problems(loaded)
    ]
    return problems


MAX_LISTED = 100  # problems listed per check; one more problem counts the rest


def listed(problems: list[Problem]) -> list[Problem]:
    """The first MAX_LISTED problems of each check, in order, then one per check that counts
    those left out: a dataset that fails everywhere still gets an answer a person can read."""
    counts: Counter[str] = Counter()
    kept = []
    for problem in problems:
        counts[problem.check] += 1
        if counts[problem.check] <= MAX_LISTED:
            kept.append(problem)
    return kept + [
        Problem(
            check,
            "more",
            f"{n - MAX_LISTED} more problems of this check are not listed; fix these and "
            "run verify again",
        )
        for check, n in counts.items()
        if n > MAX_LISTED
    ]


def quick_problems(loaded: Loaded) -> list[Problem]:
    """The checks cheap enough for every query (about a millisecond, no name tables, no
    hashing): each quote is its source's text at its offsets, each record follows the
    codebook. A query warns when they fail; verify runs every check."""
    texts, problems = read_sources(loaded, pinned=False)
    return problems + quote_problems(loaded, texts)[0] + codebook_problems(loaded)


def quick_inputs(loaded: Loaded) -> list[Path]:
    """The files `quick_problems` reads: each source's, and the codebook."""
    from iraqrel.codebook import codebook_path

    return [*(loaded.source_path(s) for s in loaded.data.sources), codebook_path(loaded)]


def verify(loaded: Loaded) -> VerifyResult:
    """Run every check; the load already proved the schema and the references."""
    from iraqrel.names.resolver import Resolver

    texts, source_problems = read_sources(loaded)
    resolver = Resolver(loaded, cached=False)  # verify trusts no cache: it builds afresh
    quotes, quotes_checked = quote_problems(loaded, texts)
    coverage, mentions = coverage_problems(loaded, resolver, texts)
    problems = source_problems + quotes + alias_problems(loaded, resolver) + coverage
    problems += codebook_problems(loaded)
    problems += id_problems(loaded, resolver)
    problems += short_name_problems(loaded)
    agreement, unread = read_agreement(loaded)  # read, never computed: verify stays fast
    if unread:
        problems.append(Problem("agreement", "agreement", unread))
    problems = listed(problems)
    warnings = tuple(shadowed_codes(loaded, resolver, _iso_alpha2()))
    counts = {
        "sources": len(loaded.data.sources),
        "segments": len(loaded.segments),
        "entities": len(loaded.data.entities),
        "relationships": len(loaded.data.relationships),
        "quotes_checked": quotes_checked,
        "exclusions": len(loaded.data.exclusions),
        "mentions_scanned": mentions,
    }
    return VerifyResult(tuple(problems), counts, agreement, warnings)


# --- entity ids: an id must not pass for another country or entity --------------------------


def _iso_alpha2() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> alpha-3 of every current country."""
    from iraqrel.names.iso import countries

    return {c.alpha_2: c.alpha_3 for c in countries()}


def _foreign_iso_ids(loaded: Loaded, resolver: Resolver, alpha3: set[str]) -> list[Problem]:
    """An id that is a country's ISO alpha-3 code belongs to that country and no other record."""
    problems = []
    for entity in loaded.data.entities:
        if entity.id not in alpha3:
            continue
        own = set().union(*(resolver.world_ids(n) for n in [entity.name, *entity.aliases]))
        if entity.kind != "country" or entity.id not in own:
            country = resolver.target(entity.id).name if entity.id in own else entity.id
            problems.append(
                Problem(
                    "ids",
                    f"entity {entity.id}",
                    f"{entity.id!r} is the ISO code of {country}, but this record is the "
                    f"{entity.kind} {entity.name!r}; give it an id of its own",
                )
            )
    return problems


def shadowed_codes(loaded: Loaded, resolver: Resolver, alpha2: dict[str, str]) -> list[Problem]:
    """An id or alias that is another country's ISO code: typed alone it is ambiguous."""
    from iraqrel.names.text import fold

    codes = {fold(code): alpha3 for a2, alpha3 in alpha2.items() for code in (a2, alpha3)}
    records = [loaded.data.subject, *loaded.data.entities, *loaded.data.actors]
    return [
        Problem(
            "ids",
            f"entity {record.id}",
            f"{name!r} is also the ISO code of {resolver.target(codes[fold(name)]).name} "
            f"({codes[fold(name)]}): typed alone it is ambiguous",
        )
        for record in records
        for name in (record.id, *record.aliases)
        if codes.get(fold(name), record.id) != record.id
    ]


def _near_duplicate(ident: str, other: str, names: set[str], alpha2: dict[str, str]) -> str:
    """Why `ident` would be read as `other` (another entity's id), or ""."""
    from iraqrel.names.text import fold

    key, other_key = fold(ident), fold(other)
    if key == other_key and ident > other:
        return f"is {other!r} written differently"
    if other_key.startswith(key) and len(other_key) == len(key) + 1 and " " not in other_key:
        return f"is {other!r} less its last letter"
    if alpha2.get(ident.upper()) == other:
        return f"is the ISO alpha-2 code of {other}"
    return f"is a name of {other}" if key in names else ""


def _near_duplicate_ids(loaded: Loaded, alpha2: dict[str, str]) -> list[Problem]:
    """`US` beside `USA`: an id that folds to another entity's id, code or name.

    Looked up, not compared pair by pair (3,000 entities took 15 s): ids that fold alike are
    one group, and each of them but the group's first (smallest) is reported once, against
    the first; the first is looked up among the other groups' keys less their last letter,
    the ISO alpha-2 codes and every entity's folded names.
    """
    from iraqrel.names.text import fold

    records = [loaded.data.subject, *loaded.data.entities]
    names = {e.id: {fold(n) for n in [e.name, *e.aliases]} for e in records}
    groups: dict[str, list[str]] = defaultdict(list)
    for entity in records:
        groups[fold(entity.id)].append(entity.id)
    first = {key: min(ids) for key, ids in groups.items()}
    shortened: dict[str, list[str]] = defaultdict(list)  # a key less its last letter -> firsts
    for key, ident in first.items():
        if key and " " not in key:
            shortened[key[:-1]].append(ident)
    named: dict[str, list[str]] = defaultdict(list)  # a folded name -> the ids it names
    for ident, folded in names.items():
        for name in folded:
            named[name].append(ident)
    position = {e.id: n for n, e in enumerate(records)}
    problems = []
    for entity in records:
        key = fold(entity.id)
        if entity.id == first[key]:
            code = alpha2.get(entity.id.upper(), "")
            others = {*shortened.get(key, ()), *named.get(key, ()), *([code] * (code in names))}
            others.discard(entity.id)
        else:
            others = {first[key]}
        for other in sorted(others, key=position.__getitem__):
            why = _near_duplicate(entity.id, other, names[other], alpha2)
            if why:
                message = f"id {entity.id!r} {why}; ids must not pass for each other"
                problems.append(Problem("ids", f"entity {entity.id}", message))
    return problems


def _non_ascii_ids(loaded: Loaded) -> list[Problem]:
    """Ids are ASCII letters, digits, '-', '_' and '.': no full-width or look-alike letters."""
    return [
        Problem(
            "ids",
            f"entity {entity.id!r}",
            f"id {entity.id!r} is not ASCII letters, digits, '-', '_' or '.'",
        )
        for entity in [loaded.data.subject, *loaded.data.entities]
        if not (entity.id.isascii() and entity.id.translate(_ID_MARKS).isalnum())
    ]


_ID_MARKS = str.maketrans("", "", "-_.")


def id_problems(loaded: Loaded, resolver: Resolver) -> list[Problem]:
    """Every id rule: foreign ISO codes, near-duplicates, non-ASCII ids."""
    alpha2 = _iso_alpha2()
    return (
        _foreign_iso_ids(loaded, resolver, set(alpha2.values()))
        + _near_duplicate_ids(loaded, alpha2)
        + _non_ascii_ids(loaded)
    )
