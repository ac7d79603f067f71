"""Answers about one object, as Documents: one name (`show`) and the dataset's proof (`verify`).

Their JSON is one object; their tables list its parts: show's timeline and mentions, and
verify's problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from iraqrel.output.report import Document, Field, Json, aligned, columns_of, lines, record_of
from iraqrel.output.safe import visible
from iraqrel.output.views import (
    AS_OF,
    COUNTERPART,
    cited,
    dated,
    entity_json,
    other_reading_text,
    quote_json,
    relationship_fields,
    source_fields,
)
from iraqrel.queries.profile import Profile
from iraqrel.queries.readings import Reading
from iraqrel.records import Exclusion

if TYPE_CHECKING:
    from iraqrel.checks import Problem, VerifyResult
    from iraqrel.names.answer import Resolution
    from iraqrel.reliability import Share, Summary

# --- show -------------------------------------------------------------------------------------


def _summary_cell(row: Reading) -> str:
    """The summary, and under it the other reading of a contested record."""
    summary, other = row.relationship.summary, other_reading_text(row.relationship)
    return f"{summary}\nOther reading, {other}" if other else summary


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
    value=lambda r: [quote_json(q) for q in r.relationship.evidence],
    cell=lambda r: cited(r.relationship.evidence),
    grow=True,
)
TIMELINE_ROW: tuple[Field[Reading], ...] = (
    AS_OF,
    COUNTERPART,
    *relationship_fields(detail_in_table=False),
    Field(
        header="change",
        key="changed_from",
        value=lambda r: r.changed_from,
        cell=lambda r: f"{r.changed_from} -> {r.relationship.stance}" if r.changed_from else "",
    ),
    _SUMMARY,
    _EVIDENCE,
    *source_fields(in_table=False),
    Field(key="notes", value=lambda r: r.relationship.notes),
)
MENTION_ROW: tuple[Field[Exclusion], ...] = (  # a mention's JSON, in `mentions`
    Field(key="id", value=lambda m: m.record_id),
    Field(key="name", value=lambda m: m.name),
    Field(key="reason", value=lambda m: m.reason),
    Field(key="evidence", value=lambda m: [quote_json(q) for q in m.evidence]),
)
MENTION_LINE: tuple[Field[Exclusion], ...] = aligned(  # a mention in the timeline's table
    TIMELINE_ROW,
    {
        _SUMMARY: lambda m: f"mentioned, no relationship: {m.reason}",
        _EVIDENCE: lambda m: cited(m.evidence),
    },
)


def how_matched(resolution: Resolution) -> str:
    """The line that says how a name that is not written exactly so was matched, or ""."""
    if (resolution.exact and resolution.method != "variant") or resolution.target is None:
        return ""
    target = resolution.target
    return visible(f"{resolution.query} → {target.name} ({resolution.method}, {resolution.score})")


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


def show_title(profile: Profile) -> str:
    subject = profile.subject
    aliases = ", ".join(subject.aliases) or "none"
    said = [f"{subject.name} ({subject.kind}, {subject.id}); aliases: {aliases}"]
    if profile.status == "actor":
        said.append("One of Iraq's own actors: its relationships, oldest first.")
    if subject.kind == "aggregate":
        said.append("An aggregate: the sources speak of it as one, beside its members.")
    if profile.parts:
        parts = ", ".join(f"{p.name} ({p.id})" for p in profile.parts)
        said.append(f"Parts, whose relationships are listed with their own name: {parts}")
    if subject.notes:
        said.append(f"Note: {subject.notes}")
    said += [f"Evidence: “{q.quote}” [{q.source} {q.start}-{q.end}]" for q in profile.evidence]
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
        lines=(*lines(TIMELINE_ROW, profile.rows), *lines(MENTION_LINE, profile.mentions)),
        title=show_title(profile),
        note=note,
        record=record,
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
    """Whether every check holds, what was checked, each problem found, each warning (sound,
    but worth knowing), and the agreement between codings that the figures file gives."""
    counts = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in result.counts.items())
    status = "ok, all checks pass" if result.ok else f"{len(result.problems)} problem(s)"
    warned = [f"warning: {w.record}: {w.message}" for w in result.warnings]
    agreement = agreement_lines(result.agreement, result.counts.get("relationships", 0))
    return Document(
        columns=columns_of(PROBLEM_ROW),
        lines=tuple(lines(PROBLEM_ROW, result.problems)),
        title="\n".join([f"verify: {status}", counts, *warned, *agreement]),
        record={
            "ok": result.ok,
            "counts": result.counts,
            "problems": msgspec.to_builtins(list(result.problems)),
            "warnings": msgspec.to_builtins(list(result.warnings)),
            "agreement": agreement_json(result.agreement),
        },
    )
