"""Agreement between independent codings of the sources, as content analysis reports it.

    python tests/agreement.py            # every pair of CODINGS that exist: write
                                         # data/agreement.json and the README's table
    python tests/agreement.py A B [C]    # every pair of these coding files: print the figures
    python tests/agreement.py --check    # exit 1 when data/agreement.json or the README is stale

A unit is one (counterpart, Iraqi actor, segment, period), a record's key; a triple is one
(counterpart, Iraqi actor, segment). For each pair of codings:

- stance, on the units both coded: percent agreement; Cohen's kappa with linear weights,
  1 - sum(|i-j| p_ij) / sum(|i-j| p_i. p_.j) over the scale's ranks; Krippendorff's alpha
  with the ordinal metric, 1 - D_o / D_e from the coincidence matrix, with a percentile
  bootstrap 95% interval over the units (RESAMPLES resamples, fixed SEED);
- period, on the triples both coded: the same set of periods;
- basis, on the units both coded: the same basis;
- existence, on the units either coded: both coded it.

Not shipped in the wheel: it runs beside the repository's data.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import combinations
from pathlib import Path

import msgspec

from iraqrel.records import STANCES, Basis, Period, Stance, load
from iraqrel.reliability import Agreement, Method, Pair, Share, StanceShare, decode

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIGURES = DATA / "agreement.json"
README = ROOT / "README.md"
CODINGS = ("codings/first.json", "codings/second.json", "codings/third.json")  # under DATA
TRIPLES = DATA / "codings" / "triples.json"
RESAMPLES = 2000
SEED = 17
RANK = {stance: n for n, stance in enumerate(STANCES)}  # ally 0 ... adversary 4

Unit = tuple[str, str, str, str]  # counterpart, actor, segment, period
Triple = tuple[str, str, str]


class Coded(msgspec.Struct, frozen=True):
    """One record of a coding; quotes and reasons are the coder's, not compared here."""

    counterpart: str
    actor: str
    segment: str
    period: Period
    stance: Stance
    basis: Basis

    @property
    def unit(self) -> Unit:
        return (self.counterpart, self.actor, self.segment, self.period)


class NoRecord(msgspec.Struct, frozen=True):
    counterpart: str
    actor: str
    segment: str


class Coding(msgspec.Struct, frozen=True):
    coder: str
    records: list[Coded]
    no_record: list[NoRecord]


class CodingError(ValueError):
    """A coding file that cannot be compared: unreadable, duplicated units, triples missed."""


def _triple(record: Coded | NoRecord) -> Triple:
    return (record.counterpart, record.actor, record.segment)


def load_coding(path: Path, triples: set[Triple]) -> dict[Unit, Coded]:
    """A coding's records by unit; every candidate triple must be coded or listed as no record."""
    try:
        coding = msgspec.json.decode(path.read_bytes(), type=Coding)
    except (OSError, ValueError) as exc:  # unreadable, not JSON, not UTF-8, not a coding
        raise CodingError(f"{path}: {exc}") from None
    coded = {_triple(r) for r in coding.records}
    listed = Counter(_triple(r) for r in coding.no_record)
    twice = Counter(r.unit for r in coding.records)
    problems = [f"unit {u} is coded twice" for u, n in twice.items() if n > 1]
    problems += [f"triple {t} is listed twice as no record" for t, n in listed.items() if n > 1]
    problems += [
        f"triple {t} is coded and listed as no record" for t in sorted(coded & set(listed))
    ]
    problems += [
        f"triple {t} is neither coded nor listed" for t in sorted(triples - coded - set(listed))
    ]
    if problems:
        raise CodingError(f"{path}: " + "; ".join(problems))
    return {r.unit: r for r in coding.records}


def candidate_triples(path: Path) -> set[Triple]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {(t["counterpart"], t["actor"], t["segment"]) for t in raw["triples"]}


# --- coefficients ----------------------------------------------------------------------------


def percent(agree: int, n: int) -> float | None:
    return None if n == 0 else round(100 * agree / n, 1)


def linear(i: int, j: int) -> float:
    return abs(i - j)


def weighted_kappa(
    pairs: Sequence[tuple[int, int]], weight: Callable[[int, int], float] = linear
) -> float | None:
    """Cohen's weighted kappa, 1 - observed / chance-expected weighted disagreement.

    `pairs` are the two coders' category ranks per unit; `weight` is the disagreement weight
    of two ranks (0 on the diagonal). None when chance predicts no disagreement.
    """
    if not pairs:
        return None
    n = len(pairs)
    rows, cols = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    observed = sum(weight(a, b) for a, b in pairs) / n
    expected = sum(weight(a, b) * rows[a] * cols[b] for a in rows for b in cols) / (n * n)
    return None if expected == 0 else 1 - observed / expected


def _ordinal(totals: dict[int, float]) -> Callable[[int, int], float]:
    """Krippendorff's ordinal metric: (sum of n_g from c to k, less (n_c + n_k) / 2) squared."""
    ranks = sorted(totals)

    def delta(c: int, k: int) -> float:
        low, high = min(c, k), max(c, k)
        between = sum(totals[g] for g in ranks if low <= g <= high)
        return (between - (totals[c] + totals[k]) / 2) ** 2

    return delta


def ordinal_alpha(units: Sequence[Sequence[int]]) -> float | None:
    """Krippendorff's alpha, ordinal, for units of any number of values (missing ones left out).

    Values are ranks on an ordinal scale. Units with fewer than two values are not pairable.
    None when there is no variation to disagree on (D_e = 0).
    """
    coincidences: Counter[tuple[int, int]] = Counter()
    for values in units:
        if len(values) < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidences[c, k] += 1 / (len(values) - 1)
    totals: dict[int, float] = Counter()
    for (c, _), o in coincidences.items():
        totals[c] += o
    n = sum(totals.values())
    delta = _ordinal(totals)
    observed = sum(o * delta(c, k) for (c, k), o in coincidences.items())  # n * D_o
    chance = sum(totals[c] * totals[k] * delta(c, k) for c in totals for k in totals)
    return None if chance == 0 else 1 - (n - 1) * observed / chance  # 1 - D_o / D_e


def _percentile(ordered: list[float], q: float) -> float:
    """The q-quantile of sorted values, linearly interpolated (numpy's default)."""
    at = q * (len(ordered) - 1)
    low = int(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


def bootstrap_alpha(
    pairs: Sequence[tuple[int, int]], resamples: int = RESAMPLES, seed: int = SEED
) -> list[float] | None:
    """A percentile 95% interval of ordinal alpha over units drawn with replacement.

    Resamples where alpha is undefined (no variation) are left out; None if all are.
    """
    rng = random.Random(seed)
    draws = [ordinal_alpha(rng.choices(pairs, k=len(pairs))) for _ in range(resamples)]
    defined = sorted(a for a in draws if a is not None)
    if not defined:
        return None
    return [round(_percentile(defined, 0.025), 3), round(_percentile(defined, 0.975), 3)]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# --- a pair of codings -----------------------------------------------------------------------


def compare(a: dict[Unit, Coded], b: dict[Unit, Coded], names: list[str]) -> Pair:
    """Every figure for one pair of codings."""
    both = sorted(a.keys() & b.keys())
    ranks = [(RANK[a[u].stance], RANK[b[u].stance]) for u in both]
    periods: dict[Triple, tuple[set[str], set[str]]] = {}
    for units, side in ((a, 0), (b, 1)):
        for unit in units:
            periods.setdefault(unit[:3], (set(), set()))[side].add(unit[3])
    triples = [p for p in periods.values() if p[0] and p[1]]
    either = a.keys() | b.keys()
    return Pair(
        codings=names,
        stance=StanceShare(
            n=len(both),
            percent=percent(sum(x == y for x, y in ranks), len(both)),
            kappa_linear=_rounded(weighted_kappa(ranks)),
            alpha_ordinal=_rounded(ordinal_alpha(ranks)),
            alpha_ci95=bootstrap_alpha(ranks),
        ),
        period=Share(
            n=len(triples), percent=percent(sum(x == y for x, y in triples), len(triples))
        ),
        basis=Share(
            n=len(both), percent=percent(sum(a[u].basis == b[u].basis for u in both), len(both))
        ),
        existence=Share(n=len(either), percent=percent(len(both), len(either))),
    )


def figures(codings: dict[str, Path], triples: Path | None = None) -> Agreement:
    """The figures of every pair of the named coding files that exist, in the order given;
    every candidate triple (of TRIPLES by default) must be in each of them."""
    candidates = candidate_triples(triples or TRIPLES)
    present = {name: load_coding(p, candidates) for name, p in codings.items() if p.is_file()}
    return Agreement(
        method=Method(scale=list(STANCES), resamples=RESAMPLES, seed=SEED),
        pairs=[compare(present[x], present[y], [x, y]) for x, y in combinations(present, 2)],
    )


def shipped_figures() -> Agreement:
    """The figures of the codings in CODINGS that exist: what data/agreement.json holds."""
    return figures({name: DATA / name for name in CODINGS})


def text(agreement: Agreement) -> str:
    """The figures file's text: two-space JSON, as the dataset is written."""
    return json.dumps(msgspec.to_builtins(agreement), indent=2, ensure_ascii=False) + "\n"


# --- the README's table ----------------------------------------------------------------------

BEGIN = "<!-- agreement: written by tests/agreement.py from data/agreement.json -->\n"
END = "<!-- /agreement -->\n"


def _cell(share: Share) -> str:
    return "n/a (n = 0)" if share.percent is None else f"{share.percent:.1f}% (n = {share.n})"


def _value(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def readme_table(agreement: Agreement, contested: int, relationships: int) -> str:
    """The README's block: a table of the figures, or why there is none, and the contested."""
    after = f"Records contested after reconciliation: {contested} of {relationships}.\n"
    if not agreement.pairs:
        return (
            "No second coding has been committed yet, so no pair of codings is compared "
            "(`data/agreement.json` holds no pairs).\n\n" + after
        )
    lines = [
        "| codings | stance | kappa (linear) | alpha (ordinal) [95% CI] | period | basis"
        " | existence |",
        "|---|---|---|---|---|---|---|",
    ]
    for pair in agreement.pairs:
        stance, ci = pair.stance, pair.stance.alpha_ci95
        interval = f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else ""
        names = " / ".join(Path(c).stem for c in pair.codings)
        lines.append(
            f"| {names} | {_cell(stance)} | {_value(stance.kappa_linear)} | "
            f"{_value(stance.alpha_ordinal)}{interval} | {_cell(pair.period)} | "
            f"{_cell(pair.basis)} | {_cell(pair.existence)} |"
        )
    return "\n".join(lines) + "\n\n" + after


def readme_with(readme: str, block: str) -> str:
    """The README with its agreement block replaced by `block`."""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(readme):
        raise ValueError("the README has no agreement block")
    return pattern.sub(lambda _: BEGIN + block + END, readme)


def readme_block() -> str:
    """The README's agreement block for the committed figures and the dataset as it is."""
    rels = load(DATA / "iraqrel.json").data.relationships
    return readme_table(decode(FIGURES.read_bytes()), sum(r.contested for r in rels), len(rels))


def main(argv: list[str]) -> int:
    given = [a for a in argv if a != "--check"]
    if given:  # these codings only: the figures to stdout
        missing = [a for a in given if not Path(a).is_file()]
        if missing:
            print(f"no such coding file: {', '.join(missing)}", file=sys.stderr)
            return 2
        print(text(figures({a: Path(a) for a in given})), end="")
        return 0
    figures_text = text(shipped_figures())
    if "--check" in argv:
        stale = FIGURES.read_text(encoding="utf-8") != figures_text
        stale = stale or README.read_text(encoding="utf-8") != readme_with(
            README.read_text(encoding="utf-8"), readme_block()
        )
        if stale:
            print("stale: run python tests/agreement.py", file=sys.stderr)
        return int(stale)
    FIGURES.write_text(figures_text, encoding="utf-8")
    README.write_text(
        readme_with(README.read_text(encoding="utf-8"), readme_block()), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
