"""Benchmarks: `python -m iraqrel.bench [startup|phases|scale|memory|names]` (default: all).

Whole-process wall times are medians of interleaved runs on this interpreter, against the
script a user would write instead. Not a test: it prints numbers, it asserts nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from iraqrel.records import shipped_data_path

RUNS = 21
BUDGETS = {  # command -> at most this ratio to the baseline (issue: start-up speed)
    "show russia --json": 3.5,
    "show rusia --json": 4.5,
    "who-allies --json": 3.5,
    "who-allies --format table": 5.0,
}
BASELINE = (
    "import json,sys; d=json.load(open(sys.argv[1],encoding='utf-8')); "
    "print(json.dumps([r for r in d['relationships'] if r['entity']=='RUS']))"
)


def _env() -> dict[str, str]:
    """Steady state: bytecode may be cached, no color or data overrides."""
    drop = {"PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR", "IRAQREL_DATA"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _iraqrel() -> list[str]:
    script = Path(sys.executable).parent / "iraqrel"
    return [str(script)] if script.exists() else [sys.executable, "-m", "iraqrel"]


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), check=False
    )
    return time.perf_counter() - start


def _interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    for argv in commands.values():  # warm-up: bytecode caches, file caches
        _wall(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(_wall(argv))
    return times


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.1f} ms"


def startup(runs: int = RUNS) -> None:
    data = str(shipped_data_path())
    commands = {"baseline (python -c, stdlib json)": [sys.executable, "-c", BASELINE, data]}
    commands |= {name: [*_iraqrel(), *name.split()] for name in BUDGETS}
    times = _interleaved(commands, runs)
    base = statistics.median(times[next(iter(commands))])
    print(f"start-up: median of {runs} interleaved runs (min-max), ratio to the baseline")
    for name, samples in times.items():
        median = statistics.median(samples)
        ratio = median / base
        budget = BUDGETS.get(name)
        verdict = (
            "" if budget is None else (f"  budget {budget}x: {'ok' if ratio <= budget else 'OVER'}")
        )
        print(
            f"  {name:36s} {_ms(median)} ({_ms(min(samples)).strip()}-"
            f"{_ms(max(samples)).strip()})  {ratio:4.2f}x{verdict}"
        )


def _timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    print(f"  {label:44s} {_ms(time.perf_counter() - start)}")
    return result


def phases() -> None:
    """Where the time of one `show`/`who-allies` goes: imports, then each step in-process."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import iraqrel.cli.app"],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    ).stderr
    cumulative: dict[str, int] = {}
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            cumulative[parts[2].strip()] = int(parts[1])
    print("phases: imports of `import iraqrel.cli.app` (-X importtime, cumulative)")
    for module in (
        "typer",
        "msgspec",
        "iraqrel.records",
        "iraqrel.output.render",
        "iraqrel.cli.app",
    ):
        print(f"  {module:44s} {cumulative.get(module, 0) / 1000:6.1f} ms")
    print("phases: steps in-process (first call, cold tables)")
    from iraqrel import queries
    from iraqrel.names.resolver import Resolver
    from iraqrel.output import views
    from iraqrel.output.render import OutputFormat, Style, render
    from iraqrel.records import load

    loaded = _timed("load + validate dataset", lambda: load(shipped_data_path()))
    resolver = _timed("resolver tables (dataset only)", lambda: Resolver(loaded))
    _timed("resolve 'russia' (exact)", lambda: resolver.resolve("russia"))
    _timed("resolve 'rusia' (world names + fuzzy)", lambda: resolver.resolve("rusia"))
    rows = _timed("query who-allies", lambda: queries.who_allies(loaded, queries.Filters()))
    report = views.stances_report(rows, "")
    _timed("render json", lambda: render(report, OutputFormat.json, Style()))
    _timed("render table (imports rich)", lambda: render(report, OutputFormat.table, Style()))
    _timed("render table again", lambda: render(report, OutputFormat.table, Style()))


def synthetic(factor: int, where: Path) -> Path:
    """The shipped dataset `factor` times over: same shape, entities renamed per copy."""
    raw = json.loads(shipped_data_path().read_text(encoding="utf-8"))
    entities, relationships = [], []
    for k in range(factor):
        suffix = "" if k == 0 else f"-{k}"
        rename = {e["id"]: e["id"] + suffix for e in raw["entities"]}
        for e in raw["entities"]:
            entities.append(
                {
                    **e,
                    "id": rename[e["id"]],
                    "name": e["name"] + (f" {k}" if k else ""),
                    "aliases": [a + (f" {k}" if k else "") for a in e["aliases"]],
                    "part_of": rename.get(e.get("part_of") or ""),
                }
            )
        relationships += [{**r, "entity": rename[r["entity"]]} for r in raw["relationships"]]
    raw["entities"], raw["relationships"] = entities, relationships
    (where / "data").mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        shipped_data_path().parent.parent / "seeds", where / "seeds", dirs_exist_ok=True
    )
    path = where / "data" / "iraqrel.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def scale(factors: tuple[int, ...] = (1, 10, 100, 1000), runs: int = 5) -> None:
    print(f"scale: synthetic datasets, median of {runs} runs, ratio to 1x")
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            path = synthetic(factor, Path(tmp) / f"x{factor}")
            size = path.stat().st_size / 1e6
            commands = {
                name: [*_iraqrel(), "--data", str(path), *name.split()]
                for name in ("show russia --json", "who-allies --json")
            }
            times = _interleaved(commands, runs)
            cells = []
            for name, samples in times.items():
                median = statistics.median(samples)
                first.setdefault(name, median)
                cells.append(f"{name}: {_ms(median)} ({median / first[name]:5.2f}x)")
            print(f"  {factor:5d}x ({size:6.1f} MB)  " + "   ".join(cells))


def _peak_rss_kb(argv: list[str]) -> int:
    probe = (
        "import resource,subprocess,sys; subprocess.run(sys.argv[1:], "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv], capture_output=True, text=True, env=_env(), check=True
    )
    return int(out.stdout)


def memory(runs: int = 5) -> None:
    base_argv = [sys.executable, "-c", BASELINE, str(shipped_data_path())]
    base = statistics.median(_peak_rss_kb(base_argv) for _ in range(runs))
    print("memory: peak RSS, median of runs, ratio to the baseline")
    print(f"  {'baseline':36s} {base / 1024:6.1f} MB")
    for name in ("who-allies --json", "who-allies --format table", "show rusia --json"):
        rss = statistics.median(_peak_rss_kb([*_iraqrel(), *name.split()]) for _ in range(runs))
        print(f"  {name:36s} {rss / 1024:6.1f} MB  {rss / base:4.2f}x")


def names() -> None:
    """The resolver on the project's own name set and on the peers' set."""
    from iraqrel.names.resolver import Resolver
    from iraqrel.records import load

    resolver = Resolver(load(shipped_data_path()))
    root = shipped_data_path().parent.parent
    sets = {
        "own (tests/names.tsv)": root / "tests" / "names.tsv",
        "peers (../shared/external/country-names.tsv)": root.parent
        / "shared"
        / "external"
        / "country-names.tsv",
    }
    print("names: correct / wrong / refused")
    for label, path in sets.items():
        if not path.exists():
            print(f"  {label}: not found at {path}")
            continue
        rows = [
            line.split("\t")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        correct = wrong = refused = 0
        start = time.perf_counter()
        for query, expected, *_ in rows:
            result = resolver.resolve(query)
            got = result.target.id if result.target else result.status
            if got == expected or (expected == "" and result.target is None):
                correct += 1
            elif result.target is None:
                refused += 1
            else:
                wrong += 1
                print(f"    wrong: {query!r} -> {got}, expected {expected or 'nothing'}")
        per = (time.perf_counter() - start) / len(rows)
        print(
            f"  {label}: {correct}/{len(rows)} correct ({correct / len(rows):.1%}), "
            f"{wrong} wrong, {refused} refused; {per * 1e6:.0f} us a name"
        )


SECTIONS: dict[str, Callable[[], None]] = {
    "startup": startup,
    "phases": phases,
    "scale": scale,
    "memory": memory,
    "names": names,
}


def main(argv: list[str]) -> None:
    chosen = argv or list(SECTIONS)
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown:
        sys.exit(f"usage: python -m iraqrel.bench [{'|'.join(SECTIONS)}]...")
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores")
    for name in chosen:
        SECTIONS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
