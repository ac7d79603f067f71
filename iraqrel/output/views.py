"""Answers as Reports: one row spec per answer yields its table cells and its JSON records.

Every title, note and sentence a person reads is written here, or in `documents` for the
answers about one object. A spec's fields with a header are the table's columns, in their
order; its fields with a key are the JSON record, in theirs; a field may be both. Plain,
csv and markdown write each report's `fields`: the wide table's columns as JSON fields, in
the same order, then the rest of the record the table shows inside its cells or leaves to
`show`. The pieces that several answers share are in `cells`, and the sources answer in
`bibliography`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import msgspec

from iraqrel.output.cells import (
    ACTOR_COLUMN,
    COUNTERPART,
    OTHER_READING_FIELDS,
    QUOTE_KEYS,
    STANCE_COLUMN,
    basis_line,
    cited,
    counted,
    date_text,
    dated,
    evidence_json,
    marks,
    quote_json,
    relationship_keys,
    source_keys,
    stance_cell,
    stances_text,
)
from iraqrel.output.report import Field, Json, Report, columns_of, lines, names_of, tabulate
from iraqrel.queries.answers import (
    Allies,
    Appearing,
    Change,
    Counterpart,
    Counterparts,
    Hits,
    QuoteHit,
)
from iraqrel.queries.readings import Answer, Reading
from iraqrel.records import STANCES

if TYPE_CHECKING:
    from iraqrel.names.answer import Resolution
    from iraqrel.queries.passage import Passage


# --- relationships: who-allies and changes --new/--gone --------------------------------------


def _as_of_cell(r: Reading) -> str:
    """The date, marked when an earlier source than the latest in force describes the row."""
    return date_text(r.as_of) + ("\n(earlier)" if r.recency == "earlier" else "")


def reading_row(actor_in_table: bool) -> tuple[Field[Reading], ...]:
    """who-allies' row: counterpart, actor (when several), stance with its marks, date, domains
    (the first column to give way on a narrow screen) and the first quote, cited."""
    return (
        COUNTERPART,
        *((ACTOR_COLUMN,) if actor_in_table else ()),
        STANCE_COLUMN,
        Field(header="as of", cell=_as_of_cell),
        Field(header="domains", cell=lambda r: ", ".join(r.relationship.domains), drop=1),
        *relationship_keys(),
        Field(key="as_of", value=lambda r: r.as_of),
        Field(key="recency", value=lambda r: r.recency),
        Field(key="summary", value=lambda r: r.relationship.summary),
        Field(
            header="evidence",
            key="evidence",
            value=evidence_json,
            cell=lambda r: cited(r.relationship.evidence[:1]),
            keys=QUOTE_KEYS,
            grow=True,
            key_words=True,
        ),
        *source_keys(),
        Field(key="notes", value=lambda r: r.relationship.notes),
    )


READING_FIELDS = (
    "entity.name",
    "actor",
    "stance",
    "as_of",
    "domains",
    "evidence.quote",
    "entity.id",
    "basis",
    "recency",
    "contested",
    *OTHER_READING_FIELDS,
    "period",
    "when",
    "rules",
    "summary",
    "notes",
    "evidence.source",
    "evidence.start",
    "evidence.end",
    "segment",
    "id",
    "evidence.id",
)


def _readings(rows: tuple[Reading, ...], title: str) -> Report:
    several_actors = len({r.relationship.actor for r in rows}) > 1
    spec = reading_row(actor_in_table=several_actors)
    return tabulate(spec, rows, title=title, fields=READING_FIELDS)


WHAT_ALLY_MEANS = (
    "No formal alliance (treaty) of Iraq is described in these sources; ties are ranked by"
    " stance as the sources describe them (codebook S1 to S5)."
)


def _no_ally(rows: tuple[Reading, ...]) -> list[str]:
    """When no row is an ally, a line that says so plainly; none otherwise."""
    if any(r.relationship.stance == "ally" for r in rows):
        return []
    partners = any(r.relationship.stance == "partner" for r in rows)
    return [
        "No ally: no counterpart's latest stance here is ally, a committed and unqualified"
        " alliance (codebook S1)." + (" Partners follow." if partners else "")
    ]


def _allies_title(answer: Allies) -> str:
    """Whose ties these are, and which: "Federal government (Baghdad): its allies and ..."."""
    whose, its = (answer.whose, "its") if answer.whose else ("Every Iraqi actor", "their")
    if answer.stances == ("ally", "partner"):
        return f"{whose}: {its} allies and partners, strongest first"
    if answer.stances == ("ally",):
        return f"{whose}: {its} allies"
    if answer.stances == STANCES:
        return f"{whose}: every counterpart by stance, strongest first"
    return f"{whose}: counterparts whose latest stance is {stances_text(answer.stances)}"


def allies_summary(answer: Allies) -> str:
    """How many of each stance asked for, how many contested, as of which date, from which sources:
    "0 allies, 15 partners (2 contested) as of 2024-06-19; sources s000, s002"."""
    counts = Counter(r.relationship.stance for r in answer.rows)
    said = ", ".join(counted(counts[s], s) for s in answer.stances)
    contested = sum(1 for r in answer.rows if r.relationship.contested)
    if contested:
        said += f" ({contested} contested)"
    basis = answer.provenance
    when = date_text(basis.latest)
    if basis.as_of:
        when = f"{basis.as_of} (latest evidence {when})"
    said += f" as of {when}; sources {', '.join(basis.sources) or 'none'}"
    if basis.undated_left_out:
        said += f"; {counted(basis.undated_left_out, 'undated relationship')} left out"
    return said


def who_allies(answer: Allies) -> Report:
    """A title, the summary line, what the answer means by "ally", and, when no row is an ally,
    that plainly; then the ranked rows."""
    title = [_allies_title(answer), allies_summary(answer), WHAT_ALLY_MEANS, *_no_ally(answer.rows)]
    return dated(_readings(answer.rows, "\n".join(title)), answer.provenance)


def appearing(answer: Appearing) -> Report:
    which = "only in the latest source" if answer.new else "no longer in the latest source"
    title = f"Counterparts {which}; {basis_line(answer.provenance)}"
    return dated(_readings(answer.rows, title), answer.provenance)


# --- list ---------------------------------------------------------------------------------


def _latest_text(c: Counterpart) -> str:
    """Per actor, its latest stance, with its date and marks: "militias: adversary (2024-06-19)"."""
    text = "\n".join(
        f"{r.relationship.actor}: {r.relationship.stance} "
        f"({', '.join([date_text(r.as_of), *marks(r.relationship)])})"
        for r in c.latest
    )
    return text or "no relationship of its own"


def _latest_json(c: Counterpart) -> list[Json]:
    return [
        {
            "id": r.relationship.id,
            "actor": r.relationship.actor,
            "stance": r.relationship.stance,
            "score": r.relationship.score,
            "as_of": r.as_of,
        }
        for r in c.latest
    ]


COUNTERPART_ROW: tuple[Field[Counterpart], ...] = (
    COUNTERPART,
    Field(header="id", cell=lambda c: c.entity.id),
    Field(header="kind", cell=lambda c: c.entity.kind),
    Field(key="part_of", value=lambda c: c.entity.part_of),
    Field(
        header="latest stances",
        key="latest",
        value=_latest_json,
        cell=_latest_text,
        keys=("id", "actor", "stance", "score", "as_of"),
        grow=True,
    ),
    Field(header="relationships", key="relationships", value=lambda c: c.relationships),
    Field(
        header="sources",
        key="sources",
        value=lambda c: list(c.sources),
        cell=lambda c: ", ".join(c.sources),
    ),
)
COUNTERPART_FIELDS = (
    "entity.name",
    "entity.id",
    "entity.kind",
    "latest.actor",
    "latest.stance",
    "latest.as_of",
    "relationships",
    "sources",
    "part_of",
    "latest.id",
)


def counterparts(answer: Counterparts) -> Report:
    which = ""
    if answer.stances is not None:
        which = f" whose latest stance, for an Iraqi actor, is {stances_text(answer.stances)}"
    title = f"{counted(len(answer.rows), 'counterpart')}{which}; {basis_line(answer.provenance)}"
    report = tabulate(COUNTERPART_ROW, answer.rows, title=title, fields=COUNTERPART_FIELDS)
    return dated(report, answer.provenance)


# --- resolve --------------------------------------------------------------------------------

TARGET_KEYS = ("id", "name", "kind")


def _candidates_text(r: Resolution) -> str:
    return ", ".join(f"{c.name} ({c.id})" for c in r.candidates)


RESOLUTION_ROW: tuple[Field[Resolution], ...] = (
    Field(header="query", key="query", value=lambda r: r.query),
    Field(header="status", key="status", value=lambda r: r.status),
    Field(header="id", cell=lambda r: r.target.id if r.target else ""),
    Field(key="entity", value=lambda r: msgspec.to_builtins(r.target), keys=TARGET_KEYS),
    Field(header="name", cell=lambda r: r.target.name if r.target else ""),
    Field(header="method", key="method", value=lambda r: r.method),
    Field(header="score", key="score", value=lambda r: r.score),
    Field(
        header="candidates",
        key="candidates",
        value=lambda r: msgspec.to_builtins(list(r.candidates)),
        cell=_candidates_text,
        keys=TARGET_KEYS,
        grow=True,
    ),
    # why a name known not to be a country is refused, or what place it is: free text
    Field(header="reason", key="reason", value=lambda r: r.reason, grow=True),
)
RESOLUTION_FIELDS = (
    "query",
    "status",
    "entity.id",
    "entity.name",
    "method",
    "score",
    "candidates.name",
    "candidates.id",
    "entity.kind",
    "candidates.kind",
)


def resolutions(results: Iterable[Resolution], *, streamed: bool = False) -> Report:
    """What each name resolves to; `streamed`: each row as its name arrives."""
    if streamed:
        return Report(
            columns=columns_of(RESOLUTION_ROW),
            lines=lines(RESOLUTION_ROW, results),
            streamed=True,
            names=names_of(RESOLUTION_ROW),
            fields=RESOLUTION_FIELDS,
        )
    return tabulate(RESOLUTION_ROW, results, fields=RESOLUTION_FIELDS)


# --- search ----------------------------------------------------------------------------------

SEARCH_ROW: tuple[Field[QuoteHit], ...] = (
    COUNTERPART,
    Field(key="id", value=lambda h: h.quote.id),
    Field(key="relationship", value=lambda h: h.relationship.id),
    Field(header="actor", key="actor", value=lambda h: h.relationship.actor),
    Field(
        header="stance",
        key="stance",
        value=lambda h: h.relationship.stance,
        cell=lambda h: stance_cell(h.relationship),
        stance=True,
    ),
    Field(header="as of", key="as_of", value=lambda h: h.as_of, cell=lambda h: date_text(h.as_of)),
    Field(
        header="quote",
        key="quote",
        value=lambda h: h.quote.quote,
        cell=lambda h: cited([h.quote]),
        grow=True,
        key_words=True,
    ),
    Field(key="source", value=lambda h: h.quote.source),
    Field(key="start", value=lambda h: h.quote.start),
    Field(key="end", value=lambda h: h.quote.end),
    Field(key="segment", value=lambda h: h.relationship.segment),
)
SEARCH_FIELDS = (
    "entity.name",
    "actor",
    "stance",
    "as_of",
    "quote",
    "source",
    "start",
    "end",
    "entity.id",
    "segment",
    "id",
    "relationship",
)


def search(answer: Hits) -> Report:
    words = "the word" if len(answer.text.split()) == 1 else "the words"
    title = f"{counted(len(answer.rows), 'quote')} with {words} {answer.text!r}, by counterpart"
    note = "" if answer.rows else f"No quote has every word of {answer.text!r}."
    report = tabulate(
        SEARCH_ROW,
        answer.rows,
        title=title,
        note=note,
        highlight=tuple(answer.text.split()),
        fields=SEARCH_FIELDS,
    )
    return dated(report, answer.provenance)


# --- changes ---------------------------------------------------------------------------------

SIDE_KEYS = (
    "id",
    "stance",
    "score",
    "as_of",
    "source",
    "segment",
    *(f"quote.{k}" for k in QUOTE_KEYS),
)


def _side(r: Reading) -> Json:
    rel = r.relationship
    return {
        "id": rel.id,
        "stance": rel.stance,
        "score": rel.score,
        "as_of": r.as_of,
        "source": r.source.id,
        "segment": rel.segment,
        "quote": quote_json(rel.evidence[0]),
    }


CHANGE_ROW: tuple[Field[Change], ...] = (
    COUNTERPART,
    Field(header="actor", key="actor", value=lambda c: c.actor),
    Field(
        header="change",
        cell=lambda c: f"{c.before.relationship.stance} -> {c.after.relationship.stance}",
    ),
    Field(
        header="dates", cell=lambda c: f"{date_text(c.before.as_of)} -> {date_text(c.after.as_of)}"
    ),
    Field(key="from", value=lambda c: _side(c.before), keys=SIDE_KEYS),
    Field(key="to", value=lambda c: _side(c.after), keys=SIDE_KEYS),
    Field(
        header="how known",
        key="described",
        value=lambda c: c.described,
        cell=lambda c: "the later source recounts it" if c.described else "two readings differ",
    ),
    *(
        Field(
            header=f"quote {when}",
            cell=lambda c, s=side: cited(
                (c.before if s == "from" else c.after).relationship.evidence[:1]
            ),
            grow=True,
            key_words=True,
        )
        for side, when in (("from", "before"), ("to", "after"))
    ),
)
CHANGE_FIELDS = (
    "entity.name",
    "actor",
    "from.stance",
    "to.stance",
    "from.as_of",
    "to.as_of",
    "described",
    "from.quote.quote",
    "to.quote.quote",
    "entity.id",
    *(f"{side}.{k}" for side in ("from", "to") for k in ("source", "segment")),
    *(f"{side}.quote.{k}" for side in ("from", "to") for k in ("start", "end")),
    *(f"{side}.{k}" for k in ("id", "quote.id") for side in ("from", "to")),
)


def changes(answer: Answer[Change]) -> Report:
    described = sum(1 for c in answer.rows if c.described)
    title = (
        f"{counted(len(answer.rows), 'difference')} of current stance between dated sources,"
        f" {described} of them recounted by the later source itself (the rest are two readings"
        f" that differ); {basis_line(answer.provenance)}"
    )
    report = tabulate(CHANGE_ROW, answer.rows, title=title, fields=CHANGE_FIELDS)
    return dated(report, answer.provenance)


# --- context: a quote in its paragraph -------------------------------------------------------

MARKS = ("[[", "]]")  # around the quote in its paragraph; the table also highlights it


def marked(p: Passage) -> str:
    """The paragraph with the quote marked [[thus]], and "…" where it was cut."""
    text = p.paragraph
    at, to = p.start - p.paragraph_start, p.end - p.paragraph_start
    shown = f"{text[:at]}{MARKS[0]}{text[at:to]}{MARKS[1]}{text[to:]}"
    return ("… " if p.cut_before else "") + shown + (" …" if p.cut_after else "")


def _where(p: Passage) -> str:
    segment = p.segment.id if p.segment else p.source.id
    date = p.segment.date.value if p.segment else p.source.date.value
    return f"[{p.source.id}:{p.start}-{p.end}]\n{segment}\n{date_text(date)}"


PASSAGE_ROW: tuple[Field[Passage], ...] = (
    Field(header="citation", cell=_where),
    Field(key="source", value=lambda p: p.source.id),
    Field(key="start", value=lambda p: p.start),
    Field(key="end", value=lambda p: p.end),
    Field(key="quote", value=lambda p: p.quote),
    Field(key="segment", value=lambda p: p.segment.id if p.segment else None),
    Field(key="as_of", value=lambda p: p.segment.date.value if p.segment else None),
    Field(
        header="in its paragraph",
        key="paragraph",
        value=lambda p: {
            "start": p.paragraph_start,
            "end": p.paragraph_end,
            "text": p.paragraph,
        },
        cell=marked,
        keys=("start", "end", "text"),
        grow=True,
        marked=True,
    ),
)
PASSAGE_FIELDS = ("source", "start", "end", "quote", "paragraph.text", "segment", "as_of")


def passages(found: Iterable[Passage]) -> Report:
    """Each quote in its paragraph, marked."""
    rows = tuple(found)
    title = f"The paragraph around {counted(len(rows), 'quote')}, each quote marked [[thus]]"
    return tabulate(PASSAGE_ROW, rows, title=title, fields=PASSAGE_FIELDS)
