"""Answers about one object, as Documents: one name (`show`) and the dataset's proof (`verify`).

Their JSON is one object; their tables list its parts: show's timeline and mentions, and
verify's problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from iraqrel.output.cells import (
    ACTOR_COLUMN,
    AS_OF,
    COUNTERPART,
    OTHER_READING_FIELDS,
    QUOTE_KEYS,
    STANCE_COLUMN,
    citation,
    cited,
    counted,
    dated,
    entity_json,
    evidence_json,
    other_reading_text,
    quote_json,
    relationship_keys,
    source_keys,
)
from iraqrel.output.report import (
    Document,
    Field,
    Json,
    aligned,
    columns_of,
    lines,
    names_of,
    record_of,
)
from iraqrel.output.safe import visible
from iraqrel.queries.profile import Profile
from iraqrel.queries.readings import Reading
from iraqrel.records import Exclusion

if TYPE_CHECKING:
    from iraqrel.checks import Problem, VerifyResult
    from iraqrel.names.answer import Resolution
    from iraqrel.reliability import Share, Summary

# --- show -------------------------------------------------------------------------------------


_BASIS = {"stated": "the source's own words", "curator": "the curator's reading"}


def _summary_cell(row: Reading) -> str:
    """The summary, and under it what the table has no column for: the other reading of a
    contested record, the domains and the basis, and the record's note."""
    rel = row.relationship
    said = [rel.summary]
    if rel.other_reading is not None:
        said.append(f"Other reading, {other_reading_text(rel)}")
    said.append(f"Domains: {', '.join(rel.domains)}. Basis: {_BASIS[rel.basis]}.")
    if rel.notes:
        said.append(f"Note: {rel.notes}")
    return "\n".join(said)


_SUMMARY: Field[Reading] = Field(
    header="summary",
    key="summary",
    value=lambda r: r.relationship.summary,
    cell=_summary_cell,
    grow=True,
)
_EVIDENCE: Field[Reading] = Field(
    header="evidence",
    key="evidence",
    value=evidence_json,
    cell=lambda r: cited(r.relationship.evidence),
    keys=QUOTE_KEYS,
    grow=True,
)
TIMELINE_ROW: tuple[Field[Reading], ...] = (
    AS_OF,
    COUNTERPART,
    ACTOR_COLUMN,
    STANCE_COLUMN,
    Field(header="period", cell=lambda r: r.relationship.period),
    *relationship_keys(),
    Field(
        header="change",
        key="changed_from",
        value=lambda r: r.changed_from,
        cell=lambda r: f"{r.changed_from} -> {r.relationship.stance}" if r.changed_from else "",
    ),
    _SUMMARY,
    _EVIDENCE,
    *source_keys(),
    Field(key="notes", value=lambda r: r.relationship.notes),
)
SHOW_FIELDS = (
    "as_of",
    "entity.name",
    "actor",
    "stance",
    "period",
    "changed_from",
    "summary",
    "evidence.quote",
    "entity.id",
    "domains",
    "basis",
    "contested",
    *OTHER_READING_FIELDS,
    "notes",
    "when",
    "rules",
    "evidence.source",
    "evidence.start",
    "evidence.end",
    "segment",
    "id",
    "evidence.id",
)
MENTION_ROW: tuple[Field[Exclusion], ...] = (  # a mention's JSON, in `mentions`
    Field(key="id", value=lambda m: m.record_id),
    Field(key="name", value=lambda m: m.name),
    Field(key="reason", value=lambda m: m.reason),
    Field(key="evidence", value=lambda m: [quote_json(q) for q in m.evidence]),
)


def mention_line(reason_in_note: bool) -> tuple[Field[Exclusion], ...]:
    """A mention in the timeline's table: its reason, unless the note already gives it, and
    its quotes."""
    summary = "mentioned, no relationship" + ("" if reason_in_note else ": {reason}")
    return aligned(
        TIMELINE_ROW,
        {
            _SUMMARY: lambda m: summary.format(reason=m.reason),
            _EVIDENCE: lambda m: cited(m.evidence),
        },
    )


def how_matched(resolution: Resolution) -> str:
    """The line that says how a name that is not written exactly so was matched, or ""."""
    if (resolution.exact and resolution.method != "variant") or resolution.target is None:
        return ""
    target = resolution.target
    return visible(f"{resolution.query} -> {target.name} ({resolution.method}, {resolution.score})")


def show_note(profile: Profile) -> str:
    """The sentence that explains an answer with no relationship rows."""
    subject = profile.subject
    if profile.status == "subject":
        return "Iraq is the subject of this dataset; run 'iraqrel who-allies' for its relations."
    if profile.status == "mentioned":
        reasons = "; ".join(m.reason for m in profile.mentions)
        return f"{subject.name} is mentioned in the sources, with no relationship: {reasons}"
    if profile.status == "no-data":
        name = subject.name
        return f"{name} is a country, but the sources describe no relationship of Iraq with it."
    return ""


_KIND_TEXT = {"iraqi-actor": "one of Iraq's own actors", "mentioned": "mentioned in the sources"}


def show_title(profile: Profile) -> str:
    subject = profile.subject
    kind = _KIND_TEXT.get(subject.kind, subject.kind)
    said = [f"{subject.name}: {kind}, id {subject.id}"]
    if subject.aliases:
        said.append(f"Also called: {', '.join(subject.aliases)}")
    if profile.status == "actor":
        said.append("Its side of Iraq's relations, oldest first.")
    if subject.kind == "aggregate":
        said.append("An aggregate: the sources speak of it as one, beside its members.")
    if profile.parts:
        parts = ", ".join(f"{p.name} ({p.id})" for p in profile.parts)
        said.append(f"Parts, whose relationships are listed with their own name: {parts}")
    if subject.notes:
        said.append(f"Note: {subject.notes}")
    said += [f"Evidence: “{q.quote}” {citation(q)}" for q in profile.evidence]
    return "\n".join(visible(line) for line in said)  # a line break in the data stays visible


def show(profile: Profile) -> Document:
    """One name: its timeline of relationships, oldest first, changes marked."""
    note = show_note(profile)
    resolution = profile.resolution
    record: Json = {
        "query": resolution.query,
        "status": resolution.status,
        "match": {"method": resolution.method, "score": resolution.score},
        "entity": entity_json(profile.subject),
        "notes": profile.subject.notes,
        "note": note,
        "relationships": [record_of(TIMELINE_ROW, r) for r in profile.rows],
        "parts": [entity_json(p) for p in profile.parts],
        "mentions": [record_of(MENTION_ROW, m) for m in profile.mentions],
        "evidence": [quote_json(q) for q in profile.evidence],
    }
    document = Document(
        columns=columns_of(TIMELINE_ROW),
        lines=(
            *lines(TIMELINE_ROW, profile.rows),
            *lines(mention_line(profile.status == "mentioned"), profile.mentions),
        ),
        title=show_title(profile),
        note=note,
        record=record,
        rows_key="relationships",
        names=names_of(TIMELINE_ROW),
        fields=SHOW_FIELDS,
    )
    return dated(document, profile.provenance)


# --- verify -----------------------------------------------------------------------------------

PROBLEM_ROW: tuple[Field[Problem], ...] = (
    Field(header="check", key="check", value=lambda p: p.check),
    Field(header="record", key="record", value=lambda p: p.record),
    Field(header="problem", key="message", value=lambda p: p.message, grow=True),
)


def agreement_json(summary: Summary) -> Json:
    """verify's `agreement`: the figures file, its method and pairs, and the contested count."""
    figures = summary.figures
    return {
        "file": summary.file,
        "method": None if figures is None else msgspec.to_builtins(figures.method),
        "pairs": [] if figures is None else msgspec.to_builtins(figures.pairs),
        "contested": summary.contested,
    }


def _share(share: Share, of: str) -> str:
    percent = "n/a" if share.percent is None else f"{share.percent:.1f}%"
    return f"{percent} of {share.n} {of}"


def _coefficient(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def agreement_lines(summary: Summary, relationships: int) -> list[str]:
    """The figures in a few lines: per pair of codings, stance, then period, basis, existence."""
    said = []
    for pair in summary.figures.pairs if summary.figures else []:
        stance, ci = pair.stance, pair.stance.alpha_ci95
        interval = f" (95% CI {ci[0]:.3f} to {ci[1]:.3f})" if ci else ""
        said += [
            f"agreement of {' and '.join(Path(c).stem for c in pair.codings)}: stance "
            f"{_share(stance, 'units both coded')}, kappa (linear) "
            f"{_coefficient(stance.kappa_linear)}, alpha (ordinal) "
            f"{_coefficient(stance.alpha_ordinal)}{interval}",
            f"  period {_share(pair.period, 'triples')}, basis {_share(pair.basis, 'units')},"
            f" existence {_share(pair.existence, 'units')}",
        ]
    contested = f"{summary.contested} of {relationships} relationships contested"
    return [*said, contested] if said else [f"agreement: no pair of codings yet; {contested}"]


def verify(result: VerifyResult) -> Document:
    """What was checked, each warning (sound, but worth knowing) and the agreement between
    codings that the figures file gives (the title), whether every check holds (the note, said
    in every format), each problem found."""
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.counts.items())
    status = "ok, all checks pass" if result.ok else counted(len(result.problems), "problem")
    warned = [f"warning: {w.record}: {w.message}" for w in result.warnings]
    agreement = agreement_lines(result.agreement, result.counts.get("relationships", 0))
    return Document(
        columns=columns_of(PROBLEM_ROW),
        lines=tuple(lines(PROBLEM_ROW, result.problems)),
        title="\n".join([counts, *warned, *agreement]),
        note=f"verify: {status}",
        record={
            "ok": result.ok,
            "counts": result.counts,
            "problems": msgspec.to_builtins(list(result.problems)),
            "warnings": msgspec.to_builtins(list(result.warnings)),
            "agreement": agreement_json(result.agreement),
        },
        rows_key="problems",
        names=names_of(PROBLEM_ROW),
        fields=names_of(PROBLEM_ROW),
    )
