"""The coding manual's rules, and verify's checks that every record follows them.

The codebook (`data/codebook.md`) states each rule as a level-3 heading `### ID. Title`.
Some ids are fixed, because a machine can check them against a record's own fields.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from iraqrel.errors import DataError
from iraqrel.files import read_regular_file, shown
from iraqrel.records import Loaded, Relationship

# Rule ids a record's fields decide: its stance, its period and its basis.
STANCE_RULES = {"ally": "S1", "partner": "S2", "mixed": "S3", "strained": "S4", "adversary": "S5"}
PERIOD_RULES = {"past": "T1", "current": "T2", "outlook": "T3"}
BASIS_RULES = {"stated": "B1", "curator": "B2"}
DESCRIBED_CHANGE = "D1"  # the later source itself recounts that the relation changed

_RULE = re.compile(r"^### (([A-Z]+[0-9]+)\. \S.*)$", re.MULTILINE)
MAX_CODEBOOK_BYTES = 1 << 20


class CodebookError(ValueError):
    """The codebook file cannot be read as a list of rules."""


def codebook_path(loaded: Loaded) -> Path:
    return loaded.path.parent / loaded.data.codebook


def read_rules(path: Path) -> dict[str, str]:
    """Rule id -> its heading line, from a codebook file (a regular file of bounded size)."""
    try:
        raw = read_regular_file(path, "codebook file", MAX_CODEBOOK_BYTES)
        text = raw.decode("utf-8")
    except DataError as exc:
        raise CodebookError(str(exc)) from None
    except UnicodeDecodeError:
        raise CodebookError(f"{shown(path)}: not UTF-8") from None
    rules: dict[str, str] = {}
    for match in _RULE.finditer(text):
        rules.setdefault(match.group(2), match.group(1).strip())
    return rules


def _unknown_rules(named: list[str], rules: dict[str, str], who: str = "") -> list[str]:
    """Rule ids the codebook does not state, or none named at all; `who` starts each message."""
    problems = [
        f"{who}names rule {r!r}, which the codebook does not state" for r in named if r not in rules
    ]
    return problems + ([f"{who}names no codebook rule"] if not named else [])


FixedFields = tuple[tuple[str, str | None, dict[str, str]], ...]


def _fixed_rules(named: list[str], fields: FixedFields, whose: str = "its") -> list[str]:
    """Each field's value fixes one rule of its kind (a null value none), and no other."""
    problems = []
    for field, value, table in fields:
        wanted = [] if value is None else [table[value]]
        if [r for r in named if r in table.values()] != wanted:
            shown = "null" if value is None else repr(value)
            needs = (
                f"rule {wanted[0]} (and no other {field} rule)" if wanted else f"no {field} rule"
            )
            problems.append(f"{whose} {field} is {shown}, so it names {needs}")
    return problems


def rule_problems(rel: Relationship, rules: dict[str, str]) -> list[str]:
    """What is wrong with one record's rules: unknown ids, or fixed rules its fields contradict."""
    fields: FixedFields = (
        ("stance", rel.stance, STANCE_RULES),
        ("period", rel.period, PERIOD_RULES),
        ("basis", rel.basis, BASIS_RULES),
    )
    return _unknown_rules(rel.rules, rules) + _fixed_rules(rel.rules, fields)


def reading_problems(rel: Relationship, rules: dict[str, str]) -> list[str]:
    """What is wrong with a record's other reading: the judgment call another coding made.

    A record is contested exactly when it gives the other reading; that reading differs from
    the record, names rules the codebook states and agrees with its own stance and period,
    and says why and by which coding.
    """
    other = rel.other_reading
    if rel.contested != (other is not None):
        given = "null" if other is None else "given"
        return [
            f"contested is {str(rel.contested).lower()} but other_reading is {given}; a record"
            " is contested exactly when it gives the other reading"
        ]
    if other is None:
        return []
    problems = []
    if (other.stance, other.period) == (rel.stance, rel.period):
        problems.append("its other reading has the record's own stance and period: not contested")
    if (other.stance is None) != (other.period is None):
        problems.append("its other reading's stance and period are null together, or neither")
    problems += _unknown_rules(other.rules, rules, "its other reading ")
    fields: FixedFields = (
        ("stance", other.stance, STANCE_RULES),
        ("period", other.period, PERIOD_RULES),
    )
    problems += _fixed_rules(other.rules, fields, "its other reading's")
    problems += [
        f"its other reading gives no {what}"
        for what, text in (("why", other.why), ("coding in 'by'", other.by))
        if not text.strip()
    ]
    return problems


MAX_NAMED = 5  # records one problem of the same-quote check names; the rest it counts


def consistency_problems(loaded: Loaded) -> list[tuple[str, str]]:
    """Records drawn from the same quote, in the same period, carry one stance, or say why not.

    A record that differs must name each differing record's entity id in its notes. One
    problem per shared quote, naming up to MAX_NAMED records that do not. Near-linear: the
    records are grouped by quote and, within it, by stance, and a record's check stops at
    the first entity its notes leave out (2,000 records on one quote took 32 s and 3.7 GiB
    when every pair was compared and listed).
    """
    by_quote: dict[tuple[str, int, int, str], list[Relationship]] = defaultdict(list)
    for rel in loaded.data.relationships:
        for q in rel.evidence:
            by_quote[q.source, q.start, q.end, rel.period].append(rel)
    problems = []
    said: set[tuple[str, str]] = set()  # (record, other record): once, however many quotes
    for (source, start, end, _), rels in by_quote.items():
        silent = [(a, b) for a, b in _silent_records(rels) if (a.label, b.label) not in said]
        said.update((a.label, b.label) for a, b in silent)
        if silent:
            problems.append(_silent_problem(f"[{start}, {end}) of {source}", silent))
    return problems


def _silent_records(rels: list[Relationship]) -> list[tuple[Relationship, Relationship]]:
    """Each record of one quote whose notes leave out a record of another stance, with the
    first such record."""
    by_stance: dict[str, dict[str, Relationship]] = defaultdict(dict)
    for rel in rels:
        by_stance[rel.stance].setdefault(rel.entity, rel)
    if len(by_stance) < 2:
        return []
    silent = []
    for a in rels:
        others = (b for stance, of in by_stance.items() if stance != a.stance for b in of.values())
        b = next((b for b in others if b.entity not in a.notes), None)
        if b is not None:
            silent.append((a, b))
    return silent


def _silent_problem(quote: str, silent: list[tuple[Relationship, Relationship]]) -> tuple[str, str]:
    (a, b), rest = silent[0], silent[1:]
    message = (
        f"shares the quote {quote} with {b.label}, which is {b.stance}, not {a.stance}; its "
        f"notes must name {b.entity} and say why"
    )
    if rest:
        named = ", ".join(f"{a.label} (name {b.entity})" for a, b in rest[: MAX_NAMED - 1])
        more = len(rest) - (MAX_NAMED - 1)
        message += f"; so must {len(rest)} more record(s) on this quote: {named}" + (
            f" and {more} more" if more > 0 else ""
        )
    return a.label, message
