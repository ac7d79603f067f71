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


def rule_problems(rel: Relationship, rules: dict[str, str]) -> list[str]:
    """What is wrong with one record's rules: unknown ids, or fixed rules its fields contradict."""
    problems = [
        f"names rule {r!r}, which the codebook does not state" for r in rel.rules if r not in rules
    ]
    if not rel.rules:
        problems.append("names no codebook rule")
    for field, value, table in (
        ("stance", rel.stance, STANCE_RULES),
        ("period", rel.period, PERIOD_RULES),
        ("basis", rel.basis, BASIS_RULES),
    ):
        wanted = table[value]
        named = [r for r in rel.rules if r in table.values()]
        if named != [wanted]:
            problems.append(
                f"its {field} is {value!r}, so it names rule {wanted} (and no other {field} rule)"
            )
    return problems


def consistency_problems(loaded: Loaded) -> list[tuple[str, str]]:
    """Records drawn from the same quote, in the same period, carry one stance, or say why not.

    A record that differs must name the other record's entity id in its notes.
    """
    by_quote: dict[tuple[str, int, int, str], list[Relationship]] = defaultdict(list)
    for rel in loaded.data.relationships:
        for q in rel.evidence:
            by_quote[q.source, q.start, q.end, rel.period].append(rel)
    problems = []
    seen: set[tuple[str, str]] = set()
    for (source, start, end, _), rels in by_quote.items():
        for a in rels:
            for b in rels:
                if a.stance == b.stance or (a.label, b.label) in seen:
                    continue
                seen.add((a.label, b.label))
                if b.entity not in a.notes:
                    problems.append(
                        (
                            a.label,
                            f"shares the quote [{start}, {end}) of {source} with {b.label}, which"
                            f" is {b.stance}, not {a.stance}; its notes must name {b.entity}"
                            " and say why",
                        )
                    )
    return problems
