"""Agreement between codings: the figures, checked by hand, against published examples and an
independent implementation; the committed file and the README never stale; verify shows them."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import agreement
import msgspec
import pytest

from iraqrel.records import STANCES

SYNTHETIC = Path(__file__).resolve().parent / "data" / "codings"
SYNTHETIC_TRIPLES = SYNTHETIC / "triples.json"


def _synthetic(*names: str) -> dict[str, Path]:
    return {name: SYNTHETIC / f"{name}.json" for name in names}


# --- the committed figures ------------------------------------------------------------------


def test_the_committed_figures_are_the_codings_figures():
    """Recomputed from the coding files that exist, data/agreement.json is what they give."""
    assert agreement.FIGURES.read_text(encoding="utf-8") == agreement.text(
        agreement.shipped_figures()
    ), "run: python tests/agreement.py"


def test_the_committed_pairs_are_every_pair_of_the_codings_that_exist():
    present = [c for c in agreement.CODINGS if (agreement.DATA / c).is_file()]
    assert "codings/first.json" in present
    pairs = agreement.decode(agreement.FIGURES.read_bytes()).pairs
    assert [p.codings for p in pairs] == [
        [x, y] for n, x in enumerate(present) for y in present[n + 1 :]
    ]  # one coding alone: no pair


def test_the_readme_shows_the_committed_figures():
    readme = agreement.README.read_text(encoding="utf-8")
    assert agreement.readme_with(readme, agreement.readme_block()) == readme
    assert agreement.BEGIN in readme and "## Agreement between codings" in readme


def test_the_readme_table_shows_each_pairs_figures():
    figures = agreement.figures(_synthetic("a", "b"), SYNTHETIC_TRIPLES)
    table = agreement.readme_table(figures, contested=2, relationships=5)
    ci = figures.pairs[0].stance.alpha_ci95
    assert ci is not None
    assert (
        f"| a / b | 33.3% (n = 3) | 0.400 | 0.731 [{ci[0]:.3f}, {ci[1]:.3f}] | 33.3% (n = 3) |"
        " 66.7% (n = 3) | 50.0% (n = 6) |"
    ) in table
    assert table.endswith("Records contested after reconciliation: 2 of 5.\n")


def test_the_check_mode_passes_on_the_committed_files():
    assert agreement.main(["--check"]) == 0


# --- the figures, worked by hand on synthetic codings ---------------------------------------


def test_the_figures_of_two_synthetic_codings_are_the_hand_worked_ones():
    """a and b (tests/data/codings): units both coded X, Y, Z current; a has X past, b has Y
    outlook and W current.

    Stance: ally/partner, partner/partner, mixed/strained: 1 of 3 agree. Linear kappa:
    observed disagreement (1 + 0 + 1) / 3, chance 10 / 9, so 1 - 0.6 = 0.4. Ordinal alpha:
    n = 6 values, n_ally 1, n_partner 3, n_mixed 1, n_strained 1; 1 - 5 * 10 / 186 = 0.731.
    Period: X {current, past} / {current}, Y {current} / {current, outlook}, Z agree: 1 of 3.
    Basis: Y stated / curator: 2 of 3. Existence: 3 units both, 6 either.
    """
    (pair,) = agreement.figures(_synthetic("a", "b"), SYNTHETIC_TRIPLES).pairs
    assert pair.codings == ["a", "b"]
    assert (pair.stance.n, pair.stance.percent) == (3, 33.3)
    assert (pair.stance.kappa_linear, pair.stance.alpha_ordinal) == (0.4, 0.731)
    assert (pair.period.n, pair.period.percent) == (3, 33.3)
    assert (pair.basis.n, pair.basis.percent) == (3, 66.7)
    assert (pair.existence.n, pair.existence.percent) == (6, 50.0)


def test_three_codings_give_three_pairs_in_order_and_a_missing_one_none():
    paths = {**_synthetic("a", "b"), "missing": SYNTHETIC / "none.json", **_synthetic("c")}
    figures = agreement.figures(paths, SYNTHETIC_TRIPLES)
    assert [p.codings for p in figures.pairs] == [["a", "b"], ["a", "c"], ["b", "c"]]
    same = figures.pairs[1]  # c is a copy of a
    assert same.stance.percent == same.period.percent == same.existence.percent == 100.0
    assert same.stance.kappa_linear == same.stance.alpha_ordinal == 1.0
    assert same.stance.alpha_ci95 == [1.0, 1.0]
    assert figures.method == agreement.Method(scale=list(STANCES), resamples=2000, seed=17)
    assert agreement.figures(_synthetic("a"), SYNTHETIC_TRIPLES).pairs == []


def test_no_unit_in_common_leaves_the_coefficients_undefined():
    assert agreement.weighted_kappa([]) is None
    assert agreement.ordinal_alpha([]) is None
    assert agreement.bootstrap_alpha([]) is None
    assert agreement.percent(0, 0) is None
    same = [(1, 1)] * 5  # no variation: chance predicts no disagreement
    assert agreement.weighted_kappa(same) is None and agreement.ordinal_alpha(same) is None


def test_codings_with_no_unit_in_common_are_undefined_on_screen_and_in_the_readme(
    run, dataset_copy, tmp_path
):
    record = {"counterpart": "W", "actor": "baghdad", "segment": "s1", "period": "current"}
    w_only = {
        "coder": "d",
        "records": [{**record, "stance": "partner", "basis": "stated"}],
        "no_record": [{"counterpart": c, "actor": "baghdad", "segment": "s1"} for c in "XYZ"],
    }
    (tmp_path / "d.json").write_text(json.dumps(w_only), encoding="utf-8")
    figures = agreement.figures({**_synthetic("a"), "d": tmp_path / "d.json"}, SYNTHETIC_TRIPLES)
    (pair,) = figures.pairs
    assert pair.stance == agreement.StanceShare(
        n=0, percent=None, kappa_linear=None, alpha_ordinal=None, alpha_ci95=None
    )
    assert (pair.period.n, pair.basis.n, pair.existence.n, pair.existence.percent) == (0, 0, 5, 0.0)
    assert "| a / d | n/a (n = 0) | undefined | undefined | n/a (n = 0) |" in (
        agreement.readme_table(figures, 0, 1)
    )
    path = _with_figures(dataset_copy, msgspec.to_builtins(figures))
    text = run("--data", str(path), "verify", "--format", "markdown").stdout
    assert (
        "agreement of a and d: stance n/a of 0 units both coded, kappa (linear) undefined,"
        " alpha (ordinal) undefined\n  period n/a of 0 triples"
    ) in text


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda c: c["records"].append(dict(c["records"][0])), "is coded twice"),
        (lambda c: c["no_record"].clear(), "triple ('W', 'baghdad', 's1') is neither coded"),
        (lambda c: c["no_record"].append(dict(c["no_record"][0])), "listed twice as no record"),
        (
            lambda c: c["no_record"].append({**c["no_record"][0], "counterpart": "X"}),
            "triple ('X', 'baghdad', 's1') is coded and listed as no record",
        ),
        (lambda c: c["records"][0].update(stance="frenemy"), "Invalid enum value 'frenemy'"),
    ],
)
def test_a_coding_that_cannot_be_compared_is_refused(tmp_path, change, says):
    coding = json.loads((SYNTHETIC / "a.json").read_text(encoding="utf-8"))
    change(coding)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(coding), encoding="utf-8")
    with pytest.raises(agreement.CodingError, match=re.escape(says)):
        agreement.figures({"a": SYNTHETIC / "a.json", "broken": path}, SYNTHETIC_TRIPLES)


def test_the_command_line_compares_the_coding_files_it_is_given(capsys, monkeypatch):
    monkeypatch.setattr(agreement, "TRIPLES", SYNTHETIC_TRIPLES)
    monkeypatch.chdir(SYNTHETIC)
    assert agreement.main(["a.json", "b.json"]) == 0
    printed = agreement.decode(capsys.readouterr().out.encode())
    assert [p.codings for p in printed.pairs] == [["a.json", "b.json"]]
    assert agreement.main(["a.json", "nowhere.json"]) == 2
    assert "no such coding file: nowhere.json" in capsys.readouterr().err


# --- against published worked examples ------------------------------------------------------

# Cohen (1968), Table 1: two judges, 200 cases, three diagnoses (rows: judge B; columns: A).
COHEN_1968 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]
COHEN_WEIGHTS = {(0, 1): 1, (0, 2): 3, (1, 2): 6}  # his ratio-scaled disagreement weights


def test_kappa_reproduces_cohens_published_example():
    """Cohen reports kappa .492 and, with his weights 1, 3 and 6, weighted kappa .348."""
    pairs = [
        (i, j) for i, row in enumerate(COHEN_1968) for j, n in enumerate(row) for _ in range(n)
    ]
    unweighted = agreement.weighted_kappa(pairs, lambda i, j: float(i != j))
    weighted = agreement.weighted_kappa(
        pairs, lambda i, j: COHEN_WEIGHTS.get((min(i, j), max(i, j)), 0)
    )
    assert (round(unweighted or 0, 3), round(weighted or 0, 3)) == (0.492, 0.348)


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
# observers, twelve units and missing values (None).
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_ordinal_alpha_reproduces_krippendorffs_published_example():
    units = [[v for v in unit if v is not None] for unit in zip(*KRIPPENDORFF_2011, strict=True)]
    assert round(agreement.ordinal_alpha(units) or 0, 3) == 0.815


# --- against an independent implementation -------------------------------------------------


def _package_alpha(pairs: list[tuple[int, int]]) -> float:
    import krippendorff
    import numpy as np

    data = np.array(pairs, dtype=float).T
    return float(krippendorff.alpha(data, level_of_measurement="ordinal", value_domain=range(5)))


def _numpy_kappa(pairs: list[tuple[int, int]]) -> float:
    """Linear kappa in the agreement-weight form, (p_o - p_e) / (1 - p_e), with numpy."""
    import numpy as np

    table = np.zeros((5, 5))
    for a, b in pairs:
        table[a, b] += 1
    table /= table.sum()
    i, j = np.indices((5, 5))
    w = 1 - np.abs(i - j) / 4
    observed = (w * table).sum()
    expected = (w * np.outer(table.sum(axis=1), table.sum(axis=0))).sum()
    return float((observed - expected) / (1 - expected))


@pytest.mark.parametrize("seed", range(40))
def test_alpha_and_kappa_match_independent_implementations(seed):
    rng = random.Random(seed)
    n = rng.randint(5, 80)
    lean = rng.random()  # from one partner-heavy scale to evenly spread stances
    pairs = []
    for _ in range(n):
        a = 1 if rng.random() < lean else rng.randrange(5)
        b = a if rng.random() < 0.7 else rng.randrange(5)
        pairs.append((a, b))
    if len({v for p in pairs for v in p}) < 2:
        pairs.append((0, 4))
    assert agreement.ordinal_alpha(pairs) == pytest.approx(_package_alpha(pairs), abs=1e-9)
    assert agreement.weighted_kappa(pairs) == pytest.approx(_numpy_kappa(pairs), abs=1e-9)


def test_the_bootstrap_interval_is_numpys_percentiles_of_the_packages_alphas():
    import numpy as np

    pairs = [(0, 1), (1, 1), (1, 1), (2, 3), (1, 2), (3, 3), (1, 1), (4, 3), (2, 2), (1, 0)]
    rng = random.Random(agreement.SEED)
    alphas = [_package_alpha(rng.choices(pairs, k=len(pairs))) for _ in range(agreement.RESAMPLES)]
    defined = [a for a in alphas if not np.isnan(a)]
    expected = [round(float(np.percentile(defined, q)), 3) for q in (2.5, 97.5)]
    assert agreement.bootstrap_alpha(pairs) == expected
    low, high = expected
    assert low < (agreement.ordinal_alpha(pairs) or 0) < high
    assert agreement.bootstrap_alpha(pairs, seed=agreement.SEED + 1) != expected


# --- verify reads the figures ---------------------------------------------------------------


def _verify(run, path: Path) -> tuple[Any, dict[str, Any]]:
    result = run("--data", str(path), "verify", "--json")
    return result, json.loads(result.stdout)


def test_verify_reports_the_committed_figures_and_the_live_contested_count(run, loaded):
    result, report = _verify(run, agreement.DATA / "iraqrel.json")
    assert result.exit_code == 0
    committed = json.loads(agreement.FIGURES.read_text(encoding="utf-8"))
    assert report["agreement"] == {
        "file": "agreement.json",
        "method": committed["method"],
        "pairs": committed["pairs"],
        "contested": sum(r.contested for r in loaded.data.relationships),
    }


def _with_figures(dataset_copy, figures: dict[str, Any] | None, change=None) -> Path:
    """A copy with these figures, no shipped contested reading, then `change` applied."""

    def uncontested_then_changed(raw: dict[str, Any]) -> None:
        for rel in raw["relationships"]:
            rel.update(contested=False, other_reading=None)
        if change is not None:
            change(raw)

    path = dataset_copy(uncontested_then_changed)
    if figures is not None:
        (path.parent / "agreement.json").write_text(json.dumps(figures), encoding="utf-8")
    return path


def test_verify_shows_the_figures_as_the_file_gives_them_and_computes_nothing(
    run, dataset_copy, loaded
):
    figures = msgspec.to_builtins(agreement.figures(_synthetic("a", "b"), SYNTHETIC_TRIPLES))
    figures["pairs"][0]["stance"]["alpha_ci95"] = [0.123, 0.987]  # no coding gives this
    figures["pairs"][0]["codings"] = ["codings/first.json", "codings/second.json"]

    def contest_one(raw: dict[str, Any]) -> None:
        rel = next(r for r in raw["relationships"] if r["stance"] == "partner")
        reading = {"stance": "ally", "period": rel["period"], "why": "Why.", "by": "second coding"}
        rules = [{"past": "T1", "current": "T2", "outlook": "T3"}[rel["period"]], "S1"]
        rel.update(contested=True, other_reading={**reading, "rules": rules})

    path = _with_figures(dataset_copy, figures, contest_one)
    result, report = _verify(run, path)
    assert result.exit_code == 0, report["problems"]
    assert report["agreement"]["pairs"] == figures["pairs"]
    assert report["agreement"]["contested"] == 1
    text = run("--data", str(path), "verify", "--format", "table", env={"COLUMNS": "400"}).stdout
    assert (
        "agreement of first and second: stance 33.3% of 3 units both coded, kappa (linear)"
        " 0.400, alpha (ordinal) 0.731 (95% CI 0.123 to 0.987)\n"
        "  period 33.3% of 3 triples, basis 66.7% of 3 units, existence 50.0% of 6 units\n"
        f"1 of {len(loaded.data.relationships)} relationships contested\n"
    ) in text


def test_verify_without_pairs_says_so_in_a_line(run, dataset_copy, loaded):
    path = _with_figures(dataset_copy, {**_empty(), "pairs": []})
    text = run("--data", str(path), "verify", "--format", "markdown").stdout
    total = len(loaded.data.relationships)
    assert f"agreement: no pair of codings yet; 0 of {total} relationships contested" in text


def _empty() -> dict[str, Any]:
    return {"method": {"scale": list(STANCES), "resamples": 2000, "seed": 17}, "pairs": []}


@pytest.mark.parametrize(
    ("figures", "says"),
    [
        (None, "no such figures file"),
        ({"pairs": []}, "not agreement figures: Object missing required field `method`"),
        ({**_empty(), "pairs": [{"codings": []}]}, "not agreement figures"),
        ("not json", "not agreement figures"),
        (b'{"method": {"scale": ["\xff"], "resamples": 1, "seed": 1}, "pairs": []}', "0xff"),
    ],
)
def test_an_unreadable_figures_file_fails_verify_naming_it(
    run, dataset_copy, loaded, figures, says
):
    path = dataset_copy()
    target = path.parent / "agreement.json"
    if figures is None:
        target.unlink()
    elif isinstance(figures, bytes):  # not UTF-8
        target.write_bytes(figures)
    else:
        target.write_text(figures if isinstance(figures, str) else json.dumps(figures))
    result, report = _verify(run, path)
    assert result.exit_code == 4
    (problem,) = report["problems"]
    assert (problem["check"], problem["record"]) == ("agreement", "agreement")
    assert says in problem["message"] and "agreement.json" in problem["message"]
    assert report["agreement"] == {
        "file": "agreement.json",
        "method": None,
        "pairs": [],
        "contested": sum(r.contested for r in loaded.data.relationships),
    }


def test_a_dataset_without_figures_passes_and_says_so(run, dataset_copy, loaded):
    path = dataset_copy(lambda raw: raw.pop("agreement"))
    (path.parent / "agreement.json").unlink()
    result, report = _verify(run, path)
    assert result.exit_code == 0
    contested = sum(r.contested for r in loaded.data.relationships)
    expected = {"file": None, "method": None, "pairs": [], "contested": contested}
    assert report["agreement"] == expected


def test_the_figures_file_is_a_regular_file(run, dataset_copy):
    path = dataset_copy()
    target = path.parent / "agreement.json"
    target.unlink()
    target.mkdir()
    result, report = _verify(run, path)
    assert result.exit_code == 4
    assert "agreement.json': is a directory, not a figures file" in report["problems"][0]["message"]
