"""Benchmarks: `uv run python tests/bench.py [section ...]` (default: every section).

Sections: floor, budgets, instructions, phases, scale, cold, collector, stream, table, exit,
names, hostile, export, draft. Wall times are paired and interleaved (A B A B ...); a ratio
is taken pair by pair and given as its median and the min-max over the pairs. The reference
is a trivial Typer app with one command in this venv.
Bytecode: `compileall` writes .pyc files for site-packages and the package before timing,
and children run with PYTHONDONTWRITEBYTECODE unset. It prints numbers; it asserts nothing.
"""

from __future__ import annotations

import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from iraqrel.names.resolver import Resolver

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scaled import synthetic  # noqa: E402

from iraqrel.records import shipped_data_path  # noqa: E402

RUNS = 21
BUDGETS = {  # command -> at most this median ratio to the trivial Typer app (issues 14, 24)
    "show russia --json": 1.15,
    "show rusia --json": 1.3,
    "who-allies --json": 1.15,
    "who-allies --format table": 1.6,
    "list --json": None,  # no budget: reported
    "search alliance --json": None,
    "verify": 2.6,  # no slower than before issue 24
}
TABLE_BUDGET = 1.15  # who-allies --format table against the trivial app printing a Rich table
TRIVIAL_TYPER = (  # one command, as small as a Typer app gets
    "import typer\n\napp = typer.Typer()\n\n\n@app.command()\n"
    "def hello(name: str = 'world') -> None:\n    print(f'hello {name}')\n\n\napp()\n"
)
TRIVIAL_TABLE = TRIVIAL_TYPER.replace(  # the same app printing a one-row Rich table
    "print(f'hello {name}')", "from rich.console import Console\n    from rich.table import Table\n"
    "    table = Table('name')\n    table.add_row(name)\n    Console().print(table)")  # fmt: skip
STDLIB_LOAD = "import json,sys; json.load(open(sys.argv[1], encoding='utf-8'))"
# The app as main() runs it, without main()'s os._exit: the interpreter is torn down.
APP_FOR_ARGV = "import sys; from iraqrel.cli.app import app_for; app_for(sys.argv[1:])()"


def _env() -> dict[str, str]:
    """Steady state: bytecode written, no color, no data override, a private cache."""
    drop = {"PYTHONDONTWRITEBYTECODE", "NO_COLOR", "FORCE_COLOR", "IRAQREL_DATA", "COLUMNS"}
    return {k: v for k, v in os.environ.items() if k not in drop} | {"IRAQREL_CACHE_DIR": CACHE}


CACHE = tempfile.mkdtemp(prefix="iraqrel-bench-cache-")


def _compile_bytecode() -> None:
    for folder in (sysconfig.get_paths()["purelib"], str(ROOT / "iraqrel")):
        compileall.compile_dir(folder, quiet=1, workers=0)


def _iraqrel() -> list[str]:
    script = Path(sys.executable).parent / "iraqrel"
    return [str(script)] if script.exists() else [sys.executable, "-m", "iraqrel"]


def _wall(argv: list[str], stdin: Path | None = None) -> float:
    source = stdin.open("rb") if stdin else subprocess.DEVNULL
    start = time.perf_counter()
    subprocess.run(argv, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=_env(), check=False)  # fmt: skip
    elapsed = time.perf_counter() - start
    if stdin:
        source.close()  # type: ignore[union-attr]
    return elapsed


def paired(a: list[str], b: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Times of A and B, interleaved after one warm-up each."""
    _wall(a), _wall(b)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(_wall(a))
        times_b.append(_wall(b))
    return times_a, times_b


def _spread(values: list[float], unit: str = "x", scale: float = 1.0) -> str:
    median, low, high = (f(values) * scale for f in (statistics.median, min, max))
    return f"{median:6.2f}{unit} ({low:.2f}-{high:.2f})"


def _ratios(a: list[float], b: list[float]) -> list[float]:
    return [x / y for x, y in zip(a, b, strict=True)]


@contextmanager
def _trivial_app(source: str = TRIVIAL_TYPER) -> Iterator[list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "trivial_typer.py"
        script.write_text(source, encoding="utf-8")
        yield [sys.executable, str(script)]


def floor(runs: int = RUNS) -> None:
    with _trivial_app() as trivial:
        app, bare = paired(trivial, [sys.executable, "-c", "pass"], runs)
    print(f"floor: trivial Typer app against `python -c pass`, {runs} pairs, median (min-max)")
    print(f"  trivial Typer app     {_spread(app, ' ms', 1000)}")
    print(f"  python -c pass        {_spread(bare, ' ms', 1000)}")
    print(f"  ratio                 {_spread(_ratios(app, bare))}")
    with _trivial_app() as trivial, _trivial_app(TRIVIAL_TABLE) as table:
        rich_table, app = paired(table, trivial, runs)
    print(f"  the same app printing a one-row Rich table: {_spread(_ratios(rich_table, app))}")


def budgets(runs: int = RUNS) -> None:
    print(f"budgets: ratio to the trivial Typer app, {runs} pairs, median (min-max)")
    with _trivial_app() as trivial:
        for name, limit in BUDGETS.items():
            ours, base = paired([*_iraqrel(), *name.split()], trivial, runs)
            _verdict(name, _ratios(ours, base), limit, ours)
    with _trivial_app(TRIVIAL_TABLE) as table:
        ours, base = paired([*_iraqrel(), "who-allies", "--format", "table"], table, runs)
        print("  against the trivial app printing a one-row Rich table:")
        _verdict("who-allies --format table", _ratios(ours, base), TABLE_BUDGET, ours)


def _instructions(argv: list[str]) -> int | None:
    """Instructions one run of `argv` executes (valgrind's cachegrind), or None without it."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", *argv],
                          capture_output=True, text=True, env=_env(), check=False)  # fmt: skip
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    return int(found[1].replace(",", "")) if found else None


def instructions() -> None:
    """The budgets' commands counted in instructions, not timed: the same count on a busy
    machine as on an idle one, so a change of a few percent shows. Wall time also pays for
    what the count leaves out (exec, page faults, the disk), so these ratios run higher."""
    with _trivial_app() as trivial:
        for name in BUDGETS:
            _wall([*_iraqrel(), *name.split()])  # caches warm
        base = _instructions(trivial)
        if base is None:
            print("instructions: valgrind is not installed (apt-get install valgrind)")
            return
        print(f"instructions: one run each (valgrind), ratio to the trivial Typer app's "
              f"{base / 1e6:.1f} M")  # fmt: skip
        for name in BUDGETS:
            count = _instructions([*_iraqrel(), *name.split()]) or 0
            print(f"  {name:28s} {count / base:6.2f}x   [{count / 1e6:.1f} M]")


def _verdict(name: str, ratio: list[float], limit: float | None, ours: list[float]) -> None:
    """One line: the ratio, the budget and whether the median keeps it, the wall time."""
    if limit is None:
        verdict = "no budget"
    else:
        verdict = f"budget {limit}x: " + ("ok" if statistics.median(ratio) <= limit else "OVER")
    print(f"  {name:28s} {_spread(ratio)}  {verdict}"
          f"   [{_spread(ours, ' ms', 1000).strip()}]")  # fmt: skip


def _seconds(action: Callable[[], object]) -> float:
    """How long `action` takes, once."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    print(f"  {label:44s} {(time.perf_counter() - start) * 1000:6.1f} ms")
    return result


def _import_times(statement: str, modules: tuple[str, ...]) -> None:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", statement],
                         capture_output=True, text=True, env=_env(), check=True).stderr  # fmt: skip
    cumulative = {}
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            cumulative[parts[2].strip()] = int(parts[1])
    for module in modules:
        print(f"  import {module:37s} {cumulative.get(module, 0) / 1000:6.1f} ms")


def phases() -> None:
    """Where one `show`/`who-allies` spends its time: imports, then each step in-process."""
    print("phases: imports (-X importtime, cumulative, one run)")
    _import_times("import iraqrel.cli.app", ("typer", "msgspec", "iraqrel.cli.app"))
    _import_times("import rich.console, rich.table", ("rich.console", "rich.table"))
    _import_times("import rapidfuzz.process", ("rapidfuzz",))
    print("phases: Typer turns an app's commands into Click's (first call each)")
    import typer

    from iraqrel.cli.app import app_for, typer_app

    _timed("only show's (a run that names it)", lambda: typer.main.get_command(app_for(["show"])))
    _timed("every command's (help, completion)", lambda: typer.main.get_command(typer_app()))
    print("phases: steps in-process (first call)")
    from iraqrel.names.resolver import Resolver
    from iraqrel.output import views
    from iraqrel.output.render import chunks
    from iraqrel.output.terminal import OutputFormat, Terminal
    from iraqrel.queries.answers import who_allies
    from iraqrel.queries.readings import Filters
    from iraqrel.records import load

    loaded = _timed("load + validate dataset", lambda: load(shipped_data_path()))
    resolver = Resolver(loaded)
    _timed("resolve 'russia' (dataset tables)", lambda: resolver.resolve("russia"))
    _timed("resolve 'rusia' (world tables + fuzzy)", lambda: resolver.resolve("rusia"))
    answer = _timed("query who-allies", lambda: who_allies(loaded, Filters()))
    report = views.who_allies(answer)  # type: ignore[arg-type]
    terminal = Terminal(stdout=None)
    for label, fmt in (("render json", OutputFormat.json),
                       ("render table (imports rich)", OutputFormat.table),
                       ("render table again", OutputFormat.table)):  # fmt: skip
        _timed(label, lambda f=fmt: "".join(chunks(report, f, terminal)))


SCALED = ("show russia --json", "show rusia --json", "who-allies --json", "list --json")
GROWTH = {"show russia --json": (1.2, 1.5), "show rusia --json": (1.2, 1.5)}  # at 100x, 1000x
STDLIB = "stdlib json.load"


def _round_robin(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    for argv in commands.values():
        _wall(argv)  # warm-up: file cache, name caches, the checked index
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(_wall(argv))
    return times


def _scaled_commands(path: Path) -> dict[str, list[str]]:
    """Each scaled command on `path`, and json.load of it; those that fail are said and left
    out (e.g. over the dataset size limit)."""
    commands = {n: [*_iraqrel(), "--data", str(path), *n.split()] for n in SCALED}
    commands[STDLIB] = [sys.executable, "-c", STDLIB_LOAD, str(path)]
    for name, argv in list(commands.items()):
        done = subprocess.run(argv, capture_output=True, env=_env(), check=False)
        if done.returncode or done.stderr.startswith(b"iraqrel: warning"):
            print(f"  {name}: exit {done.returncode}, {done.stderr[:90]!r}")
        if done.returncode:
            del commands[name]
    return commands


def _growth_verdict(name: str, factor: int, growth: float) -> str:
    limits = GROWTH.get(name)
    if limits is None or factor not in (100, 1000):
        return ""
    limit = limits[factor == 1000]
    return f"  target {limit}x: {'ok' if growth <= limit else 'OVER'}"


def scale(factors: tuple[int, ...] = (1, 10, 100, 1000)) -> None:
    """Warm runs (the caches and the checked index in place) on synthetic datasets; growth is
    a command's median over its own 1x median; who-allies and list also against json.load of
    the same file, round by round."""
    print("scale: synthetic datasets; median (min-max) wall time; growth = median / its 1x median")
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            path = synthetic(factor, Path(tmp) / f"x{factor}")
            commands = _scaled_commands(path)
            times = _round_robin(commands, 5 if factor < 1000 else 3)
            print(f"  {factor}x ({path.stat().st_size / 1e6:.1f} MB)")
            for name, samples in times.items():
                median = first.setdefault(name, statistics.median(samples))
                growth = statistics.median(samples) / median
                print(f"    {name:24s} {_spread(samples, ' ms', 1000)}  growth {growth:6.2f}x"
                      f"{_growth_verdict(name, factor, growth)}")  # fmt: skip
            for name in SCALED[2:]:
                if name in times and STDLIB in times:
                    ratio = _ratios(times[name], times[STDLIB])
                    verdict = "ok" if statistics.median(ratio) <= 1 else "OVER"
                    print(f"    {name} / json.load of the file: {_spread(ratio)}"
                          f"{f'  target 1x: {verdict}' if factor == 1000 else ''}")  # fmt: skip


def _in_cache(folder: Path, argv: list[str], *, emptied: bool) -> list[str]:
    """`argv` with the cache folder `folder`, emptied first when `emptied` (a first run);
    both kinds through the same shell, so the pair differs only by the cache."""
    clear = 'rm -rf "$0"; ' if emptied else ""
    return ["sh", "-c", clear + 'IRAQREL_CACHE_DIR="$0" exec "$@"', str(folder), *argv]


def cold(factors: tuple[int, ...] = (1, 100, 1000), runs: int = 5) -> None:
    """A first run (empty cache: it builds the world's and the dataset's name tables, the
    checked index and, for `show` on a dataset of 2 MiB or more, the entity index) against
    a warm one, pair by pair."""
    print(f"cold: first run (empty cache) / warm run, {runs} pairs, median (min-max)")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            path = synthetic(factor, Path(tmp) / f"x{factor}") if factor > 1 else None
            data = ["--data", str(path)] if path else []
            for name in SCALED:
                argv = [*_iraqrel(), *data, *name.split()]
                first, again = paired(
                    _in_cache(Path(tmp) / "cold", argv, emptied=True),
                    _in_cache(Path(tmp) / "warm", argv, emptied=False),
                    runs if factor < 1000 else 3,
                )
                print(f"  {factor}x {name:24s} {_spread(_ratios(first, again))}"
                      f"   [cold {_spread(first, ' ms', 1000).strip()}, warm "
                      f"{_spread(again, ' ms', 1000).strip()}]")  # fmt: skip


def _collector(argv: list[str], *, left_alone: bool) -> list[str]:
    """`argv` (an iraqrel command's arguments) run through `main`; with `left_alone`, the
    collector is as Python sets it: no pause, no freeze around the imports and the load."""
    patch = "c.loading = contextlib.nullcontext; " if left_alone else ""
    script = (
        "import contextlib, sys; import iraqrel.cli.collector as c; " + patch +
        "sys.argv = ['iraqrel', *sys.argv[1:]]; from iraqrel.cli import main; main()"
    )  # fmt: skip
    return [sys.executable, "-c", script, *argv]


def collector(factors: tuple[int, ...] = (1, 100, 1000), runs: int = 7) -> None:
    """What pausing the collector during the load and freezing what it loaded buys: the
    whole run as a ratio to the same run with the collector left alone, pair by pair."""
    print("collector: paused and frozen / left alone, median (min-max) over pairs")
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            path = synthetic(factor, Path(tmp) / f"x{factor}") if factor > 1 else None
            data = ["--data", str(path)] if path else []
            pairs = runs if factor < 1000 else 3
            for name in ("show rusia --json", "who-allies --json"):
                argv = [*data, *name.split()]
                ours, alone = paired(_collector(argv, left_alone=False),
                                     _collector(argv, left_alone=True), pairs)  # fmt: skip
                print(f"  {factor}x {name:24s} {_spread(_ratios(ours, alone))}"
                      f"   [{_spread(ours, ' ms', 1000).strip()}]")  # fmt: skip


def _peak_and_wall(argv: list[str], names: Path) -> tuple[int, float]:
    probe = (
        "import resource,subprocess,sys,time; t=time.perf_counter(); "
        "subprocess.run(sys.argv[2:], stdin=open(sys.argv[1],'rb'), stdout=subprocess.DEVNULL,"
        " stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(names), *argv], capture_output=True,
                         text=True, env=_env(), check=True).stdout.split()  # fmt: skip
    return int(out[0]), float(out[1])


def stream(sizes: tuple[int, ...] = (200_000, 2_000_000), runs: int = 3) -> None:
    """`resolve -` on tests/names.tsv's names, cycled: peak memory and names per second."""
    names = [
        line.split("\t")[0]
        for line in (ROOT / "tests" / "names.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    print(f"stream: resolve - ({len(names)} names of tests/names.tsv, cycled), median (min-max)")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"{size}.txt"
            with path.open("w", encoding="utf-8") as out:
                for i in range(size):
                    out.write(names[i % len(names)] + "\n")
            for fmt in ("json", "plain"):
                argv = [*_iraqrel(), "resolve", "-", "--format", fmt]
                found = [_peak_and_wall(argv, path) for _ in range(runs if size < 10**6 else 1)]
                peaks = [kib / 1024 for kib, _ in found]
                rates = [size / wall for _, wall in found]
                print(f"  {size:>9,} names --format {fmt:5s} peak {_spread(peaks, ' MiB')}"
                      f"  rate {_spread(rates, ' names/s')}")  # fmt: skip


def _layout(report: object, ratio: bool = True, wrap: bool = True, lines: bool = True,
            measure: bool = True) -> str:  # fmt: skip
    """The table as to_table lays it out, with one Rich feature at a time turned off."""
    import io

    from rich.console import Console
    from rich.table import Table

    console = Console(file=io.StringIO(), width=100, no_color=True, color_system=None)
    table = Table(title="t", expand=ratio, show_lines=lines)
    for column in report.columns:  # type: ignore[attr-defined]
        grows = column.grow and ratio
        table.add_column(
            column.header,
            overflow="fold" if wrap else "ellipsis",
            no_wrap=not wrap,
            ratio=1 if grows else None,
            min_width=20 if grows else None,
            max_width=None if grows else 18,
            width=None if measure else (40 if column.grow else 12),
        )
    for row in report.cells():  # type: ignore[attr-defined]
        table.add_row(*row)
    console.print(table)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _round_robin_ms(actions: dict[str, Callable[[], object]], repeat: int) -> None:
    """Each action in turn, `repeat` rounds: noise falls on all alike; median (min-max)."""
    times: dict[str, list[float]] = {label: [] for label in actions}
    for _ in range(repeat):
        for label, action in actions.items():
            times[label].append(_seconds(action))
    for label, samples in times.items():
        print(f"  {label:36s} {_spread(samples, ' ms', 1000)}")


def table(repeat: int = 15) -> None:
    """Where the terminal table's time goes: Rich's import, then the layout, by feature."""
    print("table: imports (-X importtime, cumulative)")
    _import_times("import rich.console, rich.table", ("rich.console", "rich.table"))
    from iraqrel.output import views
    from iraqrel.output.render import chunks
    from iraqrel.output.terminal import OutputFormat, Terminal
    from iraqrel.queries.answers import who_allies
    from iraqrel.queries.readings import Filters
    from iraqrel.records import load

    report = views.who_allies(who_allies(load(shipped_data_path()), Filters()))
    terminal = Terminal(stdout=None)
    _layout(report)  # warm: Rich's lazy imports and caches
    print(f"table: layout of who-allies ({len(report.lines)} rows), {repeat} rounds, in-process")
    variants: dict[str, Callable[[], object]] = {
        "to_table": lambda: "".join(chunks(report, OutputFormat.table, terminal)),
        "rebuilt as to_table builds it": lambda: _layout(report),
    }
    for label, options in {
        "no ratio column (expand off)": {"ratio": False},
        "no wrapping (no_wrap, ellipsis)": {"wrap": False},
        "no lines between rows": {"lines": False},
        "fixed widths (no measuring)": {"measure": False},
        "all four off": {"ratio": False, "wrap": False, "lines": False, "measure": False},
    }.items():
        variants[label] = lambda o=options: _layout(report, **o)
    _round_robin_ms(variants, repeat)


def exit_(runs: int = RUNS) -> None:
    """main() leaves by os._exit; the same run through app() tears the interpreter down."""
    print(f"exit: os._exit against normal teardown, {runs} pairs, median (min-max)")
    for name in ("who-allies --json", "show rusia --json", "who-allies --format table"):
        fast = [sys.executable, "-c", "from iraqrel.cli import main; main()", *name.split()]
        slow = [sys.executable, "-c", APP_FOR_ARGV, *name.split()]
        a, b = paired(fast, slow, runs)
        saved = [(y - x) * 1000 for x, y in zip(a, b, strict=True)]
        print(f"  {name:28s} ratio {_spread(_ratios(a, b))}  saves {_spread(saved, ' ms')}")


def names() -> None:
    """The resolver on the project's own name set and on the peers' set."""
    sys.path.insert(0, str(ROOT / "tests"))
    from scoring import OWN, PEERS, read_rows, score

    from iraqrel.names.resolver import Resolver
    from iraqrel.records import load

    resolver = Resolver(load(shipped_data_path()))
    for label, path in {"own": OWN, "peers": PEERS}.items():
        rows = read_rows(path)
        start = time.perf_counter()
        got = score(resolver, rows)
        per = (time.perf_counter() - start) / got.total * 1e6
        print(f"names ({label}): {got.correct}/{got.total} correct, {len(got.wrong)} wrong, "
              f"{got.refused} refused; {per:.0f} us a name")  # fmt: skip
        for line in got.wrong:
            print(f"    wrong: {line}")
    generated(resolver)


def generated(resolver: Resolver) -> None:
    """The generated sets (issue 18) and CLDR's Arabic names: right, refused, place, wrong."""
    import generated_names as gen

    counts, wrong = gen.measure(resolver, gen.every_case())
    for group in sorted({g for g, _ in counts}):
        found = {v: counts[group, v] for v in ("right", "refused", "place", "wrong")}
        print(f"names (generated, {group}): {sum(found.values())} names, {found}")
    total = {v: sum(n for (_, w), n in counts.items() if w == v) for v in ("right", "refused",
             "place", "wrong")}  # fmt: skip
    print(f"names (generated, all): {sum(total.values())} names, {total}")
    for line in wrong:
        print(f"    wrong: {line}")
    pairs = set(gen.cldr(("cldr.name.ar", "cldr.short.ar", "cldr.variant.ar")))
    answers = [(iso, resolver.resolve(name)) for iso, name in pairs]
    known = sum(1 for _, r in answers if r.target and r.status != "place")
    right = sum(1 for iso, r in answers if r.target and r.target.id == iso)
    print(f"names (CLDR Arabic): {len(pairs)}, {known} known, {right} right, "
          f"{known - right} wrong, {len(pairs) - known} unknown")  # fmt: skip


def _grown(loaded: Any, entities: int, on_one_quote: bool) -> Any:
    """`loaded` with `entities` more groups; with `on_one_quote`, each with a record on the
    first record's first quote, stances alternating partner and strained, notes silent."""
    import msgspec

    data, base = loaded.data, loaded.data.relationships[0]
    extra = [
        msgspec.structs.replace(data.entities[0], id=f"E{n:05d}", name=f"Extra {n}", aliases=[])
        for n in range(entities)
    ]
    records = [
        msgspec.structs.replace(base, entity=e.id, notes="", stance=("partner", "strained")[n % 2])
        for n, e in enumerate(extra if on_one_quote else [])
    ]
    grown = msgspec.structs.replace(
        data, entities=[*data.entities, *extra], relationships=[*data.relationships, *records]
    )
    return msgspec.structs.replace(loaded, data=grown)


def _hostile_cases(n: int) -> dict[str, Callable[[], object]]:
    """What verify and the table do with a hostile part of size `n`."""
    from iraqrel.checks import _iso_alpha2, _near_duplicate_ids
    from iraqrel.codebook import consistency_problems
    from iraqrel.output.report import Field, tabulate
    from iraqrel.output.table import to_table
    from iraqrel.output.terminal import Terminal
    from iraqrel.records import load

    loaded, alpha2 = load(shipped_data_path()), _iso_alpha2()
    quoted, many = _grown(loaded, n, on_one_quote=True), _grown(loaded, n, on_one_quote=False)
    one_cell = tabulate((Field(header="name", value=lambda t: t, grow=True),), ("ab " * 500 * n,))
    terminal = Terminal(stdout=None, width=100)
    return {
        "same-quote check, N records": lambda: consistency_problems(quoted),
        "near-duplicate ids, N entities": lambda: _near_duplicate_ids(many, alpha2),
        "table of one cell of 500 N words": lambda: to_table(one_cell, terminal),
    }


def hostile(n: int = 2000, repeat: int = 5) -> None:
    """Datasets built to be slow (issue 21): growth when the hostile part doubles, in process;
    near-linear is about 2x, quadratic 4x."""
    print(f"hostile: median (min-max) of {repeat} runs at N={n:,} and 2N; growth of the medians")
    cases = [_hostile_cases(n), _hostile_cases(2 * n)]
    for label in cases[0]:
        times = []
        for case in cases:
            times.append([_seconds(case[label]) for _ in range(repeat)])
        growth = statistics.median(times[1]) / statistics.median(times[0])
        print(f"  {label:34s} N {_spread(times[0], ' ms', 1000)}  2N "
              f"{_spread(times[1], ' ms', 1000)}  growth {growth:.2f}x")  # fmt: skip


def export(runs: int = RUNS) -> None:
    """Each export format written to a file: its size, and the whole process's wall time as a
    ratio to the trivial Typer app."""
    print(f"export: -o FILE, ratio to the trivial Typer app, {runs} pairs, median (min-max)")
    formats = ("csv", "jsonl", "evidence", "dyads", "graphml", "gexf", "dot", "mermaid",
               "sqlite", "annotations")  # fmt: skip
    with _trivial_app() as trivial, tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            path = Path(tmp) / f"iraqrel.{fmt}"
            ours, base = paired([*_iraqrel(), "export", fmt, "-o", str(path)], trivial, runs)
            print(f"  {fmt:12s} {path.stat().st_size:>8,} bytes  {_spread(_ratios(ours, base))}"
                  f"   [{_spread(ours, ' ms', 1000).strip()}]")  # fmt: skip


def _document(words: int, where: Path) -> Path:
    """A document of `words` words: the test documents and the seeds, over and over."""
    parts = [
        (ROOT / "tests" / "data" / "drafting" / name).read_text(encoding="utf-8")
        for name in ("english.txt", "arabic.txt")
    ] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    text, count = [], 0
    while count < words:
        for part in parts:
            text.append(part)
            count += len(part.split())
    joined = "\n\n".join(text)
    cut = joined.split(" ")
    while len(" ".join(cut).split()) > words:  # drop whole pieces from the end
        cut = cut[: -max(1, (len(" ".join(cut).split()) - words) // 2)]
    where.write_text(" ".join(cut), encoding="utf-8")
    return where


def _in_process_draft(path: Path) -> None:
    """Where one draft's time goes, in process (first call: the world's tables cached)."""
    from iraqrel.curate.date_strings import date_strings
    from iraqrel.curate.draft import draft, read_document
    from iraqrel.curate.name_scan import NameScan, NameTables
    from iraqrel.curate.sections import sections
    from iraqrel.curate.sentences import sentences
    from iraqrel.names.index import world_index
    from iraqrel.names.resolver import Resolver
    from iraqrel.output import drafts
    from iraqrel.output.render import json_text
    from iraqrel.records import load

    loaded = load(shipped_data_path())
    raw, text = read_document(path)
    tables = _timed(
        "name tables (dataset and world)", lambda: NameTables(Resolver(loaded), world_index())
    )
    _timed("date strings", lambda: date_strings(text))
    _timed(
        "sections and sentences",
        lambda: [sentences(text, s.start, s.end) for s in sections(text, [])],
    )
    _timed("name scan", lambda: NameScan(tables, text).hits())  # type: ignore[arg-type]
    found = _timed("the whole draft", lambda: draft(loaded, path, raw, text))
    _timed("its JSON", lambda: json_text(drafts.draft(found).record, indent=2, ascii_only=False))  # type: ignore[arg-type]


def _recall() -> None:
    """The drafts of the two seeds against the dataset's own coding of them: the share of coded
    (counterpart, actor, quote) whose quote lies inside a candidate sentence of that pair."""
    from iraqrel.curate.draft import draft, read_document
    from iraqrel.records import load

    loaded = load(shipped_data_path())
    for source in loaded.data.sources:
        path = loaded.source_path(source)
        found = draft(loaded, path, *read_document(path))
        spans = {}
        for c in found.candidates:
            spans.setdefault((c.counterpart, c.actor), []).append(
                (c.sentence.start, c.sentence.end)
            )
        coded = [
            (r.entity, r.actor, q.start, q.end)
            for r in loaded.data.relationships
            for q in r.evidence
            if q.source == source.id
        ]
        held = sum(
            any(a <= start and end <= b for a, b in spans.get(((entity,), actor), []))
            for entity, actor, start, end in coded
        )
        listed = [(s.start, s.end) for s, _ in found.counterparts_alone]
        shown = sum(
            any(a <= start and end <= b for a, b in [*spans.get(((entity,), actor), []), *listed])
            for entity, actor, start, end in coded
        )
        units = {(c.counterpart, c.actor, c.segment) for c in found.candidates}
        print(f"  {source.id}: {held}/{len(coded)} coded quotes inside a candidate sentence of "
              f"their pair ({held / len(coded):.0%}), {shown} ({shown / len(coded):.0%}) with the "
              f"sentences listed as naming no Iraqi actor; {len(found.candidates)} candidate "
              f"sentence-pairs in {len(units)} drafted records")  # fmt: skip


def _hostile_drafts(repeat: int = 3) -> None:
    """Each hostile shape of text (tests/drafting.py) against ordinary text of its length:
    a scan that backtracked or looped would show here as a large ratio."""
    from drafting import ENGLISH, HOSTILE

    from iraqrel.curate.draft import draft
    from iraqrel.records import load

    loaded = load(shipped_data_path())
    ordinary = ENGLISH.read_text(encoding="utf-8") * 20

    def best(text: str) -> float:
        return min(_seconds(lambda: draft(loaded, ENGLISH, b"", text)) for _ in range(repeat))

    for shape, text in HOSTILE.items():
        ratio = best(text) / best(ordinary[: len(text)])
        print(f"  {shape:<10} {len(text):>7} chars  {ratio:5.2f}x ordinary text")


def draft_(runs: int = RUNS, words: int = 10_000) -> None:
    """`iraqrel draft` on a 10,000-word document: whole process against the trivial Typer app,
    where the time goes in process, and the drafts of the seeds against their coding."""
    with tempfile.TemporaryDirectory() as tmp:
        path = _document(words, Path(tmp) / "document.txt")
        size = len(path.read_text(encoding="utf-8").split())
        print(f"draft: a {size}-word document ({path.stat().st_size / 1e3:.0f} kB), {runs} pairs")
        with _trivial_app() as trivial:
            ours, base = paired([*_iraqrel(), "draft", str(path)], trivial, runs)
        print(f"  iraqrel draft          {_spread(ours, ' ms', 1000)}")
        print(f"  trivial Typer app      {_spread(base, ' ms', 1000)}")
        print(f"  ratio                  {_spread(_ratios(ours, base))}")
        print("draft: steps in process")
        _in_process_draft(path)
    print("draft: hostile shapes of text, in process, best of 3")
    _hostile_drafts()
    print("draft: recall of candidates on the two seeds, against the dataset's own coding")
    _recall()


SECTIONS: dict[str, Callable[[], None]] = {
    "floor": floor,
    "budgets": budgets,
    "instructions": instructions,
    "phases": phases,
    "scale": scale,
    "cold": cold,
    "collector": collector,
    "stream": stream,
    "table": table,
    "exit": exit_,
    "names": names,
    "hostile": hostile,
    "export": export,
    "draft": draft_,
}


def main(argv: list[str]) -> None:
    chosen = argv or list(SECTIONS)
    if any(name not in SECTIONS for name in chosen):
        sys.exit(f"usage: python tests/bench.py [{'|'.join(SECTIONS)}]...")
    _compile_bytecode()
    os.environ["IRAQREL_CACHE_DIR"] = CACHE  # in-process sections too
    print(f"python {sys.version.split()[0]} on {os.cpu_count()} cores; bytecode compiled, "
          "children run with PYTHONDONTWRITEBYTECODE unset")  # fmt: skip
    try:
        for name in chosen:
            SECTIONS[name]()
    finally:
        shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
